"""Every page's HTML through an allow-list: text written in a page stays text.

A Python-Markdown extension (mkdocs.yml ``markdown_extensions: - macros.site.sanitize``),
so it runs for every page whatever else the build runs (MkDocs ``hooks:`` or not):
its postprocessor comes last, after the raw HTML a page or a macro wrote is put back,
and hands the page's HTML to nh3 (the Python binding of the Rust sanitizer Ammonia).

What passes is what the site itself makes: headings with their anchors, paragraphs
and lists, the report tables (th scope/rowspan/colspan, caption, the scrolling box),
admonitions and collapsible notes, highlighted code, links and images to http(s),
mailto or a relative address. Everything else goes: <script> and <style> with their
content, <iframe>/<object>/<embed>/<form> (their text stays), in <svg> all but the
overviews' chart shapes, on* attributes,
javascript:/data:/vbscript: addresses, HTML comments, ids that Material's own elements use.

A Markdown extension added to mkdocs.yml whose markup is not listed here (tabs'
<input>/<label>, footnotes' <sup id>, …) loses it: add its tags and attributes
below, then compare the built site before and after.
"""

from __future__ import annotations

import re

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from macros.site.blocks import one_block, restore

# Markup the site's Markdown extensions and macros write, and common text markup.
TAGS = frozenset(
    {
        *("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span", "blockquote"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("a", "img", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup"),
        *("abbr", "cite", "q", "dfn", "kbd", "samp", "var", "time", "code", "pre"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"),
        *("details", "summary", "figure", "figcaption"),
        # The overviews' bar charts (overview/charts.py): shapes and text only. No <a>, <use>,
        # <image>, <foreignObject>, <style> or animation, so nothing in an SVG can link, load or run.
        *("svg", "title", "desc", "g", "rect", "line", "text"),
    }
)
# Attributes of every allowed tag: styling hooks and accessibility only.
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "div": {"tabindex"},
    # data-*: what the overviews' own script filters and sorts by (overview/matrix.py, year.py); plain values.
    # data-pagefind-weight: a table row's label weighs more in the search index (site/search.py).
    "th": {"scope", "rowspan", "colspan", "headers", "style", "data-sort", "data-pagefind-weight"},
    # data-pagefind-meta: a report's result title in search (organ and year, site/search.py).
    "span": {"data-pagefind-meta", "data-pagefind-weight"},
    # aria-describedby: a draft's cell with an error names its findings listed above (preview only).
    "td": {"rowspan", "colspan", "headers", "style", "aria-describedby", "data-sort", "data-status"},
    "tr": {"data-level", "data-name", "data-status"},
    "tbody": {"data-level"},
    # The charts' geometry; no presentation attribute (fill, style) can carry url(…).
    "svg": {"viewBox", "aria-labelledby"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "text-anchor"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "abbr": set(),
    "q": {"cite"},
    "blockquote": {"cite"},
}
# Relative addresses pass (Ammonia's default); absolute ones only with these schemes.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Markdown table alignment (| :---: |) is the only inline style the site writes.
STYLE_PROPERTIES = frozenset({"text-align"})


def _attribute(element: str, attribute: str, value: str) -> str | None:
    # Material's own elements have ids beginning with "__" (__config, __drawer, __search, …):
    # an element of the page with such an id would stand in for them.
    if attribute == "id" and value.startswith("__"):
        return None
    # Search attributes in their one harmless form: a weight, or a result's title (no other field).
    if attribute == "data-pagefind-weight" and not re.fullmatch(r"(?:10|[0-9])(?:\.[0-9])?", value):
        return None
    if attribute == "data-pagefind-meta" and value != "title":
        return None
    return value


# Built once: Markdown's table-of-contents step runs the postprocessors on every heading too.
_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    attribute_filter=_attribute,
    link_rel=None,
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """The HTML with everything outside the allow-list removed (script content included)."""
    return _CLEANER.clean(html)


class StashBlocks(Preprocessor):
    """A one-line HTML block between blank lines goes to Markdown's stash whole, unscanned.

    Runs after fenced code is taken out (superfences, 25) and before HTML blocks are read (MkDocs
    and Markdown, 21 and 20). A line at the margin only: an indented one is code or a list's.
    Its HTML is the page's like any other: the sanitizer (below) cleans the page at the end.
    """

    def run(self, lines: list[str]) -> list[str]:
        last = len(lines) - 1
        for i, line in enumerate(lines):
            if (
                line.startswith("<")
                and (i == 0 or not lines[i - 1].strip())
                and (i == last or not lines[i + 1].strip())
                and one_block(line)
            ):
                lines[i] = self.md.htmlStash.store(line + "\n")  # as Markdown stores a block: with its end of line
        return lines


class SanitizePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        # The macros' large blocks (blocks.py) go back in first: they pass the allow-list too; those
        # already through it (public tables, sanitized once as a layout) come back after.
        return restore(sanitize(restore(text)), clean=True)


class SanitizeExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Below every other postprocessor (raw HTML is restored at 30, "&" at 20).
        md.postprocessors.register(SanitizePostprocessor(md), "nianbao_sanitize", -1000)
        md.preprocessors.register(StashBlocks(md), "nianbao_blocks", 22)


def makeExtension(**kwargs) -> SanitizeExtension:  # noqa: N802 (Python-Markdown's entry point)
    return SanitizeExtension(**kwargs)
