"""The Excel workbooks: official layout, exact numbers, reproducible bytes."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DISTINCT_KEY
from opendata_helpers import (
    CORRECTED_2024,
    FEE_2023,
    FEE_2024,
    PUBLISHED_2023,
    PUBLISHED_2024,
    make_distinct_project,
    make_rich_project,
)
from openpyxl import load_workbook

from macros.check.project import check_project
from macros.format.national import TABLE_2, TABLE_2_ROW_HEADER, TABLE_3, TABLE_4, TABLES, Cell, cells, report_title
from macros.opendata.spreadsheetml import Styles, deflate, zip_archive
from macros.opendata.xlsx import (
    _LANDSCAPE,
    BODY_FONT,
    WIDE_SHEET,
    _numeral,
    _report_layouts,
    _report_titles,
    _Sheet,
    _workbook,
    collection_workbook,
    report_dates,
    report_workbook,
)
from macros.site.tables import render_table

KEY = ("zhanyi", 2024)


@pytest.fixture
def rich(project_copy: Path):
    reports = make_rich_project(project_copy)
    return check_project(project_copy), reports


@pytest.fixture
def distinct(project_copy: Path):
    """The project with the distinct report published: every number of it is different."""
    values = make_distinct_project(project_copy)
    return check_project(project_copy), values


def _book(content: bytes):
    return load_workbook(io.BytesIO(content))


def _merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def _exact(value) -> int | Decimal:
    # openpyxl reads "12.3456" as a float; its repr is the shortest text giving that float.
    return value if isinstance(value, int) else Decimal(repr(value))


def _numbers(ws, min_col: int = 1) -> list:
    return [c.value for row in ws.iter_rows(min_col=min_col) for c in row if type(c.value) in (int, float)]


def test_table_3_merged_headers_match_the_official_layout(rich) -> None:
    """Assert that 表三's sheet has the format's merged note, group headers and row groups, labels verbatim."""
    project, _ = rich
    ws = _book(report_workbook(project, KEY))["表三"]
    grid = TABLE_3.grids[0]
    columns = {c.key: c for c in grid.columns}
    rows = {r.key: r for r in grid.rows}
    expected = {
        "A3:C5": TABLE_3.note,
        "D3:J3": columns["natural"].groups[0],  # 申请人情况
        "D4:D5": columns["natural"].label,
        "E4:I4": columns["business"].groups[1],  # 法人或其他组织
        "J4:J5": columns["total"].label,
        "A6:C6": rows["new"].label,
        "A7:C7": rows["carried_in"].label,
        "A8:A29": rows["disclosed"].groups[0],  # 三、本年度办理结果
        "B8:C8": rows["disclosed"].label,
        "B9:C9": rows["partial"].label,
        "B10:B17": rows["refused_secret"].groups[1],  # （三）不予公开
        "B18:B20": rows["unable_not_held"].groups[1],
        "B21:B25": rows["ignored_petition"].groups[1],
        "B26:B28": rows["other_no_correction"].groups[1],
        "B29:C29": rows["results_total"].label,
        "A30:C30": rows["carried_over"].label,
    }
    assert _merged(ws) == set(expected) | {"A1:J1", "A2:J2"}
    for ref, label in expected.items():
        assert ws[ref.split(":")[0]].value == label, ref
    assert [ws.cell(5, 5 + i).value for i in range(5)] == [c.label for c in grid.columns[1:6]]
    assert [ws.cell(10 + i, 3).value for i in range(8)] == [r.label for r in grid.rows if r.key.startswith("refused_")]
    assert ws["A1"].value == report_title(project.organs["zhanyi"].name, 2024)
    assert ws["A2"].value == f"三、{TABLE_3.title}"


def test_table_4_prints_three_blocks_side_by_side(rich) -> None:
    """Assert that 表四 is one row of 15 numbers under 行政复议 and 行政诉讼's two blocks."""
    project, _ = rich
    ws = _book(report_workbook(project, KEY))["表四"]
    rows = TABLE_4.grids[0].rows
    columns = TABLE_4.grids[0].columns
    assert _merged(ws) == {
        "A1:O1",
        "A2:O2",
        "A3:E3",
        "F3:O3",
        "F4:J4",
        "K4:O4",
        *(f"{c}4:{c}5" for c in "ABCDE"),
    }
    assert (ws["A3"].value, ws["F3"].value) == (rows[0].label, rows[1].groups[0])
    assert (ws["F4"].value, ws["K4"].value) == (rows[1].label, rows[2].label)
    assert [ws.cell(4, i).value for i in range(1, 6)] == [c.label for c in columns]
    assert [ws.cell(5, i).value for i in range(6, 16)] == [c.label for c in columns] * 2
    assert ws.page_setup.orientation == "landscape"


def test_table_2_sub_tables_as_printed(rich) -> None:
    """Assert that 表二's four sub-tables each have their caption, 信息内容 header and labels."""
    project, _ = rich
    ws = _book(report_workbook(project, KEY))["表二"]
    row_no = 3
    for grid in TABLE_2.grids:
        assert ws.cell(row_no, 1).value == grid.caption
        assert f"A{row_no}:D{row_no}" in _merged(ws)
        assert ws.cell(row_no + 1, 1).value == TABLE_2_ROW_HEADER
        assert [ws.cell(row_no + 1, 2 + i).value for i in range(len(grid.columns))] == [c.label for c in grid.columns]
        for i, row in enumerate(grid.rows):
            assert ws.cell(row_no + 2 + i, 1).value == row.label
            if len(grid.columns) == 1:
                assert f"B{row_no + 2 + i}:D{row_no + 2 + i}" in _merged(ws)
        row_no += 2 + len(grid.rows)


def _html_grid(html: str) -> set[tuple[int, int, int, int, str]]:
    """(row, column, rowspan, colspan, text) of every cell of the first HTML table, spans resolved."""
    table = BeautifulSoup(html, "html.parser").find("table")
    taken: set[tuple[int, int]] = set()
    out = set()
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        for cell in tr.find_all(["th", "td"]):
            while (r, c) in taken:
                c += 1
            rs, cs = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            taken |= {(r + i, c + j) for i in range(rs) for j in range(cs)}
            out.add((r, c, rs, cs, cell.get_text()))
            c += cs
    return out


def _sheet_grid(ws, top: int) -> set[tuple[int, int, int, int, str]]:
    spans = {(m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1) for m in ws.merged_cells}
    out = set()
    for row in ws.iter_rows(min_row=top):
        for cell in row:
            if cell.value is None:
                continue
            rs, cs = spans.get((cell.row, cell.column), (1, 1))
            text = cell.value if isinstance(cell.value, str) else str(_exact(cell.value))
            out.add((cell.row - top, cell.column - 1, rs, cs, text))
    return out


@pytest.mark.parametrize("table", [TABLE_3, TABLE_4], ids=["三", "四"])
def test_sheet_has_the_same_cells_as_the_html_table(rich, table) -> None:
    """Assert that the sheet and the page's HTML table have the same cells, spans, labels and numbers."""
    project, _ = rich
    ws = _book(report_workbook(project, KEY))[f"表{table.number}"]
    html = render_table(table.number, project.reports[KEY])
    assert _sheet_grid(ws, top=3) == _html_grid(html)


def test_report_workbook_numbers_round_trip(rich) -> None:
    """Assert that every number of the report workbook reads back as the YAML's, the fee as an exact decimal."""
    project, reports = rich
    for key, values in reports.items():
        book = _book(report_workbook(project, key))
        assert book.sheetnames == [f"表{t.number}" for t in TABLES]
        for table in TABLES:
            got = [_exact(v) for v in _numbers(book[f"表{table.number}"])]
            assert got == [values[c] for c in cells() if c.table == table.key], (key, table.number)
    fee_cell = _book(report_workbook(project, KEY))["表二"]["B16"]
    assert (_exact(fee_cell.value), fee_cell.number_format) == (FEE_2024, "0.0000")
    fee_cell = _book(report_workbook(project, ("zhanyi", 2023)))["表二"]["B16"]
    assert (_exact(fee_cell.value), fee_cell.number_format) == (FEE_2023, "0.00")
    assert _book(report_workbook(project, KEY))["表二"]["B5"].number_format == "0"


@pytest.mark.parametrize("fee", ["12.3456", "739.32", "0.1", "0.0000001", "99999999999.9999"])
def test_fee_is_written_as_its_decimal_text(rich, fee: str) -> None:
    """Assert that the sheets' XML holds the fee's decimal text, never a float's expansion
    (openpyxl alone writes 739.32 as 739.3200000000001)."""
    project, _ = rich
    project.reports[KEY].values[Cell("proactive", "fees", "amount")] = Decimal(fee)
    with zipfile.ZipFile(io.BytesIO(report_workbook(project, KEY))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert f'<c r="B16" s="{_style_id(xml, "B16")}" t="n"><v>{fee}</v></c>' in xml
    with zipfile.ZipFile(io.BytesIO(collection_workbook(project, [KEY]))) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode()  # 表二, after 说明
    assert f"<v>{fee}</v>" in xml
    cell = _book(report_workbook(project, KEY))["表二"]["B16"]
    assert _exact(cell.value) == Decimal(fee)


def _style_id(xml: str, ref: str) -> str:
    start = xml.index(f'<c r="{ref}" s="') + len(f'<c r="{ref}" s="')
    return xml[start : xml.index('"', start)]


def test_collection_workbook_has_a_line_per_report(rich) -> None:
    """Assert that the collection has a sheet per table, a line per report, and every number exact."""
    project, reports = rich
    keys = sorted(reports)
    book = _book(collection_workbook(project, keys))
    assert book.sheetnames == ["说明"] + [f"表{t.number}" for t in TABLES] + [WIDE_SHEET]
    heads = ["机关代号", "机关名称", "年度", "发布日期", "最近更正日期"]
    for table in TABLES:
        ws = book[f"表{table.number}"]
        first = ws[ws.freeze_panes].row  # the first line under the headers
        assert ws[ws.freeze_panes].column == len(heads) + 1
        assert [ws.cell(2, i + 1).value for i in range(len(heads))] == heads
        assert f"A2:A{first - 1}" in _merged(ws)
        for i, key in enumerate(keys):
            line = [c.value for c in ws[first + i]]
            record = project.reports[key].record
            corrected = record.last_corrected.isoformat() if record.last_corrected else None
            assert line[:5] == [key[0], project.organs[key[0]].name, key[1], record.published.isoformat(), corrected]
            assert [_exact(v) for v in line[5:]] == [reports[key][c] for c in cells() if c.table == table.key]
    ws = book["表三"]
    # Row labels above column labels: 一、… spans its seven columns and the two empty levels below it.
    assert "F2:L4" in _merged(ws)
    assert ws["F2"].value == TABLE_3.grids[0].rows[0].label
    assert ws["F5"].value == TABLE_3.grids[0].columns[0].groups[0]


def test_workbooks_carry_the_dates_of_their_data(rich, monkeypatch) -> None:
    """Assert that core.xml and every zip entry carry the publication and correction dates, not the build's."""
    project, _ = rich
    content = report_workbook(project, KEY)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2025, 3, 1, 0, 0, 0)}  # last corrected
        core = archive.read("docProps/core.xml").decode()
    assert f"{PUBLISHED_2024}T00:00:00Z</dcterms:created>" in core
    assert f"{CORRECTED_2024}T00:00:00Z</dcterms:modified>" in core
    with zipfile.ZipFile(io.BytesIO(collection_workbook(project, sorted(project.public_reports())))) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert f"{PUBLISHED_2023}T00:00:00Z</dcterms:created>" in core  # the earliest publication
    assert f"{CORRECTED_2024}T00:00:00Z</dcterms:modified>" in core  # the latest change
    # Nothing of the machine or the moment: another time zone, a build epoch, another run.
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    assert report_workbook(project, KEY) == content


def test_a_fee_beyond_excel_precision_is_refused(rich) -> None:
    """Assert that a decimal Excel cannot hold exactly stops the workbook, naming the data file."""
    project, _ = rich
    project.reports[KEY].values[Cell("proactive", "fees", "amount")] = Decimal("1234567890.1234567")
    with pytest.raises(ValueError, match=r"data/reports/zhanyi/2024.yaml: .*超出 Excel 的精度"):
        report_workbook(project, KEY)


# --- each number under its own labels (the distinct report) ----------------------


def _label_path(ws, coordinates) -> tuple[str, ...]:
    """The labels met walking from a number along `coordinates` (away from it), outermost first.

    The numbers of its own row or column are stepped over; a merged label counts
    once; a number past the labels (another sub-table's) ends the walk.
    """
    anchors = {(r, c): (m.min_row, m.min_col) for m in ws.merged_cells.ranges for r, c in m.cells}
    labels: list[str] = []
    seen = set()
    for coordinate in coordinates:
        anchor = anchors.get(coordinate, coordinate)
        value = ws.cell(*anchor).value
        if type(value) in (int, float):
            if labels:
                break
            continue
        if value is not None and anchor not in seen:
            seen.add(anchor)
            labels.append(value)
    return tuple(reversed(labels))


def _numbers_by_labels(ws, top: int) -> dict[tuple[tuple[str, ...], tuple[str, ...]], int | Decimal]:
    """Every number of a report's sheet by (labels at its left, labels above it, below the titles)."""
    out = {}
    for row in ws.iter_rows(min_row=top):
        for cell in row:
            if type(cell.value) in (int, float):
                r, c = cell.row, cell.column
                left = _label_path(ws, ((r, j) for j in range(c - 1, 0, -1)))
                above = _label_path(ws, ((i, c) for i in range(r - 1, top - 1, -1)))
                assert (left, above) not in out, (left, above)
                out[(left, above)] = _exact(cell.value)
    return out


def _printed_labels(table, grid, row, column) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Where the official layout prints a cell: (labels at its left, labels above it)."""
    if table is TABLE_2:  # stacked sub-tables, each under its caption
        return (row.label,), (grid.caption, column.label)
    if table is TABLE_4:  # one line of 15 numbers: the rows are printed as column groups
        return (), row.groups + (row.label, column.label)
    return row.groups + (row.label,), column.groups + (column.label,)


def test_report_workbook_puts_each_number_under_its_own_labels(distinct) -> None:
    """Assert that in the distinct report's workbook every number sits under its own row and column labels."""
    project, values = distinct
    book = _book(report_workbook(project, DISTINCT_KEY))
    for table in TABLES:
        expected = {
            _printed_labels(table, grid, row, column): values[Cell(table.key, row.key, column.key)]
            for grid in table.grids
            for row in grid.rows
            for column in grid.columns
        }
        assert _numbers_by_labels(book[f"表{table.number}"], top=3) == expected, table.number


def test_collection_workbook_puts_each_number_under_its_own_labels(distinct) -> None:
    """Assert that the distinct report's line of the collection has every number under its own headers."""
    project, values = distinct
    keys = sorted(project.public_reports())
    book = _book(collection_workbook(project, keys))
    for table in TABLES:
        ws = book[f"表{table.number}"]
        first = ws[ws.freeze_panes].row
        line = first + keys.index(DISTINCT_KEY)
        assert (ws.cell(line, 1).value, ws.cell(line, 3).value) == DISTINCT_KEY
        got = {
            _label_path(ws, ((i, c) for i in range(first - 1, 1, -1))): _exact(ws.cell(line, c).value)
            for c in range(ws[ws.freeze_panes].column, ws.max_column + 1)
        }
        expected = {
            ((grid.caption,) if grid.caption else ())
            + row.groups
            + (row.label,)
            + column.groups
            + (column.label,): values[Cell(table.key, row.key, column.key)]
            for grid in table.grids
            for row in grid.rows
            for column in grid.columns
        }
        assert got == expected, table.number


# --- the wide sheet: one header row, a line per report, a column per number ---------


def _wide_header(table, grid, row, column) -> str:
    """The header the issue asks for: table, the row's nearest group (or 第二十条 item), row, column."""
    groups = ((grid.caption,) if grid.caption else ()) + row.groups
    return " / ".join((table.name, *groups[-1:], row.label, column.label))


def test_wide_sheet_puts_each_number_under_its_label_path(distinct) -> None:
    """Assert that the collection's wide sheet has one plain header row (organ, name, level, year, record,
    then a label path per number) and the distinct report's line has every number under its own header."""
    project, values = distinct
    keys = sorted(project.public_reports())
    ws = _book(collection_workbook(project, keys))[WIDE_SHEET]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["机关代号", "机关名称", "层级", "年度", "发布日期", "最近更正日期"]
    assert "表三 / （三）不予公开 / 3.危及“三安全一稳定” / 自然人" in header
    assert "表二 / 第二十条第（八）项 / 行政事业性收费 / 本年收费金额（单位：万元）" in header
    assert len(set(header)) == len(header) == 6 + len(cells())
    assert not ws.merged_cells.ranges  # a program reads it as one table
    assert ws.max_row == 1 + len(keys)
    line = [c.value for c in ws[2 + keys.index(DISTINCT_KEY)]]
    organ = project.organs[DISTINCT_KEY[0]]
    published = project.reports[DISTINCT_KEY].record.published.isoformat()
    assert line[:6] == [DISTINCT_KEY[0], organ.name, organ.level, DISTINCT_KEY[1], published, None]
    expected = {
        _wide_header(table, grid, row, column): values[Cell(table.key, row.key, column.key)]
        for table in TABLES
        for grid in table.grids
        for row in grid.rows
        for column in grid.columns
    }
    assert dict(zip(header[6:], [_exact(v) for v in line[6:]], strict=True)) == expected
    assert ws.freeze_panes == "C2"


def test_wide_sheet_lists_every_report_with_its_numbers_exact(rich) -> None:
    """Assert that the wide sheet has a line per report in order, the fee an exact decimal with its places."""
    project, reports = rich
    keys = sorted(reports)
    ws = _book(collection_workbook(project, keys))[WIDE_SHEET]
    for i, key in enumerate(keys):
        line = [c for c in ws[2 + i]]
        assert (line[0].value, line[3].value) == key
        assert [_exact(c.value) for c in line[6:]] == [reports[key][c] for c in cells()]
    fee = next(c for c in ws[1] if c.value.startswith("表二 / 第二十条第（八）项"))
    cell = ws.cell(2 + keys.index(KEY), fee.column)
    assert (_exact(cell.value), cell.number_format) == (Decimal("12.3456"), "0.0000")


def test_workbooks_are_well_formed_packages(rich) -> None:
    """Assert that every part of both workbooks is well-formed XML, declared in [Content_Types].xml,
    and that two runs give the same bytes."""
    from xml.dom.minidom import parseString

    project, reports = rich
    for content in (report_workbook(project, KEY), collection_workbook(project, sorted(reports))):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert archive.testzip() is None
            names = archive.namelist()
            types = archive.read("[Content_Types].xml").decode()
            for name in names:
                parseString(archive.read(name))  # raises on malformed XML
                if not name.endswith(".rels") and name != "[Content_Types].xml":
                    assert f'PartName="/{name}"' in types, name
    assert report_workbook(project, KEY) == report_workbook(project, KEY)
    assert collection_workbook(project, sorted(reports)) == collection_workbook(project, sorted(reports))


def test_another_reader_opens_the_workbooks_with_the_same_cells(rich) -> None:
    """Assert that calamine (a reader independent of openpyxl) reads every sheet of both workbooks with
    the same names, texts and numbers as openpyxl, merged ranges included."""
    from python_calamine import CalamineWorkbook

    project, reports = rich
    for content in (report_workbook(project, KEY), collection_workbook(project, sorted(reports))):
        other = CalamineWorkbook.from_filelike(io.BytesIO(content))
        book = _book(content)
        assert other.sheet_names == book.sheetnames
        for name in book.sheetnames:
            ws = book[name]
            theirs = other.get_sheet_by_name(name)
            # calamine starts at the first used cell; the sheets start at A1.
            rows = theirs.to_python()
            ours = [[c.value for c in row] for row in ws.iter_rows(max_col=ws.max_column)]
            assert len(rows) == len(ours), name
            for mine, read in zip(ours, rows, strict=True):
                read = list(read) + [""] * (len(mine) - len(read))
                assert [("" if v is None else v) for v in mine] == [
                    (int(v) if isinstance(v, float) and v.is_integer() and not isinstance(m, float) else v)
                    for m, v in zip(mine, read, strict=True)
                ], name
            merged = {(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges}
            assert {(a[0], a[1], b[0], b[1]) for a, b in theirs.merged_cell_ranges or []} == merged, name


def test_a_line_of_numbers_is_the_xml_of_a_cell_per_number() -> None:
    """Assert that a collection's line, kept as runs of counts, writes the XML of one cell per number."""
    line = [3, 0, Decimal("0.50"), 7, 12, Decimal("1.2345"), Decimal("2"), 5, 9]
    runs, single = _Sheet("表", Styles(BODY_FONT)), _Sheet("表", Styles(BODY_FONT))
    for sheet in (runs, single):
        sheet.put(4, 1, "甲机关")
    runs.numbers(4, 3, line)
    for col, value in enumerate(line, 3):
        single.number(4, col, value)
    assert len(runs.sheet.cells) < len(single.sheet.cells)
    assert b"".join(runs.sheet.xml()) == b"".join(single.sheet.xml())
    assert b'<dimension ref="A1:K4"/>' in b"".join(runs.sheet.xml())


def _report_cell_by_cell(project, key) -> bytes:
    """A report's workbook written by the general path, every cell of it, without templates or reused parts."""
    report = project.reports[key]
    title = project.title_of(key)
    styles, layouts = _report_layouts()
    wb = _workbook(title, creator=project.organs[key[0]].name, dates=report_dates(project, [key]), styles=styles.copy())
    for table, layout, width in layouts:
        sheet = layout.copy(wb.styles)
        sheet.fill([_numeral(report.values[cell]) for cell, _, _, _ in sheet.slots])
        _report_titles(sheet, title, table, width)
        wb.sheets.append(sheet.page(landscape=table.key in _LANDSCAPE))
    return wb.to_bytes()


@pytest.mark.parametrize(
    "title",
    [None, " 前后有空格的标题 ", "很长的标题" * 30, "A&B <{0}> 'q' \"d\" {{}}"],
)
@pytest.mark.parametrize("fee", [None, "0.5", "12.3456", "7"])
def test_a_report_workbook_is_the_same_bytes_as_written_cell_by_cell(rich, monkeypatch, title, fee) -> None:
    """Assert that a report's workbook filled in from its layout's template has the bytes of one written
    cell by cell: titles that wrap or keep their spaces, fees with other decimals (other styles), or none."""
    project, reports = rich
    if title is not None:
        monkeypatch.setattr(project, "title_of", lambda key: title)
    if fee is not None:
        project.reports[KEY].values[Cell("proactive", "fees", "amount")] = Decimal(fee) if "." in fee else int(fee)
    for key in reports:
        assert report_workbook(project, key) == _report_cell_by_cell(project, key), key


def test_the_zip_container_is_the_one_zipfile_writes() -> None:
    """Assert that the writer's own zip container has the bytes zipfile gave the same entries before it."""
    parts = [("[Content_Types].xml", [b"<a/>"]), ("xl/\u8868.xml", [b"x" * 5000, b"<b>"]), ("empty.xml", [])]
    for moment in (datetime(2025, 3, 1, 13, 45, 31), datetime(1970, 1, 1)):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, pieces in parts:
                entry = zipfile.ZipInfo(name, date_time=max(moment, datetime(1980, 1, 1)).timetuple()[:6])
                entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 0, 0
                with archive.open(entry, "w") as part:
                    for piece in pieces:
                        part.write(piece)
        assert zip_archive([(name, deflate(pieces)) for name, pieces in parts], moment) == out.getvalue()
