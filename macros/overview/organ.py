"""An organ's page (``<organ>/index.md``): its years, its key figures over time as a table and as charts.

Also the line every report page carries to the same organ's previous and next
year: a constant size whatever the number of reports.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from macros.check.load import Organ
from macros.check.paths import ReportKey
from macros.format.numbers import format_number
from macros.opendata.catalogue import KINDS
from macros.overview.charts import Bar, render_chart
from macros.overview.figures import KEY_FIGURES, RATIOS, change_text, ratio_value
from macros.overview.markdown import definitions, front_matter, scroll_box
from macros.overview.matrix import cell_status
from macros.overview.model import Overview
from macros.overview.urls import download_file, organ_page, source_link
from macros.site.markup import plain

UNIT = "件"  # every key figure is a count
# The same on every organ's page: made once.
_ROW_HEADS = {
    **{
        kf.name: f'<th scope="row"><abbr title="{escape(kf.figure.label)}">{escape(kf.short)}</abbr></th>'
        for kf in KEY_FIGURES
    },
    **{r.name: f'<th scope="row"><abbr title="{escape(r.definition)}">{escape(r.label)}</abbr></th>' for r in RATIOS},
}


def _organ_link(overview: Overview, src: str, slug: str | None) -> str | None:
    organ = overview.project.organs.get(slug or "")
    if organ is None:
        return None
    name = plain(organ.short)
    return f"[{name}]({source_link(src, organ_page(organ.slug))})" if organ.slug in overview.with_page else name


def _reports_table(overview: Overview, organ: Organ, src: str) -> str:
    lines = ["| 年度 | 情况 | 报告 | 数据下载 |", "|---|---|---|---|"]
    for year in overview.years:
        _, words, _ = cell_status(overview, organ, year)
        key = (organ.slug, year)
        if overview.standing(organ.slug, year) is None and key not in overview.pages:
            continue
        report = f"[{year} 年报告]({source_link(src, f'{organ.slug}/{year}.md')})" if key in overview.pages else "—"
        downloads = (
            " · ".join(f"[{k.name}]({source_link(src, download_file(key, k.file_ending))})" for k in KINDS)
            if key in overview.exported
            else "—"
        )
        lines.append(f"| {year} | {plain(words)} | {report} | {downloads} |")
    return "\n".join(lines)


def _figures_table(overview: Overview, organ: Organ) -> str:
    years = overview.public_years(organ.slug)
    figures = [overview.figures[(organ.slug, y)] for y in years]
    head = "".join(f'<th scope="col">{y} 年度</th>' for y in years)
    rows = []
    for kf in KEY_FIGURES:
        cells = []
        for i, values in enumerate(figures):
            value = values[kf.name]
            text = format_number(value) if value is not None else "—"
            if i:
                text += f'<span class="nb-change">较上年 {escape(change_text(value, figures[i - 1][kf.name]))}</span>'
            cells.append(f"<td>{text}</td>")
        rows.append(f"<tr>{_ROW_HEADS[kf.name]}{''.join(cells)}</tr>")
    for ratio in RATIOS:
        cells = []
        for values in figures:
            found = ratio_value(ratio, values)
            cells.append(f"<td>{escape(found.text()) if found else '—'}</td>")
        rows.append(f"<tr>{_ROW_HEADS[ratio.name]}{''.join(cells)}</tr>")
    caption = f"{escape(organ.short)}历年主要数字"
    return scroll_box(
        caption,
        f'<table class="nb-figures" id="nb-figures"><caption>{caption}（单位：件；括号内为较上年的增减）</caption>'
        f'<thead><tr><th scope="col">项目</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>',
    )


def _charts(overview: Overview, organ: Organ) -> str:
    years = overview.public_years(organ.slug)
    if len(years) < 2:
        return "只有一个年度的已发布报告，暂不绘制趋势图；数字见上表。"
    charts = []
    span = f"{years[0]}—{years[-1]} 年"
    for kf in (f for f in KEY_FIGURES if f.chart):
        bars = [Bar(f"{y}", overview.figures[(organ.slug, y)][kf.name]) for y in years]
        charts.append(
            render_chart(
                f"nb-chart-{kf.name}",
                f"{organ.short}{kf.short}（{UNIT}），{span}",
                UNIT,
                bars,
                f"{kf.short}：{kf.figure.label}",
            )
        )
    return '<div class="nb-charts">' + "".join(charts) + "</div>"


def render_organ_page(overview: Overview, organ: Organ) -> str:
    """The Markdown of an organ's page (source `<organ>/index.md`)."""
    src = organ_page(organ.slug)
    lines = [f"# {plain(organ.name)}", ""]
    about = [f"层级：{plain(organ.level)}"]
    if parent := _organ_link(overview, src, organ.parent):
        about.append(f"上级机关：{parent}")
    children = overview.children(organ.slug)
    if children:
        about.append("下级机关：" + "、".join(_organ_link(overview, src, c.slug) or "" for c in children))
    lines += ["；".join(about) + "。", "", "## 历年报告", "", _reports_table(overview, organ, src), ""]
    lines += ["## 主要数字", ""]
    if overview.public_years(organ.slug):
        lines += [
            "各项目为已发布报告中的数字（草稿和已撤回的报告不计）；比率括号内为分子和分母。",
            "",
            definitions(),
            "",
            _figures_table(overview, organ),
            "",
            "## 趋势图",
            "",
            _charts(overview, organ),
        ]
    else:
        lines.append("本站尚无该机关已发布的报告。")
    description = f"{organ.name}历年政府信息公开工作年度报告、主要数字和趋势图"
    return front_matter(organ.short, description) + "\n".join(lines) + "\n"


def neighbour_lines(pages: set[ReportKey], listed: set[ReportKey], organ_pages: frozenset[str]) -> dict[ReportKey, str]:
    """For every report page: the Markdown line to its organ's page and previous and next year.

    The years linked are those `listed` (not a withdrawn report: it leaves every list, README);
    every page in `pages` gets its line, a withdrawn one too. The organ's page is linked
    where it has one (`organ_pages`: not an organ the overviews do not follow).
    """
    by_organ: dict[str, list[int]] = defaultdict(list)
    for organ, year in listed & pages:
        by_organ[organ].append(year)
    for years in by_organ.values():
        years.sort()
    out: dict[ReportKey, str] = {}
    for organ, year in pages:
        years = by_organ.get(organ, [])
        before = [y for y in years if y < year]
        after = [y for y in years if y > year]
        parts = []
        if before:
            parts.append(f"上一年度：[{before[-1]} 年报告]({before[-1]}.md)")
        if after:
            parts.append(f"下一年度：[{after[0]} 年报告]({after[0]}.md)")
        if organ in organ_pages:
            parts.append("[本机关历年报告与主要数字](index.md)")
        if parts:
            out[(organ, year)] = " ｜ ".join(parts) + "\n{: .nb-neighbours }"
    return out
