"""The 合计 of a covering organ's children next to its own report, for a year's page.

Where the registry marks an organ's report as the total of its children's
(``covers_children: true``), the reader sees the key figures of that report,
the sums of the children's published reports, and whether every compared cell
checks out: the same coverage and differences as the rule hierarchy-total
(check/hierarchy.py), so the page never says other than the check.

Only published reports are shown or summed: a draft is not public, and a
child's draft counts as a report not yet published.
"""

from __future__ import annotations

from collections.abc import Sequence

from macros.check.hierarchy import Coverage, Difference, children_of, coverage, covering_organs, differences
from macros.check.load import Report
from macros.check.project import Project
from macros.format.figures import FIGURES, Figure, figure_value
from macros.format.numbers import Number, format_number
from macros.site.markup import plain

# The figures shown side by side (format/figures.py): requests, appeals, the 表二 decisions and the fee.
KEY_FIGURES: tuple[Figure, ...] = tuple(
    FIGURES[name]
    for name in (
        "new_requests",
        "carried_in",
        "results_total",
        "carried_over",
        "review_total",
        "litigation_total",
        "licensing_total",
        "penalty_total",
        "coercion_total",
        "fees_total",
        "normative_in_force",
    )
)
CHECKS_OUT = "与下级报告合计一致"
DOES_NOT = "与下级报告合计不一致"
CANNOT_CHECK = "缺少下级报告，无法核对"
# Differences listed in one block; the rest are counted (a broken 汇总 can differ in every cell).
DIFFERENCES_SHOWN = 20
NAMES_SHOWN = 20


def _sum(reports: Sequence[Report], figure: Figure) -> Number | None:
    values = [figure_value(report.values, figure) for report in reports]
    known = [v for v in values if v is not None]
    return sum(known) if len(known) == len(values) else None


def _number(value: Number | None) -> str:
    return "—" if value is None else format_number(value)


def _names(project: Project, slugs: Sequence[str]) -> str:
    shown = "、".join(plain(project.organs[slug].short) for slug in slugs[:NAMES_SHOWN])
    return shown + (f" 等 {len(slugs)} 个机关" if len(slugs) > NAMES_SHOWN else "")


def _status(project: Project, found: Coverage, wrong: list[Difference]) -> list[str]:
    """The verdict, then what stands in its way or what differs."""
    year = found.report.year
    if not found.complete:
        unpublished = [c.slug for c in found.missing] + [r.organ for r in found.drafts]
        why = []
        if unpublished:
            why.append(f"尚未发布 {year} 年报告的下级机关：{_names(project, unpublished)}")
        if found.withdrawn:
            why.append(f"{year} 年报告已撤回的下级机关：{_names(project, [c.slug for c in found.withdrawn])}")
        return [f'<p class="nianbao-hierarchy-status"><strong>{CANNOT_CHECK}</strong>（{"；".join(why)}）。</p>']
    if not wrong:
        return [f'<p class="nianbao-hierarchy-status"><strong>{CHECKS_OUT}</strong>。</p>']
    lines = [
        f'<p class="nianbao-hierarchy-status"><strong>{DOES_NOT}</strong>：'
        f"{len(wrong)} 个单元格不等于下级机关之和。</p>",
        "<ul>",
    ]
    for difference in wrong[:DIFFERENCES_SHOWN]:
        lines.append(
            f"<li>{plain(difference.cell.label())}：本报告 {format_number(difference.parent)}，"
            f"下级机关合计 {format_number(difference.total)}</li>"
        )
    if len(wrong) > DIFFERENCES_SHOWN:
        lines.append(f"<li>另有 {len(wrong) - DIFFERENCES_SHOWN} 个单元格不一致</li>")
    lines.append("</ul>")
    return lines


def _block(project: Project, found: Coverage) -> str:
    slug, year = found.parent.slug, found.report.year
    wrong = differences(found.report, found.summed) if found.complete else []
    summed = f"已发布的 {len(found.summed)} 份下级机关报告合计"
    if not found.complete:
        summed += f"（共 {len(found.children)} 个下级机关）"
    rows = []
    for figure in KEY_FIGURES:
        own, total = figure_value(found.report.values, figure), _sum(found.summed, figure)
        gap = own - total if found.complete and own is not None and total is not None else None
        rows.append(
            f'<tr><th scope="row">{plain(figure.label)}</th><td>{_number(own)}</td>'
            f"<td>{_number(total)}</td><td>{_number(gap)}</td></tr>"
        )
    children = _names(project, [c.slug for c in found.children])
    return "\n".join(
        [
            f'<div class="nianbao-hierarchy" id="hierarchy-{plain(slug)}-{year}">',
            f"<h3>{plain(found.parent.short)}：下级机关报告合计</h3>",
            f"<p>{plain(project.title_of((slug, year)))}是 {len(found.children)} 个下级机关"
            f"（{children}）{year} 年报告的合计。</p>",
            *_status(project, found, wrong),
            '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table>',
            f"<caption>{plain(found.parent.short)} {year} 年报告与下级机关报告合计</caption>",
            '<thead><tr><th scope="col">项目</th><th scope="col">本报告</th>'
            f'<th scope="col">{summed}</th><th scope="col">差额</th></tr></thead>',
            "<tbody>",
            *rows,
            "</tbody></table></div></div>",
            "</div>",
        ]
    )


def totals_markdown(project: Project, year: int) -> str:
    """For each covering organ with a published report for `year`: its 合计 block; "" when there is none.

    HTML (escaped) that a Markdown page holds as a raw block.
    """
    public = project.public_reports()
    children = children_of(project.organs)
    blocks = []
    for organ in covering_organs(project.organs):
        report = public.get((organ.slug, year))
        if report is None or not children.get(organ.slug):
            continue
        # All reports, not only the public ones: a withdrawn child is said to be withdrawn, a draft to be unpublished.
        blocks.append(_block(project, coverage(organ, report, children[organ.slug], project.reports)))
    return "\n\n".join(blocks)
