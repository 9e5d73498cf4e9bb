"""End to end: build the real site, and a broken copy that must refuse to build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, file_digests, indexed_pages, record_correction

from macros.format.national import PARTS, TABLE_2, TABLE_2_ROW_HEADER, TABLES
from macros.record.history import CORRECTIONS_HEADING
from macros.site.prepare import CHECKED, PREPARED_DIR
from macros.site.search import SEARCH_DIR

REPORT_PAGE = "xiping/2024/index.html"


def page(site: Path, rel: str = REPORT_PAGE) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def root_path(site: Path) -> str:
    """The path of the site's root on its server: '/' unless it was built with SITE_URL (CI's publish build)."""
    canonical = page(site, "index.html").find("link", rel="canonical")
    return urlsplit(canonical["href"]).path if canonical else "/"


def test_report_page_title_and_six_parts(built_site: Path):
    """Assert the report's title and its six parts, in order, with stable Chinese anchors, then 更正记录."""
    html = page(built_site)
    content = html.select_one("article")
    assert (
        content.h1.get_text(strip=True).rstrip("¶")
        == "曲靖市沾益区人民政府西平街道办事处2024年政府信息公开工作年度报告"
    )
    headings = [(h.get("id"), h.get_text(strip=True).rstrip("¶")) for h in content.find_all("h2")]
    assert [text for _, text in headings] == [*(f"{n}、{t}" for n, t in PARTS), CORRECTIONS_HEADING]
    assert headings[0][0] == "一总体情况"
    assert all(not re.fullmatch(r"_\d+", anchor) for anchor, _ in headings)


def test_report_page_tables_carry_every_label(built_site: Path):
    """Assert that every label of the three tables in FORMAT.md is printed in the page."""
    text = page(built_site).select_one("article").get_text()
    labels = {TABLE_2_ROW_HEADER}
    for table in TABLES:
        labels |= {table.note} - {""}
        for grid in table.grids:
            labels |= {grid.caption} - {""}
            labels |= {c.label for c in grid.columns} | {g for c in grid.columns for g in c.groups}
            labels |= {r.label for r in grid.rows} | {g for r in grid.rows for g in r.groups}
    missing = sorted(label for label in labels if label not in text)
    assert missing == []
    assert len(labels) > 60


def test_report_page_numbers_and_narrative(built_site: Path):
    """Assert 287 in the 行政处罚 row and the narrative's 1033, with the seed's emphasis kept."""
    html = page(built_site)
    penalty = next(th for th in html.find_all("th", scope="row") if th.get_text() == "行政处罚")
    assert [td.get_text() for td in penalty.find_parent("tr").find_all("td")] == ["287"]
    article = html.select_one("article")
    assert "全年主动公开政府信息共 1033 条" in article.get_text()
    assert article.find("strong", string="建立健全政府信息公开的保密审查机制")
    assert "明确审查程序 and 责任人" in article.get_text()  # the seed's words, not silently corrected
    assert "2024 年未收取信息处理费。" in article.get_text()


def test_home_page_lists_the_report(built_site: Path):
    """Assert that the home page's matrix links to the bundled report from its organ's row, in its year's column."""
    matrix = page(built_site, "index.html").select_one("table.nb-matrix")
    years = [th.get_text() for th in matrix.select("thead th")]
    row = next(r for r in matrix.select("tr[data-name]") if "西平街道办事处" in r["data-name"])
    cell = row.find_all(["th", "td"])[years.index("2024 年度")]
    assert cell.get_text() == "按时发布" and cell.a["href"].rstrip("/").endswith("xiping/2024")


def test_no_third_party_host_in_the_built_site(built_site: Path):
    """Assert that no built page loads anything from another host (fonts, scripts, styles, images)."""
    offenders = []
    for html_file in built_site.rglob("*.html"):
        for tag in BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser").find_all(
            ["link", "script", "img", "iframe", "source"]
        ):
            if "canonical" in (tag.get("rel") or []):
                continue  # the page's own public address (SITE_URL): named, never loaded
            url = tag.get("src") or tag.get("href") or ""
            if re.match(r"^(https?:)?//", url):
                offenders.append((html_file.relative_to(built_site).as_posix(), url))
    assert offenders == []
    css = "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_search_index_segments_chinese(built_site: Path):
    """Assert that the search index holds the report's Chinese as words (not whole sentences), in Chinese."""
    assert list((built_site / "pagefind").glob("pagefind.zh_*.pf_meta"))
    content = indexed_pages(built_site)["xiping/2024/"]["content"]
    # Pagefind's extended build segments Chinese; the words are joined with zero-width spaces.
    assert "\u200b西平\u200b街道\u200b" in content
    assert "\u200b保密\u200b审查\u200b" in content


def test_broken_balance_fails_the_build(project_copy: Path, tmp_path: Path):
    """Assert that data breaking 勾稽关系 fails the build naming file, line and rule, and writes no page."""
    data = project_copy / "data/reports/xiping/2024.yaml"
    text = data.read_text(encoding="utf-8").replace(
        "  new:                 [0, 0, 0, 0, 0, 0, 0]", "  new:                 [3, 0, 0, 0, 0, 0, 3]"
    )
    data.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  new:"))
    site = tmp_path / "site"
    result = build_site(project_copy, site)
    assert result.returncode != 0
    assert f"data/reports/xiping/2024.yaml:{line}: [t3-balance]" in result.stderr
    assert "表三「自然人」列勾稽关系不成立" in result.stderr and "应为 0，实为 3" in result.stderr
    assert not (site / REPORT_PAGE).exists()


def test_build_lists_every_error_at_once(project_copy: Path, tmp_path: Path):
    """Assert that a build with several broken rules names all of them, not only the first."""
    data = project_copy / "data/reports/xiping/2024.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("  penalty:   287", "  penalty:   ~").replace(
        "review:       [0, 0, 0, 0, 0]", "review:       [1, 0, 0, 0, 0]"
    )
    data.write_text(text, encoding="utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "[blank]" in result.stderr and "[t4-total]" in result.stderr and "未填写" in result.stderr


def test_advisory_is_reported_but_does_not_fail_nor_reach_the_public_page(project_copy: Path, tmp_path: Path):
    """Assert that a plausibility finding (规章 at a 街道) builds, is reported, and stays off the public page.

    The public check box says which rules passed; editing hints are for editors and reviewers.
    """
    data = project_copy / "data/reports/xiping/2024.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("rules:     [0, 0, 0]", "rules:     [1, 0, 1]"), encoding="utf-8"
    )
    assert record_correction(project_copy) == 0
    site = tmp_path / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 0, result.stderr
    assert "[t2-rules-local]" in result.stderr
    article = page(site).select_one("article").get_text()
    assert "本报告数据已通过构建时检查" in article and "无权制定规章" not in article


def test_table_macro_outside_a_report_page_fails(project_copy: Path, tmp_path: Path):
    """Assert that a table macro on a non-report page is a clear build error, not an empty table."""
    (project_copy / "docs/about.md").write_text('# 关于\n\n{{ table("三") }}\n', encoding="utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "只有报告页面" in result.stderr


def test_table_2_label_set_is_the_format(built_site: Path):
    """Assert that table 二 is one table whose row groups are headed by the four parts in the format's order."""
    (table,) = page(built_site).select("table.nb-table-2")
    captions = [c.get_text() for c in table.select("tbody > tr.nb-part-head > th")]
    assert captions == [g.caption for g in TABLE_2.grids]


def test_not_found_page_and_heading_links_are_in_chinese(built_site: Path):
    """Assert that the 404 page and the heading permalinks speak Chinese, not Material's English defaults."""
    not_found = page(built_site, "404.html")
    assert not_found.h1.get_text() == "找不到该页面（404）"
    assert "Not found" not in not_found.get_text()
    assert not_found.find("a", string="返回首页")["href"] == root_path(built_site)
    links = page(built_site).select("article a.headerlink")
    assert links and {a["title"] for a in links} == {"本节链接"}


def test_site_url_from_the_environment(tmp_path: Path):
    """Assert that SITE_URL gives a sitemap of every page and a 404 page that finds its styles below the root."""
    site = tmp_path / "site"
    result = build_site(ROOT, site, env={"SITE_URL": "https://gk.example.gov.cn/nianbao/"})
    assert result.returncode == 0, result.stderr
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://gk.example.gov.cn/nianbao/xiping/2024/</loc>" in sitemap
    styles = [link["href"] for link in page(site, "404.html").find_all("link", rel="stylesheet")]
    assert styles and all(href.startswith("/nianbao/") for href in styles)


def test_open_data_is_linked_into_the_site_not_copied(built_site: Path):
    """Assert that the site's open-data files are the prepared tree's own (hard links), byte for byte."""
    name = "data/reports/xiping-2024.csv"
    prepared = ROOT / "build/docs" / name
    assert (built_site / name).read_bytes() == prepared.read_bytes()
    assert (built_site / name).samefile(prepared)
    # The theme's files are copied: the site must not share a file with the installed package.
    theme = sorted((built_site / "assets/stylesheets").glob("*.css"))
    assert theme and all(p.stat().st_nlink == 1 for p in theme)


def test_a_static_file_is_copied_where_no_link_can_be_made(tmp_path: Path, monkeypatch):
    """Assert that, where the file system refuses a hard link, the file is copied and the build goes on."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("nianbao_hooks_link", ROOT / "macros/site/hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    source = tmp_path / "docs/data/a.csv"
    source.parent.mkdir(parents=True)
    source.write_bytes(b"a,b\n1,2\n")

    class File:
        abs_src_path = str(source)
        abs_dest_path = str(tmp_path / "site/data/a.csv")

    def refuse(*args):
        raise OSError("cross-device link")

    monkeypatch.setattr(hooks.os, "link", refuse)
    hooks._link_or_copy(File())
    target = tmp_path / "site/data/a.csv"
    assert target.read_bytes() == b"a,b\n1,2\n" and not target.samefile(source)


def _one_process_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m macros build` (what `make build` runs), from the project's root as make runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("NIANBAO_PREVIEW", None)
    command = [sys.executable, "-m", "macros", "build", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.parametrize("preview", [False, True], ids=["public", "preview"])
def test_one_process_build_makes_the_site_of_the_three_steps_without_a_sealed_record(
    project_copy: Path, tmp_path: Path, preview: bool
):
    """Assert that `macros build` gives, byte for byte, the site of prepare + mkdocs build + search-index.

    MkDocs takes the checked project from the process: no sealed record is written into the tree.
    """
    steps = tmp_path / "steps"
    assert build_site(project_copy, steps, preview=preview).returncode == 0
    folder = "site-preview" if preview else "site"
    result = _one_process_build(project_copy, *(["--preview"] if preview else []))
    assert result.returncode == 0, result.stderr
    assert file_digests(project_copy / folder) == file_digests(steps)
    assert not (project_copy / PREPARED_DIR / CHECKED).exists()
    assert f"已构建站点 {folder}" in result.stderr and (project_copy / folder / SEARCH_DIR / "pagefind.js").is_file()


def test_one_process_build_refuses_a_data_error_and_a_strict_warning(project_copy: Path):
    """Assert that `macros build` stops before MkDocs on an error, and fails on what MkDocs' strict mode refuses."""
    data = project_copy / "data/reports/xiping/2024.yaml"
    good = data.read_text(encoding="utf-8")
    data.write_text(good.replace("  penalty:   287", "  penalty:   ~"), encoding="utf-8")
    result = _one_process_build(project_copy)
    assert result.returncode == 1 and "[blank]" in result.stdout and "未构建站点：" in result.stderr
    assert not (project_copy / "site").exists()
    data.write_text(good, encoding="utf-8")
    # A link to a page that does not exist: a warning, which --strict turns into a failed build.
    about = project_copy / "docs/about.md"
    about.write_text("# 关于\n\n见[说明](nowhere.md)。\n", encoding="utf-8")
    result = _one_process_build(project_copy)
    assert result.returncode == 1, result.stderr
    assert "nowhere.md" in result.stderr and "未构建站点：MkDocs 构建未完成" in result.stderr
    assert "Traceback" not in result.stderr
    about.unlink()
    # mkdocs.yml that MkDocs cannot read: its own message, no traceback.
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnav: [\n", encoding="utf-8")
    result = _one_process_build(project_copy)
    assert result.returncode == 1 and "未构建站点：MkDocs 构建未完成：" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
