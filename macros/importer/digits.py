"""Rows whose numbers ran together: 一、本年新收政府信息公开申请数量120100316 is 12|0|1|0|0|3|16.

Web pages copied as text often lose the separators between a row's cells. The
digits are still there, in order; only the cuts between them are lost. A run of
exactly as many digits as the row has columns has one cut per digit (forced).
A longer run is cut only where the format's own arithmetic — the rules of
``macros.check.rules``, run on the candidate values — leaves a single
possibility: first the row's own 总计, then the balance of each column of 表三
(一+二 = (七)+四) and (七) = the sum of the 21 result rows. Where several cuts
remain, nothing is written and every candidate is listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from macros.check.catalogue import T3_BALANCE, T3_RESULT_TOTAL, T3_ROW_TOTAL, T4_TOTAL
from macros.check.findings import Finding, Rule
from macros.check.load import Report
from macros.check.rules import check_t3_balance, check_t3_result_total, check_t3_row_total, check_t4_total
from macros.format.national import TABLE_3, TABLE_4, Cell, cells
from macros.format.numbers import Number

from .source import Location

RUN = re.compile(r"[0-9]+")
# Beyond this many candidates a run is not split at all (a run of 30 digits over 7 cells).
MAX_CANDIDATES = 5000
# Candidate lists in a message are cut after this many.
SHOWN = 6

Check = Callable[[Report, None], Iterable[Finding]]
# The project's own rules, by table: those within one row, and those across rows.
_ROW_RULES: dict[str, tuple[Check, ...]] = {TABLE_3.key: (check_t3_row_total,), TABLE_4.key: (check_t4_total,)}
_COLUMN_RULES: dict[str, tuple[Check, ...]] = {TABLE_3.key: (check_t3_balance, check_t3_result_total)}
RULES: dict[str, Rule] = {r.id: r for r in (T3_ROW_TOTAL, T4_TOTAL, T3_BALANCE, T3_RESULT_TOTAL)}
# Each cell gets its own line in the scratch report, so that a finding names the cell it is about.
_LINES = {cell: i for i, cell in enumerate(cells(), start=2)}
_CELL_OF_LINE = {line: cell for cell, line in _LINES.items()}


def is_run(text: str) -> bool:
    return bool(RUN.fullmatch(text))


def splits(run: str, width: int) -> Iterator[tuple[int, ...]]:
    """Every way to cut `run` into `width` numbers, none with a leading zero (0 itself is one)."""
    if width == 1:
        if run == "0" or not run.startswith("0"):
            yield (int(run),)
        return
    for end in range(1, len(run) - width + 2):
        head = run[:end]
        if len(head) > 1 and head.startswith("0"):
            break  # a longer head starts with the same zero
        for rest in splits(run[end:], width - 1):
            yield (int(head), *rest)


def _scratch(values: Mapping[Cell, Number]) -> Report:
    return Report("", 0, "", dict(values), dict(_LINES))


def _broken(checks: Iterable[Check], values: dict[Cell, int], row: set[Cell]) -> set[str]:
    """Ids of the rules that a candidate breaks: findings about its cells, or made possible by them."""
    without = {c: v for c, v in values.items() if c not in row}
    before = {(f.rule, f.line) for check in checks for f in check(_scratch(without), None)}
    after = {(f.rule, f.line) for check in checks for f in check(_scratch(values), None)}
    return {rule for rule, _ in after - before}


@dataclass
class Run:
    """A row whose cells ran together, waiting for the rules to pick its cut."""

    table: str
    row: str
    label: str  # 表三「一、本年新收政府信息公开申请数量」
    text: str
    targets: list[Cell]
    location: Location
    candidates: list[tuple[int, ...]] = field(default_factory=list)
    decided_by: list[str] = field(default_factory=list)  # rule ids, in the order they cut candidates away

    def cut(self, checks: tuple[Check, ...], values: dict[Cell, int]) -> bool:
        """Keep the candidates that break none of `checks` with `values`; whether any went."""
        if not checks:
            return False
        kept = []
        for candidate in self.candidates:
            broken = _broken(checks, {**values, **dict(zip(self.targets, candidate, strict=True))}, set(self.targets))
            if broken:
                self.decided_by += sorted(broken - set(self.decided_by))
            else:
                kept.append(candidate)
        gone = len(kept) < len(self.candidates)
        self.candidates = kept
        return gone


def start(table: str, row: str, label: str, text: str, targets: list[Cell], location: Location) -> Run | None:
    """The run of a row, with the candidates its own 总计 allows; None if too many to list."""
    run = Run(table, row, label, text, targets, location)
    found = []
    for candidate in splits(text, len(targets)):
        found.append(candidate)
        if len(found) > MAX_CANDIDATES:
            return None
    run.candidates = found
    if len(found) > 1:
        run.cut(_ROW_RULES.get(table, ()), {})
    return run


def resolve(runs: list[Run], values: dict[Cell, int]) -> None:
    """Cut the candidates of every run by the column rules, with the other rows' values, until nothing changes.

    A rule runs only where all its operands are known, so a row still undecided
    leaves open every sum it is part of. A run left with one candidate is
    written into `values`.
    """
    for run in runs:
        if len(run.candidates) == 1:
            values.update(zip(run.targets, run.candidates[0], strict=True))
    changed = True
    while changed:
        changed = False
        for run in runs:
            if len(run.candidates) > 1 and run.cut(_COLUMN_RULES.get(run.table, ()), values):
                changed = True
                if len(run.candidates) == 1:
                    values.update(zip(run.targets, run.candidates[0], strict=True))


def show(candidates: list[tuple[int, ...]]) -> str:
    shown = "；".join("|".join(map(str, c)) for c in candidates[:SHOWN])
    more = f"；等共 {len(candidates)} 种" if len(candidates) > SHOWN else ""
    return shown + more


def findings(runs: list[Run], advisory: Rule, ambiguous: Rule) -> list[Finding]:
    out = []
    forced: dict[str, list[Run]] = {}
    for run in runs:
        if len(run.candidates) == 1 and not run.decided_by:
            forced.setdefault(run.table, []).append(run)
        elif len(run.candidates) == 1:
            cut = "|".join(map(str, run.candidates[0]))
            rules = "；".join(f"{r}：{RULES[r].title.rstrip('。')}" for r in run.decided_by)
            out.append(
                run.location.finding(
                    advisory,
                    f"{run.label}的数字连在一起（「{run.text}」），已拆分为 {cut}：只有这一种拆分满足格式的规则"
                    f"（{rules}）；请核对原文。",
                )
            )
        elif not run.candidates:
            out.append(
                run.location.finding(
                    ambiguous,
                    f"{run.label}的数字连在一起（「{run.text}」），没有一种拆分满足格式的勾稽关系；"
                    "这一行留空，请从原文补上。",
                )
            )
        else:
            out.append(
                run.location.finding(
                    ambiguous,
                    f"{run.label}的数字连在一起（「{run.text}」），有 {len(run.candidates)} 种拆分都满足格式的规则"
                    f"（{show(run.candidates)}）；无法确定，这一行留空，请从原文补上。",
                )
            )
    for group in forced.values():
        # One advisory for the rows whose digits are as many as their columns: one digit a column, nothing to decide.
        first = group[0]
        width = len(first.targets)
        if len(group) == 1:
            what = f"{first.label}的数字连在一起（「{first.text}」），已拆分为 {'|'.join(first.text)}"
        else:
            rows = "、".join(f"「{r.label.split('「', 1)[-1].rstrip('」')}」（{r.location}）" for r in group)
            what = f"{len(group)} 行的数字连在一起，已逐位拆分：{rows}"
        out.append(
            first.location.finding(
                advisory, f"{what}：数字串恰好 {width} 位、每行有 {width} 列，每列一位；请核对原文。"
            )
        )
    return out
