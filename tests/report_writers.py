"""Our own exports of a report, for round trips through the importer.

A web page as a government site would publish it (the narrative as HTML, the
tables as rendered by the site, with rowspan/colspan) and a Word file made from
that page (tables with merged cells). Both are built from the bundled report,
never typed by hand.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import markdown
from bs4 import BeautifulSoup, Tag
from docx import Document
from docx.shared import Pt

from macros.check.load import Report
from macros.check.pages import split_parts
from macros.format.national import TABLES_BY_NUMBER, report_title
from macros.site.tables import render_table

_MACROS = ("{{ full_title() }}", "{{ check_summary() }}")


def report_html(page: str, report: Report, organ_name: str, extra_css: str = "") -> str:
    """The report as one HTML page: title, six parts, narrative and the three tables."""
    title = report_title(organ_name, report.year)
    body = [f"<h1>{escape(title)}</h1>"]
    for section in split_parts(page):
        body.append(f"<h2>{section.number}、{escape(section.title)}</h2>")
        if section.number in TABLES_BY_NUMBER:
            body.append(render_table(section.number, report))
        else:
            body.append(markdown.markdown(section.body))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        "<style>body{font-family:'Noto Sans CJK SC',sans-serif;font-size:11pt}"
        "table{border-collapse:collapse;margin:8pt 0}th,td{border:1px solid #000;padding:2pt 4pt;font-size:9pt}"
        f".nb-sr-only{{display:none}}{extra_css}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _grid(table: Tag) -> tuple[list[tuple[int, int, int, int, str]], int, int]:
    """(row, column, rowspan, colspan, text) of every cell, and the grid's size."""
    taken: set[tuple[int, int]] = set()
    cells = []
    rows = table.find_all("tr")
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in taken:
                c += 1
            rowspan, colspan = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            taken |= {(r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan)}
            cells.append((r, c, rowspan, colspan, cell.get_text(strip=True)))
            c += colspan
            width = max(width, c)
    return cells, len(rows), width


def _paragraph(document, html_element: Tag, style: str | None = None) -> None:
    paragraph = document.add_paragraph(style=style)
    for child in html_element.children:
        if isinstance(child, Tag) and child.name in ("strong", "b"):
            paragraph.add_run(child.get_text()).bold = True
        else:
            paragraph.add_run(child.get_text() if isinstance(child, Tag) else str(child))


def report_docx(html: str, path: Path, framed: bool = False) -> None:
    """A Word file of the HTML page: headings, paragraphs with bold runs, tables with merged cells.

    `framed` puts the whole report inside a one-cell table, as some offices frame their documents.
    """
    soup = BeautifulSoup(html, "html.parser")
    document = Document()
    document.styles["Normal"].font.size = Pt(10)
    container = document.add_table(rows=1, cols=1).cell(0, 0) if framed else document
    for element in soup.body.find_all(["h1", "h2", "h3", "p", "table"]):
        if element.find_parent("table") is not None:
            continue
        if element.name == "table":
            cells, height, width = _grid(element)
            caption = element.caption
            # A visible caption is the table's first row, merged across, as Word copies of the format print it.
            top = 1 if caption is not None and "nb-sr-only" not in (caption.get("class") or []) else 0
            table = container.add_table(rows=height + top, cols=width)
            table.style = "Table Grid"
            if top:
                table.cell(0, 0).merge(table.cell(0, width - 1)).text = caption.get_text(strip=True)
            for r, c, rowspan, colspan, text in ((r + top, c, rs, cs, t) for r, c, rs, cs, t in cells):
                cell = table.cell(r, c)
                if rowspan > 1 or colspan > 1:
                    cell = cell.merge(table.cell(r + rowspan - 1, c + colspan - 1))
                cell.text = text
        elif element.name in ("h1", "h2", "h3"):
            _paragraph(container, element, f"Heading {int(element.name[1])}")
        else:
            _paragraph(container, element)
    document.save(path)
