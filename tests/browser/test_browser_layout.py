"""The site on a phone and in large-text mode: no sideways page scroll, nothing cut off, text of 16 px or more.

适老化 and GB/T 37668 ask that elderly and low-vision readers can enlarge the
page and still read all of it. Screenshots of the report page are written to
test-artifacts/ for a reviewer.
"""

from __future__ import annotations

import pytest
from PIL import Image

from .conftest import DESKTOP, PHONE, REPORT_PATH, ZOOM_200, OpenPage, search

MIN_TEXT_PX = 16

# Every text a reader can see now: element, font size, where it is, what clips it.
VISIBLE_TEXT_JS = """
() => {
  const out = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const hiddenForEyes = (el) => {
    // Visually hidden helpers (screen-reader-only text) are 1 px boxes that clip.
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const r = a.getBoundingClientRect(), cs = getComputedStyle(a);
      const clips = /(hidden|clip)/.test(cs.overflow) || cs.clip !== 'auto' || cs.clipPath !== 'none';
      if ((r.width <= 1 || r.height <= 1) && clips) return true;
    }
    return false;
  };
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim()) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
    if (!rects.length || hiddenForEyes(el)) continue;
    // Off-canvas (a closed drawer) is not on screen.
    const left = Math.min(...rects.map(r => r.left)), right = Math.max(...rects.map(r => r.right));
    if (right <= 0 || left >= window.innerWidth) continue;
    seen.add(el);
    // The nearest ancestor that clips this text, and whether the text fits inside it.
    let clippedBy = null, inScroller = false;
    for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
      const cs = getComputedStyle(a);
      // Reachable by scrolling that box (a wide table, a long menu).
      if (/(auto|scroll)/.test(cs.overflowX + cs.overflowY)) { inScroller = a !== document.body; break; }
      if (/(hidden|clip)/.test(cs.overflowX + cs.overflowY) || cs.textOverflow === 'ellipsis') {
        const box = a.getBoundingClientRect();
        const inside = rects.every(r => r.left >= box.left - 1 && r.right <= box.right + 1
                                     && r.top >= box.top - 1 && r.bottom <= box.bottom + 1);
        if (!inside || a.scrollWidth > a.clientWidth + 1) { clippedBy = a.tagName + '.' + a.className; break; }
      }
    }
    out.push({tag: el.tagName, cls: String(el.className), text: node.textContent.trim().slice(0, 40),
              size: parseFloat(getComputedStyle(el).fontSize), left, right, clippedBy, inScroller});
  }
  return out;
}
"""

PAGE_WIDTH_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def _visible_text(page) -> list[dict]:
    texts = page.evaluate(VISIBLE_TEXT_JS)
    assert any(t["tag"] == "H1" for t in texts), texts  # the check looked at a real page
    return texts


def _assert_no_sideways_scroll(page) -> None:
    scroll_width, inner_width = page.evaluate(PAGE_WIDTH_JS)
    assert scroll_width <= inner_width, f"页面宽 {scroll_width} px，窗口宽 {inner_width} px：页面可以左右滚动"
    page.evaluate("() => window.scrollTo(10000, window.scrollY)")
    assert page.evaluate("() => window.scrollX") == 0


def _assert_text_at_least_16px(texts: list[dict]) -> None:
    small = [(t["tag"], t["cls"], t["size"], t["text"]) for t in texts if t["size"] < MIN_TEXT_PX]
    assert small == [], f"小于 {MIN_TEXT_PX} px 的文字：{small}"


def _assert_nothing_cut_off(texts: list[dict], width: int) -> None:
    clipped = [(t["text"], t["clippedBy"]) for t in texts if t["clippedBy"]]
    assert clipped == [], f"被截断的文字：{clipped}"
    outside = [
        (t["text"], t["left"], t["right"])
        for t in texts
        if not t["inScroller"] and (t["left"] < -1 or t["right"] > width + 1)
    ]
    assert outside == [], f"超出窗口的文字：{outside}"


def test_phone_page_does_not_scroll_sideways(open_page: OpenPage, site_path: str) -> None:
    """Assert that at 375 px no page scrolls sideways and no text is cut off or outside the screen."""
    page = open_page(site_path, viewport=PHONE).page
    _assert_no_sideways_scroll(page)
    _assert_nothing_cut_off(_visible_text(page), PHONE["width"])


def test_phone_wide_tables_scroll_inside_their_box(open_page: OpenPage) -> None:
    """Assert that at 375 px tables 三 and 四 are wider than the screen and scroll inside a focusable box."""
    page = open_page(REPORT_PATH, viewport=PHONE).page
    for number in ("三", "四"):
        box = page.locator(f".nb-table-box:has(table.nb-table-{'3' if number == '三' else '4'})")
        state = box.evaluate(
            """(b) => { const r = b.getBoundingClientRect();
                 const before = b.scrollLeft; b.scrollLeft = 10000;
                 return {client: b.clientWidth, scroll: b.scrollWidth, right: r.right, moved: b.scrollLeft - before,
                         overflow: getComputedStyle(b).overflowX, tabindex: b.getAttribute('tabindex'),
                         role: b.getAttribute('role'), label: b.getAttribute('aria-label')}; }"""
        )
        assert state["scroll"] > state["client"], (number, state)  # the table really is wider than a phone
        assert state["overflow"] == "auto" and state["moved"] > 0, (number, state)
        assert state["right"] <= PHONE["width"], (number, state)
        # Keyboard readers can reach and scroll it; screen readers hear its name.
        assert state["tabindex"] == "0" and state["role"] == "region" and state["label"].startswith(f"表{number}")
        _assert_no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_text_at_least_16px(open_page: OpenPage, site_path: str, viewport: dict[str, int]) -> None:
    """Assert that every text a reader sees, tables included, is at least 16 px."""
    page = open_page(site_path, viewport=viewport).page
    _assert_text_at_least_16px(_visible_text(page))


def test_phone_menu_and_search_text_at_least_16px(open_page: OpenPage) -> None:
    """Assert that the phone menu and the search results are also at least 16 px."""
    page = open_page(REPORT_PATH, viewport=PHONE).page
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator(".md-nav--primary").first.wait_for(state="visible")
    page.wait_for_timeout(400)  # the drawer slides in
    menu = _visible_text(page)
    assert any("md-nav__title" in t["cls"] for t in menu), [(t["cls"], t["text"]) for t in menu][
        :8
    ]  # the drawer's own text was seen
    _assert_text_at_least_16px(menu)
    page = open_page(REPORT_PATH, viewport=PHONE).page
    search(page, "政府信息")
    texts = _visible_text(page)
    assert any("pagefind-ui__result" in t["cls"] for t in texts)  # the results' own text was seen
    _assert_text_at_least_16px(texts)


def test_zoom_200_nothing_cut_off(open_page: OpenPage, site_path: str, artifacts) -> None:
    """Assert that at 200 % browser zoom (1280 px window) nothing is cut off and the page does not scroll sideways."""
    page = open_page(site_path, viewport=ZOOM_200, scale=2).page
    assert page.evaluate("() => window.devicePixelRatio") == 2
    _assert_no_sideways_scroll(page)
    texts = _visible_text(page)
    _assert_nothing_cut_off(texts, ZOOM_200["width"])
    _assert_text_at_least_16px(texts)
    if site_path == REPORT_PATH:
        page.screenshot(path=artifacts / "report-zoom-200.png")


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)], ids=["desktop", "phone"])
def test_report_screenshots_for_review(open_page: OpenPage, artifacts, name: str, viewport: dict[str, int]) -> None:
    """Assert that full-page screenshots of the report at desktop and phone width are written to test-artifacts/."""
    page = open_page(REPORT_PATH, viewport=viewport).page
    target = artifacts / f"report-{name}.png"
    target.unlink(missing_ok=True)
    page.screenshot(path=target, full_page=True)
    with Image.open(target) as image:
        assert image.width == viewport["width"]
        assert image.height > 3 * viewport["height"]  # the whole report, not the first screen
