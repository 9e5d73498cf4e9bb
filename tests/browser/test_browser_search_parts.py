"""A site's search index in parts: the search box merges them into one search.

A region's site is indexed in runs of at most a part's pages (macros/site/search.py
plan_parts), each its own Pagefind bundle; assets/nianbao-search.js reads the list in
the first bundle and merges the others. Here the overview tests' region site is
indexed again with a part size that makes two parts, its organs split between them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route

from macros.cli import main
from macros.site.search import SEARCH_DIR, bundle_parts, indexable_pages, plan_parts

from .conftest import DESKTOP, SEARCH_RESULT, _opener, search, serve

# Only in 西平街道's 2024 report (the project's own), which the split puts in the second part.
SECOND_PART_ONLY = "保密审查"
REPORT = "xiping/2024/"


def search_typed(page: Page, word: str) -> list[dict[str, str]]:
    """The results of `word` typed into the box that has the focus already (conftest.search presses "/" first)."""
    page.keyboard.insert_text(word)
    page.locator(f"{SEARCH_RESULT} a.pagefind-ui__result-link").first.wait_for(state="visible")
    page.wait_for_function("() => !document.querySelector('#nb-search .pagefind-ui__loading')")
    return page.locator(SEARCH_RESULT).evaluate_all(
        "results => results.map(r => { const a = r.querySelector('a'); return {href: a ? a.href : ''}; })"
    )


@pytest.fixture(scope="module")
def parted_site(region_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The region's site, indexed in two parts (a copy: the region's own site is shared)."""
    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(region_site, site, ignore=shutil.ignore_patterns(SEARCH_DIR))
    half = -(-len(indexable_pages(site)) // 2)
    assert main(["search-index", str(site), "--part-pages", str(half)]) == 0
    return site


@pytest.fixture(scope="module")
def parted_url(parted_site: Path) -> Iterator[str]:
    yield from serve(parted_site)


@pytest.fixture
def open_parted_page(chromium: Browser, parted_url: str) -> Iterator:
    yield from _opener(chromium, parted_url)


def test_the_split_puts_the_organs_in_two_parts(parted_site: Path) -> None:
    """Assert the premise of the searches below: two parts, 清河镇 in the first, 西平街道 in the second."""
    parts = plan_parts(indexable_pages(parted_site), -(-len(indexable_pages(parted_site)) // 2))
    assert bundle_parts(parted_site / SEARCH_DIR) == ["parts/1/"] and len(parts) == 2
    assert "qinghe/**/*.html" in parts[0].globs and "xiping/**/*.html" in parts[1].globs


def test_a_term_of_the_second_part_only_lands_on_its_row_highlighted(open_parted_page) -> None:
    """Assert that a term indexed only in the second part is found, and opens its report there, marked."""
    visit = open_parted_page("")
    results = search(visit.page, SECOND_PART_ONLY)
    first = urlsplit(results[0]["href"])
    assert first.path.removeprefix(urlsplit(visit.base).path) == REPORT, results
    assert results[0]["title"].startswith("西平街道 2024 年报告"), results
    paths = {urlsplit(u).path for u in visit.requests}
    assert "/pagefind/parts/1/pagefind-entry.json" in paths and "/pagefind/nianbao-parts.json" in paths, paths
    assert any(p.startswith("/pagefind/parts/1/fragment/") for p in paths), paths
    with visit.page.expect_navigation():
        visit.page.locator(".pagefind-ui__result a.pagefind-ui__result-link").first.click()
    visit.page.wait_for_function("() => document.querySelector('mark.nb-highlight')")
    opened = urlsplit(visit.page.url)
    target = unquote(opened.fragment)
    assert opened.path.removeprefix(urlsplit(visit.base).path) == REPORT and target, visit.page.url
    # The term marked whole, and scrolled into view.
    in_view = visit.page.evaluate(
        """() => [...document.querySelectorAll('mark.nb-highlight')].filter(m => {
                const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })
              .map(m => m.textContent)"""
    )
    assert SECOND_PART_ONLY in in_view, in_view


def test_a_term_in_both_parts_lists_the_pages_of_both(open_parted_page) -> None:
    """Assert that 行政处罚 lists reports indexed in the first part (清河镇) and in the second (西平街道, 沾益区)."""
    visit = open_parted_page("")
    visit.page.keyboard.press("/")
    visit.page.keyboard.insert_text("行政处罚")
    visit.page.locator(".pagefind-ui__result a.pagefind-ui__result-link").first.wait_for(state="visible")
    # Every result shown: the box loads five, then more on request.
    while (more := visit.page.locator(".pagefind-ui__button")).count():
        more.first.click()
        visit.page.wait_for_function("() => !document.querySelector('#nb-search .pagefind-ui__loading')")
    visit.page.wait_for_function("() => !document.querySelector('#nb-search .pagefind-ui__loading')")
    hrefs = visit.page.locator(".pagefind-ui__result a.pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.href)"
    )
    found = {urlsplit(h).path.removeprefix(urlsplit(visit.base).path) for h in hrefs}
    assert {"qinghe/2023/", "xiping/2024/", "zhanyi/2024/"} <= found, found


def test_a_list_of_parts_read_after_the_box_was_focused_still_joins_the_search(
    chromium: Browser, parted_url: str
) -> None:
    """Assert that parts listed only once the box has begun loading its index are merged for the next search."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="block")
    held: list[Route] = []
    context.route("**/nianbao-parts.json", lambda route: held.append(route))  # answered once the box is focused
    try:
        page = context.new_page()
        page.goto(parted_url)
        page.wait_for_function("() => document.querySelector('#nb-search input')")
        page.keyboard.press("/")  # the box loads the first bundle, with no part listed yet
        page.wait_for_function("() => performance.getEntriesByName(location.origin + '/pagefind/pagefind.js').length")
        assert len(held) == 1
        with page.expect_response(lambda r: "/pagefind/parts/1/pagefind." in r.url and ".pf_meta" in r.url):
            held[0].continue_()
        found = search_typed(page, SECOND_PART_ONLY)
        assert urlsplit(found[0]["href"]).path == "/" + REPORT, found
    finally:
        context.close()
