"""Browser fixtures: the built site served on 127.0.0.1, Debian's Chromium, pages that record every request.

The tests meet the site the way a visitor does: a real Chromium (never a
downloaded browser: the machine has no general internet) loads pages from a
local HTTP server that the tests start themselves. Every request the browser
makes is recorded; a request to any host other than 127.0.0.1 fails the test.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from macros.check.paths import report_key_of_page

ROOT = Path(__file__).resolve().parents[2]
# Screenshots and the printed PDF, for a reviewer to look at (gitignored; CI uploads them).
ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",  # CI runs as root in a container
    "--disable-gpu",
    # Chromium otherwise calls Google hosts on its own (updates, sync, safe
    # browsing); those calls would be noise in the request record.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
)
LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the browser.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})

# The report every page-level test looks at: the seed report.
REPORT_PATH = "xiping/2024/"

# Viewports (CSS pixels). 200 % browser zoom of a 1280 × 800 window is a
# 640 × 400 layout viewport drawn at two device pixels per CSS pixel: that is
# exactly what Chromium's own zoom does to layout.
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
ZOOM_200 = {"width": 640, "height": 400}


def is_local(url: str) -> bool:
    """True for a URL that stays on this machine's test server."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname == LOCAL_HOST


def foreign(urls: list[str]) -> list[str]:
    return [u for u in urls if not is_local(u)]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 (a free port), for the whole session.

    The site of `built_site`: with NIANBAO_SITE_DIR, the folder already built there (CI's site/).
    """
    yield from serve(built_site)


def _require_chromium() -> None:
    # A missing browser is a broken machine, not a reason to skip: fail loudly.
    if not CHROMIUM.is_file():
        pytest.fail(
            f"找不到 Chromium（{CHROMIUM}）：浏览器测试使用 Debian 的 chromium 软件包。"
            "请运行 `sudo .ci/system-packages`（make test 和 .ci/run 会先检查）。",
            pytrace=False,
        )
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout if fc_list else ""
    if not fonts.strip():
        pytest.fail(
            "找不到中文字体：页面和打印的 PDF 会显示为方框。请运行 `sudo .ci/system-packages`。",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    _require_chromium()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once per session."""
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class Visit:
    """One browser tab on the site, with the record of every request it made."""

    page: Page
    context: BrowserContext
    base: str
    # Only the test of the recorder itself lets a foreign request through.
    allow_foreign: bool = False
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '无响应'}"
        # Search index, worker and styles all loaded: the page as a reader sees it.
        self.page.wait_for_load_state("networkidle")

    @property
    def foreign_requests(self) -> list[str]:
        return foreign(self.requests)


OpenPage = Callable[..., Visit]


def serve(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 (a free port) while the generator is open."""
    server = ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _opener(chromium: Browser, base: str) -> Iterator[OpenPage]:
    """Open pages of the site at `base` in fresh browser contexts; fail on any request off 127.0.0.1.

    Foreign requests are recorded first, then refused, so that a leak is both
    caught and never actually sent.
    """
    visits: list[Visit] = []

    def _open(
        path: str = "",
        *,
        viewport: dict[str, int] = DESKTOP,
        scale: float = 1,
        media: str = "screen",
        allow_foreign: bool = False,
    ) -> Visit:
        context = chromium.new_context(
            viewport=viewport,
            device_scale_factor=scale,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            # Playwright cannot see service-worker traffic; the site has none, keep it so.
            service_workers="block",
        )
        page = context.new_page()
        visit = Visit(page=page, context=context, base=base, allow_foreign=allow_foreign)
        context.on("request", lambda request: visit.requests.append(request.url))

        def _guard(route: Route) -> None:
            if is_local(route.request.url):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route("**/*", _guard)
        page.emulate_media(media=media)
        visits.append(visit)
        visit.goto(path)
        return visit

    yield _open

    leaks = []
    for visit in visits:
        if not visit.allow_foreign:
            leaks += visit.foreign_requests
        visit.context.close()
    if leaks:
        pytest.fail("浏览器向 127.0.0.1 以外的主机发出了请求：\n" + "\n".join(leaks), pytrace=False)


@pytest.fixture
def open_page(chromium: Browser, site_url: str) -> Iterator[OpenPage]:
    """Open a page of the project's site in a fresh browser context (see _opener)."""
    yield from _opener(chromium, site_url)


@pytest.fixture(scope="session")
def region_url(region_site: Path) -> Iterator[str]:
    """The overview tests' region site (tests/overview_fixture.py) served on 127.0.0.1."""
    yield from serve(region_site)


@pytest.fixture
def open_region_page(chromium: Browser, region_url: str) -> Iterator[OpenPage]:
    """Open a page of the region's site, as open_page does for the project's."""
    yield from _opener(chromium, region_url)


def site_page_paths(docs: Path = ROOT / "docs") -> list[str]:
    """URL paths of the pages a visitor can meet, from docs/: every page, and one report for all reports.

    Every report page is the same template, so the seed report stands for all of
    them; any other page (home, overviews, guides) is tested as soon as it exists.
    """
    paths = []
    for source in sorted(docs.rglob("*.md")):
        rel = source.relative_to(docs).as_posix()
        if report_key_of_page(rel) and rel != REPORT_PATH.rstrip("/") + ".md":
            continue
        if source.name == "index.md":
            parent = source.parent.relative_to(docs).as_posix()
            paths.append("" if parent == "." else parent + "/")
        else:
            paths.append(rel[: -len(".md")] + "/")
    return paths


PAGE_PATHS = site_page_paths()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # `site_path` runs a test once per page of the site (home, report, overviews).
    if "site_path" in metafunc.fixturenames:
        metafunc.parametrize("site_path", PAGE_PATHS, ids=[p.rstrip("/") or "home" for p in PAGE_PATHS])


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# The site's search box (Pagefind's UI in the header, docs/assets/nianbao-search.js).
SEARCH_INPUT = "#nb-search input"
SEARCH_RESULT = ".pagefind-ui__result"


def search(page: Page, word: str) -> list[dict[str, str]]:
    """Search as a visitor with a keyboard would: "/" focuses the box, the word is typed, results wait.

    Returns each result's first link (its title): text and address, in the order shown.
    """
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement && document.activeElement.matches('#nb-search input')")
    page.keyboard.insert_text(word)  # as an IME commits a word: one input event, no key per character
    # The first result loaded (not its placeholder), and the rest of the first page with it.
    page.locator(f"{SEARCH_RESULT} a.pagefind-ui__result-link").first.wait_for(state="visible")
    page.wait_for_function("() => !document.querySelector('#nb-search .pagefind-ui__loading')")
    return page.locator(SEARCH_RESULT).evaluate_all(
        """results => results.map(r => { const a = r.querySelector('a');
                                        return {title: a ? a.textContent.trim() : '', href: a ? a.href : ''}; })"""
    )
