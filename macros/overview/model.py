"""What every overview is made from, collected once: the standings, the public reports' key figures, the pages.

The standings are the supervision view's own (site/supervision.py: deadlines,
late days, withdrawals), never recomputed here. Figures come only from the
public reports (Project.public_reports: 已发布, so neither drafts nor withdrawn
reports); a draft is seen, as 草稿进行中, only in a preview's matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from macros.check.load import Organ
from macros.check.paths import ReportKey
from macros.check.project import Project
from macros.format.national import DRAFT, LEVELS
from macros.format.numbers import Number
from macros.opendata.longform import exportable_reports
from macros.overview.figures import key_values
from macros.site.supervision import Standing, standings


@dataclass
class Overview:
    project: Project
    as_of: date
    preview: bool
    standings: dict[int, list[Standing]]  # newest year first, as the supervision view gives them
    figures: dict[ReportKey, dict[str, Number | None]]  # of every public report
    pages: set[ReportKey]  # reports whose page is in the tree (public or, in a preview, drafts too)
    drafts: set[ReportKey] = field(default_factory=set)  # in a preview only
    exported: set[ReportKey] = field(default_factory=set)  # reports with data files to download

    @property
    def years(self) -> list[int]:
        """Every year of the overviews, newest first."""
        return list(self.standings)

    def organs(self) -> list[Organ]:
        """The organs the overviews follow (those of the standings), by level, parent and name."""
        followed = {s.organ.slug for rows in self.standings.values() for s in rows}
        organs = [o for slug, o in self.project.organs.items() if slug in followed]
        return sorted(organs, key=lambda o: (_level_rank(o.level), self.parent_name(o), o.name, o.slug))

    def parent_name(self, organ: Organ) -> str:
        parent = self.project.organs.get(organ.parent or "")
        return parent.short if parent else ""

    def standing(self, slug: str, year: int) -> Standing | None:
        return next((s for s in self.standings.get(year, []) if s.organ.slug == slug), None)

    def organ_years(self, slug: str) -> list[int]:
        """The years an organ has a page in the tree, oldest first."""
        return sorted(year for organ, year in self.pages if organ == slug)

    def public_years(self, slug: str) -> list[int]:
        """The years with figures (public reports), oldest first."""
        return sorted(year for organ, year in self.figures if organ == slug)


def _level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def collect(project: Project, as_of: date, preview: bool, pages: set[ReportKey]) -> Overview:
    """The overview of a checked project as of `as_of`; `pages` are the report pages the tree holds."""
    exported = set(exportable_reports(project))
    figures = {key: key_values(report.values) for key, report in sorted(project.public_reports().items())}
    drafts: set[ReportKey] = set()
    if preview:
        reports = project.reports
        drafts = {k for k in pages if k in project.drafts or (k in reports and reports[k].record.status == DRAFT)}
    return Overview(project, as_of, preview, standings(project, as_of), figures, set(pages), drafts, exported)
