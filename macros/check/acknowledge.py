"""Advisories an editor reviewed ("已核对"): declared once, matched to findings in one place.

Two ways to say it, one mechanism:

- in the report's data file, a top-level mapping ``reviewed:`` of ``rule-id: 理由``:
  the advisory of that rule stops repeating anywhere in that report (data file and page);
- in the page, a comment ``<!-- nianbao: 已核对 rule-id：理由 -->`` (or the Jinja form
  ``{# … #}``, which never reaches the built page) inside a paragraph or on the line
  just above it: only that paragraph's advisories of that rule (the reason is optional
  there, the paragraph itself being the context).

Either way the rule id must name an advisory (errors are never silenced) and a
reason is short Chinese text; what is wrong is a located ``review-entry`` finding.
An acknowledged advisory leaves the findings but not the project: ``Project.acknowledged``
lists it with its reason for the reviewers (check output, pull-request notices,
the preview's draft findings), and an acknowledgement that no longer silences
anything is listed too, so that it can be removed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from macros.check.catalogue import CATALOGUE, REVIEW_ENTRY
from macros.check.findings import Finding
from macros.check.prose import COMMENT_LINE, HEADING
from macros.format.national import RECORD_FIELDS_BY_KEY, REVIEW_REASON_LIMIT

REVIEWED_KEY = "reviewed"  # the data file's top-level key (format.RECORD_FIELDS)
# A page comment: the rule ids, then (after a colon, or straight on in Chinese) the reason.
_PAGE_ACK = re.compile(
    r"(?:<!--|\{#)\s*nianbao\s*[:：]\s*已核对\s*"
    r"(?P<ids>[a-z0-9]+(?:-[a-z0-9]+)*(?:[\s,，、]+[a-z0-9]+(?:-[a-z0-9]+)*)*)(?P<rest>.*?)(?:-->|#\}|$)"
)
# The YAML comment that once acknowledged in a data file: now refused with the line to write instead.
_DATA_COMMENT = re.compile(r"#\s*nianbao\s*[:：]\s*已核对\s*([a-z0-9][a-z0-9\-\s,，、]*)")
_RULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A page's acknowledgements are listed one by one for the reviewer: bounded, as every input.
PAGE_ACKNOWLEDGEMENT_LIMIT = 100
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Acknowledgement:
    """One advisory rule marked as reviewed, where it is written and why."""

    rule: str
    reason: str  # "" only for a page comment that gave none
    file: str
    line: int
    in_page: bool  # a page comment (its paragraph), else the data file's reviewed: (the whole report)


@dataclass(frozen=True)
class Acknowledged:
    """An acknowledgement and the advisories it silenced (none: the hint is gone, the entry can be deleted)."""

    by: Acknowledgement
    findings: tuple[Finding, ...]


def _advisory_ids() -> list[str]:
    return [rule.id for rule in CATALOGUE.values() if rule.advisory]


def rule_problem(rule_id: str) -> str | None:
    """Why `rule_id` cannot be acknowledged (unknown, or an error), a sentence in Chinese; None if it can."""
    rule = CATALOGUE.get(rule_id)
    if rule is None:
        shown = rule_id if len(rule_id) <= 40 else rule_id[:40] + "…"
        close = difflib.get_close_matches(rule_id[:40], _advisory_ids(), n=1, cutoff=0.6)
        hint = f"是不是「{close[0]}」？" if close else "规则编号是提示中方括号里的编号（见规则说明）。"
        return f"没有编号为「{shown}」的提示规则；{hint}"
    if not rule.advisory:
        return f"[{rule_id}] 是错误，不是提示：错误不能标注已核对，必须改正。"
    return None


def reason_problem(reason: str) -> str | None:
    """Why a reason is not short Chinese text, as a sentence; None if it is (an empty one is for the caller)."""
    if not _CHINESE.search(reason):
        return f"理由应使用中文写明，实为「{reason[:40]}」。"
    if len(reason) > REVIEW_REASON_LIMIT:
        return f"理由应简短，不超过 {REVIEW_REASON_LIMIT} 字，实有 {len(reason):,} 字。"
    return None


def data_comment_findings(path: str, text: str) -> list[Finding]:
    """A data file's ``# nianbao: 已核对 rule-id`` comments: they no longer acknowledge; say what to write instead."""
    found: list[Finding] = []
    if "nianbao" not in text:  # nearly every file: no line to look at
        return found
    label = RECORD_FIELDS_BY_KEY[REVIEWED_KEY].label
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _DATA_COMMENT.search(line):
            ids = _RULE_ID.findall(match.group(1)) or ["规则编号"]
            entries = "；".join(f"{rule_id}: 理由" for rule_id in ids[:5])
            found.append(
                REVIEW_ENTRY.finding(
                    path,
                    number,
                    f"数据文件中的注释「nianbao: 已核对」不起作用：{label}请写在文件顶层的 {REVIEWED_KEY}: 下，"
                    f"每条一行，写明理由（{entries}），并删去这行注释。",
                )
            )
    return found


@dataclass(frozen=True)
class PageAcknowledgements:
    """The acknowledgements written in one page, by line, and the page's lines to find their paragraphs."""

    path: str
    raw: tuple[str, ...]
    by_line: dict[int, tuple[Acknowledgement, ...]]

    def covering(self, finding: Finding) -> Acknowledgement | None:
        """The acknowledgement of the finding's rule near it, if any.

        An acknowledgement in the finding's paragraph, in the block just above it
        (a comment on its own), or, for a finding on a heading (one about a whole
        part), in the block just below the heading.
        """
        for start, end in self._spans(finding.line):
            for number in range(start, end + 1):
                for ack in self.by_line.get(number, ()):
                    if ack.rule == finding.rule:
                        return ack
        return None

    def _spans(self, line: int) -> list[tuple[int, int]]:
        raw = self.raw
        if not self.by_line or not 0 < line <= len(raw):
            return []
        first, last = _block(raw, line)
        spans = [(first, last)]
        above = first - 1
        while above > 0 and not raw[above - 1].strip():
            above -= 1
        if above > 0:
            start, end = _block(raw, above)
            if all(COMMENT_LINE.match(raw[n - 1]) for n in range(start, end + 1)):
                spans.append((start, end))
        if HEADING.match(raw[line - 1]):
            below = last + 1
            while below <= len(raw) and not raw[below - 1].strip():
                below += 1
            if below <= len(raw):
                spans.append(_block(raw, below))
        return spans


def _block(raw: Sequence[str], line: int) -> tuple[int, int]:
    """The lines (first, last) of the blank-line-separated block holding `line`."""
    first = last = line
    while first > 1 and raw[first - 2].strip():
        first -= 1
    while last < len(raw) and raw[last].strip():
        last += 1
    return first, last


def read_page_acknowledgements(path: str, text: str) -> tuple[PageAcknowledgements, list[Finding]]:
    """A page's acknowledgement comments; each one naming no advisory, or with a bad reason, is a finding."""
    by_line: dict[int, list[Acknowledgement]] = {}
    findings: list[Finding] = []
    count = 0
    raw = text.splitlines()
    for number, line in enumerate(raw, start=1):
        if "nianbao" not in line:  # most lines: skip the expression
            continue
        for match in _PAGE_ACK.finditer(line):
            reason = " ".join(match.group("rest").lstrip(" :：").split())
            if reason and (problem := reason_problem(reason)):
                findings.append(REVIEW_ENTRY.finding(path, number, f"“已核对”标注有误：{problem}"))
                continue
            for rule_id in _RULE_ID.findall(match.group("ids")):
                if problem := rule_problem(rule_id):
                    findings.append(REVIEW_ENTRY.finding(path, number, f"“已核对”标注有误：{problem}"))
                elif count >= PAGE_ACKNOWLEDGEMENT_LIMIT:
                    findings.append(
                        REVIEW_ENTRY.finding(
                            path,
                            number,
                            f"一个页面最多标注 {PAGE_ACKNOWLEDGEMENT_LIMIT} 处“已核对”，这一处不起作用；"
                            "同一条提示在整份报告中都已核对的，请写在数据文件的 reviewed: 下。",
                        )
                    )
                else:
                    count += 1
                    by_line.setdefault(number, []).append(Acknowledgement(rule_id, reason, path, number, True))
    frozen = {number: tuple(acks) for number, acks in by_line.items()}
    return PageAcknowledgements(path, tuple(raw), frozen), findings


@dataclass
class Acknowledgements:
    """Every acknowledgement of a project, with the advisories each one silenced."""

    silenced: dict[Acknowledgement, list[Finding]] = field(default_factory=dict)

    def declare(self, acks: Iterable[Acknowledgement]) -> None:
        for ack in acks:
            self.silenced.setdefault(ack, [])

    def drop(
        self,
        findings: Iterable[Finding],
        report_wide: Sequence[Acknowledgement] = (),
        files: Iterable[str] = (),
        page: PageAcknowledgements | None = None,
    ) -> list[Finding]:
        """The findings less the advisories acknowledged; errors are never silenced.

        `page` holds the page's comments (for the page's findings); `report_wide`
        the data file's reviewed: entries, for every finding in the report's `files`.
        """
        by_rule = {ack.rule: ack for ack in report_wide}
        files = set(files)
        self.declare(report_wide)
        if page is not None:
            self.declare(ack for acks in page.by_line.values() for ack in acks)
        kept = []
        for finding in findings:
            by = None
            if finding.advisory:
                if page is not None and finding.file == page.path:
                    by = page.covering(finding)
                if by is None and finding.file in files:
                    by = by_rule.get(finding.rule)
            if by is None:
                kept.append(finding)
            else:
                self.silenced[by].append(finding)
        return kept

    def listing(self) -> list[Acknowledged]:
        """Each acknowledgement with what it silenced, by file and line."""
        return [
            Acknowledged(ack, tuple(found))
            for ack, found in sorted(self.silenced.items(), key=lambda item: (item[0].file, item[0].line, item[0].rule))
        ]


def describe(item: Acknowledged) -> str:
    """One acknowledgement for a reviewer, in Chinese: the reason, then what it silenced (or that nothing is left)."""
    reason = f"理由：{item.by.reason.rstrip('。；')}" if item.by.reason else "（页面标注，未写理由）"
    if not item.findings:
        return f"已核对：{reason}；本报告现在没有这条提示，这一条可以删去。"
    first = item.findings[0]
    more = f"共 {len(item.findings)} 处，首处" if len(item.findings) > 1 else "提示在"
    return f"已核对：{reason}；{more} {first.file}:{first.place or first.line}：{first.message}"
