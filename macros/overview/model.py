"""What every overview is made from, collected once: the standings, the public reports' key figures, the pages.

The standings are the supervision view's own (site/supervision.py: deadlines,
late days, withdrawals), never recomputed here. Figures come only from the
public reports (Project.public_reports: 已发布, so neither drafts nor withdrawn
reports); a draft is seen, as 草稿进行中, only in a preview's matrix.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

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

    # Indexes made once: every organ's page and every matrix cell asks them (a city has thousands of reports).
    @cached_property
    def _organs(self) -> list[Organ]:
        followed = {s.organ.slug for rows in self.standings.values() for s in rows}
        organs = [o for slug, o in self.project.organs.items() if slug in followed]
        return sorted(organs, key=lambda o: (_level_rank(o.level), self.parent_name(o), o.name, o.slug))

    @cached_property
    def _standing_of(self) -> dict[ReportKey, Standing]:
        return {(s.organ.slug, year): s for year, rows in self.standings.items() for s in rows}

    @cached_property
    def _public_years(self) -> dict[str, list[int]]:
        years: dict[str, list[int]] = defaultdict(list)
        for organ, year in sorted(self.figures):
            years[organ].append(year)
        return years

    @cached_property
    def _children(self) -> dict[str, list[Organ]]:
        children: dict[str, list[Organ]] = defaultdict(list)
        for organ in self._organs:
            children[organ.parent or ""].append(organ)
        return children

    @cached_property
    def with_page(self) -> frozenset[str]:
        """The organs that get a page: those with a report page in the tree.

        Not an organ with only a draft, in the public site: its page would be
        there for a draft alone (the matrix still says 未发布, as the status page does).
        """
        return frozenset(organ for organ, _ in self.pages) & frozenset(o.slug for o in self._organs)

    def organs(self) -> list[Organ]:
        """The organs the overviews follow (those of the standings), by level, parent and name."""
        return self._organs

    def children(self, slug: str) -> list[Organ]:
        """The followed organs whose parent is `slug`."""
        return self._children.get(slug, [])

    def parent_name(self, organ: Organ) -> str:
        parent = self.project.organs.get(organ.parent or "")
        return parent.short if parent else ""

    def standing(self, slug: str, year: int) -> Standing | None:
        return self._standing_of.get((slug, year))

    def public_years(self, slug: str) -> list[int]:
        """The years with figures (public reports), oldest first."""
        return self._public_years.get(slug, [])


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
