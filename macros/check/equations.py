"""The table rules as data: declared once, evaluated here and by the 填报 page's script.

Each rule of the catalogue that only looks at one report's cells is a list of
checks. A check fires when every one of its comparisons holds; a comparison
puts two sums of cells side by side, ``sum(left) != sum(right)`` or ``==`` (an empty side is 0). A
check whose cells are not all filled in stays silent (the loader reports them).
A check may apply only to organs of some levels.

Its message is a template: ``{<table>.<row>.<column>}`` is that cell's value,
``{expected}`` and ``{actual}`` the sums of its first comparison's right and left
side, ``{short}`` and ``{level}`` the organ's short name and level.

``checks_json()`` is what the site's page evaluates (docs/assets/nianbao-form.js,
function ``evaluate``) with the same logic as ``evaluate`` below; a browser test
runs both over many reports and compares their findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from macros.check.catalogue import (
    T2_REPEALED_NONE_IN_FORCE,
    T2_RULES_LOCAL,
    T3_BALANCE,
    T3_RESULT_TOTAL,
    T3_ROW_TOTAL,
    T4_TOTAL,
)
from macros.check.findings import Rule
from macros.format.national import (
    COUNT,
    LEVELS,
    LEVELS_WITHOUT_RULES,
    T2_IN_FORCE,
    T2_REPEALED,
    T2_RULES_ROW,
    T3_CARRIED_IN,
    T3_CARRIED_OVER,
    T3_NEW,
    T3_PART_COLUMNS,
    T3_RESULT_ROWS,
    T3_RESULTS_TOTAL,
    T3_TOTAL_COLUMN,
    T4_TOTAL_COLUMN,
    TABLE_2,
    TABLE_3,
    TABLE_4,
    TABLES_BY_KEY,
    Cell,
    cell_key,
    cell_of_key,
    cells,
)
from macros.format.numbers import Number, format_number

NOT_EQUAL, EQUAL = "!=", "=="
OPERATORS = (NOT_EQUAL, EQUAL)
# A placeholder of a message: a cell key, or one of the names below.
PLACEHOLDER = r"\{([a-z0-9_.]+)\}"
NAMES = ("expected", "actual", "short", "level")


@dataclass(frozen=True)
class Comparison:
    left: tuple[str, ...]
    op: str
    right: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    rule: Rule
    cell: str  # the cell the finding is reported at
    tests: tuple[Comparison, ...]
    message: str
    levels: tuple[str, ...] = ()  # not empty: only for an organ of one of these levels


@dataclass(frozen=True)
class Hit:
    """A check that fired: where, what was expected and found, and its message."""

    rule: str
    cell: str
    expected: Number
    actual: Number
    message: str


def _key(table: str, row: str, column: str) -> str:
    return cell_key(Cell(table, row, column))


def _t3(row: str, column: str) -> str:
    return _key(TABLE_3.key, row, column)


_T3_COLUMNS = TABLE_3.grids[0].columns
_T4_COLUMNS = TABLE_4.grids[0].columns
_T3_LABEL = {row.key: row.label for row in TABLE_3.rows}
# The columns a 总计 adds up, as the messages name them.
_T3_PARTS = "、".join(c.label for c in _T3_COLUMNS if c.key != T3_TOTAL_COLUMN)
_T4_PART_COLUMNS = tuple(c.key for c in _T4_COLUMNS if c.key != T4_TOTAL_COLUMN)
_T4_PARTS = "、".join(c.label for c in _T4_COLUMNS if c.key != T4_TOTAL_COLUMN)


def _t3_balance() -> Iterator[Check]:
    new, carried_in, results, carried_over = (
        _T3_LABEL[k] for k in (T3_NEW, T3_CARRIED_IN, T3_RESULTS_TOTAL, T3_CARRIED_OVER)
    )
    for column in _T3_COLUMNS:
        cells = [_t3(row, column.key) for row in (T3_NEW, T3_CARRIED_IN, T3_RESULTS_TOTAL, T3_CARRIED_OVER)]
        yield Check(
            T3_BALANCE,
            cells[0],
            (Comparison((cells[0], cells[1]), NOT_EQUAL, (cells[2], cells[3])),),
            f"{TABLE_3.name}「{column.label}」列勾稽关系不成立：「{new}」（{{{cells[0]}}}）"
            f"加「{carried_in}」（{{{cells[1]}}}）应等于「{results}」"
            f"（{{{cells[2]}}}）加「{carried_over}」（{{{cells[3]}}}）；"
            "应为 {expected}，实为 {actual}。",
        )


def _t3_row_total() -> Iterator[Check]:
    for row in TABLE_3.rows:
        total = _t3(row.key, T3_TOTAL_COLUMN)
        yield Check(
            T3_ROW_TOTAL,
            total,
            (Comparison((total,), NOT_EQUAL, tuple(_t3(row.key, c) for c in T3_PART_COLUMNS)),),
            f"{TABLE_3.name}「{row.label}」的总计应等于{_T3_PARTS}之和；应为 {{expected}}，实为 {{actual}}。",
        )


def _t3_result_total() -> Iterator[Check]:
    for column in _T3_COLUMNS:
        total = _t3(T3_RESULTS_TOTAL, column.key)
        yield Check(
            T3_RESULT_TOTAL,
            total,
            (Comparison((total,), NOT_EQUAL, tuple(_t3(row, column.key) for row in T3_RESULT_ROWS)),),
            f"{TABLE_3.name}{_T3_LABEL[T3_RESULTS_TOTAL]}「{column.label}」列应等于（一）至（六）各项办理结果之和；"
            "应为 {expected}，实为 {actual}。",
        )


def _t4_total() -> Iterator[Check]:
    for row in TABLE_4.rows:
        total = _key(TABLE_4.key, row.key, T4_TOTAL_COLUMN)
        name = "".join(row.groups) + row.label
        yield Check(
            T4_TOTAL,
            total,
            (Comparison((total,), NOT_EQUAL, tuple(_key(TABLE_4.key, row.key, c) for c in _T4_PART_COLUMNS)),),
            f"{TABLE_4.name}「{name}」的总计应等于{_T4_PARTS}之和；应为 {{expected}}，实为 {{actual}}。",
        )


def _t2_rules_local() -> Iterator[Check]:
    label = TABLE_2.row(T2_RULES_ROW).label
    for column in TABLE_2.grid_of(T2_RULES_ROW).columns:
        cell = _key(TABLE_2.key, T2_RULES_ROW, column.key)
        yield Check(
            T2_RULES_LOCAL,
            cell,
            (Comparison((cell,), NOT_EQUAL),),
            "{short}属于{level}，无权制定规章，"
            f"{TABLE_2.name}「{label}」「{column.label}」通常应为 0，"
            f"实为 {{{cell}}}；请核对是否误填了行政规范性文件。",
            levels=tuple(level for level in LEVELS if level in LEVELS_WITHOUT_RULES),
        )


def _t2_repealed() -> Iterator[Check]:
    for row in TABLE_2.grid_of(T2_RULES_ROW).rows:
        repealed = _key(TABLE_2.key, row.key, T2_REPEALED)
        in_force = _key(TABLE_2.key, row.key, T2_IN_FORCE)
        yield Check(
            T2_REPEALED_NONE_IN_FORCE,
            in_force,
            (Comparison((repealed,), NOT_EQUAL), Comparison((in_force,), EQUAL)),
            f"{TABLE_2.name}「{row.label}」本年废止 {{{repealed}}} 件，而现行有效件数为 0；请核对是否漏填。",
        )


# The rules of one report's tables, in the order their findings are listed.
TABLE_RULES: tuple[tuple[Rule, tuple[Check, ...]], ...] = tuple(
    (checks[0].rule, checks)
    for checks in (
        tuple(_t3_balance()),
        tuple(_t3_row_total()),
        tuple(_t3_result_total()),
        tuple(_t4_total()),
        tuple(_t2_rules_local()),
        tuple(_t2_repealed()),
    )
)


def _validate() -> None:
    """The declarations are well formed: known count cells, known operators and placeholders."""
    for _, checks in TABLE_RULES:
        for check in checks:
            keys = {check.cell, *(k for t in check.tests for k in (*t.left, *t.right))}
            for key in keys:
                cell = cell_of_key(key)
                assert cell is not None, key
                column = next(c for c in TABLES_BY_KEY[cell.table].grid_of(cell.row).columns if c.key == cell.column)
                # Counts only: integers, summed exactly by both evaluators (the page's with BigInt).
                assert column.kind == COUNT, key
            assert check.tests and all(t.op in OPERATORS for t in check.tests), check
            for name in re.findall(PLACEHOLDER, check.message):
                assert name in NAMES or cell_of_key(name) is not None, name
            assert re.sub(PLACEHOLDER, "", check.message).count("{") == 0, check.message


_validate()


# --- The evaluator -------------------------------------------------------------

_COMPILED: dict[tuple[str, ...], tuple[Cell, ...]] = {}
# The format's own Cell objects, which the loader keys a report's values by: found by identity, not by __eq__.
_FORMAT_CELLS = {cell_key(c): c for c in cells()}


def _sum(keys: tuple[str, ...], value: Callable[[Cell], Number | None]) -> Number | None:
    """The sum of the cells, or None when one is not filled in."""
    operands = _COMPILED.get(keys)
    if operands is None:  # parsed once: the checker evaluates every check of every report
        operands = _COMPILED[keys] = tuple(c for c in map(_FORMAT_CELLS.get, keys) if c is not None)
    total: Number = 0
    for cell in operands:
        operand = value(cell)
        if operand is None:
            return None
        total += operand
    return total


def evaluate(
    checks: tuple[Check, ...], value: Callable[[Cell], Number | None], level: str | None, short: str | None
) -> Iterator[Hit]:
    """The checks that fire on a report whose cells `value` gives (None: not filled in)."""
    for check in checks:
        if check.levels and level not in check.levels:
            continue
        sums = [(_sum(test.left, value), _sum(test.right, value)) for test in check.tests]
        if any(left is None or right is None for left, right in sums):
            continue  # a cell not filled in: silent
        if all(
            (left != right) == (test.op == NOT_EQUAL) for test, (left, right) in zip(check.tests, sums, strict=True)
        ):
            actual, expected = sums[0]
            assert actual is not None and expected is not None
            names = {
                "expected": format_number(expected),
                "actual": format_number(actual),
                "short": short or "",
                "level": level or "",
            }

            def fill(match: re.Match[str], names: dict[str, str] = names) -> str:
                name = match.group(1)
                if name in names:
                    return names[name]
                operand = _sum((name,), value)
                return "" if operand is None else format_number(operand)

            yield Hit(check.rule.id, check.cell, expected, actual, re.sub(PLACEHOLDER, fill, check.message))


def checks_json() -> dict[str, object]:
    """The declarations as the page reads them (JSON)."""
    return {
        "placeholder": PLACEHOLDER,
        "rules": [
            {
                "id": rule.id,
                "title": rule.title,
                "advisory": rule.advisory,
                "checks": [
                    {
                        "cell": c.cell,
                        "tests": [{"left": list(t.left), "op": t.op, "right": list(t.right)} for t in c.tests],
                        "message": c.message,
                        "levels": list(c.levels),
                    }
                    for c in checks
                ],
            }
            for rule, checks in TABLE_RULES
        ],
    }
