"""A covering organ's report against its children's reports of the same year.

The registry marks an organ whose report is the total (汇总) of its children's
(``covers_children: true``; its children are the organs with ``parent`` = it).
Every number of the three tables is a count of one organ's documents, decisions
or cases, or the fees it collected, in one year: all of them add up across
organs, 现行有效件数 (a stock on 12月31日) and the 万元 fee included (exact decimal
sums, never rounded). The totals the format derives within a report (表三's 总计
column and （七）总计 row, 表四's 总计; ``national.is_total``) are not compared
again: the table rules hold them to their parts, so one wrong part would
otherwise be reported two or three times.

``coverage`` says which children's reports can be summed and ``differences``
which cells disagree: the rule below and the overview pages (overview/hierarchy.py)
both use them, so the check and what the public reads never differ.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from macros.check.catalogue import HIERARCHY_INCOMPLETE, HIERARCHY_TOTAL
from macros.check.findings import Finding
from macros.check.load import Organ, Report
from macros.check.paths import ReportKey
from macros.format.national import COVERS_CHILDREN, PUBLISHED, WITHDRAWN, Cell, cells, is_total
from macros.format.numbers import Number, format_number

# The cells a covering report must hold as its children's sums, in reading order.
SUMMED_CELLS: tuple[Cell, ...] = tuple(c for c in cells() if not is_total(c))
# How many organs one message names; a 区 has dozens, a city hundreds.
NAMES_SHOWN = 10


@dataclass(frozen=True)
class Difference:
    """One cell where a covering report is not the sum of its children's."""

    cell: Cell
    parent: Number
    total: Number
    parts: tuple[tuple[str, Number], ...]  # (child's slug, its value), in registry order


@dataclass
class Coverage:
    """A covering organ's report for one year, and where each of its children's reports stands."""

    parent: Organ
    report: Report
    children: list[Organ]
    summed: list[Report] = field(default_factory=list)  # published: what the sums are made of
    missing: list[Organ] = field(default_factory=list)
    drafts: list[Report] = field(default_factory=list)
    withdrawn: list[Organ] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.summed) == len(self.children)


def children_of(organs: dict[str, Organ]) -> dict[str, list[Organ]]:
    """Each organ's children, in registry order."""
    children: dict[str, list[Organ]] = {}
    for organ in organs.values():
        if organ.parent is not None:
            children.setdefault(organ.parent, []).append(organ)
    return children


def covering_organs(organs: dict[str, Organ]) -> list[Organ]:
    """The organs whose report is marked as the total of their children's."""
    return [organ for organ in organs.values() if organ.covers_children]


def coverage(parent: Organ, report: Report, children: Sequence[Organ], reports: dict[ReportKey, Report]) -> Coverage:
    """Which children's reports for the report's year are published, drafts, withdrawn or missing."""
    found = Coverage(parent, report, list(children))
    for child in children:
        theirs = reports.get((child.slug, report.year))
        status = theirs.record.status if theirs is not None else None
        if theirs is None:
            found.missing.append(child)
        elif status == PUBLISHED:
            found.summed.append(theirs)
        elif status == WITHDRAWN:
            found.withdrawn.append(child)
        else:  # 草稿, or no readable status yet: work in progress
            found.drafts.append(theirs)
    return found


def differences(
    parent: Report, children: Sequence[Report], compared: Iterable[Cell] = SUMMED_CELLS
) -> list[Difference]:
    """The cells where `parent` is not the sum of `children`'s; a cell blank anywhere is left to the loader."""
    found: list[Difference] = []
    if not children:
        return found
    columns = [child.values for child in children]
    for cell in compared:
        value = parent.values.get(cell)
        if value is None:
            continue
        # Summed first, the parts named only where they disagree: a city sums hundreds of reports.
        numbers = [values.get(cell) for values in columns]
        known = [v for v in numbers if v is not None]
        if len(known) != len(numbers) or sum(known) == value:
            continue
        parts = tuple((child.organ, v) for child, v in zip(children, known, strict=True))
        found.append(Difference(cell, value, sum(known), parts))
    return found


def names(organs: Sequence[Organ]) -> str:
    """Organs' short names for a message, the first few only."""
    shown = "、".join(organ.short for organ in organs[:NAMES_SHOWN])
    return shown + (f"等 {len(organs)} 个机关" if len(organs) > NAMES_SHOWN else "")


def parts_text(difference: Difference, organs: dict[str, Organ]) -> str:
    """The children's values of a cell: the non-zero ones by name, then how many hold 0."""
    nonzero = [(slug, value) for slug, value in difference.parts if value != 0]
    shown = "、".join(f"{organs[slug].short} {format_number(value)}" for slug, value in nonzero[:NAMES_SHOWN])
    if len(nonzero) > NAMES_SHOWN:
        shown += f" 等 {len(nonzero)} 个机关"
    zeros = len(difference.parts) - len(nonzero)
    if not nonzero:
        return "各下级机关均为 0"
    return shown + (f"，其余 {zeros} 个为 0" if zeros else "")


def _incomplete(found: Coverage, organs: dict[str, Organ]) -> str:
    year = found.report.year
    why = []
    if found.missing:
        why.append(f"{names(found.missing)}还没有 {year} 年报告")
    if found.drafts:
        why.append(f"{names([organs[r.organ] for r in found.drafts])}的 {year} 年报告仍是草稿")
    if found.withdrawn:
        why.append(f"{names(found.withdrawn)}的 {year} 年报告已撤回")
    note = ""
    if not found.missing and not found.withdrawn:
        # Only drafts stand in the way: say what the sums would be once they are published as they are.
        wrong = differences(found.report, [*found.summed, *found.drafts])
        note = "按草稿中的数字合计，" + (f"有 {len(wrong)} 个单元格与本报告不一致。" if wrong else "与本报告一致。")
    return (
        f"本报告是 {len(found.children)} 个下级机关报告的合计（机关名录中 {COVERS_CHILDREN}: true），"
        f"但{'；'.join(why)}，暂时无法核对合计。{note}"
    )


def check_coverage(found: Coverage, organs: dict[str, Organ]) -> Iterator[Finding]:
    """Each cell that is not the children's sum (an error); or why the sums cannot be checked yet (an advisory)."""
    report = found.report
    if not found.complete:
        yield HIERARCHY_INCOMPLETE.finding(report.path, 1, _incomplete(found, organs))
        return
    for wrong in differences(report, found.summed):
        yield HIERARCHY_TOTAL.finding(
            report.path,
            report.line(wrong.cell),
            f"{wrong.cell.label()}应等于 {len(wrong.parts)} 个下级机关 {report.year} 年报告之和"
            f"（{parts_text(wrong, organs)}）；应为 {format_number(wrong.total)}，实为 {format_number(wrong.parent)}。",
        )


def check_hierarchy(
    organs: dict[str, Organ], reports: dict[ReportKey, Report], scope: Collection[ReportKey] | None = None
) -> Iterator[Finding]:
    """Every covering organ's report (of the years in `scope`, or all) against its children's.

    A withdrawn covering report is no longer anyone's figure: it is not checked.
    A covering organ without children is the registry's finding (organ-covers).
    """
    children = children_of(organs)
    covering = {organ.slug: organ for organ in covering_organs(organs) if children.get(organ.slug)}
    for (slug, year), report in sorted(reports.items()):
        organ = covering.get(slug)
        if organ is None or (scope is not None and (slug, year) not in scope):
            continue
        if report.record.status == WITHDRAWN:
            continue
        yield from check_coverage(coverage(organ, report, children[slug], reports), organs)


def hierarchy_scope(organs: dict[str, Organ], only: Iterable[ReportKey]) -> tuple[set[ReportKey], set[ReportKey]]:
    """For a check of some reports only: the covering reports they touch, and every report those need.

    A changed child changes its parent's sums; a changed parent is checked
    against all its children. Returns (covering reports to check, reports to load).
    """
    children = children_of(organs)
    check: set[ReportKey] = set()
    for slug, year in only:
        organ = organs.get(slug)
        if organ is None:
            continue
        for candidate in (organ.slug, organ.parent):
            parent = organs.get(candidate) if candidate else None
            if parent is not None and parent.covers_children:
                check.add((parent.slug, year))
    load = set(check) | {(child.slug, year) for slug, year in check for child in children.get(slug, [])}
    return check, load
