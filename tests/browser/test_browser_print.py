"""Printing a report: Chromium's own PDF, read back with pdfplumber and PDFium.

pdfplumber finds the ruled tables (cell boxes); the text inside each box and on
each page is read with PDFium (pypdfium2, a pdfplumber dependency), which maps
Chromium's CJK glyphs back to the right characters (pdfminer returns radicals
such as ⺠ for 民).

A4 pages; the tables keep the official layout (the ruled cells in the PDF
rebuild the same merged headers as macros/format/national.py declares); on every page a
table runs onto its header rows repeat; no row is split between two pages; the
site's navigation, search, header and footer stay off the paper.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from macros.check.project import check_project
from macros.format.national import PARTS, TABLE_2, TABLE_2_ROW_HEADER, TABLE_3, TABLE_4, Cell, report_title
from macros.format.numbers import format_number

from .conftest import REPORT_PATH, ROOT

A4_POINTS = (595.28, 841.89)
# Text that only the site's chrome carries: skip link, menu and contents titles,
# search box and results, back-to-top, the check summary box.
CHROME_SELECTORS = (".md-header", ".md-tabs", ".md-sidebar", ".nb-search", ".md-footer", ".md-top", ".md-skip")
CHROME_TEXTS = ("跳转至", "目录", "回到页面顶部", "键入以开始搜索", "本报告数据已通过构建时检查")

Grid = list[list[str | None]]


def _norm(text: str | None) -> str:
    # Compare without the line breaks inside cells, full-width forms folded.
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _path(texts: list[str | None]) -> tuple[str, ...]:
    out: list[str] = []
    for text in texts:
        if text and (not out or out[-1] != text):
            out.append(text)
    return tuple(out)


def _label_path(*labels: str) -> tuple[str, ...]:
    return tuple(_norm(label) for label in labels)


def _grid(table, text_page, height: float) -> Grid:
    """The ruled table as a grid, each merged cell's text in every slot it covers."""
    boxes = [bbox for row in table.rows for bbox in row.cells if bbox]
    xs = sorted({round(b[0], 1) for b in boxes})
    ys = sorted({round(b[1], 1) for b in boxes})
    grid: Grid = [[None] * len(xs) for _ in ys]
    for x0, top, x1, bottom in boxes:
        # pdfplumber measures from the top of the page, PDFium from the bottom.
        text = _norm(text_page.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top))
        for r, y in enumerate(ys):
            for c, x in enumerate(xs):
                if x0 - 0.5 <= x < x1 - 0.5 and top - 0.5 <= y < bottom - 0.5:
                    grid[r][c] = text
    return grid


@pytest.fixture(scope="module")
def report():
    return check_project(ROOT).reports[("xiping", 2024)]


@pytest.fixture(scope="module")
def printed(chromium, site_url: str, artifacts: Path) -> dict:
    """The seed report printed by Chromium with the site's own page rules (prefer CSS page size)."""
    context = chromium.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(site_url + REPORT_PATH)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    chrome_visible = {
        s: page.locator(s).evaluate_all("(els) => els.filter(e => e.checkVisibility()).length")
        for s in CHROME_SELECTORS
    }
    target = artifacts / "report-print.pdf"
    # No paper format passed: Chromium's default is Letter, so A4 must come from the stylesheet.
    page.pdf(path=target, prefer_css_page_size=True)
    context.close()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor chatter about CJK fonts
    pages = []
    document = pypdfium2.PdfDocument(target)
    try:
        with pdfplumber.open(target) as pdf:
            for pdf_page, pdfium_page in zip(pdf.pages, document, strict=True):
                text_page = pdfium_page.get_textpage()
                height = float(pdf_page.height)
                pages.append(
                    {
                        "size": (float(pdf_page.width), height),
                        "text": _norm(text_page.get_text_range()),
                        "tables": [_grid(t, text_page, height) for t in pdf_page.find_tables()],
                    }
                )
    finally:
        document.close()
    return {"pages": pages, "chrome_visible": chrome_visible, "requests": requests, "base": site_url}


def _fragments(printed: dict, first_header: str) -> list[tuple[int, Grid]]:
    """(page number, grid) of each piece of one table, found by a header text in its first row."""
    return [
        (n, grid)
        for n, page in enumerate(printed["pages"], start=1)
        for grid in page["tables"]
        if grid and _norm(first_header) in grid[0]
    ]


def test_pages_are_a4(printed: dict) -> None:
    """Assert that every printed page is A4 portrait (from the stylesheet's @page rule)."""
    sizes = {(round(w), round(h)) for w, h in (p["size"] for p in printed["pages"])}
    assert sizes == {tuple(round(v) for v in A4_POINTS)}, sizes
    assert len(printed["pages"]) >= 2


def test_text_has_title_parts_labels_and_numbers(printed: dict) -> None:
    """Assert that the PDF's text holds the title, the six part headings, table captions and the 287 of 行政处罚."""
    text = "".join(p["text"] for p in printed["pages"])
    assert _norm(report_title("曲靖市沾益区人民政府西平街道办事处", 2024)) in text
    positions = [text.find(_norm(f"{n}、{t}")) for n, t in PARTS]
    assert -1 not in positions and positions == sorted(positions), positions
    for grid in TABLE_2.grids:
        assert _norm(grid.caption) in text
    assert _norm("行政处罚287") in text


def test_navigation_search_header_footer_are_not_printed(printed: dict) -> None:
    """Assert that in print the site's header, menus, search and footer are hidden, none of their text on paper."""
    assert printed["chrome_visible"] == dict.fromkeys(CHROME_SELECTORS, 0)
    text = "".join(p["text"] for p in printed["pages"])
    assert [t for t in CHROME_TEXTS if _norm(t) in text] == []
    assert all(r.startswith(printed["base"]) or r.startswith("data:") for r in printed["requests"])


def test_table_2_printed_whole_as_one_table(printed: dict, report) -> None:
    """Assert that table 二 is printed as one ruled table on one page: each part's caption row across it,
    its 信息内容 row and its rows of numbers, a one-column part's figures across the widest part's columns."""
    fragments = _fragments(printed, TABLE_2.grids[0].caption)
    assert len(fragments) == 1
    (_, grid) = fragments[0]
    width = max(len(g.columns) for g in TABLE_2.grids)
    expected: Grid = []
    for part in TABLE_2.grids:
        span = width // len(part.columns)
        expected.append([_norm(part.caption)] * (width + 1))
        expected.append([_norm(TABLE_2_ROW_HEADER), *(_norm(c.label) for c in part.columns for _ in range(span))])
        expected += [
            [
                _norm(row.label),
                *(
                    format_number(report.values[Cell(TABLE_2.key, row.key, c.key)])
                    for c in part.columns
                    for _ in range(span)
                ),
            ]
            for row in part.rows
        ]
    assert grid == expected


def test_table_3_headers_repeat_and_no_row_is_split(printed: dict, report) -> None:
    """Assert that table 三 runs over pages, that every page repeats the merged header rows, and that
    every row is printed whole exactly once, in order, with its labels merged as in the format."""
    grid_3 = TABLE_3.grids[0]
    head_depth = max(len(c.groups) for c in grid_3.columns) + 1
    width = len(grid_3.columns)
    fragments = _fragments(printed, TABLE_3.note)
    assert len({n for n, _ in fragments}) >= 2, "表三应跨页打印，才能检查表头是否重复"

    printed_rows: list[tuple[tuple[str, ...], list[str | None]]] = []
    for page_number, grid in fragments:
        # The header: note in the corner, then down each number column its groups and label.
        for r in range(head_depth):
            assert grid[r][0] == _norm(TABLE_3.note), page_number
        for i, column in enumerate(grid_3.columns):
            down = _path([grid[r][-width + i] for r in range(head_depth)])
            assert down == _label_path(*column.groups, column.label), (page_number, down)
        printed_rows += [(_path(line[:-width]), line[-width:]) for line in grid[head_depth:]]

    expected = [
        (
            _label_path(*row.groups, row.label),
            [format_number(report.values[Cell(TABLE_3.key, row.key, c.key)]) for c in grid_3.columns],
        )
        for row in grid_3.rows
    ]
    assert printed_rows == expected


def test_table_4_printed_whole_in_official_layout(printed: dict, report) -> None:
    """Assert that table 四 is printed on one page: 行政复议 and 行政诉讼 merged above 15 columns, one row of 15."""
    fragments = _fragments(printed, TABLE_4.grids[0].rows[0].label)
    assert len(fragments) == 1
    (_, grid) = fragments[0]
    columns = [(row, column) for row in TABLE_4.grids[0].rows for column in TABLE_4.grids[0].columns]
    assert len(grid) == 4 and all(len(line) == len(columns) for line in grid)
    for i, (row, column) in enumerate(columns):
        assert _path([grid[r][i] for r in range(3)]) == _label_path(*row.groups, row.label, column.label)
    assert grid[3] == [format_number(report.values[Cell(TABLE_4.key, r.key, c.key)]) for r, c in columns]
