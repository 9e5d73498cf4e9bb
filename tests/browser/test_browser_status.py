"""The 发布情况 page in a real browser: a registered organ with no report is listed, and a phone reads it all.

A copy of the project registers fictional organs (tests/test_supervision.py),
one of them with no report and a long name, and is built as of a fixed date.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import build_site, copy_project
from playwright.sync_api import Browser, Page, Route
from test_supervision import EXTRA_ORGANS

from macros.check.paths import ORGANS_FILE
from macros.site.supervision import STATUS_CSV

from .conftest import DESKTOP, PHONE, is_local, serve
from .test_browser_layout import (
    _assert_no_sideways_scroll,
    _assert_nothing_cut_off,
    _assert_text_at_least_16px,
    _visible_text,
)

# A long official name: a card must wrap it, never widen the page.
LONG_NAME = "示例市示例区人民政府青松街道办事处社区综合服务与政务公开工作协调中心"
LONG_ORGAN = f"""
xiehe:
  name: {LONG_NAME}
  short: 协调中心
  level: 县级部门
  parent: zhanyi
"""
NO_REPORT = "示例市示例区人民政府青松街道办事处"


@pytest.fixture(scope="module")
def status_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("status")
    root = copy_project(tmp / "project")
    registry = root / ORGANS_FILE
    registry.write_text(registry.read_text(encoding="utf-8") + EXTRA_ORGANS + LONG_ORGAN, encoding="utf-8")
    site = tmp / "site"
    result = build_site(root, site, env={"SOURCE_DATE_EPOCH": "1770940800"})  # 2026-02-13
    assert result.returncode == 0, result.stderr
    yield from serve(site)


def _open(chromium: Browser, url: str, viewport: dict[str, int]) -> Page:
    context = chromium.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
    foreign: list[str] = []

    def _guard(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", _guard)
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    assert foreign == []
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_status_page_lists_an_organ_without_a_report(chromium: Browser, status_url: str, viewport) -> None:
    """Assert that the registered organ with no report shows as 未发布 with its days overdue, beside the one on time."""
    page = _open(chromium, status_url + "status/", viewport)
    year = page.locator('h2[id="2025-年度报告"] ~ div.nb-standings').first
    card = year.locator("li").filter(has=page.get_by_text(NO_REPORT, exact=True))
    assert card.is_visible()
    assert card.locator(".nb-verdict").inner_text() == "未发布"
    assert "已逾期 13 天" in card.inner_text()
    assert page.locator("text=统计截至 2026-02-13").first.is_visible()
    csv = page.request.get(status_url + STATUS_CSV)
    assert csv.ok and NO_REPORT in csv.body().decode("utf-8-sig")
    page.context.close()


def test_status_page_reads_on_a_phone(chromium: Browser, status_url: str, artifacts) -> None:
    """Assert that at 375 px the page does not scroll sideways and no fact of the view sits in a scrolling box."""
    page = _open(chromium, status_url + "status/", PHONE)
    _assert_no_sideways_scroll(page)
    texts = _visible_text(page)
    _assert_nothing_cut_off(texts, PHONE["width"])
    _assert_text_at_least_16px(texts)
    # Nothing to scroll to: no wide table hides a column of the view.
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('article *')]
             .filter(e => /(auto|scroll)/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1)
             .map(e => e.tagName + '.' + e.className)"""
    )
    assert hidden == []
    long_card = page.locator(".nb-standings li", has_text=LONG_NAME).first
    box = long_card.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.screenshot(path=str(artifacts / "status-phone.png"), full_page=True)
    page.context.close()
