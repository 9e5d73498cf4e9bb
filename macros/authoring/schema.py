"""JSON Schemas of the data files, generated from the format declaration.

Editors' tools (VS Code with the YAML extension, and web editors built on the
same language server) read these to autocomplete keys and flag wrong types while
typing. They are committed so that the tools find them without running Python;
``python -m macros schema`` rewrites them, and a test fails when the committed
files differ from what the declaration generates.

A blank cell (null) is valid in the schema on purpose: a freshly scaffolded
report is all blanks, and the check, not the editor, reports 「未填写」.
"""

from __future__ import annotations

import json
from pathlib import Path

from macros.authoring.datafile import SCHEMA_PATH
from macros.check.identity import IDENTITY_FIELDS
from macros.format.national import (
    AMOUNT,
    CELLS,
    CHOICE,
    CODE,
    COVERS_CHILDREN,
    DATE,
    FINGERPRINT,
    FORMAT_NAME,
    INDEX_NUMBER_PATTERN,
    LEVELS,
    LIST,
    MAPPING,
    ORGAN_DUTY_FIELDS,
    ORGAN_FIELDS,
    ORGAN_FLAGS,
    ORGAN_SLUG_PATTERN,
    RECORD_FIELDS,
    TABLES,
    Column,
    Field,
    Grid,
    Row,
    Table,
    cell_key,
    cells,
)
from macros.record.fields import _CHINESE

# Draft-07: the newest draft that every YAML language server in use understands.
DRAFT = "http://json-schema.org/draft-07/schema#"
REPORT_SCHEMA = SCHEMA_PATH
ORGANS_SCHEMA = "schema/organs.schema.json"
SITE_SCHEMA = "schema/site.schema.json"
_GENERATED = "由 python -m macros schema 根据 macros/format/national.py 生成，请勿手工修改。"


def _cell(column: Column) -> dict:
    if column.kind == AMOUNT:
        return {
            "title": column.label,
            "description": f"{column.label}：非负数，单位{column.unit}，可有小数；没有发生填 0。",
            "type": ["number", "null"],
            "minimum": 0,
        }
    return {
        "title": column.label,
        "description": f"{column.label}：非负整数，单位{column.unit}；没有发生填 0。",
        "type": ["integer", "null"],
        "minimum": 0,
    }


def _row(table: Table, grid: Grid, row: Row) -> dict:
    label = " / ".join(row.groups + (row.label,))
    where = f"{table.name}" + (f" {grid.caption}" if grid.caption else "")
    if len(grid.columns) == 1:
        schema = _cell(grid.columns[0])
        return {**schema, "title": label, "description": f"{where}「{label}」：{schema['description']}"}
    names = "、".join(c.label for c in grid.columns)
    return {
        "title": label,
        "description": f"{where}「{label}」：{len(grid.columns)} 个数值，依次为 {names}。",
        "type": "array",
        "items": [_cell(c) for c in grid.columns],
        "additionalItems": False,
        "minItems": len(grid.columns),
        "maxItems": len(grid.columns),
        "defaultSnippets": [{"label": "空白行", "body": [None] * len(grid.columns)}],
    }


def _table(table: Table) -> dict:
    return {
        "title": f"{table.number}、{table.title}",
        "description": f"{table.name}「{table.title}」：每行一个键，行尾注释是官方标签。",
        "type": "object",
        "properties": {row.key: _row(table, grid, row) for grid in table.grids for row in grid.rows},
        "required": [row.key for row in table.rows],
        "additionalProperties": False,
    }


def _record_field(field: Field) -> dict:
    """Schema of one record field (status, dates, corrections), from its declared kind."""
    base = {"title": field.label, "description": f"{field.label}：{field.description}"}
    if field.kind == CHOICE:
        return {**base, "enum": list(field.choices)}
    if field.kind == DATE:
        return {**base, "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if field.kind == CODE:
        return {**base, "type": "string", "pattern": f"^{INDEX_NUMBER_PATTERN}$"}
    if field.kind == FINGERPRINT:
        return {**base, "type": "string", "pattern": "^[0-9a-f]{64}$"}
    if field.kind == CELLS:
        pair = {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 2, "maxItems": 2}
        return {
            **base,
            "type": "object",
            "propertyNames": {"enum": [cell_key(c) for c in cells()]},
            "additionalProperties": pair,
        }
    if field.kind in (MAPPING, LIST):
        mapping = {
            "type": "object",
            "properties": {f.key: _record_field(f) for f in field.fields},
            "required": [f.key for f in field.fields if f.required],
            "additionalProperties": False,
        }
        return {**base, **mapping} if field.kind == MAPPING else {**base, "type": "array", "items": mapping}
    # Text must say something in Chinese, as the record's loader requires.
    return {**base, "type": "string", "minLength": 1, "pattern": _CHINESE.pattern}


def report_schema() -> dict:
    """Schema of data/reports/<organ>/<year>.yaml."""
    return {
        "$schema": DRAFT,
        "$comment": _GENERATED,
        "title": "政府信息公开工作年度报告数据",
        "description": f"一份报告表二、表三、表四的全部数字，格式依据{FORMAT_NAME}。",
        "type": "object",
        "properties": {
            **{field.key: _record_field(field) for field in RECORD_FIELDS},
            **{table.key: _table(table) for table in TABLES},
        },
        "required": [*(f.key for f in RECORD_FIELDS if f.required), *(table.key for table in TABLES)],
        "additionalProperties": False,
    }


def organs_schema() -> dict:
    """Schema of data/organs.yaml."""
    text = {"type": "string", "minLength": 1}
    # Fields with more than "some text": everything else in ORGAN_FIELDS is text.
    special = {
        "level": {"enum": list(LEVELS), "description": "层级，决定合理性提示（例如县级以下机关不制定规章）。"},
        "parent": {
            "type": ["string", "null"],
            "pattern": f"^{ORGAN_SLUG_PATTERN}$",
            "description": "上级机关的代号（须在本名录中），没有则留空。",
        },
    }
    flag = {"type": "boolean", "default": False}
    described = {
        COVERS_CHILDREN: "写 true 表示本机关的报告是全部下级机关（parent 为本机关）报告的合计，"
        "检查逐项核对；不写即为 false。"
    }
    # Four-digit years as YEAR_PATTERN (19xx, 20xx), which the loader checks.
    year: dict = {"type": ["integer", "null"], "minimum": 1900, "maximum": 2099}
    duties: dict[str, dict] = {
        "reports_here": {
            "type": "boolean",
            "description": "false：该机关的年报不在本站发布（例如只作为上级机关登记），发布情况页不列出它；默认 true。",
        },
        "reports_from": {**year, "description": "从哪一年度起应在本站发布年报；留空则为本站收录的每一年度。"},
        "reports_until": {**year, "description": "应发布年报的最后一个年度（撤销或合并时填写）；留空则一直应发布。"},
    }
    organ = {
        "type": "object",
        "properties": {
            **{
                key: {"title": label, "description": label, **special.get(key, text)}
                for key, label in ORGAN_FIELDS.items()
            },
            **{
                key: {"title": label, "description": described.get(key, label), **flag}
                for key, label in ORGAN_FLAGS.items()
            },
            **{key: {"title": label, **duties[key]} for key, label in ORGAN_DUTY_FIELDS.items()},
        },
        "required": [key for key in ORGAN_FIELDS if key != "parent"],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$comment": _GENERATED,
        "title": "机关名录",
        "description": "每个机关一个代号（小写字母、数字、连字符），用于网址和文件夹名。",
        "type": "object",
        "patternProperties": {f"^{ORGAN_SLUG_PATTERN}$": organ},
        "additionalProperties": False,
    }


def site_schema() -> dict:
    """Schema of data/site.yaml: every field optional, one line of its declared shape (check/identity.py)."""
    fields = {
        f.key: {
            "title": f.label,
            "description": f"{f.label}（可选），例如 {f.example}",
            "type": ["string", "null"],
            "maxLength": f.limit,
            "pattern": f"^{f.pattern}$",
        }
        for f in IDENTITY_FIELDS
    }
    return {
        "$schema": DRAFT,
        "$comment": _GENERATED,
        "title": "网站信息",
        "description": "主办单位、网站标识码、备案号、联系方式和标识图片，显示在每一页的页首和页脚；每一项都可以不写。",
        "type": ["object", "null"],
        "properties": fields,
        "additionalProperties": False,
    }


SCHEMAS = {REPORT_SCHEMA: report_schema, ORGANS_SCHEMA: organs_schema, SITE_SCHEMA: site_schema}


def render_schema(schema: dict) -> str:
    # Stable text: committed files diff cleanly and the test compares bytes.
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def stale_schemas(root: Path) -> list[str]:
    """Schema files that are missing or differ from what the declaration generates."""
    stale = []
    for path, make in SCHEMAS.items():
        target = root / path
        if not target.is_file() or target.read_text(encoding="utf-8") != render_schema(make()):
            stale.append(path)
    return stale


def write_schemas(root: Path) -> list[str]:
    """Write every schema that changed; return their paths."""
    changed = stale_schemas(root)
    for path in changed:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(render_schema(SCHEMAS[path]()), encoding="utf-8")
    return changed
