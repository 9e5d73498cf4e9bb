"""The official tables as HTML: golden files, plus structural assertions on the markup."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DISTINCT_KEY, distinct_report

from macros.check.load import Report
from macros.format.national import TABLE_2, TABLE_2_ROW_HEADER, TABLE_3, TABLE_4, TABLES, Cell, cells
from macros.format.numbers import format_number
from macros.site.draftview import Flag
from macros.site.tables import render_table

GOLDEN = Path(__file__).resolve().parent / "golden"


# The golden tables are rendered from the distinct report (tests/fixtures/distinct/):
# every cell a different number, so a swapped row or column cannot match them.
GOLDEN_SOURCE = f"{DISTINCT_KEY[0]} {DISTINCT_KEY[1]}: the distinct-valued test report, tests/fixtures/distinct/"


def normalise(html: str) -> str:
    """One tag per line, attributes in a stable order: diffs show what changed."""
    return BeautifulSoup(html, "html.parser").prettify()


@pytest.mark.parametrize("number", [t.number for t in TABLES])
def test_golden_html(number: str, update_golden: bool):
    """Assert that each table renders exactly as its reviewed golden file (update with --update-golden)."""
    path = GOLDEN / f"table-{number}.html"
    header = f"<!-- render_table({number!r}, {GOLDEN_SOURCE}) -->\n"
    actual = header + normalise(render_table(number, distinct_report()))
    if update_golden:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing {path}; run pytest --update-golden and review the file"
    assert actual == path.read_text(encoding="utf-8")


def soup(number: str, report: Report | None = None, flags: dict[Cell, Flag] | None = None) -> BeautifulSoup:
    return BeautifulSoup(render_table(number, report or distinct_report(), flags), "html.parser")


def cells_of(row) -> list[tuple[str, str | None, int, int, str]]:
    return [
        (c.name, c.get("scope"), int(c.get("rowspan", 1)), int(c.get("colspan", 1)), c.get_text())
        for c in row.find_all(["th", "td"])
    ]


def test_table_2_is_one_table_with_a_row_group_per_part():
    """Assert that table 二 is one table: each 第二十条 part a <tbody> with its caption row and 信息内容 row,
    all parts on the widest part's columns (a one-column part's figures span them), labels in order."""
    html = soup("二")
    (table,) = html.find_all("table")
    assert table.caption.get_text() == TABLE_2.caption
    groups = table.find_all("tbody")
    assert table.thead is None and len(groups) == len(TABLE_2.grids)
    width = max(len(g.columns) for g in TABLE_2.grids)
    values = distinct_report().values
    for group, grid in zip(groups, TABLE_2.grids, strict=True):
        rows = group.find_all("tr")
        assert cells_of(rows[0]) == [("th", "rowgroup", 1, width + 1, grid.caption)]
        span = width // len(grid.columns)
        assert cells_of(rows[1]) == [("th", "col", 1, 1, TABLE_2_ROW_HEADER)] + [
            ("th", "col", 1, span, c.label) for c in grid.columns
        ]
        assert [cells_of(r) for r in rows[2:]] == [
            [("th", "row", 1, 1, row.label)]
            + [("td", None, 1, span, format_number(values[Cell(TABLE_2.key, row.key, c.key)])) for c in grid.columns]
            for row in grid.rows
        ]
    # Every row covers the same columns: one table layout, not four.
    assert {sum(c[3] for c in cells_of(r)) for r in table.find_all("tr")} == {width + 1}
    penalty = table.find("th", string="行政处罚").parent
    assert cells_of(penalty) == [("th", "row", 1, 1, "行政处罚"), ("td", None, 1, width, "9247")]


def test_table_2_figures_name_their_own_part_headers():
    """Assert that each figure of 二 names, by `headers`, its part, its row and its part's column header,
    never a header of another part (scope alone would lend it the columns of the parts above)."""
    table = soup("二").table
    ids = {th["id"]: th.get_text() for th in table.find_all("th")}
    assert len(ids) == len(table.find_all("th"))
    for group, grid in zip(table.find_all("tbody"), TABLE_2.grids, strict=True):
        for row, tr in zip(grid.rows, group.find_all("tr")[2:], strict=True):
            named = [[ids[i] for i in td["headers"]] for td in tr.find_all("td")]
            assert named == [[grid.caption, row.label, c.label] for c in grid.columns]
            label = tr.th
            assert [ids[i] for i in label["headers"]] == [grid.caption, TABLE_2_ROW_HEADER]


def test_table_2_draft_cell_marked_in_its_place():
    """Assert that a draft's cell with an error in 二 is marked and described, and keeps its span and headers."""
    report = distinct_report()
    penalty = Cell(TABLE_2.key, "penalty", "decisions")
    flags = {penalty: Flag((2,), ("t2-count",), ("[t2-count] 不是整数",), blank=False)}
    td = soup("二", report, flags).find("th", string="行政处罚").find_next("td")
    assert "nb-flagged" in td["class"] and "nb-rule-t2-count" in td["class"]
    assert td["aria-describedby"] == "nb-finding-2" and td["title"] == "[t2-count] 不是整数"
    assert td["colspan"] == "3" and td["headers"] == ["nb-t2-art20_6", "proactive-penalty", "nb-t2-art20_6-decisions"]


def test_table_3_label_cells_name_their_level():
    """Assert that each row label of 三 carries the level it starts at: the CSS freezes each level at its offset."""
    table = soup("三").table
    for th in table.tbody.find_all("th"):
        classes = th["class"]
        assert "nb-label" in classes
    grid = TABLE_3.grids[0]
    first = {
        tr.find("th", class_="nb-label-0").get_text()
        for tr in table.tbody.find_all("tr")
        if tr.find("th", class_="nb-label-0")
    }
    assert first == {r.label for r in grid.rows if not r.groups} | {g for r in grid.rows for g in r.groups[:1]}
    deepest = [th.get_text() for th in table.tbody.find_all("th", class_="nb-label-2")]
    assert deepest == [r.label for r in grid.rows if len(r.groups) == 2]


def test_group_labels_slide_with_their_columns():
    """Assert that every column-group header of 三 and 四 wraps its label in the sliding (sticky) span."""
    for number in ("三", "四"):
        groups = soup(number).find_all("th", scope="colgroup")
        assert groups and all(th.find("span", class_="nb-stick", string=th.get_text()) for th in groups)


def test_table_3_headers_and_merged_cells():
    """Assert the 勾稽 note in the merged corner, the two-level applicant header and merged row groups."""
    table = soup("三").table
    head = table.thead.find_all("tr")
    assert cells_of(head[0]) == [
        ("td", None, 3, 3, TABLE_3.note),
        ("th", "colgroup", 1, 7, "申请人情况"),
    ]
    assert cells_of(head[1]) == [
        ("th", "col", 2, 1, "自然人"),
        ("th", "colgroup", 1, 5, "法人或其他组织"),
        ("th", "col", 2, 1, "总计"),
    ]
    assert [c[4] for c in cells_of(head[2])] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    rows = table.tbody.find_all("tr")
    assert len(rows) == 25
    assert cells_of(rows[0])[0] == ("th", "row", 1, 3, "一、本年新收政府信息公开申请数量")
    assert cells_of(rows[2])[:2] == [
        ("th", "rowgroup", 22, 1, "三、本年度办理结果"),
        ("th", "row", 1, 2, "（一）予以公开"),
    ]
    groups = {c[4]: c[2] for r in rows for c in cells_of(r) if c[1] == "rowgroup"}
    assert groups == {
        "三、本年度办理结果": 22,
        "（三）不予公开": 8,
        "（四）无法提供": 3,
        "（五）不予处理": 5,
        "（六）其他处理": 3,
    }
    assert cells_of(rows[23])[0] == ("th", "row", 1, 2, "（七）总计")
    assert cells_of(rows[24])[0] == ("th", "row", 1, 3, "四、结转下年度继续办理")
    # Every body row spans 3 label columns and 7 value columns in all.
    spans = []
    for i, row in enumerate(rows):
        covered = sum(c[3] for c in cells_of(row) if c[0] == "th")
        covered += sum(1 for r in rows[:i] for c in cells_of(r) if c[1] == "rowgroup" and rows.index(r) + c[2] > i)
        spans.append((covered, len(row.find_all("td"))))
    assert set(spans) == {(3, 7)}


def test_table_4_two_level_headers_in_one_row():
    """Assert 行政复议 / 行政诉讼 → 未经复议直接起诉 / 复议后起诉 headers over one row of 15 numbers."""
    table = soup("四").table
    head = table.thead.find_all("tr")
    assert cells_of(head[0]) == [("th", "colgroup", 1, 5, "行政复议"), ("th", "colgroup", 1, 10, "行政诉讼")]
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert cells_of(head[1]) == [("th", "col", 2, 1, label) for label in five] + [
        ("th", "colgroup", 1, 5, "未经复议直接起诉"),
        ("th", "colgroup", 1, 5, "复议后起诉"),
    ]
    assert [c[4] for c in cells_of(head[2])] == five * 2
    # 行政复议's five, then 未经复议直接起诉's, then 复议后起诉's, each ending with its 总计.
    values = distinct_report().values
    grid = TABLE_4.grids[0]
    expected = [format_number(values[Cell(TABLE_4.key, r.key, c.key)]) for r in grid.rows for c in grid.columns]
    assert [td.get_text() for td in table.tbody.find_all("td")] == expected
    assert len(set(expected)) == 15


def test_numbers_right_aligned_and_boxes_scroll():
    """Assert that every number cell has the numeric class and each table sits in a focusable region."""
    for table in TABLES:
        html = soup(table.number)
        box = html.find("div")
        assert box["class"][0] == "nb-table-box" and box["role"] == "region" and box["tabindex"] == "0"
        assert f"表{table.number}" in box["aria-label"]
        assert all(td.get("class") == ["nb-num"] for td in html.find_all("td") if "nb-note" not in td.get("class", []))
        assert all(th.get("scope") in {"col", "colgroup", "row", "rowgroup"} for th in html.find_all("th"))
        assert all(t.caption for t in html.find_all("table"))


def test_fee_prints_its_exact_decimal():
    """Assert that the fee prints as written (never through a binary float)."""
    report = distinct_report()
    report.values[Cell("proactive", "fees", "amount")] = Decimal("0.1000")
    fee = soup("二", report).find("th", string="行政事业性收费").find_next("td")
    assert fee.get_text() == "0.1000"
    assert format_number(Decimal("12.3456")) == "12.3456" and format_number(287) == "287"


def test_missing_value_refuses_to_render():
    """Assert that a report with an unchecked blank cannot be rendered as an empty cell or a 0."""
    report = distinct_report()
    del report.values[Cell("appeals", "review", "total")]
    with pytest.raises(ValueError, match="没有通过检查的数值"):
        render_table("四", report)


def test_unknown_table():
    """Assert that asking for a table the format does not have is a clear error."""
    with pytest.raises(KeyError, match="可用的表为：二、三、四"):
        render_table("五", distinct_report())


def test_golden_files_show_every_cell_once():
    """Assert that the golden files hold 200 different numbers, one per cell: a swap cannot match them."""
    numbers = []
    for table in TABLES:
        golden = BeautifulSoup((GOLDEN / f"table-{table.number}.html").read_text(encoding="utf-8"), "html.parser")
        numbers += [td.get_text(strip=True) for td in golden.find_all("td", class_="nb-num")]
    assert len(numbers) == len(cells()) == len(set(numbers))


def test_a_table_sanitized_once_as_a_layout_is_each_table_sanitized():
    """Assert that a public table filled into its sanitized layout is what sanitizing that table gives."""
    from dataclasses import replace

    from macros.site import tables
    from macros.site.sanitize import sanitize

    tables._layout.cache_clear()
    report = distinct_report()
    fee = next(c for c in report.values if isinstance(report.values[c], Decimal))
    reports = [report, replace(report, values={**report.values, fee: Decimal("0.0000001")})]
    reports += [
        replace(report, values={c: (v if c == fee else v * 1000 + n) for c, v in report.values.items()})
        for n in range(5)
    ]
    for each in reports:
        for number in ("二", "三", "四"):
            assert render_table(number, each, clean=True) == sanitize(render_table(number, each))
    assert tables._layout.cache_info().misses == 6  # each table's layout made once, raw and sanitized
