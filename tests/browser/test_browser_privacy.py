"""No request leaves 127.0.0.1: not while a page loads, not while a visitor searches in Chinese."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from macros.format.national import PARTS, report_title

from .conftest import REPORT_PATH, OpenPage, is_local

ZERO_WIDTH_SPACE = "\u200b"  # Material's search shows jieba's word breaks as zero-width spaces
SEARCH_WORD = "行政处罚"
REPORT_TITLE = report_title("曲靖市沾益区人民政府西平街道办事处", 2024)


def _search(page, word: str) -> None:
    """Type a word into Material's search box as a visitor would (an IME commits the word, then a key)."""
    page.keyboard.press("s")  # Material's shortcut opens search
    box = page.locator("input.md-search__input")
    box.fill(word)
    # Material searches on keyup; an IME's committed text arrives without one.
    box.press("End")
    page.locator(".md-search-result__list > li").first.wait_for(state="visible")


def test_no_request_leaves_localhost_while_loading_and_searching(open_page: OpenPage, site_path: str) -> None:
    """Assert that loading a page and searching 行政处罚 requests only 127.0.0.1 and finds the seed report."""
    visit = open_page(site_path)
    _search(visit.page, SEARCH_WORD)

    results = visit.page.locator(".md-search-result__list > li")
    links = [
        urljoin(visit.page.url, h)
        for h in results.locator("a.md-search-result__link").evaluate_all(
            "(links) => links.map(a => a.getAttribute('href'))"
        )
    ]
    titles = results.locator("h1").all_inner_texts()
    pages = {urlsplit(link)._replace(query="", fragment="").geturl() for link in links}
    assert visit.base + REPORT_PATH in pages, links
    assert REPORT_TITLE in [t.replace(ZERO_WIDTH_SPACE, "") for t in titles], titles

    # The record saw the page, its styles and the search worker's index: it watched the right traffic.
    paths = {r.removeprefix(visit.base) for r in visit.requests}
    assert site_path in paths and "assets/nianbao.css" in paths and "search/search_index.json" in paths, paths
    assert visit.foreign_requests == []
    assert all(is_local(r) for r in visit.requests)


def test_search_finds_the_part_that_holds_the_word(open_page: OpenPage) -> None:
    """Assert that searching 行政处罚 lists part 二 of the seed report, where the table row 行政处罚 is."""
    visit = open_page("")
    _search(visit.page, SEARCH_WORD)
    hrefs = visit.page.locator(".md-search-result__list a").evaluate_all(
        "(links) => links.map(a => decodeURIComponent(a.getAttribute('href')))"
    )
    sections = {urlsplit(urljoin(visit.page.url, h)).fragment for h in hrefs}
    assert f"{PARTS[1][0]}{PARTS[1][1]}" in sections, hrefs


def test_request_record_catches_a_third_party_request(open_page: OpenPage) -> None:
    """Assert that the recorder sees (and refuses) a request to another host, so a leak cannot pass unseen."""
    visit = open_page(REPORT_PATH, allow_foreign=True)
    visit.page.evaluate(
        """() => new Promise(done => { const img = new Image(); img.onload = img.onerror = done;
                                       img.src = 'http://203.0.113.7/pixel.gif'; })"""
    )
    assert visit.foreign_requests == ["http://203.0.113.7/pixel.gif"]
