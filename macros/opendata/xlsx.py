"""Excel workbooks of the data: a report in the official layout, and the whole collection.

A report's workbook has one sheet per table, printed like the official tables
(merged headers, labels verbatim, numbers as numbers, the fee as a decimal with
its own decimals) so that an editor can print it or send it upward. The
collection's workbook has one sheet per table and one line per report, and a
wide sheet (宽表) for analysis: one header row, one line per report, one column
per number.

Written by ``spreadsheetml.py`` (not openpyxl: ten times slower), byte-for-byte
reproducible: the workbook carries the dates of its data (created: first
published; modified: last corrected) and so do the zip entries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, NamedTuple

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
    cells,
)
from macros.format.numbers import Number, format_number
from macros.opendata.catalogue import WIDE_NOTE, WIDE_SHEET
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
    wide_cells,
    wide_report_fields,
)
from macros.opendata.spreadsheetml import (
    EARLIEST,
    Entry,
    Font,
    Sheet,
    Style,
    Styles,
    Workbook,
    blank_cell,
    column_letter,
    deflate,
    number_cell,
    ref,
    sheet_part,
    text_cell,
)

# 宋体 is the font of official documents and is on every Chinese Windows.
FONT = "宋体"
TITLE_FONT = Font(FONT, 14, bold=True)
HEAD_FONT = Font(FONT, 10.5, bold=True)
BODY_FONT = Font(FONT, 10.5)
CENTER, LEFT = "center", "left"
LINE_HEIGHT = 14.0  # points per line of 10.5-point text
VALUE_WIDTH = 12.0  # characters
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
COLLECTION_TITLE = "政府信息公开工作年度报告数据（全部报告）"
FOOTER = "&C第 &P 页，共 &N 页"


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


def _numeral(value: Number) -> tuple[str, str]:
    """A number's text as the file holds it (its own, never via a float), and its number format."""
    if type(value) is int:
        return str(value), "0"
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"不能写入工作表的值：{value!r}")
    _check_precision(value)
    return format_number(value), _number_format(value)


@lru_cache(maxsize=4096)
def _width_units(text: str) -> int:
    # Excel column widths count Latin characters; a Chinese character takes two.
    # Cached: every report's sheets measure the same labels (bounded: names are untrusted).
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class _Sheet:
    """A worksheet written cell by cell, remembering what is needed to print it."""

    def __init__(self, name: str, styles: Styles) -> None:
        self.sheet = Sheet(name)
        self.styles = styles  # shared by the workbook's sheets: style ids are the workbook's
        self.placed: list[tuple[int, int, int, int, str]] = []  # row, col, rows, cols, text
        self.slots: list[tuple[Cell, int, int, int]] = []  # where a report's numbers go: cell, row, col, cols
        self._integer = styles.id(Style(BODY_FONT, CENTER, True, _number_format(0)))

    def copy(self, styles: Styles) -> _Sheet:
        """A copy to fill in, numbering styles in `styles` (a copy of this sheet's own)."""
        other = _Sheet(self.sheet.name, styles)
        other.sheet = replace(
            self.sheet,
            cells=dict(self.sheet.cells),
            merged=list(self.sheet.merged),
            widths=dict(self.sheet.widths),
            heights=dict(self.sheet.heights),
        )
        other.placed, other.slots = list(self.placed), self.slots
        return other

    def slot(self, row: int, col: int, cell: Cell, *, cols: int = 1) -> None:
        """A report's number goes here (see `fill`)."""
        self.slots.append((cell, row, col, cols))

    def fill(self, numerals: Sequence[tuple[str, str]]) -> None:
        """Each slot's number, in the order of the slots, as `_numeral` gives it."""
        for (text, number_format), (_, row, col, cols) in zip(numerals, self.slots, strict=True):
            self.numeral(row, col, text, number_format, cols=cols)

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        *,
        rows: int = 1,
        cols: int = 1,
        font: Font = BODY_FONT,
        align: str = CENTER,
        border: bool = True,
        number_format: str = "General",
    ) -> None:
        style = self.styles.id(Style(font, align, border, number_format))
        self._block(row, col, rows, cols, style)
        if isinstance(value, str):
            self.sheet.cells[(row, col)] = text_cell(row, col, value, style)
            self.placed.append((row, col, rows, cols, value))
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            self.sheet.cells[(row, col)] = number_cell(row, col, format_number(value), style)
        elif value is not None:
            raise TypeError(f"不能写入工作表的值：{value!r}")

    def _block(self, row: int, col: int, rows: int, cols: int, style: int) -> None:
        """A cell's block, blank, merged if more than one cell (the caller then writes its first cell)."""
        cells = self.sheet.cells
        # Merged cells keep the borders of their own cells, so every covered cell is styled too.
        for r in range(row, row + rows):
            for c in range(col, col + cols):
                cells[(r, c)] = blank_cell(r, c, style)
        if rows > 1 or cols > 1:
            self.sheet.merged.append(f"{ref(row, col)}:{ref(row + rows - 1, col + cols - 1)}")

    def number(self, row: int, col: int, value: Number, *, cols: int = 1) -> None:
        if type(value) is int and cols == 1:
            # The common case, a count in its own cell, without the general path: a collection has a million.
            self.sheet.cells[(row, col)] = number_cell(row, col, str(value), self._integer)
            return
        # The decimal's own text goes into the file: openpyxl wrote 739.32 as 739.3200000000001.
        self.numeral(row, col, *_numeral(value), cols=cols)

    def numeral(self, row: int, col: int, text: str, number_format: str, *, cols: int = 1) -> None:
        """A number given as its text and format (`_numeral`; a template's stand-in, see `_report_template`)."""
        style = self.styles.id(Style(BODY_FONT, CENTER, True, number_format))
        self._block(row, col, 1, cols, style)
        self.sheet.cells[(row, col)] = number_cell(row, col, text, style)

    def numbers(self, row: int, left: int, values: Sequence[Number]) -> None:
        """A line of numbers from column `left` on, where the row holds nothing else (a collection's line).

        The hot loop of a large build, and most of its memory: each run of counts is kept as one
        fragment, not a string per cell (a region's collection has millions of them).
        """
        cells, style = self.sheet.cells, self._integer
        run: list[str] = []
        for col, value in enumerate(values, left):
            if type(value) is int:
                run.append(f'<c r="{column_letter(col)}{row}" s="{style}" t="n"><v>{value}</v></c>')
                continue
            if run:
                cells[(row, col - len(run))] = "".join(run)
                run = []
            self.number(row, col, value)
        if run:
            cells[(row, left + len(values) - len(run))] = "".join(run)
        self.sheet.last_col = max(self.sheet.last_col, left + len(values) - 1)

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
        self.sheet.widths.update(widths)

    def fit_rows(self) -> None:
        """Row heights for wrapped text: Excel does not grow a row for text in merged cells."""
        widths = self.sheet.widths
        heights: dict[int, float] = {}
        for row, col, rows, cols, text in self.placed:
            room = sum(widths.get(c, DEFAULT_WIDTH) for c in range(col, col + cols))
            lines = max(1, math.ceil(_width_units(text) / max(room - 1, 1)))
            per_row = lines * LINE_HEIGHT / rows
            for r in range(row, row + rows):
                heights[r] = max(heights.get(r, LINE_HEIGHT + 2), per_row + 2)
        self.sheet.heights.update({row: round(height, 1) for row, height in heights.items()})

    def title(self, row: int, text: str, cols: int, font: Font = TITLE_FONT) -> None:
        self.put(row, 1, text, cols=cols, font=font, border=False)

    def page(self, *, landscape: bool, header_rows: tuple[int, int] | None = None, fit_width: bool = True) -> Sheet:
        sheet = self.sheet
        sheet.landscape, sheet.fit_width, sheet.print_title_rows = landscape, fit_width, header_rows
        sheet.footer = FOOTER
        self.fit_rows()
        return sheet


# --- a report, in the official layout ------------------------------------------


def _write_table_2(sheet: _Sheet, top: int) -> int:
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
                sheet.slot(row_no, 2 + i, Cell(TABLE_2.key, row.key, column.key), cols=span)
            row_no += 1
    sheet.widths({1: 24, **{c: 16 for c in range(2, width + 1)}})
    return width


def _write_table_3(sheet: _Sheet, top: int) -> int:
    grid = TABLE_3.grids[0]
    label_depth = max(len(r.groups) for r in grid.rows) + 1
    left = label_depth + 1
    depth = sheet.header_band(top, left, [c.groups + (c.label,) for c in grid.columns])
    sheet.put(top, 1, TABLE_3.note, rows=depth, cols=label_depth, font=BODY_FONT, align=LEFT)
    sheet.label_band(top + depth, 1, [r.groups + (r.label,) for r in grid.rows])
    for i, row in enumerate(grid.rows):
        for j, column in enumerate(grid.columns):
            sheet.slot(top + depth + i, left + j, Cell(TABLE_3.key, row.key, column.key))
    sheet.widths({1: 8, 2: 10, 3: 40, **{left + j: 10 for j in range(len(grid.columns))}})
    return label_depth + len(grid.columns)


def _write_table_4(sheet: _Sheet, top: int) -> int:
    grid = TABLE_4.grids[0]
    # The official layout prints the three blocks side by side in one row.
    paths = [r.groups + (r.label, c.label) for r in grid.rows for c in grid.columns]
    depth = sheet.header_band(top, 1, paths)
    cells = [Cell(TABLE_4.key, r.key, c.key) for r in grid.rows for c in grid.columns]
    for j, cell in enumerate(cells):
        sheet.slot(top + depth, 1 + j, cell)
    sheet.widths({1 + j: 9 for j in range(len(cells))})
    return len(cells)


_REPORT_SHEETS = {TABLE_2.key: _write_table_2, TABLE_3.key: _write_table_3, TABLE_4.key: _write_table_4}
_LANDSCAPE = {TABLE_4.key}


TOP = 3  # the first row under a report sheet's two title rows


@cache
def _report_layouts() -> tuple[Styles, tuple[tuple[Table, _Sheet, int], ...]]:
    """Every report sheet's labels and headers, laid out once: a report only adds its title and numbers."""
    styles = Styles(BODY_FONT)
    layouts = []
    for table in TABLES:
        sheet = _Sheet(sheet_name(table), styles)
        width = _REPORT_SHEETS[table.key](sheet, TOP)
        layouts.append((table, sheet, width))
    return styles, tuple(layouts)


@cache
def _report_cells() -> tuple[Cell, ...]:
    """The cells of every report sheet's slots, sheet by sheet: the order of a template's numbers."""
    return tuple(cell for _, layout, _ in _report_layouts()[1] for cell, _, _, _ in layout.slots)


# Stands for the i-th number of `_report_cells` in a report sheet made once (private-use characters:
# no label holds them); the template's text is cut there.
_SLOT = "\ue000{}\ue001"
_SLOT_SPLIT = re.compile("\ue000(\\d+)\ue001")
_TITLE_SLOT = "\ue002"


class _SheetTemplate(NamedTuple):
    """A report sheet's XML made once, around what a report changes: its title row and its numbers."""

    head: str  # up to the title row
    pieces: tuple[str, ...]  # from row 2 on, cut at every number
    slots: tuple[int, ...]  # the number after each piece but the last: its index in `_report_cells`
    table: Table
    width: int
    widths: dict[int, float]


class _ReportTemplate(NamedTuple):
    workbook: Workbook  # the sheets (names, print setup) and styles of every report with these number formats
    shared: dict[str, Entry]  # its parts that no report changes, deflated
    sheets: tuple[_SheetTemplate, ...]


def _report_titles(sheet: _Sheet, title: str, table: Table, width: int) -> None:
    _title(sheet, title, width)
    sheet.title(2, f"{table.number}、{table.title}", width, font=HEAD_FONT)


def _title(sheet: _Sheet, title: str, width: int) -> None:
    sheet.title(1, title, width)


def _title_row(styles: Styles, template: _SheetTemplate, title: str) -> str:
    """A report sheet's first row, its title, as on the whole sheet: nothing else is in that row."""
    sheet = _Sheet(sheet_name(template.table), styles)  # finds every style it asks for in the template's
    sheet.widths(template.widths)
    _title(sheet, title, template.width)
    sheet.fit_rows()
    return "".join(sheet.sheet.rows())


@lru_cache(maxsize=64)  # nearly always one or two (bounded: a fee's decimals are the data's)
def _report_template(formats: tuple[str, ...]) -> _ReportTemplate:
    """The report workbook, with stand-ins for a report's own title and numbers, whose numbers have these formats.

    Written by the same code a report would be (laid out, filled, titled, paged), then cut around the
    title row and the numbers. Styles are numbered by first use, so a template is one per list of
    number formats (the fee's decimals); nothing else of a report changes the rest of its XML.
    """
    styles, layouts = _report_layouts()
    wb = _workbook("", creator="", dates=(EARLIEST, EARLIEST), styles=styles.copy())
    sheets = []
    start = 0
    for table, layout, width in layouts:
        sheet = layout.copy(wb.styles)
        end = start + len(sheet.slots)
        sheet.fill([(_SLOT.format(i), formats[i]) for i in range(start, end)])
        _report_titles(sheet, _TITLE_SLOT, table, width)
        wb.sheets.append(sheet.page(landscape=table.key in _LANDSCAPE))
        text = b"".join(sheet.sheet.xml()).decode("utf-8")
        title, body = text.index('<row r="1"'), text.index('<row r="2"')
        cut = _SLOT_SPLIT.split(text[body:])
        slots = tuple(map(int, cut[1::2]))
        template = _SheetTemplate(text[:title], tuple(cut[0::2]), slots, table, width, sheet.sheet.widths)
        # The cuts are exactly this sheet's numbers, and the title row is all a report's title changes.
        assert sorted(slots) == list(range(start, end)) and "\ue000" not in text[:title]
        assert text[title:body] == _title_row(wb.styles, template, _TITLE_SLOT)
        sheets.append(template)
        start = end
    assert start == len(formats)
    return _ReportTemplate(wb, wb.shared_parts(), tuple(sheets))


def report_workbook(project: Project, key: ReportKey) -> bytes:
    """A report's three tables, one sheet each, as printed in the report."""
    organ, year = key
    report = project.reports[key]
    title = project.title_of((organ, year))
    try:
        numerals = [_numeral(report.values[cell]) for cell in _report_cells()]
    except ValueError as exc:
        raise ValueError(f"{report.path}: {exc}") from exc
    template = _report_template(tuple(number_format for _, number_format in numerals))
    texts = [text for text, _ in numerals]
    styles = template.workbook.styles
    wb = _workbook(title, creator=project.organs[organ].name, dates=report_dates(project, [key]), styles=styles)
    wb.sheets = template.workbook.sheets
    made = dict(template.shared)
    for i, sheet in enumerate(template.sheets, 1):
        body = [""] * (2 * len(sheet.pieces) - 1)  # the pieces with the numbers between them (faster than format)
        body[0::2] = sheet.pieces
        body[1::2] = [texts[slot] for slot in sheet.slots]
        xml = "".join([sheet.head, _title_row(styles, sheet, title), *body])
        made[sheet_part(i)] = deflate([xml.encode("utf-8")])
    return wb.to_bytes(made)


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


def _report_facts(project: Project, key: ReportKey) -> dict[str, Any]:
    organ, year = key
    facts: dict[str, Any] = {"organ": organ, "organ_name": project.organs[organ].name, "year": year}
    facts["level"] = project.organs[organ].level
    facts.update(report_metadata(project, key))
    return facts


def collection_workbook(project: Project, keys: list[ReportKey]) -> bytes:
    """Every report's numbers: a sheet per table with merged headers, then the wide sheet."""
    wb = _workbook(COLLECTION_TITLE, creator="nianbao", dates=report_dates(project, keys))
    wb.sheets.append(_write_readme(_Sheet("说明", wb.styles), project, keys))
    heads = _report_columns()
    facts = [_report_facts(project, key) for key in keys]
    # Each report's numbers in reading order, looked up once for all the sheets.
    vectors = [[project.reports[key].values[cell] for cell in cells()] for key in keys]
    start = 0
    for table in TABLES:
        sheet = _Sheet(sheet_name(table), wb.styles)
        sheet.title(1, table_heading(table), 8)
        top, left = 2, len(heads) + 1
        table_cells, paths = _collection_paths(table)
        depth = sheet.header_band(top, left, paths)
        for j, (_, header) in enumerate(heads):
            sheet.put(top, 1 + j, header, rows=depth, font=HEAD_FONT)
        # The table's numbers are a run of the reading order (its cells, in the same order).
        assert table_cells == list(cells())[start : start + len(table_cells)]
        for i in range(len(keys)):
            row_no = top + depth + i
            for j, (name, _) in enumerate(heads):
                sheet.put(row_no, 1 + j, facts[i][name], align=LEFT if name == "organ_name" else CENTER)
            sheet.numbers(row_no, left, vectors[i][start : start + len(table_cells)])
        start += len(table_cells)
        sheet.widths({1: 12, 2: 36, 3: 8, **{1 + j: 12 for j in range(3, len(heads))}})
        sheet.widths({left + j: VALUE_WIDTH for j in range(len(table_cells))})
        sheet.sheet.freeze = (top + depth, left)
        wb.sheets.append(sheet.page(landscape=True, header_rows=(top, top + depth - 1), fit_width=False))
    wb.sheets.append(_write_wide(_Sheet(WIDE_SHEET, wb.styles), facts, vectors))
    return wb.to_bytes()


def _write_wide(sheet: _Sheet, facts: list[dict[str, Any]], vectors: list[list[Number]]) -> Sheet:
    """One header row (the report's fields, then every number's label path), one line per report.

    Nothing merged and no title above it: a program (or a pivot table) reads it as one table.
    """
    heads = wide_report_fields()
    numbers = wide_cells()
    assert [cell for cell, _, _ in numbers] == cells()  # the columns follow the reading order
    left = len(heads) + 1
    for j, f in enumerate(heads):
        sheet.put(1, 1 + j, f.title, font=HEAD_FONT)
    for j, (_, header, _) in enumerate(numbers):
        sheet.put(1, left + j, header, font=HEAD_FONT)
    for i, vector in enumerate(vectors):
        for j, f in enumerate(heads):
            sheet.put(2 + i, 1 + j, facts[i][f.name], align=LEFT if f is ORGAN_NAME else CENTER)
        sheet.numbers(2 + i, left, vector)
    sheet.widths({1: 12, 2: 36, 3: 12, 4: 8, **{1 + j: 12 for j in range(4, len(heads))}})
    sheet.widths({left + j: VALUE_WIDTH * 2 for j in range(len(numbers))})
    sheet.sheet.freeze = (2, 3)  # the organ's code and name stay in view
    return sheet.page(landscape=True, header_rows=(1, 1), fit_width=False)


def _write_readme(sheet: _Sheet, project: Project, keys: list[ReportKey]) -> Sheet:
    lines = [
        ("内容", f"各机关政府信息公开工作年度报告中表二、表三、表四的全部数字，共 {len(keys)} 份报告。"),
        ("格式", FORMAT_NAME),
        (
            "编排",
            "每张表一个工作表，每份报告一行；表头自上而下依次为该数字所在行的标签和所在列的标签，与报告中的表格一致。",
        ),
        ("工作表", "、".join(f"{sheet_name(t)}：{t.title}" for t in TABLES) + f"；{WIDE_SHEET}：{WIDE_NOTE}"),
        ("数值", VALUE.description),
        ("字段", "；".join(f"{f.title}（{f.name}）" for f in long_fields() if f.name in dict(_report_columns()))),
        ("数据字典", "每一行、每一列的代号与标签见网站「数据下载」页的数据字典，或同目录的 datapackage.json。"),
    ]
    sheet.title(1, COLLECTION_TITLE, 2)
    for i, (head, text) in enumerate(lines, start=2):
        sheet.put(i, 1, head, font=HEAD_FONT)
        sheet.put(i, 2, text, align=LEFT)
    sheet.widths({1: 12, 2: 90})
    return sheet.page(landscape=False)


# --- reproducible files ----------------------------------------------------------


def _midnight(day: date | None) -> datetime:
    return max(datetime.combine(day, time()), EARLIEST) if day else EARLIEST


def report_dates(project: Project, keys: list[ReportKey]) -> tuple[datetime, datetime]:
    """(created, modified) of a workbook of these reports: first publication, latest change."""
    records = [project.reports[key].record for key in keys]
    published = [r.published for r in records if r.published]
    changed = [day for r in records if (day := r.last_corrected or r.published)]
    return _midnight(min(published, default=None)), _midnight(max(changed, default=None))


def _workbook(title: str, creator: str, dates: tuple[datetime, datetime], styles: Styles | None = None) -> Workbook:
    # The data's dates, never the build's: a file changes only with its data.
    created, modified = dates
    styles = styles or Styles(BODY_FONT)
    return Workbook(title=title, creator=creator, created=created, modified=modified, styles=styles)
