"""The home page's matrix: every organ the site follows × every year, grouped by level and parent.

Each cell says in words how that report stands (the supervision view's
standing: on time, late, not yet due, missing, withdrawn; in a preview also a
draft in progress) and links to the report, or where there is none to the
organ's page. Colour only repeats the words. The whole matrix is in the HTML;
docs/assets/nianbao-overview.js adds the filters (text, level, status), so
without script the reader has the full table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from macros.check.load import Organ
from macros.overview.markdown import scroll_box
from macros.overview.model import Overview
from macros.overview.urls import link, organ_address, report_address, year_address
from macros.site.supervision import LATE, MISSING, NOT_DUE, ON_TIME, Standing


@dataclass(frozen=True)
class Status:
    key: str  # the class and filter value (nb-status-<key>)
    label: str
    meaning: str  # the legend's words


ON_TIME_S = Status("on-time", ON_TIME, "在期限内发布，链接到报告")
LATE_S = Status("late", LATE, "超过期限才发布（括号内为逾期天数），链接到报告")
DRAFT_S = Status("draft", "草稿进行中", "报告正在编写，尚未发布（只在预览中显示），链接到草稿")
NOT_DUE_S = Status("not-due", NOT_DUE, "尚未到发布期限，链接到机关页面（机关已有报告时）")
MISSING_S = Status("missing", MISSING, "期限已过仍未发布（括号内为已逾期天数），链接到机关页面（机关已有报告时）")
WITHDRAWN_S = Status("withdrawn", "已撤回", "发布后撤回，不再列出（链接到机关页面，那里保留撤回记录）")
NONE_S = Status("none", "—", "本站自该机关第一份报告的年度起统计，此前的年度不列")
STATUSES: tuple[Status, ...] = (ON_TIME_S, LATE_S, DRAFT_S, NOT_DUE_S, MISSING_S, WITHDRAWN_S, NONE_S)
MATRIX_ID = "nb-matrix"
CAPTION = "各机关历年年度报告发布情况"


def cell_status(overview: Overview, organ: Organ, year: int) -> tuple[Status, str, str | None]:
    """(status, the cell's words, the site address it links to or None) of one organ's year."""
    standing: Standing | None = overview.standing(organ.slug, year)
    key = (organ.slug, year)
    if standing is None:
        return NONE_S, NONE_S.label, None
    to_organ = organ_address(organ.slug) if organ.slug in overview.with_page else None
    # A withdrawn report leaves every list (README): its page stays, reached from its organ's record.
    if standing.withdrawn is not None:
        return WITHDRAWN_S, f"{WITHDRAWN_S.label}（{standing.withdrawn}）", to_organ
    if standing.verdict == ON_TIME:
        return ON_TIME_S, ON_TIME_S.label, report_address(key)
    if standing.verdict == LATE:
        return LATE_S, f"{LATE_S.label}（{standing.days_late} 天）", report_address(key)
    if key in overview.drafts:
        return DRAFT_S, DRAFT_S.label, report_address(key)
    if standing.verdict == MISSING:
        return MISSING_S, f"{MISSING_S.label}（已逾期 {standing.days_late} 天）", to_organ
    return NOT_DUE_S, NOT_DUE_S.label, to_organ


def _group_label(overview: Overview, organ: Organ) -> str:
    parent = overview.parent_name(organ)
    return f"{organ.level}（上级机关：{parent}）" if parent else organ.level


def render_legend(preview: bool) -> str:
    # A draft's state is shown in previews only (the public site says nothing of drafts).
    shown = [s for s in STATUSES if preview or s is not DRAFT_S]
    items = "".join(
        f'<li><span class="nb-status nb-status-{s.key}">{escape(s.label)}</span>：{escape(s.meaning)}</li>'
        for s in shown
    )
    return f'<ul class="nb-legend" aria-label="图例">{items}</ul>'


def render_matrix(overview: Overview, page: str = "index.md") -> str:
    """The matrix as one raw-HTML block, for the page whose source is `page` (its links are relative to it)."""
    organs = overview.organs()
    if not organs:
        return "<p>尚无任何报告。</p>"
    years = overview.years
    head = "".join(f'<th scope="col">{year} 年度</th>' for year in years)
    rows: list[str] = []
    group = None
    for organ in organs:
        label = _group_label(overview, organ)
        if label != group:
            if group is not None:
                rows.append("</tbody>")
            group = label
            rows.append(
                f'<tbody data-level="{escape(organ.level)}"><tr class="nb-matrix-group">'
                f'<th scope="rowgroup" colspan="{len(years) + 1}">{escape(label)}</th></tr>'
            )
        cells = []
        statuses = []
        for year in years:
            status, words, target = cell_status(overview, organ, year)
            statuses.append(status.key)
            text = escape(words)
            if target is not None and target == report_address((organ.slug, year)):
                # The report named as published (Project.title_of: the name in the lock, not today's registry).
                title = escape(overview.project.title_of((organ.slug, year)))
                text = f'<a href="{escape(link(page, target))}" title="{title}">{text}</a>'
            elif target is not None:
                text = f'<a href="{escape(link(page, target))}">{text}</a>'
            cells.append(f'<td class="nb-status nb-status-{status.key}" data-status="{status.key}">{text}</td>')
        name = escape(organ.short)
        if organ.slug in overview.with_page:
            name = f'<a href="{escape(link(page, organ_address(organ.slug)))}">{name}</a>'
        rows.append(
            f'<tr data-level="{escape(organ.level)}" data-name="{escape(organ.name)} {escape(organ.short)}" '
            f'data-status="{" ".join(sorted(set(statuses)))}">'
            f'<th scope="row">{name}<span class="nb-matrix-full">{escape(organ.name)}</span></th>{"".join(cells)}</tr>'
        )
    rows.append("</tbody>")
    years_links = "、".join(f'<a href="{escape(link(page, year_address(y)))}">{y} 年度</a>' for y in years)
    return (
        f'<div class="nb-overview" id="{MATRIX_ID}-box">'
        f"<p>各年度各机关的主要数字：{years_links}。</p>"
        f"{render_legend(overview.preview)}"
        + scroll_box(
            CAPTION,
            f'<table class="nb-matrix" id="{MATRIX_ID}"><caption>{CAPTION}（按层级和上级机关分组；'
            "单元格链接到报告或机关页面）</caption>"
            f'<thead><tr><th scope="col">机关</th>{head}</tr></thead>'
            f"{''.join(rows)}</table>",
        )
        + "</div>"
    )
