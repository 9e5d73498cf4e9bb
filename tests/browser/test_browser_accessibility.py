"""Accessibility (GB/T 37668, WCAG 2.x): axe-core finds nothing serious, headers are announced, contrast passes.

axe-core comes bundled with axe-playwright-python; nothing is fetched.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE, REPORT_PATH, OpenPage

BLOCKING_IMPACTS = ("serious", "critical")
# Rules that must have run and passed on the report page: its tables are real data tables.
TABLE_RULES = ("th-has-data-cells", "td-headers-attr", "scope-attr-valid", "color-contrast")

# axe leaves these undecided: rows overlapping a merged table cell, text too short to judge.
UNDECIDED_BY_AXE = frozenset({"bgOverlap", "elmPartiallyObscuring", "elmPartiallyObscured", "shortTextContent"})

# The contrast of one element's text against the backgrounds painted beneath it,
# composited up the tree (WCAG 2.x relative luminance).
CONTRAST_JS = """
(el) => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, bottom) => { const a = top[3] + bottom[3] * (1 - top[3]);
    return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat([a]); };
  const layers = [];
  for (let a = el; a; a = a.parentElement) {
    const cs = getComputedStyle(a);
    if (cs.backgroundImage !== 'none') return {error: 'background image on ' + a.tagName};
    const bg = parse(cs.backgroundColor);
    if (bg && bg[3] > 0) layers.push(bg);
  }
  let bg = [255, 255, 255, 1];
  for (const layer of layers.reverse()) bg = over(layer, bg);
  const fg = over(parse(getComputedStyle(el).color), bg);
  const lum = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  const size = parseFloat(getComputedStyle(el).fontSize), bold = Number(getComputedStyle(el).fontWeight) >= 700;
  return {ratio: (hi + 0.05) / (lo + 0.05), large: size >= 24 || (bold && size >= 18.66)};
}
"""


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _summary(items: list[dict]) -> list[str]:
    return [f"[{v['id']}] {v['impact']}: {v['help']} — {[n['target'] for n in v['nodes']]}" for v in items]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_violation(
    open_page: OpenPage, axe: Axe, site_path: str, viewport: dict[str, int]
) -> None:
    """Assert that axe-core reports no serious or critical violation on the page, at desktop and phone width."""
    page = open_page(site_path, viewport=viewport).page
    results = axe.run(page).response
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], "\n".join(_summary(blocking))
    assert len(results["passes"]) > 20  # axe really ran over the page


def test_colour_contrast_passes(open_page: OpenPage, axe: Axe, site_path: str) -> None:
    """Assert that colour contrast passes: no axe violation, and every text axe could not judge
    (a merged table cell under later rows, a one-character code token) reaches 4.5:1 (3:1 for large
    text) by direct computation."""
    page = open_page(site_path).page
    results = axe.run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}}).response
    assert [v["id"] for v in results["passes"]] == ["color-contrast"]
    assert results["violations"] == [], "\n".join(_summary(results["violations"]))
    for item in results["incomplete"]:
        for node in item["nodes"]:
            reasons = {check["data"]["messageKey"] for check in node["any"] if isinstance(check.get("data"), dict)}
            # Only reasons where plain computed colours decide are left to the direct computation;
            # anything else (a background image, a gradient) fails here.
            assert reasons <= UNDECIDED_BY_AXE, (node["target"], reasons)
            (selector,) = node["target"]
            element = page.locator(selector)
            contrast = element.evaluate(CONTRAST_JS)
            assert "error" not in contrast, (selector, contrast)
            assert contrast["ratio"] >= (3 if contrast["large"] else 4.5), (selector, contrast)


def test_report_tables_announce_header_cells(open_page: OpenPage, axe: Axe) -> None:
    """Assert that every header cell of the report tables is a <th> with a valid scope, that Chromium
    exposes them to assistive technology as column and row headers, and that axe's table rules pass."""
    page = open_page(REPORT_PATH).page
    cells = page.locator("table.nb-table th").evaluate_all(
        "(ths) => ths.map(th => [th.closest('thead, tbody').tagName.toLowerCase(), th.getAttribute('scope'),"
        " th.closest('table').classList.contains('nb-table-2') && th.closest('tr').classList.contains('nb-col-head')])"
    )
    assert cells, "no header cells"
    assert {scope for section, scope, _ in cells if section == "thead"} <= {"col", "colgroup"}
    # In 二 each part (a row group) has its own column-header row: 信息内容 and its columns.
    assert {scope for section, scope, part_head in cells if section == "tbody" and part_head} == {"col"}
    assert {scope for section, scope, part_head in cells if section == "tbody" and not part_head} <= {"row", "rowgroup"}
    # Chromium's accessibility tree: what a screen reader is told.
    tables = page.locator("table.nb-table")
    columns = sum(scope in ("col", "colgroup") for _, scope, _ in cells)
    assert tables.get_by_role("columnheader").count() == columns
    assert tables.get_by_role("rowheader").count() == len(cells) - columns
    assert page.get_by_role("columnheader", name="申请人情况").count() == 1
    assert page.get_by_role("rowheader", name="行政处罚").count() == 1
    assert page.get_by_role("rowheader", name="第二十条第（六）项").count() == 1
    # Every table has a name: a hidden caption (the heading above names it for the eye).
    names = tables.evaluate_all("(ts) => ts.map(t => t.caption ? t.caption.textContent.trim() : '')")
    assert all(names), names

    results = axe.run(page).response
    passed = {v["id"] for v in results["passes"]}
    assert set(TABLE_RULES) <= passed, sorted(set(TABLE_RULES) - passed)
