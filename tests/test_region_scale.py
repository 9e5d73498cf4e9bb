"""A region's site: a report page does not grow with the number of reports.

The menu is the same few pages everywhere (mkdocs.yml not_in_nav); the overview
pages do the browsing. Two synthetic regions (benchmarks/synthetic.py), one ten
times the other, give the same report the same page.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_site  # noqa: E402

PAGE = "d000/2021/index.html"  # the first organ's first report: the same in both regions


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    sites = {}
    for reports in (10, 100):
        root = tmp_path_factory.mktemp(f"region{reports}")
        assert make_site(root, reports) == reports
        result = build_site(root, root / "site")
        assert result.returncode == 0, result.stderr[-3000:]
        sites[reports] = root / "site"
    return sites


def test_a_report_page_does_not_grow_with_the_region(regions: dict[int, Path]):
    """Assert that the same report's page is the same size in a 10- and a 100-report site."""
    small, large = ((regions[n] / PAGE).read_text(encoding="utf-8") for n in (10, 100))
    assert abs(len(large.encode()) - len(small.encode())) <= 64, (len(small.encode()), len(large.encode()))


def test_the_menu_is_the_same_few_pages(regions: dict[int, Path]):
    """Assert that no report or organ is in the menu: it lists the same pages in both regions."""
    menus = []
    for reports in (10, 100):
        soup = BeautifulSoup((regions[reports] / PAGE).read_text(encoding="utf-8"), "html.parser")
        menus.append([a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a")])
    assert menus[0] == menus[1] and len(menus[0]) < 10, menus
