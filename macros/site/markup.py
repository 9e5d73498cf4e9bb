"""Text from the data (organ names, messages) placed into Markdown pages.

Registry names are checked on loading, but a page must never depend on that:
everything from the data is HTML-escaped here, once, for every macro.
"""

from __future__ import annotations

import re
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


# Front-matter fields Material prints into every page's HTML (the menu, <title>,
# <meta name="description">) as they are: it takes page titles for HTML.
PAGE_TEXT_FIELDS = ("title", "description", "author")


def escape_page_meta(meta: dict) -> None:
    """Make a page's front-matter title, description and author HTML text (in place).

    A title from the page's first heading reaches Material as HTML already; one
    from the front matter is text, and would otherwise be printed unescaped.
    """
    for key in PAGE_TEXT_FIELDS:
        if meta.get(key) is not None:
            meta[key] = escape(str(meta[key]))


_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S)
# CJK characters and full-width punctuation.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])\n(?=[{_CJK}])")


def join_cjk_lines(html: str) -> str:
    """Drop line breaks between Chinese characters in rendered HTML, outside <pre>.

    Markdown keeps a source line break inside a paragraph, and browsers show it
    as a space: “年度报告。 报告中的”. Chinese text has no spaces between words.
    """
    parts = _PRE.split(html)
    return "".join(part if i % 2 else _CJK_BREAK.sub("", part) for i, part in enumerate(parts))
