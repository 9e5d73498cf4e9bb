"""A year's page (``niandu/<year>/index.md``): every organ's key figures side by side, with the ratios.

The table is in the HTML sorted by level, parent and name; the site's own
script (docs/assets/nianbao-overview.js) lets a reader sort it by any column,
from each cell's ``data-sort`` value. The years' index (``niandu/index.md``)
lists the years.
"""

from __future__ import annotations

from html import escape

from macros.format.numbers import format_number
from macros.overview.figures import KEY_FIGURES, RATIOS, ratio_value
from macros.overview.hierarchy import totals_markdown
from macros.overview.markdown import definitions, front_matter, scroll_box
from macros.overview.model import Overview
from macros.overview.urls import YEARS_INDEX, link, organ_address, report_address, source_link, year_page

SORTABLE = "nb-sortable"  # the class the script looks for
_NAMED = [(kf.figure.label, kf.short) for kf in KEY_FIGURES] + [(r.definition, r.label) for r in RATIOS]
_HEAD = '<th scope="col">机关</th><th scope="col">层级</th>' + "".join(
    f'<th scope="col"><abbr title="{escape(what)}">{escape(short)}</abbr></th>' for what, short in _NAMED
)


def _year_table(overview: Overview, year: int, src: str) -> str:
    organs = [o for o in overview.organs() if (o.slug, year) in overview.figures]
    rows = []
    for order, organ in enumerate(organs):
        values = overview.figures[(organ.slug, year)]
        name = (
            f'<a href="{escape(link(src, report_address((organ.slug, year))))}">{escape(organ.short)}</a>'
            f'<span class="nb-matrix-full">（<a href="{escape(link(src, organ_address(organ.slug)))}">历年</a>）</span>'
        )
        cells = [
            f'<th scope="row" data-sort="{escape(organ.short)}">{name}</th>',
            f'<td data-sort="{order}">{escape(organ.level)}</td>',
        ]
        for kf in KEY_FIGURES:
            value = values[kf.name]
            shown = format_number(value) if value is not None else "—"
            cells.append(f'<td data-sort="{shown if value is not None else -1}">{shown}</td>')
        for ratio in RATIOS:
            found = ratio_value(ratio, values)
            sort = found.percent if found else -1
            cells.append(f'<td data-sort="{sort}">{escape(found.text()) if found else "—"}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    caption = f"{year} 年度各机关主要数字"
    return scroll_box(
        caption,
        f'<table class="nb-year {SORTABLE}" id="nb-year">'
        f"<caption>{caption}（单位：件；比率后括号内为分子/分母）</caption>"
        f"<thead><tr>{_HEAD}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
    )


def render_year_page(overview: Overview, year: int) -> str:
    src = year_page(year)
    count = sum(1 for _, y in overview.figures if y == year)
    lines = [f"# {year} 年度各机关政府信息公开主要数字", ""]
    lines.append(
        f"本页列出 {year} 年度在本站发布报告的 {count} 个机关的主要数字，只含已发布的报告（草稿和已撤回的报告不计）。"
        f"各机关是否按时发布见「[发布情况]({source_link(src, 'status.md')})」。"
        "在运行脚本的浏览器中，点击表头可按该列排序。"
    )
    lines += ["", definitions(), ""]
    if count:
        lines += [_year_table(overview, year, src), ""]
    else:
        lines += ["本年度尚无已发布的报告。", ""]
    if totals := totals_markdown(overview.project, year):
        lines += [
            "## 合计报告与下级机关报告",
            "",
            "机关名录中标明为下级机关合计的报告（如区的汇总），其数字应等于各下级机关已发布报告之和：",
            "",
            totals,
            "",
        ]
    others = [y for y in overview.years if y != year]
    if others:
        lines.append(
            "其他年度："
            + "、".join(f"[{y} 年度]({source_link(src, year_page(y))})" for y in sorted(others, reverse=True))
            + "。"
        )
    description = f"{year} 年度各机关政府信息公开工作年度报告的主要数字"
    return front_matter(f"{year} 年度", description) + "\n".join(lines) + "\n"


def render_years_index(overview: Overview) -> str:
    lines = ["# 各年度主要数字", "", "每个年度一页，列出各机关已发布报告的主要数字，可按任一列排序。", ""]
    for year in overview.years:
        count = sum(1 for _, y in overview.figures if y == year)
        lines.append(f"- [{year} 年度]({source_link(YEARS_INDEX, year_page(year))})：{count} 份已发布的报告")
    return front_matter("年度概览", "各年度各机关政府信息公开工作年度报告的主要数字") + "\n".join(lines) + "\n"
