"""The rules of the national format, each a small function with a stable id.

A rule yields findings; it never stops at the first. A rule whose operands are
missing (already reported by the loader) stays silent rather than guess.
Each rule is declared in ``catalogue.py`` (its id, title and level) and
registered here with the function that evaluates it.
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
from macros.check.findings import Finding, Rule
from macros.check.load import Organ, Report
from macros.format.national import (
    FIRST_YEAR,
    LEVELS_WITHOUT_RULES,
    T2_IN_FORCE,
    T2_ISSUED,
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
    Cell,
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
_T4_COLUMNS = TABLE_4.grids[0].columns
_T3_LABEL = {row.key: row.label for row in TABLE_3.rows}
# The columns a 总计 adds up, as the messages name them.
_T3_PARTS = "、".join(c.label for c in _T3_COLUMNS if c.key != T3_TOTAL_COLUMN)
_T4_PARTS = "、".join(c.label for c in _T4_COLUMNS if c.key != T4_TOTAL_COLUMN)


def _all(values: Iterable[Number | None]) -> list[Number] | None:
    out = list(values)
    return None if any(v is None for v in out) else out  # type: ignore[return-value]


@report_rule(T3_BALANCE)
def check_t3_balance(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for column in _T3_COLUMNS:
        operands = _all(
            _t3(report, row, column.key) for row in (T3_NEW, T3_CARRIED_IN, T3_RESULTS_TOTAL, T3_CARRIED_OVER)
        )
        if operands is None:
            continue
        new, carried_in, results, carried_over = operands
        if new + carried_in != results + carried_over:
            yield T3_BALANCE.finding(
                report.path,
                report.line(Cell(TABLE_3.key, T3_NEW, column.key)),
                f"{TABLE_3.name}「{column.label}」列勾稽关系不成立：「{_T3_LABEL[T3_NEW]}」（{new}）"
                f"加「{_T3_LABEL[T3_CARRIED_IN]}」（{carried_in}）应等于「{_T3_LABEL[T3_RESULTS_TOTAL]}」"
                f"（{results}）加「{_T3_LABEL[T3_CARRIED_OVER]}」（{carried_over}）；"
                f"应为 {results + carried_over}，实为 {new + carried_in}。",
            )


@report_rule(T3_ROW_TOTAL)
def check_t3_row_total(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for row in TABLE_3.rows:
        parts = _all(_t3(report, row.key, c) for c in T3_PART_COLUMNS)
        total = _t3(report, row.key, T3_TOTAL_COLUMN)
        if parts is None or total is None or sum(parts) == total:
            continue
        yield T3_ROW_TOTAL.finding(
            report.path,
            report.line(Cell(TABLE_3.key, row.key, T3_TOTAL_COLUMN)),
            f"{TABLE_3.name}「{row.label}」的总计应等于{_T3_PARTS}之和；应为 {sum(parts)}，实为 {total}。",
        )


@report_rule(T3_RESULT_TOTAL)
def check_t3_result_total(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for column in _T3_COLUMNS:
        parts = _all(_t3(report, row, column.key) for row in T3_RESULT_ROWS)
        total = _t3(report, T3_RESULTS_TOTAL, column.key)
        if parts is None or total is None or sum(parts) == total:
            continue
        yield T3_RESULT_TOTAL.finding(
            report.path,
            report.line(Cell(TABLE_3.key, T3_RESULTS_TOTAL, column.key)),
            f"{TABLE_3.name}{_T3_LABEL[T3_RESULTS_TOTAL]}「{column.label}」列应等于（一）至（六）各项办理结果之和；"
            f"应为 {sum(parts)}，实为 {total}。",
        )


@report_rule(T4_TOTAL)
def check_t4_total(report: Report, organ: Organ | None) -> Iterator[Finding]:
    part_keys = [c.key for c in _T4_COLUMNS if c.key != T4_TOTAL_COLUMN]
    for row in TABLE_4.rows:
        parts = _all(report.value(TABLE_4.key, row.key, c) for c in part_keys)
        total = report.value(TABLE_4.key, row.key, T4_TOTAL_COLUMN)
        if parts is None or total is None or sum(parts) == total:
            continue
        name = "".join(row.groups) + row.label
        yield T4_TOTAL.finding(
            report.path,
            report.line(Cell(TABLE_4.key, row.key, T4_TOTAL_COLUMN)),
            f"{TABLE_4.name}「{name}」的总计应等于{_T4_PARTS}之和；应为 {sum(parts)}，实为 {total}。",
        )


@report_rule(T2_RULES_LOCAL)
def check_t2_rules_local(report: Report, organ: Organ | None) -> Iterator[Finding]:
    if organ is None or organ.level not in LEVELS_WITHOUT_RULES:
        return
    for column in TABLE_2.grid_of(T2_RULES_ROW).columns:
        value = report.value(TABLE_2.key, T2_RULES_ROW, column.key)
        if value:
            yield T2_RULES_LOCAL.finding(
                report.path,
                report.line(Cell(TABLE_2.key, T2_RULES_ROW, column.key)),
                f"{organ.short}属于{organ.level}，无权制定规章，"
                f"{TABLE_2.name}「{TABLE_2.row(T2_RULES_ROW).label}」「{column.label}」通常应为 0，"
                f"实为 {value}；请核对是否误填了行政规范性文件。",
            )


@report_rule(T2_REPEALED_NONE_IN_FORCE)
def check_t2_repealed(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for row in TABLE_2.grid_of(T2_RULES_ROW).rows:
        repealed = report.value(TABLE_2.key, row.key, T2_REPEALED)
        in_force = report.value(TABLE_2.key, row.key, T2_IN_FORCE)
        if repealed and in_force == 0:
            yield T2_REPEALED_NONE_IN_FORCE.finding(
                report.path,
                report.line(Cell(TABLE_2.key, row.key, T2_IN_FORCE)),
                f"{TABLE_2.name}「{row.label}」本年废止 {repealed} 件，而现行有效件数为 0；请核对是否漏填。",
            )


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
