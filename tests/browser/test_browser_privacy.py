"""No request leaves 127.0.0.1: not while a page loads, not while a visitor searches in Chinese."""

from __future__ import annotations

from urllib.parse import urlsplit

from .conftest import REPORT_PATH, OpenPage, is_local, search

SEARCH_WORD = "行政处罚"


def test_no_request_leaves_localhost_while_loading_and_searching(open_page: OpenPage, site_path: str) -> None:
    """Assert that loading a page and searching 行政处罚 requests only 127.0.0.1 and finds the seed report."""
    visit = open_page(site_path)
    results = search(visit.page, SEARCH_WORD)
    pages = {urlsplit(r["href"])._replace(query="", fragment="").geturl() for r in results}
    assert visit.base + REPORT_PATH in pages, results

    # The record saw the page, its styles and the search's script, index chunk and a page's fragment:
    # it watched the right traffic.
    paths = {r.removeprefix(visit.base) for r in visit.requests}
    assert site_path in paths and "assets/nianbao.css" in paths and "pagefind/pagefind.js" in paths, paths
    assert any(p.startswith("pagefind/index/") for p in paths), paths
    assert any(p.startswith("pagefind/fragment/") for p in paths), paths
    assert visit.foreign_requests == []
    assert all(is_local(r) for r in visit.requests)


def test_request_record_catches_a_third_party_request(open_page: OpenPage) -> None:
    """Assert that the recorder sees (and refuses) a request to another host, so a leak cannot pass unseen."""
    visit = open_page(REPORT_PATH, allow_foreign=True)
    visit.page.evaluate(
        """() => new Promise(done => { const img = new Image(); img.onload = img.onerror = done;
                                       img.src = 'http://203.0.113.7/pixel.gif'; })"""
    )
    assert visit.foreign_requests == ["http://203.0.113.7/pixel.gif"]
