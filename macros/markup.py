"""Text from the data (organ names, messages) placed into Markdown pages.

Registry names are checked on loading, but a page must never depend on that:
everything from the data is HTML-escaped here, once, for every macro.
"""

from __future__ import annotations

from html import escape

# Characters Markdown would read as markup (table cells, emphasis, links, code);
# their numeric entities render as the same characters.
_MARKDOWN = {char: f"&#{ord(char)};" for char in "|*_[]`"}


def plain(value: object) -> str:
    """Text shown as-is in Markdown: HTML-escaped, Markdown markup neutralised."""
    text = escape(str(value))
    for char, entity in _MARKDOWN.items():
        text = text.replace(char, entity)
    return text
