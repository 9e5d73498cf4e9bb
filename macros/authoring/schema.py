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
from macros.check.catalogue import CATALOGUE
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
    REVIEW_REASON_LIMIT,
    REVIEWS,
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


def _texts(title: str, description: str, error: str) -> dict:
    """What an editor's tool shows: the title and description on hover and completion, the error under a wrong value.

    ``markdownDescription`` is what VS Code and yaml-language-server prefer when
    present; ``errorMessage`` (a yaml-language-server keyword) replaces the
    server's English type, enum, required and unknown-key messages at that level.
    """
    return {
        "title": title,
        "description": description,
        "markdownDescription": f"**{title}**\n\n{description}",
        "errorMessage": error,
    }


def _cell(column: Column, where: str = "") -> dict:
    label = f"{where}的{column.label}" if where else column.label
    if column.kind == AMOUNT:
        what, json_type = f"非负数，单位{column.unit}，可有小数", "number"
    else:
        what, json_type = f"非负整数，单位{column.unit}", "integer"
    return {
        **_texts(
            column.label,
            f"{column.label}：{what}；没有发生填 0。",
            f"{label}应填{what}；没有发生填 0，尚未填写写 null。",
        ),
        "type": [json_type, "null"],
        "minimum": 0,
    }


def _row(table: Table, grid: Grid, row: Row) -> dict:
    label = " / ".join(row.groups + (row.label,))
    where = f"{table.name}" + (f" {grid.caption}" if grid.caption else "")
    named = f"{where}「{label}」"
    if len(grid.columns) == 1:
        schema = _cell(grid.columns[0], named)
        return {**schema, **_texts(label, f"{named}：{schema['description']}", schema["errorMessage"])}
    names = "、".join(c.label for c in grid.columns)
    return {
        **_texts(
            label,
            f"{named}：{len(grid.columns)} 个数值，依次为 {names}。",
            f"{named}应写成 {len(grid.columns)} 个数值的列表 [{', '.join(c.label for c in grid.columns)}]，"
            "数值之间用半角逗号分隔；没有发生填 0。",
        ),
        "type": "array",
        "items": [_cell(c, named) for c in grid.columns],
        "additionalItems": False,
        "minItems": len(grid.columns),
        "maxItems": len(grid.columns),
        # As text, in the flow style of the data files: yaml-language-server cannot insert a `body`
        # holding nulls (its completion of every key of the table fails), and would write a block list.
        "defaultSnippets": [{"label": "空白行", "bodyText": "[" + ", ".join(["null"] * len(grid.columns)) + "]"}],
    }


def _table(table: Table) -> dict:
    return {
        **_texts(
            f"{table.number}、{table.title}",
            f"{table.name}「{table.title}」：每行一个键，行尾注释是官方标签。",
            f"{table.name}「{table.title}」应为“键: 值”的映射，每行一个键：格式规定的 {len(table.rows)} 行都要有，"
            "不能有其他键（可用的键见自动补全）。",
        ),
        "type": "object",
        "properties": {row.key: _row(table, grid, row) for grid in table.grids for row in grid.rows},
        "required": [row.key for row in table.rows],
        "additionalProperties": False,
    }


def _reviews(field: Field, description: str) -> dict:
    """The reviewed: mapping: one key per advisory rule (completion lists them with what each protects)."""
    reason = {
        "type": "string",
        "minLength": 1,
        "maxLength": REVIEW_REASON_LIMIT,
        "pattern": _CHINESE.pattern,
    }
    advisories = [rule for rule in CATALOGUE.values() if rule.advisory]
    error = (
        f"{field.label}只能写提示类规则的编号（可用的编号见自动补全），每条一行「规则编号: 理由」；"
        "错误不能标注已核对，必须改正。"
    )
    return {
        **_texts(field.label, description, error),
        "type": ["object", "null"],
        "properties": {
            rule.id: {
                **_texts(
                    rule.id,
                    f"{rule.title}（写明核对后认为没有问题的理由）",
                    f"[{rule.id}] 的理由应为一段中文文字，不超过 {REVIEW_REASON_LIMIT} 字。",
                ),
                **reason,
            }
            for rule in advisories
        },
        "additionalProperties": False,
    }


def _record_field(field: Field) -> dict:
    """Schema of one record field (status, dates, corrections), from its declared kind."""
    description = f"{field.label}：{field.description}"
    if field.kind == CHOICE:
        error = f"{field.label}只能是{'、'.join(field.choices)}之一。"
        return {**_texts(field.label, description, error), "enum": list(field.choices)}
    if field.kind == DATE:
        error = f"{field.label}应写成 YYYY-MM-DD，例如 2025-01-20。"
        return {**_texts(field.label, description, error), "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if field.kind == CODE:
        error = f"{field.label}只能由字母、数字和 - / . _ 组成，至多 50 个字符。"
        return {**_texts(field.label, description, error), "type": "string", "pattern": f"^{INDEX_NUMBER_PATTERN}$"}
    if field.kind == FINGERPRINT:
        error = f"{field.label}应为 64 位的 sha256 指纹（小写十六进制），照抄检查给出的内容即可。"
        return {**_texts(field.label, description, error), "type": "string", "pattern": "^[0-9a-f]{64}$"}
    if field.kind == CELLS:
        error = (
            f"{field.label}应为映射，每行「表.行.列: [更正前, 更正后]」，例如 proactive.penalty.decisions: [287, 288]。"
        )
        pair = {
            "type": "array",
            "items": {"type": "number", "minimum": 0},
            "minItems": 2,
            "maxItems": 2,
            "errorMessage": "应写成 [更正前, 更正后] 两个非负数值。",
        }
        return {
            **_texts(field.label, description, error),
            "type": "object",
            "propertyNames": {
                "enum": [cell_key(c) for c in cells()],
                "errorMessage": "不是报告中的单元格；应写成「表.行.列」，例如 proactive.penalty.decisions。",
            },
            "additionalProperties": pair,
        }
    if field.kind == REVIEWS:
        return _reviews(field, description)
    if field.kind in (MAPPING, LIST):
        names = "、".join(f"{f.key}（{f.label}）" for f in field.fields)
        required = "、".join(f.key for f in field.fields if f.required)
        entry_error = f"每条{field.label}可写 {names}，其中 {required} 必须写。"
        mapping = {
            "type": "object",
            "properties": {f.key: _record_field(f) for f in field.fields},
            "required": [f.key for f in field.fields if f.required],
            "additionalProperties": False,
            "errorMessage": entry_error,
        }
        if field.kind == MAPPING:
            return {**_texts(field.label, description, entry_error), **mapping}
        error = f"{field.label}应为列表，每条以「- date: 」开头。"
        return {**_texts(field.label, description, error), "type": "array", "items": mapping}
    # Text must say something in Chinese, as the record's loader requires.
    error = f"{field.label}应为一段中文文字，不能为空。"
    return {**_texts(field.label, description, error), "type": "string", "minLength": 1, "pattern": _CHINESE.pattern}


def report_schema() -> dict:
    """Schema of data/reports/<organ>/<year>.yaml."""
    tables = "、".join(f"{t.key}（{t.name}）" for t in TABLES)
    return {
        "$schema": DRAFT,
        "$comment": _GENERATED,
        "title": "政府信息公开工作年度报告数据",
        "description": f"一份报告表二、表三、表四的全部数字，格式依据{FORMAT_NAME}。",
        "errorMessage": f"数据文件须有 status（发布状态）和 {tables}，"
        f"此外只能有 {'、'.join(f.key for f in RECORD_FIELDS if not f.required)}；键的拼写见自动补全。",
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
    # Fields with more than "some text": everything else in ORGAN_FIELDS is text.
    special: dict[str, tuple[dict, str, str]] = {
        "level": (
            {"enum": list(LEVELS)},
            "层级，决定合理性提示（例如县级以下机关不制定规章）。",
            f"层级只能是{'、'.join(LEVELS)}之一。",
        ),
        "parent": (
            {"type": ["string", "null"], "pattern": f"^{ORGAN_SLUG_PATTERN}$"},
            "上级机关的代号（须在本名录中），没有则留空。",
            "上级机关应写它在本名录中的代号（小写字母、数字、连字符），没有则写 null。",
        ),
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

    def one(key: str, label: str) -> dict:
        shape, description, error = special.get(
            key, ({"type": "string", "minLength": 1}, label, f"{label}应为一行文字，不能为空。")
        )
        return {**_texts(label, description, error), **shape}

    every = {**ORGAN_FIELDS, **ORGAN_FLAGS, **ORGAN_DUTY_FIELDS}
    names = "、".join(f"{key}（{label}）" for key, label in every.items())
    organ = {
        "type": "object",
        "properties": {
            **{key: one(key, label) for key, label in ORGAN_FIELDS.items()},
            **{
                key: {**_texts(label, described.get(key, label), f"{label}只能写 true 或 false。"), **flag}
                for key, label in ORGAN_FLAGS.items()
            },
            **{key: {"title": label, **duties[key]} for key, label in ORGAN_DUTY_FIELDS.items()},
        },
        "required": [key for key in ORGAN_FIELDS if key != "parent"],
        "additionalProperties": False,
        "errorMessage": f"每个机关可写 {names}；除 parent 外都必须写。",
    }
    return {
        "$schema": DRAFT,
        "$comment": _GENERATED,
        "title": "机关名录",
        "description": "每个机关一个代号（小写字母、数字、连字符），用于网址和文件夹名。",
        "errorMessage": "机关代号只能由小写字母、数字和连字符组成，每个代号下写一个机关。",
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
