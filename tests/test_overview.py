"""Overview pages of a small region (tests/overview_fixture.py): matrix, year tables, organ pages, charts, links."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import add_distinct_report
from overview_fixture import AS_OF, AS_OF_EPOCH, DRAFT, REPORTS, figures

from macros.check.catalogue import ORGAN_SLUG, SHADOW_PAGE
from macros.check.project import check_project
from macros.format.national import Cell
from macros.overview.charts import PLOT, Bar, render_chart
from macros.overview.figures import KEY_FIGURES, RATIOS, key_values, ratio_value
from macros.overview.matrix import render_matrix
from macros.overview.model import collect
from macros.site.prepare import hidden_reports, prepared_files
from macros.site.sanitize import sanitize

SUBSTANTIVE, REVIEW = RATIOS


@pytest.fixture(scope="module")
def trees(region: Path) -> dict[bool, dict[str, str]]:
    """The prepared tree of the region, public (False) and preview (True): its Markdown files, by path."""
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", AS_OF_EPOCH)
    try:
        project = check_project(region)
        made = {preview: prepared_files(project, preview) for preview in (False, True)}
    finally:
        patch.undo()
    return {p: {k: v.decode("utf-8") for k, v in files.items() if k.endswith(".md")} for p, files in made.items()}


def _matrix(region: Path, preview: bool) -> BeautifulSoup:
    project = check_project(region)
    pages = {*project.reports, *project.drafts} - hidden_reports(project, preview)
    overview = collect(project, date.fromisoformat(AS_OF), preview, pages)
    return BeautifulSoup(render_matrix(overview), "html.parser")


def _cells(soup: BeautifulSoup) -> dict[tuple[str, str], tuple[str, str, str | None]]:
    """(organ short name, year head) → (status, words, link) of every matrix cell."""
    table = soup.select_one("table.nb-matrix")
    years = [th.get_text() for th in table.select("thead th")][1:]
    out = {}
    for row in table.select("tbody tr[data-name]"):
        name = row.th.a.get_text()
        for year, cell in zip(years, row.find_all("td"), strict=True):
            out[(name, year)] = (cell["data-status"], cell.get_text(), cell.a["href"] if cell.a else None)
    return out


# --- key figures and ratios ---------------------------------------------------------------------


def test_key_figures_add_up_the_format_cells():
    """Assert that each key figure is the sum its label names: （三） and （四） over their rows, 诉讼 over both."""
    values = figures(40, 20, 10, 4, review=(5, 1), litigation=(2, 1), penalty=120, licensing=900)
    values[Cell("requests", "refused_law", "total")] = 2  # a second row of （三）
    values[Cell("appeals", "after_review", "corrected")] = 3
    values[Cell("appeals", "after_review", "total")] = 3
    found = key_values(values)
    assert found["new_requests"] == 40 and found["disclosed"] == 20 and found["partial"] == 10
    assert found["refused"] == 4 + 2 and found["unable"] == 6 and found["ignored"] == 0
    assert found["review_total"] == 5 and found["review_corrected"] == 1
    assert found["litigation_total"] == 2 + 3 and found["litigation_corrected"] == 1 + 3
    assert found["penalty"] == 120 and found["licensing"] == 900
    assert [kf.short for kf in KEY_FIGURES][:6] == [
        "新收申请",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
    ]


def test_ratios_are_shown_with_their_counts_only_where_meaningful():
    """Assert that 实质公开率 and 复议纠错率 round half up, print their counts, and are absent for 0 cases."""
    values = key_values(figures(3, 2, 0, 0, review=(3, 1)))
    assert ratio_value(SUBSTANTIVE, values).text() == "66.7%（2/3）"
    assert ratio_value(REVIEW, values).text() == "33.3%（1/3）"
    nothing = key_values(figures(0, 0, 0, 0))
    assert ratio_value(SUBSTANTIVE, nothing) is None and ratio_value(REVIEW, nothing) is None
    assert ratio_value(SUBSTANTIVE, {**values, "results_total": None}) is None
    half = key_values(figures(8, 1, 0, 0))  # 12.5 % rounds up, as a reader rounds
    assert ratio_value(SUBSTANTIVE, half).percent == Decimal("12.5")
    assert ratio_value(SUBSTANTIVE, key_values(figures(16, 1, 0, 0))).percent == Decimal("6.3")


# --- the home matrix ----------------------------------------------------------------------------


def test_matrix_cells_say_each_standing_and_link_to_the_report_or_the_organ(region: Path):
    """Assert every cell of the public matrix: words, status and link, grouped by level and parent."""
    soup = _matrix(region, preview=False)
    assert _cells(soup) == {
        ("沾益区政府", "2024 年度"): ("late", "逾期发布（10 天）", "zhanyi/2024/"),
        ("沾益区政府", "2023 年度"): ("on-time", "按时发布", "zhanyi/2023/"),
        ("文教局", "2024 年度"): ("missing", "未发布（已逾期 121 天）", "wenjiao/"),
        # Withdrawn: it leaves every list; its organ's page keeps the record.
        ("文教局", "2023 年度"): ("withdrawn", "已撤回（2024-06-01）", "wenjiao/"),
        # The draft is not public: the public matrix says what the status page says.
        ("清河镇", "2024 年度"): ("missing", "未发布（已逾期 121 天）", "qinghe/"),
        ("清河镇", "2023 年度"): ("on-time", "按时发布", "qinghe/2023/"),
        ("西平街道", "2024 年度"): ("on-time", "按时发布", "xiping/2024/"),
        ("西平街道", "2023 年度"): ("on-time", "按时发布", "xiping/2023/"),
    }
    groups = [th.get_text() for th in soup.select("tr.nb-matrix-group th")]
    assert groups == [
        "县级政府",
        "县级部门（上级机关：沾益区政府）",
        "乡镇（上级机关：沾益区政府）",
        "街道（上级机关：沾益区政府）",
    ]
    # Headers for every cell, and a legend in words (not colour alone); no draft state in public.
    assert all(th.get("scope") for th in soup.select("table.nb-matrix th"))
    legend = soup.select_one("ul.nb-legend").get_text()
    assert "逾期发布" in legend and "已撤回" in legend and "草稿进行中" not in legend


def test_preview_matrix_shows_the_draft_in_progress(region: Path):
    """Assert that a preview's matrix marks the draft 草稿进行中, linking to the draft's page."""
    cells = _cells(_matrix(region, preview=True))
    assert cells[("清河镇", "2024 年度")] == ("draft", "草稿进行中", "qinghe/2024/")


# --- the year pages -----------------------------------------------------------------------------


def _year_rows(page: str) -> dict[str, list[str]]:
    table = BeautifulSoup(page, "html.parser").select_one("table.nb-year")
    heads = [th.get_text() for th in table.select("thead th")]
    assert heads == ["机关", "层级", *(kf.short for kf in KEY_FIGURES), *(r.label for r in RATIOS)]
    return {row.th.a.get_text(): [c.get_text() for c in row.find_all("td")] for row in table.select("tbody tr")}


def test_year_table_has_every_public_report_its_figures_and_ratios(trees):
    """Assert the 2023 table: each organ's key figures and ratios; the withdrawn report is left out."""
    rows = _year_rows(trees[False]["niandu/2023/index.md"])
    assert set(rows) == {"沾益区政府", "清河镇", "西平街道"}
    numbers = "40 20 10 4 6 0 40 5 1 2 1 120 900 0".split()
    assert rows["沾益区政府"] == ["县级政府", *numbers, "75.0%（30/40）", "20.0%（1/5）"]
    # No application answered, no appeal: neither ratio means anything.
    assert rows["清河镇"][-2:] == ["—", "—"]
    assert rows["西平街道"][-2:] == ["66.7%（2/3）", "—"]


def test_year_table_leaves_drafts_out_even_in_a_preview(trees):
    """Assert that the draft's figures are in no year table, public or preview."""
    for preview in (False, True):
        assert set(_year_rows(trees[preview]["niandu/2024/index.md"])) == {"沾益区政府", "西平街道"}


def test_year_table_cells_carry_their_sort_values(trees):
    """Assert that each figure cell's data-sort is its number, and a ratio's its percentage (−1 where absent)."""
    table = BeautifulSoup(trees[False]["niandu/2023/index.md"], "html.parser").select_one("table.nb-year")
    row = next(r for r in table.select("tbody tr") if r.th.a.get_text() == "沾益区政府")
    sorts = [c["data-sort"] for c in row.find_all("td")]
    assert sorts[1:4] == ["40", "20", "10"] and sorts[-2:] == ["75.0", "20.0"]
    qinghe = next(r for r in table.select("tbody tr") if r.th.a.get_text() == "清河镇")
    assert [c["data-sort"] for c in qinghe.find_all("td")][-2:] == ["-1", "-1"]


# --- organ pages and charts ---------------------------------------------------------------------


def test_organ_page_lists_years_downloads_and_figures_with_change(trees):
    """Assert an organ's page: each year with its report and data files, the figures table with 较上年."""
    page = trees[False]["zhanyi/index.md"]
    assert "| 2024 | 逾期发布（10 天） | [2024 年报告](2024.md) | [CSV](../data/reports/zhanyi-2024.csv)" in page
    # Each kind of download links its own file (the Chinese-header CSV is not the plain one).
    for name, ending in (("CSV", "csv"), ("CSV（中文表头）", "zh.csv"), ("JSON", "json"), ("Excel", "xlsx")):
        assert f"[{name}](../data/reports/zhanyi-2024.{ending})" in page
    table = BeautifulSoup(page, "html.parser").select_one("table.nb-figures")
    assert [th.get_text() for th in table.select("thead th")] == ["项目", "2023 年度", "2024 年度"]
    rows = {r.th.get_text(): [c for c in r.find_all("td")] for r in table.select("tbody tr")}
    assert rows["新收申请"][0].get_text() == "40"
    assert rows["新收申请"][1].get_text() == "50较上年 +10（+25.0%）"
    assert rows["行政许可"][1].select_one(".nb-change").get_text() == "较上年 −100（−11.1%）"
    assert [c.get_text() for c in rows["实质公开率"]] == ["75.0%（30/40）", "70.0%（35/50）"]


def test_withdrawn_organ_page_has_the_record_but_no_figures(trees):
    """Assert that a withdrawn report keeps its link on its organ's page but gives no figures."""
    page = trees[False]["wenjiao/index.md"]
    assert "已撤回（2024-06-01）" in page and "[2023 年报告](2023.md)" in page
    assert "本站尚无该机关已发布的报告" in page and "nb-figures" not in page


def _charts(page: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


def test_organ_charts_are_valid_svg_whose_bars_match_the_data(trees):
    """Assert that each chart parses as XML, is named and described, and draws each year's number to scale."""
    page = trees[False]["zhanyi/index.md"]
    charts = _charts(page)
    charted = [kf for kf in KEY_FIGURES if kf.chart]
    assert len(charts) == len(charted)
    for svg, kf in zip(charts, charted, strict=True):
        assert svg.get("role") == "img"
        title, desc = svg.find("title"), svg.find("desc")
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text == f"沾益区政府{kf.short}（件），2023—2024 年"
        data = [REPORTS[("zhanyi", y)] for y in (2023, 2024)]
        numbers = [key_values(v)[kf.name] for v in data]
        assert desc.text == f"2023 {numbers[0]} 件；2024 {numbers[1]} 件。"
        bars = svg.findall("g")
        assert [b.findall("text")[0].text for b in bars] == [str(n) for n in numbers]
        assert [b.findall("text")[1].text for b in bars] == ["2023", "2024"]
        heights = [float(b.find("rect").get("height")) for b in bars]
        top = max(numbers)
        assert heights == pytest.approx([PLOT * n / top for n in numbers], abs=0.01)
        assert svg.find("foreignObject") is None and svg.find("script") is None


def test_chart_survives_the_sanitizer_and_nothing_else_in_an_svg_does():
    """Assert that the allow-list keeps a chart as drawn and strips links, scripts and foreign content from SVG."""
    chart = render_chart("c", "标题", "件", [Bar("2023", 3), Bar("2024", None)], "说明")

    def shape(html: str) -> list[tuple[str, dict]]:
        return [(t.name, dict(t.attrs)) for t in BeautifulSoup(html, "html.parser").find_all(True)]

    assert shape(sanitize(chart)) == shape(chart)
    hostile = (
        '<svg onload="x()"><a href="javascript:alert(1)"><text>a</text></a><script>alert(1)</script>'
        '<foreignObject><iframe src="https://example.com"></iframe></foreignObject>'
        '<rect style="fill:url(https://example.com/x)" fill="url(#x)"></rect><use href="#x"></use>'
        '<image href="https://example.com/x.png"></image>'
        '<animate attributeName="href" to="javascript:1"></animate></svg>'
    )
    cleaned = sanitize(hostile)
    for forbidden in ("onload", "javascript", "script", "foreignObject", "iframe", "url(", "<use", "<image", "animate"):
        assert forbidden not in cleaned, (forbidden, cleaned)


def test_one_year_draws_no_chart(trees):
    """Assert that an organ with one public year gets its table but no trend chart."""
    page = trees[False]["qinghe/index.md"]
    assert "nb-figures" in page and not _charts(page) and "暂不绘制趋势图" in page


# --- report pages: previous and next year -------------------------------------------------------


def test_report_pages_link_the_same_organs_previous_and_next_year(trees):
    """Assert the line under each report's title: its organ's neighbours among the pages the tree holds."""
    public, preview = trees[False], trees[True]
    assert "下一年度：[2024 年报告](2024.md)" in public["xiping/2023.md"]
    assert "上一年度" not in public["xiping/2023.md"]
    assert "上一年度：[2023 年报告](2023.md)" in public["xiping/2024.md"]
    assert "下一年度" not in public["xiping/2024.md"]
    # The draft's page is not in the public tree, so nothing links to it there; a preview does.
    assert "下一年度" not in public["qinghe/2023.md"] and "qinghe/2024.md" not in public
    assert "下一年度：[2024 年报告](2024.md)" in preview["qinghe/2023.md"]
    # A withdrawn report is still a page: its organ's page is linked from it.
    assert "[本机关历年报告与主要数字](index.md)" in public["wenjiao/2023.md"]


def test_a_report_page_names_no_other_organ(trees):
    """Assert that a report page's size does not depend on the other reports: no other organ is named in it."""
    page = trees[False]["xiping/2024.md"]
    for other in ("zhanyi/", "qinghe", "wenjiao", "清河镇", "文教局"):
        assert other not in page


# --- reserved addresses -------------------------------------------------------------------------


def test_the_overview_addresses_are_reserved_with_located_findings(project_copy: Path):
    """Assert that niandu is no organ code, and no docs/ page may take an organ page's or a year page's place."""
    organs = project_copy / "data" / "organs.yaml"
    text = organs.read_text(encoding="utf-8")
    organs.write_text(
        text + "\nniandu:\n  name: 年度测试机关\n  short: 年度\n  level: 街道\n  parent: null\n", encoding="utf-8"
    )
    for page in ("docs/niandu/2024/index.md", "docs/xiping/index.md"):
        (project_copy / page).parent.mkdir(parents=True, exist_ok=True)
        (project_copy / page).write_text("# 顶替\n", encoding="utf-8")
    found = {(f.file, f.rule) for f in check_project(project_copy).findings}
    assert ("data/organs.yaml", ORGAN_SLUG.id) in found
    assert ("docs/niandu/2024/index.md", SHADOW_PAGE.id) in found
    assert ("docs/xiping/index.md", SHADOW_PAGE.id) in found
    line = next(f.line for f in check_project(project_copy).findings if f.rule == ORGAN_SLUG.id)
    assert line == text.count("\n") + 2


# --- the built site -----------------------------------------------------------------------------


def _local_links(site: Path, page: str) -> list[str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    base = "http://site/" + page.removesuffix("index.html")
    links = []
    for a in soup.select("article a[href]"):
        target = urlsplit(urljoin(base, a["href"]))
        if target.netloc == "site":
            links.append(target.path.lstrip("/"))
    return links


def test_built_overview_pages_link_only_to_pages_and_files_that_exist(region_site: Path):
    """Assert that every link of the built home, organ and year pages (raw HTML ones too) lands on a file."""
    pages = ["index.html", "zhanyi/index.html", "wenjiao/index.html", "niandu/index.html", "niandu/2023/index.html"]
    for page in pages:
        links = _local_links(region_site, page)
        assert links, page
        for link in links:
            target = region_site / link
            assert target.is_file() or (target / "index.html").is_file(), (page, link)


def test_built_home_matrix_and_menu(region_site: Path):
    """Assert that the built home carries the matrix; the menu offers the overviews, not each organ or report."""
    soup = BeautifulSoup((region_site / "index.html").read_text(encoding="utf-8"), "lxml")
    matrix = soup.select_one("article table.nb-matrix")
    assert matrix is not None and len(matrix.select("tbody tr[data-name]")) == 4
    assert soup.select_one("article ul.nb-legend") is not None
    organ_html = BeautifulSoup((region_site / "zhanyi/index.html").read_text(encoding="utf-8"), "lxml")
    assert organ_html.select_one("article svg[role=img] title") is not None  # through the sanitizer
    nav = soup.select_one("nav.md-nav--primary")
    assert "年度概览" in nav.get_text() and "沾益区政府" not in nav.get_text()
    report = (region_site / "xiping/2024/index.html").read_text(encoding="utf-8")
    assert "上一年度" in report and DRAFT[0] + "/2024/" not in report
    assert not (region_site / "qinghe/2024/index.html").exists()


def test_an_organ_with_only_a_draft_gets_no_page_in_public(project_copy: Path):
    """Assert that an organ whose only report is a draft has no page in the public tree, and no link in the matrix."""
    add_distinct_report(project_copy)  # 鹤川市政府: a draft
    project = check_project(project_copy)
    public, preview = prepared_files(project, False), prepared_files(project, True)
    assert "hechuan/index.md" not in public and "hechuan/index.md" in preview
    pages = {*project.reports, *project.drafts} - hidden_reports(project, False)
    matrix = BeautifulSoup(render_matrix(collect(project, date(2026, 6, 1), False, pages)), "html.parser")
    row = next(r for r in matrix.select("tr[data-name]") if "鹤川市政府" in r["data-name"])
    assert row.find("a") is None and "鹤川" not in public["niandu/index.md"].decode("utf-8")


def test_a_withdrawn_report_is_no_neighbour(region: Path, trees):
    """Assert that a withdrawn year is skipped by the previous/next links: the link goes to the next listed year."""
    from macros.overview.organ import neighbour_lines

    pages = {("a", 2021), ("a", 2022), ("a", 2023)}
    lines = neighbour_lines(pages, pages - {("a", 2022)}, frozenset({"a"}))
    assert "上一年度：[2021 年报告](2021.md)" in lines[("a", 2023)]
    assert "下一年度：[2023 年报告](2023.md)" in lines[("a", 2021)]
    assert "上一年度：[2021 年报告](2021.md)" in lines[("a", 2022)]  # the withdrawn page keeps its own line
    assert "(index.md)" in lines[("a", 2021)]


def test_no_link_to_an_organ_page_that_is_not_made():
    """Assert that a report of an organ without a page (only a draft, not followed) links no organ page."""
    from macros.overview.organ import neighbour_lines

    lines = neighbour_lines({("a", 2024)}, {("a", 2024)}, frozenset())
    assert "index.md" not in lines.get(("a", 2024), "")


def test_year_page_shows_the_covering_reports_totals(project_copy: Path):
    """Assert that a year's page carries a covering organ's 合计 block (overview/hierarchy.py) saying it checks out."""
    from conftest import seed_values
    from overview_fixture import PAGE

    from macros.authoring.datafile import dump_report
    from macros.cli import main
    from macros.overview.hierarchy import CHECKS_OUT

    organs = project_copy / "data" / "organs.yaml"
    text = organs.read_text(encoding="utf-8")
    organs.write_text(
        text.replace("  parent: null\n", "  parent: null\n  covers_children: true\n", 1), encoding="utf-8"
    )
    # 沾益区政府 2024 as the total of its one child's report (西平街道 2024).
    data, page = project_copy / "data/reports/zhanyi/2024.yaml", project_copy / "docs/zhanyi/2024.md"
    data.parent.mkdir(parents=True)
    data.write_text(dump_report(seed_values(), header="zhanyi 2024"), encoding="utf-8")
    page.parent.mkdir(parents=True)
    page.write_text(PAGE.format(year=2024), encoding="utf-8")
    assert main(["--root", str(project_copy), "publish", "zhanyi", "2024", "--date", "2025-03-01"]) == 0
    year_page = prepared_files(check_project(project_copy), False)["niandu/2024/index.md"].decode("utf-8")
    block = BeautifulSoup(year_page, "html.parser").select_one("div.nianbao-hierarchy")
    assert block is not None and CHECKS_OUT in block.get_text()
    assert "## 合计报告与下级机关报告" in year_page
