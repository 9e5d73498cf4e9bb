"""Strict loading of the YAML data files, with the line of every value.

PyYAML is used only to compose the node tree: every scalar is then checked and
converted here, so that nothing is guessed (a ``yes`` is not a number, ``010``
is not octal, ``0.1`` never becomes a binary float) and every finding can name
the line it comes from. Shape is checked before any arithmetic rule runs.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from macros.check.catalogue import (
    BLANK,
    MISSING,
    ORGAN_COVERS,
    ORGAN_LEVEL,
    ORGAN_NAME,
    ORGAN_PARENT,
    ORGAN_SLUG,
    ORGAN_YEARS,
    UNKNOWN_KEY,
    WRONG_LENGTH,
    WRONG_SHAPE,
    YAML_SYNTAX,
)
from macros.check.findings import Finding
from macros.check.paths import ORGANS_FILE
from macros.check.reader import DATA_LIMIT, exists, read_text
from macros.check.yamlnodes import (
    FULL_WIDTH,
    TAG,
    clip,
    compose,
    describe,
    full_width_hint,
    line_of,
    mapping_items,
    parse_value,
)
from macros.format.national import (
    COVERS_CHILDREN,
    LEVELS,
    ORGAN_DUTY_FIELDS,
    ORGAN_FIELDS,
    ORGAN_FLAGS,
    ORGAN_NAME_FORBIDDEN,
    ORGAN_SLUG_PATTERN,
    RECORD_FIELDS_BY_KEY,
    RESERVED_SLUGS,
    TABLES,
    TABLES_BY_KEY,
    YEAR_PATTERN,
    Cell,
    Column,
    Table,
    cells,
)
from macros.format.numbers import Number
from macros.record.fields import Record, load_record


@dataclass
class Report:
    """One organ's report for one year: its numbers and where each one is."""

    organ: str
    year: int
    path: str  # as shown in findings, relative to the project root
    values: dict[Cell, Number] = field(default_factory=dict)
    lines: dict[Cell, int] = field(default_factory=dict)
    row_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    # Publication status, date and corrections (record.py).
    record: Record = field(default_factory=Record)

    def line(self, cell: Cell) -> int:
        return self.lines.get(cell) or self.row_lines.get((cell.table, cell.row), 1)

    def row_line(self, table: str, row: str) -> int:
        return self.row_lines.get((table, row), 1)

    def value(self, table: str, row: str, column: str) -> Number | None:
        return self.values.get(Cell(table, row, column))

    # Kept results (check/memo.py) pickle a report a thousand times per check: a complete report's
    # cells, read in the format's order, are kept as their values alone, not as so many Cell objects.
    _PACKED = ("values", "lines")

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        for name in self._PACKED:
            if tuple(state[name]) == _CELLS:
                state[name] = tuple(state[name].values())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in self._PACKED:
            if isinstance(state[name], tuple):
                state[name] = dict(zip(_CELLS, state[name], strict=True))
        self.__dict__.update(state)


# Every cell of the format, in reading order: the format's own objects, which the loader keys a report by.
_CELLS = tuple(cells())


@dataclass(frozen=True)
class Organ:
    slug: str
    name: str
    short: str
    level: str
    parent: str | None
    line: int = field(default=1, compare=False)  # of its slug in the registry
    # Its report is the total of its children's (rule hierarchy-total).
    covers_children: bool = False
    # Which years it must report on this site (ORGAN_DUTY_FIELDS); None: from the site's first year / still.
    reports_here: bool = True
    reports_from: int | None = None
    reports_until: int | None = None

    def must_report(self, year: int, first_year: int) -> bool:
        """Whether this organ's report for `year` is due on this site (whose first year is `first_year`)."""
        return (
            self.reports_here
            and (self.reports_from or first_year) <= year
            and (self.reports_until is None or year <= self.reports_until)
        )


def nearest_key(key: str, allowed: list[str]) -> str | None:
    """The allowed key a misspelt one most likely means (``disclosd`` → ``disclosed``), if any is close."""
    return _nearest(key, tuple(allowed)) if len(key) <= 40 else None


@functools.lru_cache(maxsize=4096)
def _nearest(key: str, allowed: tuple[str, ...]) -> str | None:
    folded = {k.lower().replace("-", "_"): k for k in allowed}
    if key.lower().replace("-", "_") in folded:
        return folded[key.lower().replace("-", "_")]
    close = difflib.get_close_matches(key.lower(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


# Suggestions per file: computing the nearest key is cheap once, not for a file of
# thousands of unknown keys; after these, that file's unknown keys get the plain list.
SUGGESTIONS_PER_FILE = 20


@dataclass
class _Suggestions:
    """How many suggestions one file has had: each load of a file starts its own."""

    left: int = SUGGESTIONS_PER_FILE


def _unknown(
    path: str, key_node: yaml.Node, key: str, where: str, allowed: dict[str, str], budget: _Suggestions
) -> Finding:
    """An unknown key, with the real one it most likely means and its official label; else every key."""
    best = None
    if budget.left > 0:
        budget.left -= 1
        best = nearest_key(key, list(allowed))
    if best is not None:
        hint = f"是不是「{best}」（{allowed[best]}）？键要与格式规定的拼写完全一致"
    else:
        hint = f"可用的键为：{_every_key(tuple(allowed.items()))}"
    return UNKNOWN_KEY.finding(path, line_of(key_node), f"{where}中有未知的键「{clip(key)}」；{hint}。")


@functools.lru_cache(maxsize=64)
def _every_key(allowed: tuple[tuple[str, str], ...]) -> str:
    # Made once per list: a hostile file repeats unknown keys tens of thousands of times.
    return "、".join(f"{k}（{label}）" for k, label in allowed)


@functools.cache
def _data_file_keys() -> dict[str, str]:
    """The keys a data file may have at its top, with their labels."""
    return {
        **{k: f.label for k, f in RECORD_FIELDS_BY_KEY.items()},
        **{t.key: f"{t.name}「{t.title}」" for t in TABLES},
    }


@functools.cache
def _row_keys(table_key: str) -> dict[str, str]:
    """The row keys of a table, with their labels."""
    return {r.key: r.label for r in TABLES_BY_KEY[table_key].rows}


_MISSING_COMMA = re.compile(r"[0-9.]\s+[0-9]")


def _punctuation_problem(path: str, where: str, node: yaml.Node) -> Finding | None:
    """Full-width punctuation or a missing comma in a row's list, found before its numbers are counted.

    `[0，0, 0]` is a list of two, the first being the text 「0，0」: counting it would
    only say that a number is missing, not which character to retype.
    """
    for item in node.value if isinstance(node, yaml.SequenceNode) else [node]:
        if not isinstance(item, yaml.ScalarNode) or item.tag != TAG + "str" or item.style:
            continue
        char = next((c for c in item.value if c in FULL_WIDTH), None)
        line, column = line_of(item), item.start_mark.column + 1
        if char is not None:
            column += item.value.index(char)
            hint = f"{full_width_hint(char)}；数值之间用半角逗号分隔"
            return YAML_SYNTAX.finding(path, line, f"{where}第 {column} 列有全角标点「{char}」：{hint}。")
        if match := _MISSING_COMMA.search(item.value):
            column += match.start() + 1
            hint = f"请写成「{item.value.split()[0]}, …」，用半角逗号分隔"
            return YAML_SYNTAX.finding(path, line, f"{where}第 {column} 列两个数值之间缺少逗号：{hint}。")
    return None


@dataclass(frozen=True)
class _RowLayout:
    """What the format says of one row: its label, its columns and their cells."""

    label: str
    columns: tuple[Column, ...]
    cells: tuple[Cell, ...]  # the format's own Cell objects: a dict finds them by identity, not by __eq__
    labels: tuple[str, ...]  # each cell's name in messages


def _row_layouts() -> dict[tuple[str, str], _RowLayout]:
    """Every row of the format by (table, row) key, built once: the loader reads every row of every report."""
    by_key = {(c.table, c.row, c.column): c for c in _CELLS}
    layouts: dict[tuple[str, str], _RowLayout] = {}
    for table in TABLES:
        for grid in table.grids:
            for row in grid.rows:
                row_cells = tuple(by_key[(table.key, row.key, c.key)] for c in grid.columns)
                labels = tuple(c.label() for c in row_cells)
                layouts[(table.key, row.key)] = _RowLayout(row.label, grid.columns, row_cells, labels)
    return layouts


_ROWS = _row_layouts()


def _load_row(report: Report, table: Table, key: str, node: yaml.Node, findings: list[Finding]) -> None:
    layout = _ROWS[(table.key, key)]
    path = report.path
    report.row_lines[(table.key, key)] = line_of(node)
    where = f"{table.name}「{layout.label}」"
    columns = layout.columns
    if problem := _punctuation_problem(path, where, node):
        findings.append(problem)
        return
    if len(columns) == 1 and not isinstance(node, yaml.SequenceNode):
        items = [node]
    elif isinstance(node, yaml.SequenceNode):
        items = node.value
    elif isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null":
        findings.append(BLANK.finding(path, line_of(node), f"{where}未填写；没有发生的事项请填 0。"))
        return
    else:
        findings.append(
            WRONG_SHAPE.finding(
                path,
                line_of(node),
                f"{where}应为 {len(columns)} 个数值的列表"
                f"[{', '.join(c.label for c in columns)}]，实为{describe(node)}。",
            )
        )
        return
    if len(items) != len(columns):
        findings.append(
            WRONG_LENGTH.finding(
                path,
                line_of(node),
                f"{where}应有 {len(columns)} 个数值（{'、'.join(c.label for c in columns)}），实有 {len(items)} 个。",
            )
        )
        return
    for column, cell, label, item in zip(columns, layout.cells, layout.labels, items, strict=True):
        report.lines[cell] = line_of(item)
        value, problem = parse_value(item, column, label, path)
        if problem:
            findings.append(problem)
        else:
            assert value is not None  # parse_value returns a value or the finding that rejects it
            report.values[cell] = value


def load_report(path: str, text: str, organ: str, year: int) -> tuple[Report, list[Finding]]:
    """Load a report's data; return it with every shape problem found."""
    report = Report(organ=organ, year=year, path=path)
    root, findings = compose(path, text, DATA_LIMIT)
    if findings:
        return report, findings
    if root is None:
        return report, [MISSING.finding(path, 1, "数据文件为空；应包含表二、表三、表四。")]
    present: set[str] = set()
    record_nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    budget = _Suggestions()
    for key, key_node, node in mapping_items(root, path, "数据文件", findings):
        if key in RECORD_FIELDS_BY_KEY:
            record_nodes[key] = (key_node, node)
            continue
        table = TABLES_BY_KEY.get(key)
        if table is None:
            findings.append(_unknown(path, key_node, key, "数据文件", _data_file_keys(), budget))
            continue
        present.add(key)
        report.row_lines[(key, "")] = line_of(key_node)
        rows = {r.key: r for r in table.rows}
        seen_rows: set[str] = set()
        for row_key, row_key_node, row_node in mapping_items(node, path, f"{table.name}", findings):
            if row_key not in rows:
                findings.append(_unknown(path, row_key_node, row_key, f"{table.name}", _row_keys(table.key), budget))
                continue
            seen_rows.add(row_key)
            _load_row(report, table, row_key, row_node, findings)
        for row in table.rows:
            if row.key not in seen_rows and isinstance(node, yaml.MappingNode):
                findings.append(
                    MISSING.finding(path, line_of(key_node), f"{table.name}缺少「{row.label}」这一行（键 {row.key}）。")
                )
    report.record = load_record(path, year, record_nodes, findings)
    for table in TABLES:
        if table.key not in present:
            findings.append(MISSING.finding(path, 1, f"缺少{table.name}「{table.title}」（键 {table.key}）。"))
    return report, findings


def read_report(root: Path, relpath: str, organ: str, year: int) -> tuple[Report, list[Finding]]:
    text, findings = read_text(root, relpath)
    if text is None:
        return Report(organ, year, relpath), findings
    return load_report(relpath, text, organ, year)


def _duty(path: str, slug: str, key: str, node: yaml.Node, findings: list[Finding]) -> int | bool | None:
    """An organ's reporting duty (ORGAN_DUTY_FIELDS): a year, or for reports_here true/false; None if left empty."""
    label = ORGAN_DUTY_FIELDS[key]
    if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null":
        return None
    if key == "reports_here":
        if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "bool" and node.value.lower() in _BOOLEANS:
            return _BOOLEANS[node.value.lower()]
        findings.append(
            ORGAN_YEARS.finding(
                path, line_of(node), f"机关「{slug}」的{label}应为 true 或 false，实为{describe(node)}。"
            )
        )
        return None
    if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "int" and re.fullmatch(YEAR_PATTERN, node.value):
        return int(node.value)
    findings.append(
        ORGAN_YEARS.finding(
            path, line_of(node), f"机关「{slug}」的{label}应为四位数的年份（如 2021），实为{describe(node)}。"
        )
    )
    return None


def load_organs(path: str, text: str) -> tuple[dict[str, Organ], list[Finding]]:
    """Load the organ registry: slug → 全称, 简称, 层级, 上级机关."""
    root, findings = compose(path, text)
    organs: dict[str, Organ] = {}
    if root is None:
        return organs, findings or [MISSING.finding(path, 1, "机关名录为空。")]
    parents: list[tuple[str, str, int]] = []
    covering: dict[str, int] = {}  # slug → line of its covers_children: true
    budget = _Suggestions()
    for slug, slug_node, node in mapping_items(root, path, "机关名录", findings):
        if slug in RESERVED_SLUGS:
            findings.append(
                ORGAN_SLUG.finding(
                    path,
                    line_of(slug_node),
                    f"机关代号「{slug}」是网站自身使用的名称（{'、'.join(sorted(RESERVED_SLUGS))}），请另取一个。",
                )
            )
            continue
        if not re.fullmatch(ORGAN_SLUG_PATTERN, slug):
            findings.append(
                ORGAN_SLUG.finding(
                    path,
                    line_of(slug_node),
                    f"机关代号「{slug}」只能由小写字母、数字和连字符组成（它也是网址的一部分）。",
                )
            )
            continue
        fields: dict[str, str | None] = {}
        flags: dict[str, bool] = {}
        duties: dict[str, tuple[int | bool, int]] = {}  # key → (value, line)
        for key, key_node, value_node in mapping_items(node, path, f"机关「{slug}」", findings):
            if key in ORGAN_FLAGS:
                flag = _organ_flag(path, slug, key, value_node, findings)
                if flag is not None:
                    flags[key] = flag
                if flag and key == COVERS_CHILDREN:
                    covering[slug] = line_of(value_node)
                continue
            if key in ORGAN_DUTY_FIELDS:
                value = _duty(path, slug, key, value_node, findings)
                if value is not None:
                    duties[key] = (value, line_of(value_node))
                continue
            if key not in ORGAN_FIELDS:
                allowed = {**ORGAN_FIELDS, **ORGAN_FLAGS, **ORGAN_DUTY_FIELDS}
                findings.append(_unknown(path, key_node, key, f"机关「{slug}」", allowed, budget))
                continue
            is_null = isinstance(value_node, yaml.ScalarNode) and value_node.tag == TAG + "null"
            if not isinstance(value_node, yaml.ScalarNode) or (not is_null and value_node.tag != TAG + "str"):
                findings.append(
                    WRONG_SHAPE.finding(path, line_of(value_node), f"机关「{slug}」的{ORGAN_FIELDS[key]}应为文字。")
                )
                continue
            fields[key] = None if is_null else value_node.value.strip()
        missing = [label for key, label in ORGAN_FIELDS.items() if key != "parent" and not fields.get(key)]
        if missing:
            findings.append(MISSING.finding(path, line_of(slug_node), f"机关「{slug}」缺少{'、'.join(missing)}。"))
            continue
        bad_name = next(
            (
                (key, match.group(0))
                for key in ("name", "short")
                if (match := re.search(ORGAN_NAME_FORBIDDEN, fields[key] or ""))
            ),
            None,
        )
        if bad_name:
            key, char = bad_name
            findings.append(
                ORGAN_NAME.finding(
                    path,
                    line_of(slug_node),
                    f"机关「{slug}」的{ORGAN_FIELDS[key]}含有不允许的字符「{char}」；"
                    "名称只能由文字、数字和常用标点组成，也不能以 = + - @ 开头。",
                )
            )
            continue
        if fields["level"] not in LEVELS:
            findings.append(
                ORGAN_LEVEL.finding(
                    path,
                    line_of(slug_node),
                    f"机关「{slug}」的层级「{fields['level']}」不在可选范围内：{'、'.join(LEVELS)}。",
                )
            )
            continue
        parent = fields.get("parent")
        if parent:
            parents.append((slug, parent, line_of(slug_node)))
        first, last = duties.get("reports_from"), duties.get("reports_until")
        if first and last and last[0] < first[0]:
            findings.append(
                ORGAN_YEARS.finding(
                    path,
                    last[1],
                    f"机关「{slug}」的{ORGAN_DUTY_FIELDS['reports_until']} {last[0]} 年"
                    f"早于{ORGAN_DUTY_FIELDS['reports_from']} {first[0]} 年。",
                )
            )
            last = None  # the organ stays registered: its reports and subordinates are not orphaned too
        organs[slug] = Organ(
            slug,
            fields["name"],  # type: ignore[arg-type]
            fields["short"],  # type: ignore[arg-type]
            fields["level"],
            parent,
            line_of(slug_node),
            covers_children=flags.get(COVERS_CHILDREN, False),
            reports_here=bool(duties.get("reports_here", (True, 0))[0]),
            reports_from=int(first[0]) if first else None,
            reports_until=int(last[0]) if last else None,
        )
    for slug, parent, line in parents:
        if parent not in organs:
            findings.append(ORGAN_PARENT.finding(path, line, f"机关「{slug}」的上级机关「{parent}」不在名录中。"))
    with_children = {organ.parent for organ in organs.values()}
    for slug, line in covering.items():
        if slug in organs and slug not in with_children:
            findings.append(
                ORGAN_COVERS.finding(
                    path,
                    line,
                    f"机关「{slug}」标为下级机关报告的合计（{COVERS_CHILDREN}: true），"
                    f"但名录中没有上级机关为「{slug}」的机关；"
                    f"请登记它的下级机关（parent: {slug}），或删去这一行。",
                )
            )
    return organs, findings


# YAML 1.1 also reads yes/no/on/off as booleans, YAML 1.2 editors as text: only true and false mean the same to both.
_BOOLEANS = {"true": True, "false": False}


def _organ_flag(path: str, slug: str, key: str, node: yaml.Node, findings: list[Finding]) -> bool | None:
    """A yes-or-no field of an organ, or None with the finding that refuses it."""
    if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "bool" and node.value.lower() in _BOOLEANS:
        return _BOOLEANS[node.value.lower()]
    findings.append(
        ORGAN_COVERS.finding(
            path,
            line_of(node),
            f"机关「{slug}」的{key}（{ORGAN_FLAGS[key]}）只能写 true 或 false，实为{describe(node)}。",
        )
    )
    return None


def read_organs(root: Path) -> tuple[dict[str, Organ], list[Finding]]:
    """The organ registry of the project at `root`, with every finding (a missing file is one)."""
    if not exists(root, ORGANS_FILE):
        return {}, [MISSING.finding(ORGANS_FILE, 1, "找不到机关名录文件。")]
    text, findings = read_text(root, ORGANS_FILE)
    if text is None:
        return {}, findings
    return load_organs(ORGANS_FILE, text)
