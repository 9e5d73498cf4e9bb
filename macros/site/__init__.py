"""The MkDocs adapter: page macros, table HTML, generated pages and the build's hooks."""
