"""A report's record: publication status, publication date, corrections, withdrawal.

These are the top-level keys of a report's data file declared in
``format.RECORD_FIELDS``; this module loads them as strictly as the numbers
(every finding names its line). Whether the record agrees with the lock file is
checked in ``ledger.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from macros.check.acknowledge import REVIEWED_KEY, Acknowledgement, reason_problem, rule_problem
from macros.check.catalogue import (
    INDEX_NUMBER,
    MISSING,
    RECORD_DATE,
    RECORD_ORDER,
    RECORD_STATUS,
    RECORD_TEXT,
    REVIEW_ENTRY,
    UNKNOWN_KEY,
    WRONG_SHAPE,
)
from macros.check.findings import Finding
from macros.check.yamlnodes import TAG, clip, describe, line_of, mapping_items, parse_value
from macros.format.national import (
    CORRECTION_FIELDS,
    DRAFT,
    INDEX_NUMBER_PATTERN,
    PUBLISHED,
    RECORD_FIELDS_BY_KEY,
    STATUSES,
    TABLES_BY_KEY,
    WITHDRAWAL_FIELDS,
    WITHDRAWN,
    Cell,
    Field,
    cell_of_key,
)
from macros.format.numbers import Number

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_INDEX_NUMBER = re.compile(INDEX_NUMBER_PATTERN)


@dataclass(frozen=True)
class Change:
    """One number changed by a correction."""

    cell: Cell
    before: Number
    after: Number
    line: int


@dataclass(frozen=True)
class Correction:
    date: date
    reason: str
    changes: tuple[Change, ...]
    page: str | None  # fingerprint of the page after this correction, if its text changed
    line: int


@dataclass(frozen=True)
class Withdrawal:
    date: date
    reason: str
    line: int


@dataclass
class Record:
    status: str | None = None
    published: date | None = None
    corrections: list[Correction] = field(default_factory=list)
    withdrawn: Withdrawal | None = None
    index_no: str | None = None  # 索引号, where the organ's catalogue gives one
    # Advisories the editor reviewed (reviewed:), each with its reason: acknowledge.py matches them.
    reviewed: tuple[Acknowledgement, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)
    # False when a finding was reported while loading: the history check then
    # stays silent instead of reasoning from a half-read record.
    complete: bool = True

    @property
    def last_corrected(self) -> date | None:
        return self.corrections[-1].date if self.corrections else None

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def _date(node: yaml.Node, what: str, path: str, findings: list[Finding]) -> date | None:
    text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
    if isinstance(node, yaml.ScalarNode) and node.tag in (TAG + "timestamp", TAG + "str") and _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            findings.append(RECORD_DATE.finding(path, line_of(node), f"{what}「{text}」不是真实存在的日期。"))
            return None
    shown = f"「{text}」" if text else "空值"
    findings.append(
        RECORD_DATE.finding(path, line_of(node), f"{what}应写成 YYYY-MM-DD（例如 2025-01-20），实为{shown}。")
    )
    return None


def _text(node: yaml.Node, what: str, path: str, findings: list[Finding]) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag != TAG + "str" or not node.value.strip():
        findings.append(RECORD_TEXT.finding(path, line_of(node), f"{what}应为一段中文文字，不能为空。"))
        return None
    text = " ".join(node.value.split())
    if not _CHINESE.search(text):
        findings.append(RECORD_TEXT.finding(path, line_of(node), f"{what}应使用中文写明，实为「{text}」。"))
        return None
    return text


def _fields(
    node: yaml.Node, declared: tuple[Field, ...], where: str, path: str, findings: list[Finding]
) -> dict[str, yaml.Node] | None:
    """The value nodes of a mapping of declared fields; unknown and missing ones reported."""
    if not isinstance(node, yaml.MappingNode):
        findings.append(WRONG_SHAPE.finding(path, line_of(node), f"{where}应为“键: 值”的映射。"))
        return None
    by_key = {f.key: f for f in declared}
    out: dict[str, yaml.Node] = {}
    for key, key_node, value in mapping_items(node, path, where, findings):
        if key not in by_key:
            allowed = "、".join(f"{f.key}（{f.label}）" for f in declared)
            findings.append(
                UNKNOWN_KEY.finding(path, line_of(key_node), f"{where}中有未知的键「{key}」；可用的键为：{allowed}。")
            )
            continue
        out[key] = value
    for f in declared:
        if f.required and f.key not in out:
            findings.append(MISSING.finding(path, line_of(node), f"{where}缺少{f.label}（键 {f.key}）。"))
    return out


def _changes(node: yaml.Node, where: str, path: str, findings: list[Finding]) -> tuple[Change, ...]:
    if not isinstance(node, yaml.MappingNode):
        findings.append(
            WRONG_SHAPE.finding(path, line_of(node), f"{where}的 numbers 应为映射：「表.行.列: [更正前, 更正后]」。")
        )
        return ()
    out = []
    for key, key_node, value in mapping_items(node, path, f"{where}的 numbers", findings):
        cell = cell_of_key(key)
        if cell is None:
            findings.append(
                UNKNOWN_KEY.finding(
                    path,
                    line_of(key_node),
                    f"{where}中「{key}」不是报告中的单元格；应写成「表.行.列」，例如 proactive.penalty.decisions。",
                )
            )
            continue
        label = cell.label()
        if not isinstance(value, yaml.SequenceNode) or len(value.value) != 2:
            findings.append(
                WRONG_SHAPE.finding(path, line_of(value), f"{where}中 {label} 应写成 [更正前, 更正后] 两个数值。")
            )
            continue
        table = TABLES_BY_KEY[cell.table]
        column = next(c for c in table.grid_of(cell.row).columns if c.key == cell.column)
        pair = []
        for item, when in zip(value.value, ("更正前", "更正后"), strict=True):
            number, problem = parse_value(item, column, f"{where}中{label}的{when}数值", path)
            if problem:
                findings.append(problem)
            pair.append(number)
        before, after = pair
        if before is not None and after is not None:
            out.append(Change(cell, before, after, line_of(key_node)))
    return tuple(out)


def _correction(node: yaml.Node, number: int, path: str, findings: list[Finding]) -> Correction | None:
    where = f"第 {number} 条更正记录"
    before = len(findings)
    nodes = _fields(node, CORRECTION_FIELDS, where, path, findings)
    if nodes is None:
        return None
    when = _date(nodes["date"], f"{where}的更正日期", path, findings) if "date" in nodes else None
    reason = _text(nodes["reason"], f"{where}的更正说明", path, findings) if "reason" in nodes else None
    changes = _changes(nodes["numbers"], where, path, findings) if "numbers" in nodes else ()
    page = None
    if "page" in nodes:
        value = nodes["page"]
        text = value.value.strip() if isinstance(value, yaml.ScalarNode) else ""
        if _FINGERPRINT.fullmatch(text):
            page = text
        else:
            findings.append(
                WRONG_SHAPE.finding(path, line_of(value), f"{where}的 page 应为 64 位的 sha256 指纹，实为「{text}」。")
            )
    if len(findings) > before or when is None or reason is None:
        return None
    return Correction(when, reason, changes, page, line_of(node))


def load_record(path: str, year: int, nodes: dict[str, tuple[yaml.Node, yaml.Node]], findings: list[Finding]) -> Record:
    """Load the record keys of a data file (key → (key node, value node)) of the report for `year`."""
    record = Record()
    before = len(findings)
    for key, (key_node, _) in nodes.items():
        record.lines[key] = line_of(key_node)
    if "status" not in nodes:
        findings.append(
            RECORD_STATUS.finding(
                path, 1, f"缺少发布状态：请在文件开头写 status: {DRAFT}（可选：{'、'.join(STATUSES)}）。"
            )
        )
    else:
        node = nodes["status"][1]
        value = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        if value in STATUSES:
            record.status = value
        else:
            findings.append(
                RECORD_STATUS.finding(path, line_of(node), f"发布状态应为{'、'.join(STATUSES)}之一，实为「{value}」。")
            )
    if "published" in nodes:
        record.published = _date(nodes["published"][1], "发布日期", path, findings)
    if "corrections" in nodes:
        node = nodes["corrections"][1]
        if isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value, start=1):
                correction = _correction(item, number, path, findings)
                if correction is not None:
                    record.corrections.append(correction)
        elif not (isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null"):
            findings.append(
                WRONG_SHAPE.finding(path, line_of(node), "更正记录 corrections 应为列表，每条以「- date: 」开头。")
            )
    if "withdrawn" in nodes:
        node = nodes["withdrawn"][1]
        found = _fields(node, WITHDRAWAL_FIELDS, "撤回记录", path, findings)
        if found and "date" in found and "reason" in found:
            when = _date(found["date"], "撤回日期", path, findings)
            reason = _text(found["reason"], "撤回理由", path, findings)
            if when and reason:
                record.withdrawn = Withdrawal(when, reason, line_of(node))
    if "index_no" in nodes:
        record.index_no = _index_number(nodes["index_no"][1], path, findings)
    if len(findings) == before:
        findings.extend(_check_consistency(path, record))
        findings.extend(_check_chronology(path, year, record))
    record.complete = len(findings) == before
    # After `complete`: a mistyped acknowledgement is no reason to stop checking the history.
    if REVIEWED_KEY in nodes:
        record.reviewed = _reviews(nodes[REVIEWED_KEY][1], path, findings)
    return record


def _index_number(node: yaml.Node, path: str, findings: list[Finding]) -> str | None:
    """The report's 索引号 as issued, or None (empty is the same as absent: it is optional)."""
    if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null":
        return None
    # Not a number: 0012 and 2025-001 must stay as written, so a YAML int or date is read by its text.
    text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
    if isinstance(node, yaml.ScalarNode) and _INDEX_NUMBER.fullmatch(text):
        return text
    shown = f"「{clip(text)}」" if text else describe(node)
    findings.append(
        INDEX_NUMBER.finding(
            path,
            line_of(node),
            "索引号只能由字母、数字和 - / . _ 组成，至多 50 个字符"
            f"（例如 11530300MB0000000X/2025-00012），实为{shown}。",
        )
    )
    return None


def _reviews(node: yaml.Node, path: str, findings: list[Finding]) -> tuple[Acknowledgement, ...]:
    """The reviewed: mapping, rule id → reason; each entry naming no advisory or without a short reason is a finding."""
    label = RECORD_FIELDS_BY_KEY[REVIEWED_KEY].label
    if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null":
        return ()
    if not isinstance(node, yaml.MappingNode):
        findings.append(
            REVIEW_ENTRY.finding(path, line_of(node), f"{label} {REVIEWED_KEY} 应为映射，每条一行「规则编号: 理由」。")
        )
        return ()
    found = []
    for rule_id, key_node, value in mapping_items(node, path, label, findings):
        where = f"{label}「{rule_id if len(rule_id) <= 40 else rule_id[:40] + '…'}」"
        if problem := rule_problem(rule_id):
            findings.append(REVIEW_ENTRY.finding(path, line_of(key_node), f"{label}有误：{problem}"))
            continue
        is_text = isinstance(value, yaml.ScalarNode) and value.tag == TAG + "str"
        reason = " ".join(value.value.split()) if is_text else ""
        if not reason:
            findings.append(
                REVIEW_ENTRY.finding(
                    path, line_of(value), f"{where}缺少理由：请在冒号后用中文写明为什么这条提示没有问题。"
                )
            )
        elif problem := reason_problem(reason):
            findings.append(REVIEW_ENTRY.finding(path, line_of(value), f"{where}的{problem}"))
        else:
            found.append(Acknowledgement(rule_id, reason, path, line_of(key_node), in_page=False))
    return tuple(found)


def _check_consistency(path: str, record: Record) -> list[Finding]:
    """The status and the other record fields must tell one story."""
    out = []
    status = record.status
    if status == DRAFT:
        for key in ("published", "corrections", "withdrawn"):
            if key in record.lines:
                label = RECORD_FIELDS_BY_KEY[key].label
                out.append(
                    RECORD_STATUS.finding(
                        path,
                        record.line(key),
                        f"草稿不能有{label}；发布请运行 python -m macros publish，发布日期由该命令写入。",
                    )
                )
        return out
    if record.published is None:
        out.append(
            RECORD_STATUS.finding(path, record.line("status"), f"状态为{status}的报告必须写明发布日期 published。")
        )
    if status == WITHDRAWN and record.withdrawn is None:
        out.append(
            RECORD_STATUS.finding(
                path,
                record.line("status"),
                "状态为已撤回的报告必须写明撤回记录 withdrawn（date 撤回日期、reason 撤回理由）。",
            )
        )
    if status == PUBLISHED and "withdrawn" in record.lines:
        out.append(
            RECORD_STATUS.finding(
                path, record.line("withdrawn"), f"有撤回记录的报告，发布状态应为{WITHDRAWN}，实为{status}。"
            )
        )
    return out


def _check_chronology(path: str, year: int, record: Record) -> list[Finding]:
    """Publication after the year reported on; corrections and withdrawal after publication, in order."""
    out: list[Finding] = []
    published = record.published
    if published is None:
        return out
    if published < date(year + 1, 1, 1):
        out.append(
            RECORD_ORDER.finding(
                path,
                record.line("published"),
                f"发布日期 {published} 早于报告年度（{year} 年）结束；年度报告应在次年发布。",
            )
        )
    previous, what = published, "发布日期"
    for number, correction in enumerate(record.corrections, start=1):
        if correction.date < previous:
            out.append(
                RECORD_ORDER.finding(
                    path,
                    correction.line,
                    f"第 {number} 条更正记录的日期 {correction.date} 早于{what} {previous}；更正记录应按日期先后排列。",
                )
            )
        previous, what = max(previous, correction.date), f"第 {number} 条更正记录的日期"
    if record.withdrawn and record.withdrawn.date < previous:
        out.append(
            RECORD_ORDER.finding(
                path, record.withdrawn.line, f"撤回日期 {record.withdrawn.date} 早于{what} {previous}。"
            )
        )
    return out
