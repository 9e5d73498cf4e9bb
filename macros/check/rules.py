"""The rules of the national format, each a small function with a stable id.

A rule yields findings; it never stops at the first. A rule whose operands are
missing (already reported by the loader) stays silent rather than guess.
``CATALOGUE`` lists every rule id the project can report, loader ones included,
so the rules reference and the tests can make sure none is undocumented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from macros.check.findings import Finding
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


@dataclass(frozen=True)
class Rule:
    id: str
    title: str  # what it protects, in Chinese, for the rules reference
    advisory: bool = False


CATALOGUE: dict[str, Rule] = {}


def _declare(rule_id: str, title: str, advisory: bool = False) -> Rule:
    rule = Rule(rule_id, title, advisory)
    CATALOGUE[rule_id] = rule
    return rule


# Shape rules, reported by the loader and the page checks.
for _id, _title in (
    ("yaml-syntax", "数据文件必须是合法的 YAML。"),
    ("encoding", "文件必须以 UTF-8 编码保存。"),
    ("duplicate-key", "同一位置不能出现两个相同的键，否则其中一个值会悄悄丢失。"),
    ("unknown-key", "只允许格式规定的表、行和字段，防止拼错的键被忽略。"),
    ("missing", "格式规定的每一张表、每一行都必须出现。"),
    ("wrong-shape", "每一行必须按规定写成数值列表（单列的行写一个数值）。"),
    ("wrong-length", "每一行的数值个数必须等于该表的列数。"),
    ("blank", "每个单元格都必须填写；没有发生的事项填 0，空白是缺陷。"),
    ("not-number", "单元格只能填十进制数字，不能是文字、布尔值或带引号的数字。"),
    ("not-integer", "件数必须是整数；只有收费金额（万元）可以有小数。"),
    ("negative", "数值不能为负数。"),
    ("organ-slug", "机关代号只能由小写字母、数字和连字符组成。"),
    ("organ-level", "机关层级必须是规定的层级之一。"),
    ("organ-name", "机关全称和简称只能由文字、数字和常用标点组成，不能含有网页标记或公式符号。"),
    ("report-year", "报告年度必须在现行格式适用的 2021 年及以后，且不能晚于今年。"),
    ("organ-parent", "上级机关必须在机关名录中。"),
    ("organ-unknown", "报告所属机关必须在机关名录中。"),
    ("page-without-data", "每个报告页面都必须有对应的数据文件。"),
    ("data-without-page", "每个数据文件都必须有对应的报告页面。"),
    ("page-parts", "报告必须按顺序包含格式规定的六个部分。"),
    ("page-table", "第二、三、四部分必须各自插入对应的统计表。"),
    ("part-blank", "第一、五、六部分必须写有正文；新建报告时的填写提示不算正文。"),
    ("narrative-contradiction", "正文说“未接到申请”时，表三不能有新收申请。"),
):
    _declare(_id, _title)
# The report's record: status, publication, corrections (record.py, ledger.py).
for _id, _title in (
    ("record-status", "报告必须标明发布状态（草稿、已发布、已撤回），并与发布日期、撤回记录一致。"),
    ("record-date", "发布、更正、撤回日期必须写成 YYYY-MM-DD，且是真实的日期。"),
    ("record-text", "更正说明和撤回理由必须用中文写明，不能为空。"),
    ("record-order", "报告在年度结束后发布；更正和撤回在发布之后，按日期先后排列。"),
    ("record-unlocked", "已发布的报告必须登记在发布记录 data/published.lock 中（由 python -m macros publish 登记）。"),
    ("record-deleted", "登记在发布记录中的报告不能删除；撤回须登记为已撤回并写明理由。"),
    ("record-snapshot", "首次发布的原文必须原样保存在 data/published/ 中，且与发布记录中的指纹一致。"),
    ("silent-edit", "已发布报告的数字和正文不能悄悄改动：每一处改动都必须有更正记录，错别字也不例外。"),
    ("correction-entry", "更正记录必须如实列出更正的数字（更正前、更正后）和更正后的正文指纹。"),
    ("lock-syntax", "发布记录中的每一项必须含发布日期和两个指纹，只能由命令写入。"),
    ("history-rewritten", "与目标分支相比，已登记的发布记录、更正记录和撤回只能追加，不能改写或删除。"),
):
    _declare(_id, _title)
for _id, _title in (
    ("part-variant", "部分标题使用了真实报告中常见的变体写法，建议改为格式规定的标题。"),
    ("part6-fee", "第六部分应说明信息处理费的收取情况（即使未收取）。"),
    ("stray-latin", "中文正文中夹着的小写英文单词（如“程序 and 责任人”）多是编辑遗留，应核对改正。"),
    ("outdated-citation", "2021 年以后的报告应引用国办公开办函〔2021〕30号，而不是〔2019〕60号。"),
):
    _declare(_id, _title, advisory=True)


ReportRule = Callable[[Report, Organ | None], Iterator[Finding]]
REPORT_RULES: list[tuple[Rule, ReportRule]] = []


def report_rule(rule_id: str, title: str, advisory: bool = False) -> Callable[[ReportRule], ReportRule]:
    rule = _declare(rule_id, title, advisory)

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


@report_rule("t3-balance", "表三每一列的勾稽关系：第一项加第二项之和，等于第三项（七）总计加第四项之和。")
def check_t3_balance(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for column in _T3_COLUMNS:
        operands = _all(
            _t3(report, row, column.key) for row in (T3_NEW, T3_CARRIED_IN, T3_RESULTS_TOTAL, T3_CARRIED_OVER)
        )
        if operands is None:
            continue
        new, carried_in, results, carried_over = operands
        if new + carried_in != results + carried_over:
            yield Finding(
                report.path,
                report.line(Cell(TABLE_3.key, T3_NEW, column.key)),
                "t3-balance",
                f"表三「{column.label}」列勾稽关系不成立：「{_T3_LABEL[T3_NEW]}」（{new}）"
                f"加「{_T3_LABEL[T3_CARRIED_IN]}」（{carried_in}）应等于「{_T3_LABEL[T3_RESULTS_TOTAL]}」"
                f"（{results}）加「{_T3_LABEL[T3_CARRIED_OVER]}」（{carried_over}）；"
                f"应为 {results + carried_over}，实为 {new + carried_in}。",
            )


@report_rule("t3-row-total", "表三每一行的总计等于自然人与五类法人或其他组织之和。")
def check_t3_row_total(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for row in TABLE_3.rows:
        parts = _all(_t3(report, row.key, c) for c in T3_PART_COLUMNS)
        total = _t3(report, row.key, T3_TOTAL_COLUMN)
        if parts is None or total is None or sum(parts) == total:
            continue
        yield Finding(
            report.path,
            report.line(Cell(TABLE_3.key, row.key, T3_TOTAL_COLUMN)),
            "t3-row-total",
            f"表三「{row.label}」的总计应等于{_T3_PARTS}之和；应为 {sum(parts)}，实为 {total}。",
        )


@report_rule("t3-result-total", "表三（七）总计等于 21 个办理结果行之和（每列）。")
def check_t3_result_total(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for column in _T3_COLUMNS:
        parts = _all(_t3(report, row, column.key) for row in T3_RESULT_ROWS)
        total = _t3(report, T3_RESULTS_TOTAL, column.key)
        if parts is None or total is None or sum(parts) == total:
            continue
        yield Finding(
            report.path,
            report.line(Cell(TABLE_3.key, T3_RESULTS_TOTAL, column.key)),
            "t3-result-total",
            f"表三{_T3_LABEL[T3_RESULTS_TOTAL]}「{column.label}」列应等于（一）至（六）各项办理结果之和；"
            f"应为 {sum(parts)}，实为 {total}。",
        )


@report_rule("t4-total", "表四行政复议、未经复议直接起诉、复议后起诉的总计各等于其四种结果之和。")
def check_t4_total(report: Report, organ: Organ | None) -> Iterator[Finding]:
    part_keys = [c.key for c in _T4_COLUMNS if c.key != T4_TOTAL_COLUMN]
    for row in TABLE_4.rows:
        parts = _all(report.value(TABLE_4.key, row.key, c) for c in part_keys)
        total = report.value(TABLE_4.key, row.key, T4_TOTAL_COLUMN)
        if parts is None or total is None or sum(parts) == total:
            continue
        name = "".join(row.groups) + row.label
        yield Finding(
            report.path,
            report.line(Cell(TABLE_4.key, row.key, T4_TOTAL_COLUMN)),
            "t4-total",
            f"表四「{name}」的总计应等于{_T4_PARTS}之和；应为 {sum(parts)}，实为 {total}。",
        )


@report_rule(
    "t2-rules-local",
    "只有国务院部门和省、设区的市人民政府制定规章；县级及以下机关表二「规章」通常应为 0。",
    advisory=True,
)
def check_t2_rules_local(report: Report, organ: Organ | None) -> Iterator[Finding]:
    if organ is None or organ.level not in LEVELS_WITHOUT_RULES:
        return
    for column in TABLE_2.grid_of(T2_RULES_ROW).columns:
        value = report.value(TABLE_2.key, T2_RULES_ROW, column.key)
        if value:
            yield Finding(
                report.path,
                report.line(Cell(TABLE_2.key, T2_RULES_ROW, column.key)),
                "t2-rules-local",
                f"{organ.short}属于{organ.level}，无权制定规章，表二「规章」「{column.label}」通常应为 0，"
                f"实为 {value}；请核对是否误填了行政规范性文件。",
                advisory=True,
            )


@report_rule(
    "t2-repealed-none-in-force",
    "表二本年废止件数大于 0 而现行有效件数为 0，较为少见，请核对。",
    advisory=True,
)
def check_t2_repealed(report: Report, organ: Organ | None) -> Iterator[Finding]:
    for row in TABLE_2.grid_of(T2_RULES_ROW).rows:
        repealed = report.value(TABLE_2.key, row.key, T2_REPEALED)
        in_force = report.value(TABLE_2.key, row.key, T2_IN_FORCE)
        if repealed and in_force == 0:
            yield Finding(
                report.path,
                report.line(Cell(TABLE_2.key, row.key, T2_IN_FORCE)),
                "t2-repealed-none-in-force",
                f"表二「{row.label}」本年废止 {repealed} 件，而现行有效件数为 0；请核对是否漏填。",
                advisory=True,
            )


def check_report(report: Report, organ: Organ | None) -> list[Finding]:
    return [f for _, rule in REPORT_RULES for f in rule(report, organ)]


# --- Across years: one organ's consecutive reports -----------------------------

_declare("across-carry", "本年「二、上年结转」每列等于上一年报告的「四、结转下年度继续办理」。")
_declare(
    "across-in-force",
    "现行有效件数通常等于上一年现行有效件数加本年制发、减本年废止。",
    advisory=True,
)


def check_across_years(previous: Report, report: Report) -> Iterator[Finding]:
    """Continuity between an organ's report and the one for the year before."""
    for column in _T3_COLUMNS:
        before = _t3(previous, T3_CARRIED_OVER, column.key)
        now = _t3(report, T3_CARRIED_IN, column.key)
        if before is None or now is None or before == now:
            continue
        yield Finding(
            report.path,
            report.line(Cell(TABLE_3.key, T3_CARRIED_IN, column.key)),
            "across-carry",
            f"表三「{_T3_LABEL[T3_CARRIED_IN]}」「{column.label}」应等于 {previous.year} 年报告"
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
            yield Finding(
                report.path,
                report.line(Cell(TABLE_2.key, row.key, T2_IN_FORCE)),
                "across-in-force",
                f"表二「{row.label}」现行有效件数通常为上年 {last} 件加本年制发 {issued} 件减本年废止 "
                f"{repealed} 件，即 {last + issued - repealed} 件，实为 {now} 件；如有失效或重新清理，可忽略此提示。",
                advisory=True,
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
