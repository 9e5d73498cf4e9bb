"""The rules of the national format, each with a stable id.

A rule yields findings; it never stops at the first. A rule whose operands are
missing (already reported by the loader) stays silent rather than guess.
Each rule is declared in ``catalogue.py`` (its id, title and level) and
registered here with the function that evaluates it: the rules over one
report's tables are declared as data in ``equations.py`` and evaluated by its
generic evaluator (the 填报 page evaluates the same data); the rules across
years are functions below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from macros.check.catalogue import (
    ACROSS_CARRY,
    ACROSS_IN_FORCE,
    T2_REPEALED_NONE_IN_FORCE,
    T2_RULES_LOCAL,
    T3_BALANCE,
    T3_RESULT_TOTAL,
    T3_ROW_TOTAL,
    T4_TOTAL,
)
from macros.check.equations import TABLE_RULES, Check, evaluate
from macros.check.findings import Finding, Rule
from macros.check.load import Organ, Report
from macros.format.national import (
    FIRST_YEAR,
    T2_IN_FORCE,
    T2_ISSUED,
    T2_REPEALED,
    T2_RULES_ROW,
    T3_CARRIED_IN,
    T3_CARRIED_OVER,
    TABLE_2,
    TABLE_3,
    Cell,
    cell_key,
    cells,
)
from macros.format.numbers import Number

ReportRule = Callable[[Report, Organ | None], Iterator[Finding]]
REPORT_RULES: list[tuple[Rule, ReportRule]] = []


def report_rule(rule: Rule) -> Callable[[ReportRule], ReportRule]:
    def register(fn: ReportRule) -> ReportRule:
        REPORT_RULES.append((rule, fn))
        return fn

    return register


def _t3(report: Report, row: str, column: str) -> Number | None:
    return report.value(TABLE_3.key, row, column)


_T3_COLUMNS = TABLE_3.grids[0].columns
_T3_LABEL = {row.key: row.label for row in TABLE_3.rows}


def _all(values: Iterable[Number | None]) -> list[Number] | None:
    out = list(values)
    return None if any(v is None for v in out) else out  # type: ignore[return-value]


def _table_rule(rule: Rule, checks: tuple[Check, ...]) -> ReportRule:
    def check(report: Report, organ: Organ | None) -> Iterator[Finding]:
        level, short = (organ.level, organ.short) if organ else (None, None)
        for hit in evaluate(checks, report.values.get, level, short):
            yield rule.finding(report.path, report.line(_CELL_OF[hit.cell]), hit.message)

    return check


# The rules over one report's tables are data (equations.py), evaluated by one
# generic evaluator here and by the same logic in the 填报 page's script.
_CELL_OF = {cell_key(c): c for c in cells()}
_BY_ID = {rule.id: report_rule(rule)(_table_rule(rule, checks)) for rule, checks in TABLE_RULES}
# By name, for the importer (it runs some of them on candidate values).
check_t3_balance = _BY_ID[T3_BALANCE.id]
check_t3_row_total = _BY_ID[T3_ROW_TOTAL.id]
check_t3_result_total = _BY_ID[T3_RESULT_TOTAL.id]
check_t4_total = _BY_ID[T4_TOTAL.id]
check_t2_rules_local = _BY_ID[T2_RULES_LOCAL.id]
check_t2_repealed = _BY_ID[T2_REPEALED_NONE_IN_FORCE.id]


def check_report(report: Report, organ: Organ | None) -> list[Finding]:
    return [f for _, rule in REPORT_RULES for f in rule(report, organ)]


# --- Across years: one organ's consecutive reports -----------------------------


def check_across_years(previous: Report, report: Report) -> Iterator[Finding]:
    """Continuity between an organ's report and the one for the year before."""
    for column in _T3_COLUMNS:
        before = _t3(previous, T3_CARRIED_OVER, column.key)
        now = _t3(report, T3_CARRIED_IN, column.key)
        if before is None or now is None or before == now:
            continue
        yield ACROSS_CARRY.finding(
            report.path,
            report.line(Cell(TABLE_3.key, T3_CARRIED_IN, column.key)),
            f"{TABLE_3.name}「{_T3_LABEL[T3_CARRIED_IN]}」「{column.label}」应等于 {previous.year} 年报告"
            f"（{previous.path}）的「{_T3_LABEL[T3_CARRIED_OVER]}」；应为 {before}，实为 {now}。",
        )
    for row in TABLE_2.grid_of(T2_RULES_ROW).rows:
        values = _all(
            (
                previous.value(TABLE_2.key, row.key, T2_IN_FORCE),
                report.value(TABLE_2.key, row.key, T2_ISSUED),
                report.value(TABLE_2.key, row.key, T2_REPEALED),
                report.value(TABLE_2.key, row.key, T2_IN_FORCE),
            )
        )
        if values is None:
            continue
        last, issued, repealed, now = values
        if last + issued - repealed != now:
            yield ACROSS_IN_FORCE.finding(
                report.path,
                report.line(Cell(TABLE_2.key, row.key, T2_IN_FORCE)),
                f"{TABLE_2.name}「{row.label}」现行有效件数通常为上年 {last} 件加本年制发 {issued} 件减本年废止 "
                f"{repealed} 件，即 {last + issued - repealed} 件，实为 {now} 件；如有失效或重新清理，可忽略此提示。",
            )


def year_problem(year: int, this_year: int) -> str | None:
    """Why a report cannot exist for `year` under the 2021 format, or None."""
    if year < FIRST_YEAR:
        return (
            f"{year} 年的报告适用 2019 年试行格式；本系统按国办公开办函〔2021〕30号格式生成，"
            f"只收 {FIRST_YEAR} 年及以后的报告。"
        )
    if year > this_year:
        return f"{year} 年尚未开始，不能有该年度的报告（今年是 {this_year} 年）。"
    return None
