"""The report page in a real browser: the three tables in the official layout, the narrative in order.

Expected labels, groups and spans are derived from macros/format/national.py; the page
is read from the browser's own table model (rows, cells, rowSpan, colSpan).
"""

from __future__ import annotations

import re

import pytest

from macros.check.project import check_project
from macros.format.national import PARTS, TABLE_2, TABLE_2_ROW_HEADER, TABLE_3, TABLE_4, Cell
from macros.format.numbers import format_number

from .conftest import REPORT_PATH, ROOT, OpenPage

REPORT_KEY = ("xiping", 2024)
REPORT_SOURCE = ROOT / "docs" / "xiping" / "2024.md"

# The table as the browser lays it out: one text per grid slot, spans filled in.
TABLE_MODEL_JS = """
(table) => {
  const grid = [];
  const cells = [];
  [...table.rows].forEach((tr, r) => {
    grid[r] = grid[r] || [];
    let c = 0;
    for (const cell of tr.cells) {
      while (grid[r][c] !== undefined) c++;
      const text = cell.textContent.trim();
      cells.push({text, tag: cell.tagName.toLowerCase(), scope: cell.getAttribute('scope'),
                  rowSpan: cell.rowSpan, colSpan: cell.colSpan, row: r, col: c,
                  section: tr.parentElement.tagName.toLowerCase()});
      for (let i = 0; i < cell.rowSpan; i++)
        for (let j = 0; j < cell.colSpan; j++) (grid[r + i] = grid[r + i] || [])[c + j] = text;
      c += cell.colSpan;
    }
  });
  return {caption: table.caption ? table.caption.textContent.trim() : '',
          headRows: table.tHead ? table.tHead.rows.length : 0, grid, cells};
}
"""


def _path(texts: list[str]) -> tuple[str, ...]:
    """Texts down a column (or along a row) with the repeats of a merged cell collapsed."""
    out: list[str] = []
    for text in texts:
        if not out or out[-1] != text:
            out.append(text)
    return tuple(out)


@pytest.fixture(scope="module")
def report():
    project = check_project(ROOT)
    return project.reports[REPORT_KEY]


@pytest.fixture
def report_page(open_page: OpenPage):
    return open_page(REPORT_PATH).page


def _tables(page, selector: str) -> list[dict]:
    return [t.evaluate(TABLE_MODEL_JS) for t in page.locator(selector).all()]


def _span(model: dict, text: str) -> tuple[int, int]:
    found = [(c["rowSpan"], c["colSpan"]) for c in model["cells"] if c["text"] == text]
    assert len(found) == 1, f"{text}: {found}"
    return found[0]


# Each row group of a table: its rows, each row's cells as (tag, scope, colSpan, text).
ROW_GROUPS_JS = """
(table) => [...table.tBodies].map(tbody => [...tbody.rows].map(tr => [...tr.cells].map(cell =>
  [cell.tagName.toLowerCase(), cell.getAttribute('scope'), cell.colSpan, cell.textContent.trim()])))
"""


def test_table_2_is_one_table_with_the_four_parts_as_row_groups(report_page, report) -> None:
    """Assert that table 二 is one <table>: each 第二十条 part a row group (<tbody>) headed by its caption
    row and its 信息内容 row, the labels and numbers in the format's order, all on one set of columns."""
    (model,) = _tables(report_page, "table.nb-table-2")
    assert model["headRows"] == 0
    groups = report_page.locator("table.nb-table-2").evaluate(ROW_GROUPS_JS)
    assert len(groups) == len(TABLE_2.grids)
    width = max(len(g.columns) for g in TABLE_2.grids)
    expected_grid = []
    for rows, grid in zip(groups, TABLE_2.grids, strict=True):
        span = width // len(grid.columns)
        assert rows[0] == [["th", "rowgroup", width + 1, grid.caption]]
        assert rows[1] == [["th", "col", 1, TABLE_2_ROW_HEADER], *(["th", "col", span, c.label] for c in grid.columns)]
        values = [
            [format_number(report.values[Cell(TABLE_2.key, r.key, c.key)]) for c in grid.columns] for r in grid.rows
        ]
        assert rows[2:] == [
            [["th", "row", 1, row.label], *(["td", None, span, v] for v in line)]
            for row, line in zip(grid.rows, values, strict=True)
        ]
        expected_grid += [
            [grid.caption] * (width + 1),
            [TABLE_2_ROW_HEADER, *(c.label for c in grid.columns for _ in range(span))],
        ]
        expected_grid += [
            [row.label, *(v for v in line for _ in range(span))] for row, line in zip(grid.rows, values, strict=True)
        ]
    # The browser's own table model: one grid of 1 + `width` columns from top to bottom.
    assert model["grid"] == expected_grid
    # The seed's one non-zero figure, in its place.
    assert ["行政处罚", *["287"] * width] in model["grid"]


def test_table_3_merged_headers_and_rows(report_page, report) -> None:
    """Assert that table 三 has the note corner, 申请人情况 / 法人或其他组织 merged above the columns,
    the row groups merged at the left, and every number in its cell."""
    (model,) = _tables(report_page, "table.nb-table-3")
    grid = TABLE_3.grids[0]
    label_depth = max(len(r.groups) for r in grid.rows) + 1
    head_depth = max(len(c.groups) for c in grid.columns) + 1
    assert model["headRows"] == head_depth

    # The corner cell holds the note and covers the header rows above the row labels.
    assert _span(model, TABLE_3.note) == (head_depth, label_depth)
    # Each group header spans exactly the columns (or rows) it groups.
    for group in {g for c in grid.columns for g in c.groups}:
        assert _span(model, group) == (1, sum(group in c.groups for c in grid.columns)), group
    for group in {g for r in grid.rows for g in r.groups}:
        assert _span(model, group) == (sum(group in r.groups for r in grid.rows), 1), group

    # Down each number column: its groups, then its label.
    for i, column in enumerate(grid.columns):
        down = _path([model["grid"][r][label_depth + i] for r in range(head_depth)])
        assert down == (*column.groups, column.label)
    # Along each body row: its groups, its label, then its numbers.
    for r, row in enumerate(grid.rows):
        line = model["grid"][head_depth + r]
        assert _path(line[:label_depth]) == (*row.groups, row.label)
        assert line[label_depth:] == [
            format_number(report.values[Cell(TABLE_3.key, row.key, c.key)]) for c in grid.columns
        ]
    assert len(model["grid"]) == head_depth + len(grid.rows)


def test_table_4_one_row_of_fifteen_under_merged_headers(report_page, report) -> None:
    """Assert that table 四 prints one row of 15 numbers under 行政复议 (5) and 行政诉讼 (10 = 5 + 5)."""
    (model,) = _tables(report_page, "table.nb-table-4")
    grid = TABLE_4.grids[0]
    columns = [(row, column) for row in grid.rows for column in grid.columns]
    assert model["headRows"] == 3
    assert len(model["grid"]) == 4
    assert _span(model, "行政复议") == (1, len(grid.columns))
    assert _span(model, "行政诉讼") == (1, 2 * len(grid.columns))
    for row in grid.rows:
        if row.groups:
            assert _span(model, row.label) == (1, len(grid.columns)), row.label
    # The five result columns of 行政复议 reach down through both lower header rows.
    review = [c for c in model["cells"] if c["section"] == "thead" and c["col"] < len(grid.columns) and c["row"] == 1]
    assert [(c["text"], c["rowSpan"]) for c in review] == [(c.label, 2) for c in grid.columns]
    for i, (row, column) in enumerate(columns):
        down = _path([model["grid"][r][i] for r in range(3)])
        assert down == (*row.groups, row.label, column.label)
    assert model["grid"][3] == [format_number(report.values[Cell(TABLE_4.key, r.key, c.key)]) for r, c in columns]


def _markdown_blocks(text: str) -> tuple[list[str], list[str]]:
    """Headings (## and ###) and narrative paragraphs of a report page's Markdown, in order."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    headings, paragraphs = [], []
    for block in re.split(r"\n\s*\n", body):
        block = block.strip()
        if not block or block.startswith("{{") or block.startswith("# "):
            continue
        if block.startswith("##"):
            headings.append(block.lstrip("#").strip())
        else:
            paragraphs.append(re.sub(r"\*\*(.+?)\*\*", r"\1", " ".join(block.splitlines())))
    return headings, paragraphs


def test_narrative_in_order(report_page) -> None:
    """Assert that the page shows the six parts in the national order, each table under its part,
    and every heading and paragraph of the Markdown, in the Markdown's order."""
    content = report_page.locator(".md-content__inner")
    outline = content.evaluate(
        """(el) => [...el.querySelectorAll('h2, .nb-table-box')].map(n =>
             n.matches('h2') ? n.textContent.replace('¶', '').trim() : n.getAttribute('aria-label'))"""
    )
    expected: list[str] = []
    tables = {t.number: f"表{t.number} {t.title}" for t in (TABLE_2, TABLE_3, TABLE_4)}
    for number, title in PARTS:
        expected.append(f"{number}、{title}")
        if number in tables:
            expected.append(tables[number])
    # The six parts come first and in order; only the site's own record (更正记录) may follow.
    assert outline[: len(expected)] == expected
    assert not {f"{n}、{t}" for n, t in PARTS} & set(outline[len(expected) :])

    headings, paragraphs = _markdown_blocks(REPORT_SOURCE.read_text(encoding="utf-8"))
    shown_headings = content.evaluate(
        "(el) => [...el.querySelectorAll('h2, h3')].map(h => h.textContent.replace('¶', '').trim())"
    )
    assert shown_headings[: len(headings)] == headings
    # Paragraphs the editor wrote carry no class; the site's own lines (dates, record) do. The page's
    # content sits in the block the search indexes (overrides/main.html).
    shown_paragraphs = content.evaluate(
        "(el) => [...el.querySelectorAll(':scope > [data-pagefind-body] > p:not([class])')]"
        ".map(p => p.textContent.trim())"
    )
    assert shown_paragraphs[: len(paragraphs)] == paragraphs
    assert len(paragraphs) > 10
