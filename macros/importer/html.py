"""A report's web page as published: paragraphs and ``<table>`` with rowspan/colspan."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from .markdown import bold, escape, squeeze
from .source import Location, Paragraph, Source, TableRow
from .text import decode

_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "section", "article", "table")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SKIP = ("script", "style", "noscript", "template", "head", "nav", "header", "footer")


def _inline(node: Tag) -> tuple[str, str]:
    """Markdown and plain text of an element's inline content; <br> becomes a newline."""
    markdown: list[str] = []
    plain: list[str] = []
    for child in node.children:
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
            inner_md, inner_plain = _inline(child)
            bolded = child.name in ("strong", "b") or "bold" in (child.get("style") or "").replace(" ", "")
            markdown.append(bold(inner_md) if bolded else inner_md)
            plain.append(inner_plain)
    return "".join(markdown), "".join(plain)


def _paragraphs(node: Tag, location: Location, heading: bool) -> list[Paragraph]:
    markdown, plain = _inline(node)
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


def read_html(name: str, data: bytes) -> Source:
    source = Source(name)
    text = decode(data)
    if text is None:
        source.refusals.append(Location(name, 1).finding("import-unreadable", "网页文件的编码无法识别。"))
        return source
    soup = BeautifulSoup(text, "html.parser")
    body = soup.body or soup
    tables = 0
    for element in body.find_all(_BLOCKS):
        if element.find_parent(_SKIP):
            continue
        inside = element.find_parent("table")
        if element.name == "table":
            if inside is None:
                tables += 1
                source.items.extend(_table_rows(element, name, tables))
            continue
        if inside is not None or element.name in ("td", "th"):
            continue
        if element.find(_BLOCKS):
            continue  # a container: its blocks are read on their own
        location = Location(name, element.sourceline or 0)
        source.items.extend(_paragraphs(element, location, element.name in _HEADINGS))
    if not source.items:
        title = soup.title.get_text(strip=True) if soup.title else ""
        if title:
            source.items.append(Paragraph(escape(title), title, Location(name, soup.title.sourceline or 0)))
    return source
