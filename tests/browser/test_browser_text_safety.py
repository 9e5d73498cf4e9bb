"""Text is text, in a real browser: no payload of tests/fixtures/xss.txt runs on the built site.

The site of tests/test_text_safety.py (every payload in every place text reaches
a page) is served on 127.0.0.1 and every page is loaded in Chromium; a visitor
moves the mouse over everything, focuses it, and searches for the payloads.
alert/confirm/prompt are recorded, never shown.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Route
from playwright.sync_api import Error as PlaywrightError
from test_text_safety import MARK, build_hostile_site

from .conftest import DESKTOP, LOCAL_HOST, _QuietHandler, is_local

# Any dialog a payload opens is written down instead of shown.
_RECORD_DIALOGS = """
window.__nbxss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__nbxss.push(name + ":" + String(args[0])); };
}
"""
# A visitor's hand over every element: what on* handlers wait for.
_TOUCH_EVERYTHING = """
() => {
  for (const element of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin", "toggle", "animationstart"]) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
}
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site, _ = build_hostile_site(tmp_path_factory.mktemp("hostile"))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/", site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_no_payload_runs_in_the_browser(chromium: Browser, hostile_url: tuple[str, Path]) -> None:
    """Assert that loading, touching and searching every page of the hostile site opens no dialog, loads no script."""
    base, site = hostile_url
    paths = sorted(
        p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html") if p.name != "404.html"
    )
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="block")
    requests: list[str] = []
    dialogs: list[str] = []
    broken: list[str] = []
    context.on("request", lambda request: requests.append(request.url))

    def _guard(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", _guard)
    context.add_init_script(_RECORD_DIALOGS)
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.ok, path
            page.wait_for_load_state("networkidle")
            page.evaluate(_TOUCH_EVERYTHING)
            try:
                page.keyboard.press("/")  # the search box's shortcut
                page.keyboard.insert_text(MARK)
                page.locator(".pagefind-ui__result-link").first.wait_for(state="visible", timeout=5000)
                page.wait_for_timeout(200)
            except PlaywrightError as exc:
                broken.append(f"{path}: search unusable ({type(exc).__name__})")
            dialogs += [f"{path}: {call}" for call in page.evaluate("window.__nbxss")]
    finally:
        context.close()
    assert dialogs == []
    assert broken == []
    assert [u for u in requests if not is_local(u) or MARK in u] == []


def test_pdf_import_keeps_payloads_as_text(chromium: Browser, tmp_path: Path) -> None:
    """Assert that a PDF printed from a web page full of payloads imports as text: rendered, nothing runs."""
    import markdown
    from importing import import_file, organ
    from test_text_safety import _html_with_payloads, live_script, text_of

    page = chromium.new_page()
    # The live markup of the source page would load from other hosts: nothing leaves the machine.
    page.route("**/*", lambda route: route.abort("blockedbyclient"))
    page.on("dialog", lambda dialog: dialog.dismiss())
    try:
        page.set_content(_html_with_payloads(2024))
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
    finally:
        page.close()
    imported = import_file(tmp_path / "report.pdf", organ(), 2024)
    assert not imported.refused, [str(f) for f in imported.findings]
    body = markdown.markdown(imported.page_text, extensions=["attr_list", "md_in_html"])
    (tmp_path / "site").mkdir()
    (tmp_path / "site/page.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert live_script(tmp_path / "site", set()) == []
    assert "<script>alert('nbxss')</script>" in text_of(tmp_path / "site", "page.html")
