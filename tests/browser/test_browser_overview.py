"""The overview pages of the test region (tests/overview_fixture.py) in Debian's Chromium.

The home matrix's filters and the year table's sorting are the site's own
script (docs/assets/nianbao-overview.js); without it the pages show everything.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE, OpenPage
from .test_browser_layout import _assert_no_sideways_scroll, _assert_text_at_least_16px, _visible_text

BLOCKING_IMPACTS = ("serious", "critical")


def _shown_organs(page) -> list[str]:
    return page.eval_on_selector_all(
        "table.nb-matrix tbody tr[data-name]",
        "rows => rows.filter(r => r.offsetParent !== null).map(r => r.querySelector('th a').textContent)",
    )


def test_matrix_filters_by_text_level_and_status(open_region_page: OpenPage) -> None:
    """Assert that the matrix narrows to the organs matching the name, level and status chosen, and says how many."""
    page = open_region_page("").page
    assert _shown_organs(page) == ["沾益区政府", "文教局", "清河镇", "西平街道"]
    page.get_by_label("机关名称", exact=True).fill("清河")
    assert _shown_organs(page) == ["清河镇"]
    assert page.inner_text(".nb-filter-count") == "显示 1 个机关，共 4 个。"
    # The headings of the groups left empty go too.
    assert page.eval_on_selector_all("table.nb-matrix tbody", "groups => groups.filter(g => !g.hidden).length") == 1
    page.get_by_label("机关名称", exact=True).fill("")
    page.get_by_label("层级", exact=True).select_option("街道")
    assert _shown_organs(page) == ["西平街道"]
    page.get_by_label("层级", exact=True).select_option("")
    page.get_by_label("情况", exact=True).select_option("withdrawn")
    assert _shown_organs(page) == ["文教局"]
    page.get_by_label("情况", exact=True).select_option("late")
    assert _shown_organs(page) == ["沾益区政府"]
    # The full name matches too.
    page.get_by_label("情况", exact=True).select_option("")
    page.get_by_label("机关名称", exact=True).fill("人民政府西平")
    assert _shown_organs(page) == ["西平街道"]


def test_matrix_without_script_is_the_full_table(chromium, region_url: str) -> None:
    """Assert that with JavaScript off the whole matrix is there, with no filter controls."""
    context = chromium.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(region_url)
        assert page.locator("table.nb-matrix tbody tr[data-name]").count() == 4
        assert page.locator("form.nb-filter").count() == 0
    finally:
        context.close()


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "table.nb-year tbody tr", f"rows => rows.map(r => r.children[{index}].textContent)"
    )


def test_year_table_sorts_by_any_column(open_region_page: OpenPage) -> None:
    """Assert that a column head sorts the year table by its numbers, ascending then descending, and says so."""
    page = open_region_page("niandu/2023/").page
    names = lambda: [n.split("（")[0] for n in _column(page, 0)]  # noqa: E731
    assert names() == ["沾益区政府", "清河镇", "西平街道"]  # as built: by level
    head = page.locator("table.nb-year thead th").nth(2)  # 新收申请
    head.get_by_role("button").click()
    assert _column(page, 2) == ["0", "3", "40"] and head.get_attribute("aria-sort") == "ascending"
    head.get_by_role("button").click()
    assert _column(page, 2) == ["40", "3", "0"] and head.get_attribute("aria-sort") == "descending"
    ratio = page.locator("table.nb-year thead th").last.nth(0)
    page.locator("table.nb-year thead th").nth(-2).get_by_role("button").click()  # 实质公开率
    assert names() == ["清河镇", "西平街道", "沾益区政府"]  # — first, then 66.7 %, 75.0 %
    assert head.get_attribute("aria-sort") is None and ratio.get_attribute("aria-sort") is None


@pytest.mark.parametrize("path", ["", "zhanyi/", "niandu/2023/"], ids=["home", "organ", "year"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_overview_pages_have_no_serious_accessibility_violation(
    open_region_page: OpenPage, path: str, viewport: dict[str, int]
) -> None:
    """Assert that axe-core finds nothing serious on the matrix, an organ page with charts, and a year table;
    that the page does not scroll sideways and every text is at least 16 px."""
    page = open_region_page(path, viewport=viewport).page
    results = Axe().run(page).response
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in blocking]
    _assert_no_sideways_scroll(page)
    _assert_text_at_least_16px(_visible_text(page))
