"""Excel workbooks of the data: a report in the official layout, and the whole collection.

A report's workbook has one sheet per table, printed like the official tables
(merged headers, labels verbatim, numbers as numbers, the fee as a decimal with
its own decimals) so that an editor can print it or send it upward. The
collection's workbook has one sheet per table and one line per report.

The files are byte-for-byte reproducible: openpyxl stamps the time of saving
into docProps/core.xml and into every zip entry, so the workbook is given the
dates of its data instead (created: first published; modified: last corrected)
and the archive is rewritten with those entry dates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import Any, Protocol, cast
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from macros.check.load import Report
from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.headers import pad, spans
from macros.format.national import (
    FORMAT_NAME,
    TABLE_2,
    TABLE_2_ROW_HEADER,
    TABLE_3,
    TABLE_4,
    TABLES,
    Cell,
    Table,
)
from macros.format.numbers import Number, format_number
from macros.opendata.longform import (
    ORGAN,
    ORGAN_NAME,
    VALUE,
    YEAR,
    grid_path,
    long_fields,
    metadata_fields,
    report_metadata,
    table_heading,
)

# 宋体 is the font of official documents and is on every Chinese Windows.
FONT = "宋体"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name=FONT, size=14, bold=True)
HEAD_FONT = Font(name=FONT, size=10.5, bold=True)
BODY_FONT = Font(name=FONT, size=10.5)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
# The zip format and openpyxl both require dates. A workbook carries the dates
# of its data (first published, last corrected), never the time of the build;
# the zip format's earliest date stands in where the data has none.
EARLIEST = datetime(1980, 1, 1)
LINE_HEIGHT = 14.0  # points per line of 10.5-point text
VALUE_WIDTH = 12.0  # characters
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
COLLECTION_TITLE = "政府信息公开工作年度报告数据（全部报告）"


def sheet_name(table: Table) -> str:
    return table.name


def _number_format(value: Number) -> str:
    """Integers plain; a decimal shows exactly its own places (0.50 → 0.00, 12.3456 → 0.0000)."""
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
        return "0." + "0" * places if places else "0"
    return "0"


def _check_precision(value: Number) -> None:
    # Excel holds a number as a double: 15 significant digits survive a round trip.
    if isinstance(value, Decimal) and Decimal(f"{float(value):.15g}") != value:
        raise ValueError(f"数值 {format_number(value)} 超出 Excel 的精度（15 位有效数字），无法原样写入。")


def _width_units(text: str) -> int:
    # Excel column widths count Latin characters; a Chinese character takes two.
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class _Slots(Protocol):
    """A cell's private slots, written directly for speed (see _Sheet); types-openpyxl leaves them out."""

    _style: StyleArray
    _value: Any


class _Sheet:
    """A worksheet written cell by cell, remembering what is needed to print it."""

    def __init__(self, ws: Worksheet, styles: dict[tuple, Any]) -> None:
        self.ws = ws
        self.styles = styles  # shared by the workbook's sheets: style ids are the workbook's
        self.placed: list[tuple[int, int, int, int, str]] = []  # row, col, rows, cols, text

    def _style(self, cell: Any, font: Font, align: Alignment, border: bool, number_format: str) -> Any:
        """The cell's style, made once per workbook: openpyxl hashes every style object on each
        assignment, which costs more than all the rest of writing a workbook."""
        key = (id(font), id(align), border, number_format)
        if key not in self.styles:
            cell.font, cell.alignment, cell.number_format = font, align, number_format
            if border:
                cell.border = BORDER
            self.styles[key] = copy(cell._style)
        return self.styles[key]

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        *,
        rows: int = 1,
        cols: int = 1,
        font: Font = BODY_FONT,
        align: Alignment = CENTER,
        border: bool = True,
        number_format: str = "General",
    ) -> None:
        cell = self.ws.cell(row=row, column=col, value=value)
        style = self._style(cell, font, align, border, number_format)
        # Merged cells keep the borders of their own cells, so every covered cell is styled too.
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                cast(_Slots, self.ws.cell(row=r, column=c))._style = copy(style)
        if rows > 1 or cols > 1:
            # Registered directly: merge_cells() would restyle every edge cell, hashing each style again.
            ref = f"{get_column_letter(col)}{row}:{get_column_letter(col + cols - 1)}{row + rows - 1}"
            self.ws.merged_cells.add(CellRange(ref))
        if isinstance(value, str):
            self.placed.append((row, col, rows, cols, value))

    def number(self, row: int, col: int, value: Number, *, cols: int = 1) -> None:
        _check_precision(value)
        self.put(row, col, value, cols=cols, number_format=_number_format(value))
        if isinstance(value, Decimal):
            # openpyxl would write float(value) to 16 digits (739.32 → 739.3200000000001);
            # a number cell holding the decimal's own text keeps it exact in the file.
            cell = self.ws.cell(row=row, column=col)
            cast(_Slots, cell)._value = format_number(value)
            cell.data_type = "n"

    def header_band(self, top: int, left: int, paths: Sequence[tuple[str | None, ...]]) -> int:
        """Merged column headers; returns the number of sheet rows they take."""
        merged = spans(paths)
        for s in merged:
            self.put(top + s.level, left + s.index, s.text, rows=s.depth, cols=s.breadth, font=HEAD_FONT)
        return max(s.level + s.depth for s in merged)

    def label_band(self, top: int, left: int, paths: Sequence[tuple[str, ...]]) -> int:
        """Merged row labels at the left; returns the number of sheet columns they take."""
        merged = spans(paths)
        for s in merged:
            align = LEFT if s.leaf else CENTER
            self.put(top + s.index, left + s.level, s.text, rows=s.breadth, cols=s.depth, font=HEAD_FONT, align=align)
        return max(s.level + s.depth for s in merged)

    def widths(self, widths: dict[int, float]) -> None:
        for col, width in widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width

    def fit_rows(self) -> None:
        """Row heights for wrapped text: Excel does not grow a row for text in merged cells."""

        def width(col: int) -> float:
            # .get: indexing column_dimensions would add an empty column to the file.
            dimension = self.ws.column_dimensions.get(get_column_letter(col))
            return dimension.width if dimension is not None and dimension.width else DEFAULT_WIDTH

        heights: dict[int, float] = {}
        for row, col, rows, cols, text in self.placed:
            room = sum(width(c) for c in range(col, col + cols))
            lines = max(1, math.ceil(_width_units(text) / max(room - 1, 1)))
            per_row = lines * LINE_HEIGHT / rows
            for r in range(row, row + rows):
                heights[r] = max(heights.get(r, LINE_HEIGHT + 2), per_row + 2)
        for row, height in heights.items():
            self.ws.row_dimensions[row].height = round(height, 1)

    def title(self, row: int, text: str, cols: int, font: Font = TITLE_FONT) -> None:
        self.put(row, 1, text, cols=cols, font=font, border=False)

    def page(self, *, landscape: bool, header_rows: tuple[int, int] | None = None, fit_width: bool = True) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        if fit_width:
            setup = ws.sheet_properties.pageSetUpPr
            assert setup is not None  # a new sheet has its page setup properties
            setup.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        if header_rows:
            ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
        ws.print_options.horizontalCentered = True
        footer = ws.oddFooter
        assert footer is not None  # a new sheet has its (empty) footer
        footer.center.text = "第 &P 页，共 &N 页"
        self.fit_rows()


# --- a report, in the official layout ------------------------------------------


def _write_table_2(sheet: _Sheet, report: Report, top: int) -> int:
    width = 1 + max(len(g.columns) for g in TABLE_2.grids)
    row_no = top
    for grid in TABLE_2.grids:
        sheet.put(row_no, 1, grid.caption, cols=width, font=HEAD_FONT)
        row_no += 1
        # A sub-table with one column spreads it over the whole width, as printed.
        span = 1 if len(grid.columns) > 1 else width - 1
        sheet.put(row_no, 1, TABLE_2_ROW_HEADER, font=HEAD_FONT)
        for i, column in enumerate(grid.columns):
            sheet.put(row_no, 2 + i, column.label, cols=span, font=HEAD_FONT)
        row_no += 1
        for row in grid.rows:
            sheet.put(row_no, 1, row.label, font=HEAD_FONT)
            for i, column in enumerate(grid.columns):
                sheet.number(row_no, 2 + i, report.values[Cell(TABLE_2.key, row.key, column.key)], cols=span)
            row_no += 1
    sheet.widths({1: 24, **{c: 16 for c in range(2, width + 1)}})
    return width


def _write_table_3(sheet: _Sheet, report: Report, top: int) -> int:
    grid = TABLE_3.grids[0]
    label_depth = max(len(r.groups) for r in grid.rows) + 1
    left = label_depth + 1
    depth = sheet.header_band(top, left, [c.groups + (c.label,) for c in grid.columns])
    sheet.put(top, 1, TABLE_3.note, rows=depth, cols=label_depth, font=BODY_FONT, align=LEFT)
    sheet.label_band(top + depth, 1, [r.groups + (r.label,) for r in grid.rows])
    for i, row in enumerate(grid.rows):
        for j, column in enumerate(grid.columns):
            sheet.number(top + depth + i, left + j, report.values[Cell(TABLE_3.key, row.key, column.key)])
    sheet.widths({1: 8, 2: 10, 3: 40, **{left + j: 10 for j in range(len(grid.columns))}})
    return label_depth + len(grid.columns)


def _write_table_4(sheet: _Sheet, report: Report, top: int) -> int:
    grid = TABLE_4.grids[0]
    # The official layout prints the three blocks side by side in one row.
    paths = [r.groups + (r.label, c.label) for r in grid.rows for c in grid.columns]
    depth = sheet.header_band(top, 1, paths)
    cells = [Cell(TABLE_4.key, r.key, c.key) for r in grid.rows for c in grid.columns]
    for j, cell in enumerate(cells):
        sheet.number(top + depth, 1 + j, report.values[cell])
    sheet.widths({1 + j: 9 for j in range(len(cells))})
    return len(cells)


_REPORT_SHEETS = {TABLE_2.key: _write_table_2, TABLE_3.key: _write_table_3, TABLE_4.key: _write_table_4}
_LANDSCAPE = {TABLE_4.key}


def report_workbook(project: Project, key: ReportKey) -> bytes:
    """A report's three tables, one sheet each, as printed in the report."""
    organ, year = key
    report = project.reports[key]
    title = project.title_of((organ, year))
    wb = _workbook(title, creator=project.organs[organ].name, dates=report_dates(project, [key]))
    styles: dict[tuple, Any] = {}
    for table in TABLES:
        sheet = _Sheet(wb.create_sheet(sheet_name(table)), styles)
        top = 3
        try:
            width = _REPORT_SHEETS[table.key](sheet, report, top)
        except ValueError as exc:
            raise ValueError(f"{report.path}: {exc}") from exc
        sheet.title(1, title, width)
        sheet.title(2, f"{table.number}、{table.title}", width, font=HEAD_FONT)
        sheet.page(landscape=table.key in _LANDSCAPE)
    return save(wb)


# --- the collection: one sheet per table, one line per report -------------------


def _collection_paths(table: Table) -> tuple[list[Cell], list[tuple[str | None, ...]]]:
    """Each number of a table as a column: the row's labels above the column's."""
    rows_depth = max(len(grid_path(g, r)) + 1 for g in table.grids for r in g.rows)
    cols_depth = max(len(c.groups) + 1 for g in table.grids for c in g.columns)
    cells, paths = [], []
    for grid in table.grids:
        for row in grid.rows:
            for column in grid.columns:
                cells.append(Cell(table.key, row.key, column.key))
                paths.append(
                    pad(grid_path(grid, row) + (row.label,), rows_depth)
                    + pad(column.groups + (column.label,), cols_depth)
                )
    return cells, paths


def _report_columns() -> list[tuple[str, str]]:
    """The columns naming each report: (field name, header), metadata included."""
    return [(f.name, f.title) for f in (ORGAN, ORGAN_NAME, YEAR, *metadata_fields())]


def collection_workbook(project: Project, keys: list[ReportKey]) -> bytes:
    """Every report's numbers: a sheet per table, a line per report, merged headers."""
    wb = _workbook(COLLECTION_TITLE, creator="nianbao", dates=report_dates(project, keys))
    styles: dict[tuple, Any] = {}
    _write_readme(_Sheet(wb.create_sheet("说明"), styles), project, keys)
    heads = _report_columns()
    for table in TABLES:
        sheet = _Sheet(wb.create_sheet(sheet_name(table)), styles)
        sheet.title(1, table_heading(table), 8)
        top, left = 2, len(heads) + 1
        cells, paths = _collection_paths(table)
        depth = sheet.header_band(top, left, paths)
        for j, (_, header) in enumerate(heads):
            sheet.put(top, 1 + j, header, rows=depth, font=HEAD_FONT)
        for i, key in enumerate(keys):
            row_no = top + depth + i
            report = project.reports[key]
            facts = {"organ": key[0], "organ_name": project.organs[key[0]].name, "year": key[1]}
            facts.update(report_metadata(project, key))
            for j, (name, _) in enumerate(heads):
                sheet.put(row_no, 1 + j, facts[name], align=LEFT if name == "organ_name" else CENTER)
            for j, cell in enumerate(cells):
                sheet.number(row_no, left + j, report.values[cell])
        sheet.widths({1: 12, 2: 36, 3: 8, **{1 + j: 12 for j in range(3, len(heads))}})
        sheet.widths({left + j: VALUE_WIDTH for j in range(len(cells))})
        sheet.ws.freeze_panes = sheet.ws.cell(row=top + depth, column=left).coordinate
        sheet.page(landscape=True, header_rows=(top, top + depth - 1), fit_width=False)
    return save(wb)


def _write_readme(sheet: _Sheet, project: Project, keys: list[ReportKey]) -> None:
    lines = [
        ("内容", f"各机关政府信息公开工作年度报告中表二、表三、表四的全部数字，共 {len(keys)} 份报告。"),
        ("格式", FORMAT_NAME),
        (
            "编排",
            "每张表一个工作表，每份报告一行；表头自上而下依次为该数字所在行的标签和所在列的标签，与报告中的表格一致。",
        ),
        ("工作表", "、".join(f"{sheet_name(t)}：{t.title}" for t in TABLES)),
        ("数值", VALUE.description),
        ("字段", "；".join(f"{f.title}（{f.name}）" for f in long_fields() if f.name in dict(_report_columns()))),
        ("数据字典", "每一行、每一列的代号与标签见网站「数据下载」页的数据字典，或同目录的 datapackage.json。"),
    ]
    sheet.title(1, COLLECTION_TITLE, 2)
    for i, (head, text) in enumerate(lines, start=2):
        sheet.put(i, 1, head, font=HEAD_FONT)
        sheet.put(i, 2, text, align=LEFT)
    sheet.widths({1: 12, 2: 90})
    sheet.page(landscape=False)


# --- reproducible files ----------------------------------------------------------


def _midnight(day: date | None) -> datetime:
    return max(datetime.combine(day, time()), EARLIEST) if day else EARLIEST


def report_dates(project: Project, keys: list[ReportKey]) -> tuple[datetime, datetime]:
    """(created, modified) of a workbook of these reports: first publication, latest change."""
    records = [project.reports[key].record for key in keys]
    published = [r.published for r in records if r.published]
    changed = [day for r in records if (day := r.last_corrected or r.published)]
    return _midnight(min(published, default=None)), _midnight(max(changed, default=None))


def _workbook(title: str, creator: str, dates: tuple[datetime, datetime]) -> Workbook:
    wb = Workbook()
    first = wb.active
    assert first is not None  # a new workbook has one empty sheet
    wb.remove(first)
    props = wb.properties
    props.title = title
    props.creator = creator
    props.language = "zh-CN"
    # The data's dates, never the build's: a file changes only with its data.
    props.created, props.modified = dates
    props.lastModifiedBy = None
    return wb


def save(wb: Workbook) -> bytes:
    """The workbook's bytes, identical for identical content."""
    raw = BytesIO()
    with ZipFile(raw, "w", ZIP_DEFLATED) as archive:
        # ExcelWriter directly: Workbook.save would stamp the time of saving.
        ExcelWriter(wb, archive).save()
    out = BytesIO()
    with ZipFile(BytesIO(raw.getvalue())) as source, ZipFile(out, "w", ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = ZipInfo(info.filename, date_time=wb.properties.modified.timetuple()[:6])
            entry.compress_type = ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
