"""A report's web page as published: paragraphs and ``<table>`` with rowspan/colspan."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from macros.importer.rules import IMPORT_UNREADABLE

from .labels import HEADERS, ROWS, TRIAL_2019, normalise
from .markdown import bold, escape, squeeze
from .source import Location, Paragraph, Source, TableRow
from .tables import is_number
from .text import decode

_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "section", "article", "table")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TRAILING_DIGITS = re.compile(r"[0-9]+$")
_SKIP = ("script", "style", "noscript", "template", "head", "nav", "header", "footer")


def _inline(nodes) -> tuple[str, str]:
    """Markdown and plain text of inline content; <br> becomes a newline."""
    markdown: list[str] = []
    plain: list[str] = []
    for child in nodes:
        if isinstance(child, NavigableString):
            if type(child) is not NavigableString:  # comments, CDATA, doctype
                continue
            text = re.sub(r"[ \t\r\n]+", " ", str(child))
            markdown.append(escape(text))
            plain.append(text)
        elif isinstance(child, Tag):
            if child.name in _SKIP:
                continue
            if child.name == "br":
                markdown.append("\n")
                plain.append("\n")
                continue
            inner_md, inner_plain = _inline(child.children)
            style = child.get("style")  # one string: style is not a multi-valued attribute
            bolded = child.name in ("strong", "b") or (isinstance(style, str) and "bold" in style.replace(" ", ""))
            markdown.append(bold(inner_md) if bolded else inner_md)
            plain.append(inner_plain)
    return "".join(markdown), "".join(plain)


def _paragraphs(nodes, location: Location, heading: bool) -> list[Paragraph]:
    markdown, plain = _inline(nodes)
    out = []
    for md, pl in zip(markdown.split("\n"), plain.split("\n"), strict=True):
        if squeeze(pl):
            out.append(Paragraph(squeeze(md), squeeze(pl), location, heading))
    return out


def _cell_text(cell: Tag) -> str:
    return cell.get_text(" ", strip=True)


def _span(cell: Tag, name: str) -> int:
    try:
        return max(1, int(str(cell.get(name, "1")).strip() or 1))
    except ValueError:
        return 1


def _table_rows(table: Tag, name: str, number: int) -> list[TableRow]:
    """Rows of one table with merged cells laid out on the grid (continuations are None)."""
    grid: dict[tuple[int, int], str | None] = {}
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = _cell_text(cell) if dr == dc == 0 else None
            c += colspan
    rows = []
    for r, tr in enumerate(trs):
        width = max((c for (row, c) in grid if row == r), default=-1) + 1
        cells = tuple(grid.get((r, c), "") for c in range(width))
        # A web page has lines: the line of the <tr> is where the editor looks.
        where = Location(name, tr.sourceline) if tr.sourceline else Location(name, 0, f"表{number} 第{r + 1}行")
        rows.append(TableRow(cells, where, exact=True))
    return rows


def _is_layout(table: Tag) -> bool:
    """A table used to lay out the page rather than to hold figures.

    It holds other tables, or it is a single cell or a single column (a paragraph a row: no
    table of the format has one column), or a cell holds a heading or several paragraphs (a
    data cell holds one label or one number).
    """
    if table.find("table") is not None:
        return True
    cells = table.find_all(["td", "th"])
    if len(cells) <= 1 or all(len(tr.find_all(["td", "th"], recursive=False)) == 1 for tr in table.find_all("tr")):
        return True
    if any(cell.find(_HEADINGS) or len(cell.find_all(["p", "div", "li"])) > 2 for cell in cells):
        return True
    # A page's footer or navigation bar (主办单位 | 联系我们): no number and no word of the format.
    texts = [_cell_text(cell) for cell in cells]
    return not any(is_number(t) or _format_word(t) for t in texts)


def _format_word(text: str) -> bool:
    """A label or header of the format, also with its numbers run on (一、本年新收…数量120100316)."""
    key = normalise(_TRAILING_DIGITS.sub("", text))
    return key in ROWS or key in HEADERS or key in TRIAL_2019


class _Walker:
    """Reads the page in document order: data tables as rows, everything else as paragraphs.

    Government pages often lay the whole article out in tables; a table that
    holds other tables (or a whole article) is a container, read like a <div>.
    Only a table without nested tables is a data table.
    """

    def __init__(self, name: str, source: Source) -> None:
        self.name = name
        self.source = source
        self.tables = 0

    def _block(self, tag: Tag) -> bool:
        return tag.name in _BLOCKS or tag.find(_BLOCKS) is not None

    def _flush(self, nodes: list, parent: Tag) -> None:
        if not nodes:
            return
        first = next((n for n in nodes if isinstance(n, Tag) and n.sourceline), parent)
        location = Location(self.name, first.sourceline or 0)
        self.source.items.extend(_paragraphs(nodes, location, parent.name in _HEADINGS))
        nodes.clear()

    def walk(self, node: Tag) -> None:
        inline: list = []
        for child in node.children:
            if isinstance(child, Tag) and child.name in _SKIP:
                continue
            if not (isinstance(child, Tag) and self._block(child)):
                inline.append(child)
                continue
            self._flush(inline, node)
            if child.name == "table" and not _is_layout(child):
                self.tables += 1
                self.source.items.extend(_table_rows(child, self.name, self.tables))
            elif child.find(_BLOCKS) is not None:
                self.walk(child)  # a container: its own blocks and loose text, in order
            else:
                self._flush(list(child.children), child)
        self._flush(inline, node)


def read_html(name: str, data: bytes) -> Source:
    source = Source(name)
    text = decode(data)
    if text is None:
        source.refusals.append(Location(name, 1).finding(IMPORT_UNREADABLE, "网页文件的编码无法识别。"))
        return source
    soup = BeautifulSoup(text, "html.parser")
    _Walker(name, source).walk(soup.body or soup)
    if not source.items and soup.title is not None:
        title = soup.title.get_text(strip=True)
        if title:
            source.items.append(Paragraph(escape(title), title, Location(name, soup.title.sourceline or 0)))
    return source
