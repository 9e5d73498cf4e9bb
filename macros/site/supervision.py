"""The supervisory view: per year, who published by the legal deadline, who late, who not at all.

条例 第四十九条 (see ``format.DEADLINES``): departments, 乡镇 and 街道 by 1月31日
of the following year, a 县级以上 government's own report by 3月31日. The view
is as of the build date (reproducible.py), so that two builds of one commit say
the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from macros.check.load import Organ
from macros.check.project import Project
from macros.format.national import DEADLINES, DRAFT, WITHDRAWN
from macros.site.markup import plain

ON_TIME, LATE, MISSING, NOT_DUE = "按时发布", "逾期发布", "未发布", "未到期限"


@dataclass(frozen=True)
class Standing:
    """One organ's report for one year, as the supervising office sees it."""

    organ: Organ
    year: int
    deadline: date
    verdict: str  # ON_TIME / LATE / MISSING / NOT_DUE
    published: date | None
    days_late: int
    corrections: int
    withdrawn: date | None
    linked: bool  # the report has a public page


def deadline(organ: Organ, year: int) -> date:
    month, day = DEADLINES[organ.level]
    return date(year + 1, month, day)


def standings(project: Project, as_of: date) -> dict[int, list[Standing]]:
    """Every organ that reports on this site, for every year, newest first.

    An organ is followed from its first report here (a draft counts): the
    registry also holds parent organs that publish elsewhere, and saying those
    "未发布" would be a false public statement. The years run to the last year
    whose reports are already due (so a year nobody has published yet still
    shows, as 未发布).
    """
    reported = {year for _, year in project.reports}
    if not reported:
        return {}
    first_year: dict[str, int] = {}
    for slug, year in project.reports:
        first_year[slug] = min(year, first_year.get(slug, year))
    first_due = min((DEADLINES[o.level] for o in project.organs.values()), default=(1, 31))
    last_due = as_of.year - (1 if (as_of.month, as_of.day) > first_due else 2)
    years = sorted(set(range(min(reported), max(max(reported), last_due) + 1)), reverse=True)
    out: dict[int, list[Standing]] = {}
    for year in years:
        rows = []
        for slug, organ in project.organs.items():
            if year < first_year.get(slug, year + 1):
                continue
            due = deadline(organ, year)
            report = project.reports.get((slug, year))
            record = report.record if report else None
            published = record.published if record and record.status != DRAFT else None
            if published is None:
                verdict = NOT_DUE if as_of <= due else MISSING
                late = max((as_of - due).days, 0)
            else:
                late = max((published - due).days, 0)
                verdict = LATE if late else ON_TIME
            withdrawn = record.withdrawn.date if record and record.status == WITHDRAWN and record.withdrawn else None
            rows.append(
                Standing(
                    organ,
                    year,
                    due,
                    verdict,
                    published,
                    late,
                    len(record.corrections) if record and published else 0,
                    withdrawn,
                    published is not None,
                )
            )
        out[year] = rows
    return out


def _text(value: object) -> str:
    # Table cells of Markdown: escaped, and no "|" that would split the cell.
    return plain(value)


def render_supervision(project: Project, as_of: date, to_root: str = "") -> str:
    """Markdown of the view: a summary and a table per year; `to_root` leads from the page to docs/."""
    table = standings(project, as_of)
    if not table:
        return "尚无任何报告。"
    # The date is the site's last update (the commit), so the page is the same on every rebuild.
    lines = [f"统计截至 {as_of}（本站最近一次更新的日期）；期限见上文说明。", ""]
    for year, rows in table.items():
        counts = {v: sum(1 for r in rows if r.verdict == v) for v in (ON_TIME, LATE, MISSING, NOT_DUE)}
        summary = "，".join(f"{v} {n} 个" for v, n in counts.items() if n)
        lines += [f"## {year} 年度报告", "", f"共 {len(rows)} 个机关：{summary}。", ""]
        lines += ["| 机关 | 层级 | 发布期限 | 发布日期 | 情况 | 更正次数 |", "|---|---|---|---|---|--:|"]
        for row in rows:
            name = _text(row.organ.name)
            if row.linked:
                name = f"[{name}]({to_root}{row.organ.slug}/{row.year}.md)"
            if row.verdict in (ON_TIME, LATE):
                verdict = row.verdict + (f"（逾期 {row.days_late} 天）" if row.verdict == LATE else "")
            else:
                verdict = row.verdict + (f"（已逾期 {row.days_late} 天）" if row.verdict == MISSING else "")
            if row.withdrawn:
                verdict += f"；已于 {row.withdrawn} 撤回"
            cells = [
                name,
                _text(row.organ.level),
                str(row.deadline),
                str(row.published or "—"),
                _text(verdict),
                str(row.corrections) if row.published else "—",
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
