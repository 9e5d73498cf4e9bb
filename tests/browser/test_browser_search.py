"""Search that finds the row: a visitor's search lands on the table row or section, the term marked.

The site's search is Pagefind (macros/site/search.py), its UI in the header
(docs/assets/nianbao-search.js). These tests type the words a reader types and
follow the first result, with the keyboard, as a reader without a mouse would.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from macros.format.national import TABLE_2
from macros.site.search import row_id

from .conftest import REPORT_PATH, OpenPage, Visit, search

PENALTY_ROW = row_id(TABLE_2.key, "penalty")


def _follow_first_result(visit: Visit) -> tuple[str, str]:
    """Tab from the box to the first result and open it with Enter; returns (page path, fragment)."""
    page = visit.page
    page.keyboard.press("Tab")  # the box's clear button
    for _ in range(3):
        if page.evaluate("() => document.activeElement.classList.contains('pagefind-ui__result-link')"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('pagefind-ui__result-link')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('mark.nb-highlight')")
    parts = urlsplit(page.url)
    return parts.path.removeprefix(urlsplit(visit.base).path), unquote(parts.fragment)


def _marks_in_view(visit: Visit) -> list[str]:
    return visit.page.evaluate(
        """() => [...document.querySelectorAll('mark.nb-highlight')].filter(m => {
                const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })
              .map(m => m.closest('th, td, p, li, h1, h2, h3, h4'))
              .map(e => e ? e.id || e.tagName : '')"""
    )


def test_administrative_penalty_lands_on_the_table_row_highlighted(open_page: OpenPage) -> None:
    """Assert that 行政处罚 lists the report first, titled by organ and year, and opens at the table-二 row, marked."""
    visit = open_page("")
    results = search(visit.page, "行政处罚")
    assert results[0]["title"].startswith("西平街道 2024 年报告"), results
    assert urlsplit(results[0]["href"]).fragment == PENALTY_ROW, results
    path, fragment = _follow_first_result(visit)
    assert (path, fragment) == (REPORT_PATH, PENALTY_ROW)
    marked = visit.page.locator(f"th#{PENALTY_ROW} mark.nb-highlight")
    assert marked.inner_text() == "行政处罚"  # the whole term, not its words one by one
    assert PENALTY_ROW in _marks_in_view(visit)


def test_penalty_alone_finds_the_row_before_the_data_dictionary(open_page: OpenPage) -> None:
    """Assert that 处罚 (part of the label) still lands on the report's 行政处罚 row first."""
    visit = open_page("data/")
    results = search(visit.page, "处罚")
    first = urlsplit(results[0]["href"])
    assert (first.path.removeprefix(urlsplit(visit.base).path), first.fragment) == (REPORT_PATH, PENALTY_ROW), results


def test_organ_short_name_lands_on_its_report(open_page: OpenPage) -> None:
    """Assert that 西平街道 lists the organ's report first and marks the name on the page it opens."""
    visit = open_page("")
    results = search(visit.page, "西平街道")
    assert results[0]["title"].startswith("西平街道 2024 年报告"), results
    path, _ = _follow_first_result(visit)
    assert path == REPORT_PATH
    assert visit.page.locator("mark.nb-highlight:visible").first.inner_text() == "西平街道"


def test_a_section_term_lands_on_that_section(open_page: OpenPage) -> None:
    """Assert that 依申请公开 opens its own heading in part 一, and 保密审查 the paragraph that says it, marked."""
    visit = open_page(REPORT_PATH)
    results = search(visit.page, "依申请公开")
    heading = unquote(urlsplit(results[0]["href"]).fragment)
    assert "依申请公开" in visit.page.locator(f"[id='{heading}']").inner_text()
    visit = open_page("")
    search(visit.page, "保密审查")
    path, fragment = _follow_first_result(visit)
    assert path == REPORT_PATH
    paragraph = visit.page.evaluate(
        "() => [...document.querySelectorAll('mark.nb-highlight')].map(m => m.closest('p')?.textContent || '')"
    )
    assert paragraph and all("保密审查" in text for text in paragraph)
    # The page shows a marked paragraph of the section the link named, not only its heading.
    assert "P" in _marks_in_view(visit)
    sections = visit.page.evaluate(
        """() => [...document.querySelectorAll('mark.nb-highlight')].filter(m => {
                const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })
              .map(m => { let e = m.closest('p');
                          while (e && !/^H[1-6]$/.test(e.tagName)) e = e.previousElementSibling; return e && e.id; })"""
    )
    assert fragment in sections, (fragment, sections)


def test_search_box_speaks_chinese_and_escape_clears_it(open_page: OpenPage) -> None:
    """Assert that the box is named and prompted in Chinese, and Esc clears the results, the focus staying in it."""
    visit = open_page(REPORT_PATH)
    box = visit.page.locator("#nb-search input")
    assert "搜索" in (box.get_attribute("placeholder") or "")
    assert visit.page.locator("#nb-search form").get_attribute("aria-label") == "站内搜索"
    search(visit.page, "行政处罚")
    assert "找到" in visit.page.locator("#nb-search .pagefind-ui__message").inner_text()
    visit.page.keyboard.press("Escape")
    visit.page.wait_for_function("() => !document.querySelector('#nb-search .pagefind-ui__result')")
    assert box.input_value() == "" and visit.page.evaluate("() => document.activeElement.matches('#nb-search input')")


def test_a_search_runs_in_the_page_without_pagefinds_worker_script(open_page: OpenPage) -> None:
    """Assert that a search loads Pagefind's engine and index but not its web worker (40 KB more per search)."""
    visit = open_page("")
    before = len(visit.requests)
    results = search(visit.page, "行政处罚")
    assert results and results[0]["title"].startswith("西平街道 2024 年报告"), results
    visit.page.wait_for_load_state("networkidle")
    fetched = [urlsplit(url).path.rsplit("/", 1)[-1] for url in visit.requests[before:]]
    assert "pagefind.js" in fetched and any(name.endswith(".pf_index") for name in fetched), fetched
    assert not [name for name in fetched if "worker" in name], fetched
