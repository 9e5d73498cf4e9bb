"""Every overview file of the tree, for ``python -m macros prepare``: organ pages, year pages, their index.

The home page's matrix is a page macro (site/env.py) on the editors' own
docs/index.md; the line to the previous and next year is written into each
report page by prepare (organ.neighbour_lines).
"""

from __future__ import annotations

from macros.overview.model import Overview
from macros.overview.organ import render_organ_page
from macros.overview.urls import YEARS_INDEX, organ_page, year_page
from macros.overview.year import render_year_page, render_years_index


def overview_files(overview: Overview) -> dict[str, bytes]:
    """Path in the tree → content of every overview page."""
    files: dict[str, str] = {}
    for organ in overview.organs():
        if organ.slug in overview.with_page:
            files[organ_page(organ.slug)] = render_organ_page(overview, organ)
    # Always: the home page links to it, even before any report.
    files[YEARS_INDEX] = render_years_index(overview)
    for year in overview.years:
        files[year_page(year)] = render_year_page(overview, year)
    return {path: text.encode("utf-8") for path, text in files.items()}
