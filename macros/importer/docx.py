"""Word files (.docx): paragraphs with their bold runs, tables with merged cells."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run

from macros.importer.rules import IMPORT_UNREADABLE

from .markdown import bold, escape
from .source import Location, Paragraph, Source, TableRow

_HEADING_STYLES = ("heading", "title", "标题")


# Every run of a paragraph, in order: inside hyperlinks, content controls and tracked
# insertions too, but not deleted text and not text boxes (read on their own, if at all).
_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"


def _segments(paragraph: WordParagraph) -> list[tuple[str, bool]]:
    segments: list[tuple[str, bool]] = []
    for element in paragraph._p.xpath(_RUNS):
        run = Run(element, paragraph)
        text = run.text
        if not text:
            continue
        strong = bool(run.bold)
        if segments and segments[-1][1] == strong:
            segments[-1] = (segments[-1][0] + text, strong)
        else:
            segments.append((text, strong))
    return segments


def _cell_text(cell: _Cell) -> str:
    return "\n".join("".join(t for t, _ in _segments(p)) for p in cell.paragraphs)


def _paragraphs(paragraph: WordParagraph, location: Location) -> list[Paragraph]:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    heading = style.startswith(_HEADING_STYLES)
    markdown = "".join(bold(escape(t)) if strong else escape(t) for t, strong in _segments(paragraph))
    plain = "".join(t for t, _ in _segments(paragraph))
    out = []
    # A line break inside a paragraph separates paragraphs as the reader sees them.
    for md, pl in zip(markdown.split("\n"), plain.split("\n"), strict=True):
        if pl.strip(" \t\u3000\xa0"):
            out.append(Paragraph(md.strip(" \t\u3000\xa0"), pl.strip(" \t\u3000\xa0"), location, heading))
    return out


def _table_rows(table: Table, name: str, number: int) -> list[TableRow]:
    rows = []
    for index, tr in enumerate(table._tbl.tr_lst, start=1):
        cells: list[str | None] = [""] * tr.grid_before
        for tc in tr.tc_lst:
            span = tc.grid_span
            if tc.vMerge == "continue":
                cells.extend([None] * span)
            else:
                cells.append(_cell_text(_Cell(tc, table)))
                cells.extend([None] * (span - 1))
        rows.append(TableRow(tuple(cells), Location(name, 0, f"表{number} 第{index}行"), exact=True))
    return rows


def _is_layout(table) -> bool:
    """A table that lays out the page (a frame around the text) rather than holding figures.

    It holds other tables, or it is a single cell or a single column (a paragraph a row: no
    table of the format has one column), or a cell holds several paragraphs of text.
    """
    if table.xpath(".//w:tc//w:tbl"):
        return True
    cells = table.xpath("./w:tr/w:tc")
    if len(cells) <= 1 or all(len(tr.xpath("./w:tc")) == 1 for tr in table.xpath("./w:tr")):
        return True
    return any(len([p for p in cell.xpath("./w:p") if "".join(p.xpath(".//w:t/text()")).strip()]) > 2 for cell in cells)


def _blocks(parent, document, source: Source, counters: dict[str, int]) -> None:
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            counters["p"] += 1
            location = Location(source.name, 0, f"第{counters['p']}段")
            source.items.extend(_paragraphs(WordParagraph(child, document), location))
        elif child.tag == qn("w:tbl") and _is_layout(child):
            for cell in child.iter(qn("w:tc")):
                if cell.getparent().getparent() is child:  # this table's own cells, in order
                    _blocks(cell, document, source, counters)
        elif child.tag == qn("w:tbl"):
            counters["t"] += 1
            source.items.extend(_table_rows(Table(child, document), source.name, counters["t"]))
        elif child.tag == qn("w:sdt"):  # a content control: its paragraphs and tables are the report's
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _blocks(content, document, source, counters)


def read_docx(name: str, data: bytes) -> Source:
    source = Source(name)
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        source.refusals.append(
            Location(name, 0, "全文").finding(
                IMPORT_UNREADABLE,
                "不是有效的 Word（.docx）文件；旧版 .doc 文件请先在 Word 或 WPS 中另存为 .docx。",
            )
        )
        return source
    _blocks(document.element.body, document, source, {"p": 0, "t": 0})
    return source
