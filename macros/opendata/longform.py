"""The open data's shape: one record per number, derived from the format declaration.

Every export (CSV, JSON, Excel, the data package and the data dictionary on
the site) reads its fields, ids and labels from here, and this module reads
them from ``format.py``: no label is typed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from typing import Any

from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import (
    AMOUNT,
    CORRECTION_FIELDS,
    FORMAT_NAME,
    LEVELS,
    ORGAN_FIELDS,
    ORGAN_SLUG_PATTERN,
    RECORD_FIELDS_BY_KEY,
    TABLES,
    TABLES_BY_KEY,
    Cell,
    Column,
    Grid,
    Row,
    Table,
)

GROUP_SEPARATOR = " / "


@dataclass(frozen=True)
class SchemaField:
    """A column of an exported table, described as a Table Schema field."""

    name: str
    type: str  # Table Schema type: string, integer, number, year, date
    title: str  # Chinese, shown as the column header to people
    description: str
    constraints: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title}
        out["description"] = self.description
        if self.constraints:
            out["constraints"] = self.constraints
        return out


@dataclass(frozen=True)
class MetaField:
    """A fact about a whole report carried by every export (e.g. when it was published)."""

    field: SchemaField
    value: Callable[[Project, ReportKey], str | None]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# The publication record of each report, in every export: the CSV and Excel
# columns after 年度, the JSON keys, the data package fields, the dictionary.
# A new fact about a whole report is one more entry here; nothing else changes.
REPORT_METADATA: tuple[MetaField, ...] = (
    MetaField(
        SchemaField(
            "published",
            "date",
            RECORD_FIELDS_BY_KEY["published"].label,
            "报告首次在本站发布的日期（YYYY-MM-DD）。",
        ),
        lambda project, key: _iso(project.reports[key].record.published),
    ),
    MetaField(
        SchemaField(
            "corrected",
            "date",
            f"最近{CORRECTION_FIELDS[0].label}",
            "报告发布后最近一次更正的日期（YYYY-MM-DD）；从未更正的为空。数据是更正后的数字，更正记录见报告页面。",
        ),
        lambda project, key: _iso(project.reports[key].record.last_corrected),
    ),
)


def report_metadata(project: Project, key: ReportKey) -> dict[str, str | None]:
    """The publication facts of one report, by field name (None: not recorded)."""
    return {meta.field.name: meta.value(project, key) for meta in REPORT_METADATA}


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def grid_path(grid: Grid, row: Row) -> tuple[str, ...]:
    """Labels grouping a row, outermost first: 表二's 第二十条 item, then the row's groups."""
    return ((grid.caption,) if grid.caption else ()) + row.groups


def table_heading(table: Table) -> str:
    """The table's printed heading, e.g. 「表三 收到和处理政府信息公开申请情况」."""
    return table.caption


def _placed_columns() -> list[tuple[Table, Grid, Column]]:
    return [(t, g, c) for t in TABLES for g in t.grids for c in g.columns]


_UNITS = _unique([c.unit for _, _, c in _placed_columns()])
_AMOUNT_UNITS = "、".join(_unique([c.unit for _, _, c in _placed_columns() if c.kind == AMOUNT]))
_COUNT_UNITS = "、".join(_unique([c.unit for _, _, c in _placed_columns() if c.kind != AMOUNT]))
_AMOUNT_ROWS = "、".join(
    _unique([f"{t.name}「{r.label}」" for t, g, c in _placed_columns() if c.kind == AMOUNT for r in g.rows])
)


def _row_group_examples() -> str:
    """One example of a row's group labels per table, e.g. 表二 如「第二十条第（一）项」."""
    examples = []
    for table in TABLES:
        paths = [grid_path(g, r) for g in table.grids for r in g.rows]
        deepest = max(paths, key=len)
        if deepest:
            examples.append(f"{table.name}如「{GROUP_SEPARATOR.join(deepest)}」")
    return "，".join(examples)


_ROW_GROUP_EXAMPLES = _row_group_examples()
_DEEPEST_COLUMN_GROUPS: tuple[str, ...] = max((c.groups for _, _, c in _placed_columns()), key=len)
_COLUMN_GROUP_EXAMPLE = GROUP_SEPARATOR.join(_DEEPEST_COLUMN_GROUPS)

ORGAN = SchemaField(
    "organ",
    "string",
    "机关代号",
    "机关名录中的代号（小写字母、数字和连字符），同一机关各年份相同；对应 organs.csv 的 organ 列。",
    {"required": True, "pattern": ORGAN_SLUG_PATTERN},
)
ORGAN_NAME = SchemaField("organ_name", "string", "机关名称", "机关全称，即报告标题中的机关名称。", {"required": True})
YEAR = SchemaField("year", "year", "年度", "报告所述的年度（公历年）。", {"required": True})

VALUE = SchemaField(
    "value",
    "number",
    "数值",
    f"该单元格的数字，非负。单位为「{_COUNT_UNITS}」的是整数；"
    f"单位为「{_AMOUNT_UNITS}」的（{_AMOUNT_ROWS}）是十进制小数，按报告填报的小数位原样给出，"
    "未经二进制浮点换算。",
    {"required": True, "minimum": 0},
)

# The long table: one record per number of a report.
LONG_FIELDS: tuple[SchemaField, ...] = (
    ORGAN,
    ORGAN_NAME,
    YEAR,
    SchemaField(
        "table",
        "string",
        "表代号",
        "表的代号：" + "；".join(f"{t.key} 为{table_heading(t)}" for t in TABLES) + "。",
        {"required": True, "enum": [t.key for t in TABLES]},
    ),
    SchemaField(
        "table_title",
        "string",
        "表名",
        "表的编号和名称，与报告中的表格标题一致。",
        {"required": True, "enum": [table_heading(t) for t in TABLES]},
    ),
    SchemaField(
        "row",
        "string",
        "行代号",
        "行的代号，在同一张表内唯一，与数据文件中的键相同；各行的含义见数据字典。",
        {"required": True, "enum": _unique([r.key for t in TABLES for r in t.rows])},
    ),
    SchemaField(
        "row_group",
        "string",
        "行所属分组",
        f"该行所属的上级标签，由外到内以「{GROUP_SEPARATOR}」连接（{_ROW_GROUP_EXAMPLES}）；没有上级标签时为空。",
    ),
    SchemaField(
        "row_label",
        "string",
        "行标签",
        "官方格式中的行标签，原文照录。",
        {"required": True, "enum": _unique([r.label for t in TABLES for r in t.rows])},
    ),
    SchemaField(
        "column",
        "string",
        "列代号",
        "列的代号，在同一张表内唯一；各列的含义见数据字典。",
        {"required": True, "enum": _unique([c.key for _, _, c in _placed_columns()])},
    ),
    SchemaField(
        "column_group",
        "string",
        "列所属分组",
        f"该列上方的分组标签，由外到内以「{GROUP_SEPARATOR}」连接（如「{_COLUMN_GROUP_EXAMPLE}」）；没有分组时为空。",
    ),
    SchemaField(
        "column_label",
        "string",
        "列标签",
        "官方格式中的列标签，原文照录。",
        {"required": True, "enum": _unique([c.label for _, _, c in _placed_columns()])},
    ),
    VALUE,
    SchemaField(
        "unit",
        "string",
        "单位",
        "数值的单位。",
        {"required": True, "enum": _UNITS},
    ),
)
LONG_KEY = ("organ", "year", "table", "row", "column")

# The organ registry as published: the registry's own field labels.
ORGAN_TABLE_FIELDS: tuple[SchemaField, ...] = (
    ORGAN,
    SchemaField("name", "string", ORGAN_FIELDS["name"], "机关全称，用于报告标题。", {"required": True, "unique": True}),
    SchemaField("short", "string", ORGAN_FIELDS["short"], "机关简称，用于网站导航。", {"required": True}),
    SchemaField("level", "string", ORGAN_FIELDS["level"], "机关的层级。", {"required": True, "enum": list(LEVELS)}),
    SchemaField("parent", "string", ORGAN_FIELDS["parent"], "上级机关的代号（对应本表 organ 列）；没有时为空。"),
)


def metadata_fields() -> tuple[SchemaField, ...]:
    return tuple(m.field for m in REPORT_METADATA)


def long_fields() -> tuple[SchemaField, ...]:
    """Fields of the long table: organ and year, the report's metadata, then the cell."""
    return LONG_FIELDS[:3] + metadata_fields() + LONG_FIELDS[3:]


def exportable_reports(project: Project) -> list[ReportKey]:
    """Public reports whose checks all pass, in a stable order (organ, then year).

    A report with any error produces no data file, even if a caller forgot to
    stop at the project's errors.
    """
    keys = []
    for key in sorted(project.public_reports()):
        if not any(not f.advisory for f in project.findings_for(key)) and key[0] in project.organs:
            keys.append(key)
    return keys


@cache
def cell_records() -> tuple[tuple[Cell, dict[str, str]], ...]:
    """What the long table says of each cell, whatever the report: ids, labels, groups, unit.

    Made once: every report's lines repeat it, only the value differs.
    """
    out = []
    for table in TABLES:
        for grid in table.grids:
            for row in grid.rows:
                for column in grid.columns:
                    record = {
                        "table": table.key,
                        "table_title": table_heading(table),
                        "row": row.key,
                        "row_group": GROUP_SEPARATOR.join(grid_path(grid, row)),
                        "row_label": row.label,
                        "column": column.key,
                        "column_group": GROUP_SEPARATOR.join(column.groups),
                        "column_label": column.label,
                        "unit": column.unit,
                    }
                    out.append((Cell(table.key, row.key, column.key), record))
    return tuple(out)


def report_head(project: Project, key: ReportKey) -> dict[str, Any]:
    """What every line of a report says of the report: organ, year, publication record."""
    organ, year = key
    head: dict[str, Any] = {"organ": organ, "organ_name": project.organs[organ].name, "year": year}
    head.update(report_metadata(project, key))
    return head


def long_records(project: Project, keys: list[ReportKey]) -> list[dict[str, Any]]:
    """One record per number, reports in the order given, cells in reading order."""
    out = []
    for key in keys:
        head, values = report_head(project, key), project.reports[key].values
        out += [{**head, **record, "value": values[cell]} for cell, record in cell_records()]
    return out


# --- the long table for people: Chinese headers, official labels, no ids ---------

# The long table's fields that the labelled table heads by another name than their
# title (the label itself, where the ids table has both an id and a label).
LABELLED_NAMES = {"table_title": "表", "row_label": "行", "column_label": "列"}
_IDS = ("table", "row", "column")  # the ids only a program needs; their labels stay


def labelled_columns() -> tuple[tuple[str, SchemaField], ...]:
    """The labelled CSV's columns: (the long table's field it shows, the field as headed).

    Every column is a long table field under its Chinese name; its type,
    constraints and description stay the long table's.
    """
    out = []
    for f in long_fields():
        if f.name not in _IDS:
            name = LABELLED_NAMES.get(f.name, f.title)
            out.append((f.name, replace(f, name=name, title=name)))
    return tuple(out)


def labelled_fields() -> tuple[SchemaField, ...]:
    return tuple(f for _, f in labelled_columns())


# A number's line is named by its organ, year, table, row and column (labels are unique within a table).
LABELLED_KEY = tuple(
    dict(labelled_columns())[source].name for source in ("organ", "year", "table_title", "row_label", "column_label")
)


# --- the wide table: one line per report, one column per number -------------------

LEVEL = SchemaField(
    "level", "string", ORGAN_FIELDS["level"], "机关的层级（机关名录中的层级）。", {"enum": list(LEVELS)}
)


def wide_label(table: Table, grid: Grid, row: Row, column: Column) -> str:
    """A number's column header in the wide table: the table, the row's own group, the row, the column.

    E.g. 「表三 / （三）不予公开 / 3.危及“三安全一稳定” / 自然人」. The row's nearest group
    (or 表二's 第二十条 item) tells rows of the same label apart; a table's row labels
    and a grid's column labels are unique, so no two numbers share a header (tested).
    """
    path = grid_path(grid, row)
    return GROUP_SEPARATOR.join((table.name, *path[-1:], row.label, column.label))


@cache
def wide_cells() -> tuple[tuple[Cell, str, Column], ...]:
    """Each number of a report as a column of the wide table, in reading order, with its header."""
    return tuple(
        (Cell(t.key, r.key, c.key), wide_label(t, g, r, c), c)
        for t in TABLES
        for g in t.grids
        for r in g.rows
        for c in g.columns
    )


def wide_report_fields() -> tuple[SchemaField, ...]:
    """The wide table's first columns, naming the report: organ, its name and level, year, record."""
    return (ORGAN, ORGAN_NAME, LEVEL, YEAR, *metadata_fields())


def wide_fields() -> tuple[SchemaField, ...]:
    """Every column of the wide table, named by its Chinese header (as in the sheet)."""
    out = [replace(f, name=f.title) for f in wide_report_fields()]
    for cell, header, column in wide_cells():
        kind = "number" if column.kind == AMOUNT else "integer"
        table = TABLES_BY_KEY[cell.table]
        grid = table.grid_of(cell.row)
        rows = GROUP_SEPARATOR.join((*grid_path(grid, table.row(cell.row)), table.row(cell.row).label))
        columns = GROUP_SEPARATOR.join((*column.groups, column.label))
        description = f"{table_heading(table)}中「{rows}」行、「{columns}」列的数字，单位：{column.unit}。"
        out.append(SchemaField(header, kind, header, description, {"required": True, "minimum": 0}))
    return tuple(out)


def document_tables(values: Callable[[Table, Grid, Row], Any]) -> list[dict[str, Any]]:
    """The tables of a report's document, nested like the tables; `values(table, grid, row)`: a row's numbers.

    One structure for the report's JSON and for the template that writes it fast (export.py).
    """
    tables = []
    for table in TABLES:
        grids = []
        for grid in table.grids:
            columns = [{"id": c.key, "label": c.label, "groups": list(c.groups), "unit": c.unit} for c in grid.columns]
            rows = [
                {"id": row.key, "label": row.label, "groups": list(row.groups), "values": values(table, grid, row)}
                for row in grid.rows
            ]
            grids.append({"id": grid.key, "caption": grid.caption, "columns": columns, "rows": rows})
        tables.append({"id": table.key, "number": table.number, "title": table.title, "grids": grids})
    return tables


def document_head(project: Project, key: ReportKey) -> dict[str, Any]:
    """A report's document but its tables: organ, year, publication record, title, format."""
    return {**report_head(project, key), "title": project.title_of(key), "format": FORMAT_NAME}


def report_document(project: Project, key: ReportKey) -> dict[str, Any]:
    """One report nested like its tables: tables, their sub-tables, rows, values by column."""
    numbers = project.reports[key].values

    def row_values(table: Table, grid: Grid, row: Row) -> dict[str, Any]:
        return {c.key: numbers[Cell(table.key, row.key, c.key)] for c in grid.columns}

    return {**document_head(project, key), "tables": document_tables(row_values)}


def organ_records(project: Project) -> list[dict[str, Any]]:
    """The organ registry, by slug."""
    return [
        {"organ": o.slug, "name": o.name, "short": o.short, "level": o.level, "parent": o.parent}
        for o in sorted(project.organs.values(), key=lambda o: o.slug)
    ]
