"""Whose site it is, as a reader sees it: the header, the footer, the tab title, a report's facts.

The bundled project configures no identity (data/site.yaml is a commented
template), so the shared built site shows the clean empty state; a copy of the
project with a fictional host configured (示例街道, made-up numbers and a logo
drawn here) is built once for this module and served on 127.0.0.1 as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import build_site, copy_project
from playwright.sync_api import Browser
from test_identity import GOOD, HOST, tiny_png

from .conftest import DESKTOP, PHONE, REPORT_PATH, OpenPage, Visit, is_local, serve

SITE_NAME = f"{HOST}政府信息公开工作年度报告"
INDEX_NUMBER = "0012345/2025-00012"

# What a reader sees of the identity: the header's name and mark, the footer's lines.
IDENTITY_JS = """
() => {
  const logo = document.querySelector('.md-header .md-logo');
  const footer = document.querySelector('.md-footer-meta');
  const lines = footer ? [...footer.querySelectorAll('.nb-identity p')] : [];
  return {
    title: document.title,
    name: document.querySelector('.md-header__topic .md-ellipsis').textContent.trim(),
    img: logo.querySelector('img') && {src: logo.querySelector('img').getAttribute('src'),
                                      alt: logo.querySelector('img').alt,
                                      loaded: logo.querySelector('img').naturalWidth > 0},
    mark: logo.querySelector('.nb-mark') ? logo.querySelector('.nb-mark').textContent.trim() : null,
    svg: !!logo.querySelector('svg'),
    footer: footer ? {visible: footer.checkVisibility(),
                      lines: lines.map(p => p.innerText.replace(/\\s+/g, ' ').trim()),
                      align: lines.map(p => getComputedStyle(p).textAlign),
                      sizes: lines.map(p => parseFloat(getComputedStyle(p).fontSize))} : null,
    links: footer ? [...footer.querySelectorAll('a')].map(a => ({text: a.textContent.trim(),
                      href: a.getAttribute('href'), rel: a.rel})) : [],
    says: document.body.innerText,
  };
}
"""

FACTS_JS = """
() => {
  const h1 = document.querySelector('article h1');
  const facts = document.querySelector('article dl.nb-facts');
  return {
    align: getComputedStyle(h1).textAlign,
    facts: facts && facts.checkVisibility() ? [...facts.querySelectorAll(':scope > div')].map(
      d => [d.querySelector('dt').textContent.trim(), d.querySelector('dd').innerText.trim()]) : null,
    afterTitle: facts && h1.nextElementSibling === facts,
  };
}
"""


@pytest.fixture(scope="module")
def identity_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with every identity field, a logo and a 索引号, built as the public site."""
    root = copy_project(tmp_path_factory.mktemp("identity") / "project")
    (root / "data/site.yaml").write_text(GOOD + "logo: assets/logo.png\n", encoding="utf-8")
    (root / "docs/assets/logo.png").write_bytes(tiny_png())
    data = root / "data/reports/xiping/2024.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("published: 2025-01-20", f"published: 2025-01-20\nindex_no: {INDEX_NUMBER}"), "utf-8")
    site = root / "site"
    result = build_site(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="module")
def identity_url(identity_site: Path) -> Iterator[str]:
    yield from serve(identity_site)


@pytest.fixture
def open_identity(chromium: Browser, identity_url: str) -> Iterator[OpenPage]:
    """Open a page of the configured site; like `open_page`, any request off 127.0.0.1 fails the test."""
    visits: list[Visit] = []

    def _open(path: str = "", *, viewport: dict[str, int] = DESKTOP) -> Visit:
        context = chromium.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
        visit = Visit(page=context.new_page(), context=context, base=identity_url)
        context.on("request", lambda request: visit.requests.append(request.url))
        context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
        visits.append(visit)
        visit.goto(path)
        return visit

    yield _open
    leaks = [url for visit in visits for url in visit.foreign_requests]
    for visit in visits:
        visit.context.close()
    assert leaks == [], leaks


@pytest.mark.parametrize("path", ["", REPORT_PATH, "status/"], ids=["home", "report", "status"])
def test_configured_identity_in_header_and_footer(open_identity: OpenPage, path: str) -> None:
    """Assert that the host names the site in the header, its logo replaces any icon, and the footer
    prints 主办单位, address and contact, 网站标识码 and both 备案号, centred, at 16 px or more."""
    seen = open_identity(path).page.evaluate(IDENTITY_JS)
    assert seen["name"] == SITE_NAME
    assert seen["title"].endswith(f" - {SITE_NAME}") or seen["title"] == SITE_NAME
    assert seen["img"]["src"].endswith("assets/logo.png") and seen["img"]["loaded"] and seen["img"]["alt"] == HOST
    assert not seen["svg"] and seen["mark"] is None
    footer = seen["footer"]
    assert footer["visible"]
    assert footer["lines"] == [
        f"主办单位：{HOST}",
        "地址：示例市示例区示例路 1 号 联系电话：0874-0000000 电子邮箱：gk@example.gov.cn",
        "网站标识码：5303000001 滇ICP备00000000号-1 滇公网安备53030002000000号",
    ]
    assert set(footer["align"]) == {"center"} and min(footer["sizes"]) >= 16
    links = {link["text"]: link for link in seen["links"]}
    assert links["gk@example.gov.cn"]["href"] == "mailto:gk@example.gov.cn"
    # 《非经营性互联网信息服务备案管理办法》第十三条: the number links to the ministry's filing system.
    assert links["滇ICP备00000000号-1"]["href"] == "https://beian.miit.gov.cn/"
    assert links["滇公网安备53030002000000号"]["href"].endswith("code=53030002000000")
    assert all("noreferrer" in link["rel"] for link in seen["links"] if link["href"].startswith("https:"))


def test_no_identity_shows_no_empty_labels_and_no_stock_icon(open_page: OpenPage) -> None:
    """Assert that without data/site.yaml values the header keeps the plain title with a text mark
    (no Material book icon) and the footer shows nothing: no empty bar, no 「主办单位：」."""
    seen = open_page(REPORT_PATH).page.evaluate(IDENTITY_JS)
    assert seen["name"] == "政府信息公开工作年度报告"
    assert seen["img"] is None and not seen["svg"] and seen["mark"] == "年报"
    assert seen["footer"] is None and seen["links"] == []
    for label in ("主办单位", "网站标识码", "备案", "联系电话", "电子邮箱", "地址："):
        assert label not in seen["says"], label


def test_tab_title_names_the_organ_and_year(open_page: OpenPage) -> None:
    """Assert that a report's browser tab reads 「<简称> <年> 年政府信息公开工作年度报告 - <网站名称>」."""
    page = open_page(REPORT_PATH).page
    assert page.title() == "西平街道 2024 年政府信息公开工作年度报告 - 政府信息公开工作年度报告"


def test_tab_title_with_a_host(open_identity: OpenPage) -> None:
    """Assert that with a host configured, the tab names the report and then the host's site."""
    page = open_identity(REPORT_PATH).page
    assert page.title() == f"西平街道 2024 年政府信息公开工作年度报告 - {SITE_NAME}"


def test_report_title_centred_and_facts_below_it(open_page: OpenPage) -> None:
    """Assert that the report's title is centred and directly under it the facts: 发布机构, 年度, dates."""
    seen = open_page(REPORT_PATH).page.evaluate(FACTS_JS)
    assert seen["align"] == "center" and seen["afterTitle"]
    assert seen["facts"] == [
        ["发布机构", "曲靖市沾益区人民政府西平街道办事处"],
        ["年度", "2024 年"],
        ["发布日期", "2025-01-20"],
        ["最近更正", "发布以来未作更正"],
    ]


def test_facts_show_the_index_number_where_given(open_identity: OpenPage) -> None:
    """Assert that a report with index_no shows 索引号 in its facts (and one without it has none, above)."""
    facts = dict(open_identity(REPORT_PATH).page.evaluate(FACTS_JS)["facts"])
    assert facts["索引号"] == INDEX_NUMBER and facts["年度"] == "2024 年"


def test_identity_on_a_phone_is_whole_and_readable(open_identity: OpenPage) -> None:
    """Assert that at 375 px the page does not scroll sideways, the site's name is not cut to an ellipsis,
    and the footer's text stays inside the window."""
    page = open_identity(REPORT_PATH, viewport=PHONE).page
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner
    name = page.locator(".md-header__topic .md-ellipsis").first
    assert name.evaluate("e => e.scrollHeight <= e.clientHeight + 1 && e.scrollWidth <= e.clientWidth + 1")
    box = page.locator(".nb-identity").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= inner + 1


def test_identity_passes_axe_contrast_and_naming(open_identity: OpenPage) -> None:
    """Assert that the government palette, the logo link and the footer pass axe (no serious or critical issue)."""
    page = open_identity(REPORT_PATH).page
    results = Axe().run(page).response
    blocking = [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert blocking == []
    assert len(results["passes"]) > 20  # axe really ran over the page
