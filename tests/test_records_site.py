"""The record on the built site: drafts, corrections, the first publication, withdrawal, reproducibility."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT, build_site, edit, indexed_pages, unpublish

from macros.check.paths import data_path, page_path
from macros.cli import main
from macros.record.lock import snapshot_paths

DATA = data_path("xiping", 2024)
PAGE = page_path("xiping", 2024)
ENTRY = """
corrections:
  - date: 2025-03-02
    reason: 表二行政处罚决定数量误计为 287 件，应为 288 件。
    numbers: {proactive.penalty.decisions: [287, 288]}
"""


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def search_locations(site: Path) -> set[str]:
    return set(indexed_pages(site))


def hashes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_published_page_shows_dates_and_empty_correction_record(built_site: Path):
    """Assert that the bundled report shows its publication date, 更正记录 and a working link to the first version."""
    article = html(built_site, "xiping/2024/index.html").find("article")
    record = article.select_one(".nb-record")
    assert record.find("time")["datetime"] == "2025-01-20" and "未作更正" in record.get_text()
    heading = article.find("h2", id="更正记录")
    assert heading is not None
    # Never corrected, the page is its own first version: no second page, the kept originals linked.
    assert not (built_site / "xiping/2024/first-published/index.html").exists()
    assert "本页即首次发布的版本" in heading.find_next("p").get_text()
    for name, kept in zip(("数据（YAML）", "正文（Markdown）"), snapshot_paths("xiping", 2024), strict=True):
        href = heading.find_next("a", string=name)["href"]
        assert (built_site / "xiping/2024" / href).read_bytes() == (ROOT / kept).read_bytes()
    assert "xiping/2024/first-published/" not in search_locations(built_site)
    assert "xiping/2024/" in search_locations(built_site)


def test_silent_edit_fails_the_build_and_a_correction_shows_before_and_after(project_copy: Path, tmp_path: Path):
    """Assert that a changed number fails the build naming it; with an entry the page shows 287 → 288."""
    line = edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    failed = build_site(project_copy, tmp_path / "failed")
    assert failed.returncode != 0
    assert f"{DATA}:{line}: [silent-edit]" in failed.stderr and "西平街道 2024 年报告" in failed.stderr
    (project_copy / DATA).write_text((project_copy / DATA).read_text(encoding="utf-8") + ENTRY, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 0, result.stderr
    article = html(site, "xiping/2024/index.html").find("article")
    dates = article.select_one(".nb-record")
    assert [t["datetime"] for t in dates.find_all("time")] == ["2025-01-20", "2025-03-02"]
    assert "共 1 次" in dates.get_text()
    (correction,) = article.select("div.nb-correction")
    assert "误计为 287 件" in correction.get_text() and correction.find("time")["datetime"] == "2025-03-02"
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in correction.select("tbody tr")]
    assert rows == [["表二「行政处罚」「本年处理决定数量」", "287", "288"]]
    # The table on the page has the corrected number; the first version keeps the original.
    assert "288" in [td.get_text() for td in article.select("table.nb-table td")]
    first = html(site, "xiping/2024/first-published/index.html").find("article")
    cells = [td.get_text() for td in first.select("table.nb-table td")]
    assert "287" in cells and "288" not in cells
    assert "此后更正 1 次" in first.get_text()
    # The kept originals are downloadable byte for byte, from the first version's page.
    for name, kept in zip(("数据（YAML）", "正文（Markdown）"), snapshot_paths("xiping", 2024), strict=True):
        href = first.find("a", string=name)["href"]
        assert (site / "xiping/2024/first-published" / href).read_bytes() == (project_copy / kept).read_bytes()
    assert len(first.select("table.nb-table")) == len(article.select("table.nb-table")) > 0
    assert "xiping/2024/first-published/" not in search_locations(site)


def test_draft_is_absent_from_the_public_build_and_bannered_in_the_preview(project_copy: Path, tmp_path: Path):
    """Assert that a draft has no page, no search entry and no list entry publicly; the preview shows it as 草稿."""
    unpublish(project_copy)
    config = project_copy / "mkdocs.yml"
    # With a site_url the sitemap lists every page: the draft must not be among them.
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: https://nianbao.example.org/\n", "utf-8")
    public = tmp_path / "public"
    result = build_site(project_copy, public)
    assert result.returncode == 0, result.stderr
    assert not (public / "xiping/2024/index.html").exists()
    assert not any("xiping" in location for location in search_locations(public))
    assert not html(public, "index.html").find("article").find("a", href="xiping/2024/")
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://nianbao.example.org/status/" in sitemap and "xiping" not in sitemap
    preview = tmp_path / "preview"
    result = build_site(project_copy, preview, preview=True)
    assert result.returncode == 0, result.stderr
    article = html(preview, "xiping/2024/index.html").find("article")
    banner = article.select_one("div.admonition.warning")
    assert banner.select_one(".admonition-title").get_text() == "草稿"
    assert "尚未发布" in banner.get_text()
    assert article.find("h2", id="更正记录") is None


def test_withdrawn_report_says_so_and_leaves_lists_and_search(project_copy: Path, tmp_path: Path):
    """Assert that a withdrawn report keeps its page with date and reason, and leaves the list and search."""
    args = ["--root", str(project_copy), "withdraw", "xiping", "2024", "--date", "2025-06-01"]
    assert main([*args, "--reason", "误将未经审核的版本发布。"]) == 0
    site = tmp_path / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 0, result.stderr
    article = html(site, "xiping/2024/index.html").find("article")
    banner = article.select_one("div.admonition.danger")
    assert banner.select_one(".admonition-title").get_text() == "本报告已撤回"
    assert "误将未经审核的版本发布" in banner.get_text() and banner.find("time")["datetime"] == "2025-06-01"
    assert "xiping/2024/" not in search_locations(site)
    assert not html(site, "index.html").find("article").find("a", href="xiping/2024/")
    status = html(site, "status/index.html").find("article").get_text()
    assert "已于 2025-06-01 撤回" in status


def test_deleting_the_lock_entry_fails_the_build(project_copy: Path, tmp_path: Path):
    """Assert that the build refuses a published report missing from the lock file."""
    (project_copy / "data/published.lock").write_text("{}\n", encoding="utf-8")
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode != 0 and "[record-unlocked]" in result.stderr


def test_status_page_lists_each_organ_per_year(built_site: Path):
    """Assert that the view says 西平街道 published on time, 0 corrections; not the parent publishing elsewhere."""
    article = html(built_site, "status/index.html").find("article")
    heading = article.find("h2", id="2024-年度报告")
    cards = heading.find_next("div", class_="nb-standings").select("li")
    by_name = {li.find("strong").get_text(): li for li in cards}
    card = by_name["曲靖市沾益区人民政府西平街道办事处"]
    assert card.find("a")["href"] == "../xiping/2024/"
    assert card.select_one(".nb-verdict").get_text() == "按时发布"
    assert "层级：街道" in card.get_text() and "期限：2025-01-31；发布日期：2025-01-20；更正 0 次" in card.get_text()
    # The parent government is registered with reports_here: false (it publishes elsewhere): not listed as 未发布.
    assert list(by_name) == ["曲靖市沾益区人民政府西平街道办事处"]


def test_two_builds_of_the_same_tree_are_byte_identical(project_copy: Path, tmp_path: Path):
    """Assert that two clean builds with one SOURCE_DATE_EPOCH, from copies at two paths, give the same bytes."""
    config = project_copy / "mkdocs.yml"
    # A site_url makes MkDocs write dated sitemap entries: the dates must not come from the clock.
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: https://nianbao.example.org/\n", "utf-8")
    other = tmp_path / "elsewhere" / "project"
    shutil.copytree(project_copy, other)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1737331200"}  # 2025-01-20, the date the status page states
    sites = []
    for number, root in enumerate((project_copy, other)):
        site = tmp_path / f"site{number}"
        result = build_site(root, site, env=env)
        assert result.returncode == 0, result.stderr
        sites.append(site)
    first, second = (hashes(site) for site in sites)
    assert len(first) > 20 and first == second
    sitemap = (sites[0] / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2025-01-20</lastmod>" in sitemap
    assert "统计截至 2025-01-20" in html(sites[0], "status/index.html").get_text()


def test_without_source_date_epoch_the_build_date_is_today(project_copy: Path, tmp_path: Path, monkeypatch):
    """Assert that without SOURCE_DATE_EPOCH the status page and the sitemap carry the build's day, not a commit's."""
    import datetime

    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nsite_url: https://nianbao.example.org/\n", "utf-8")
    # build_site starts from this process's environment: an in-process build earlier may have pinned one.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    beijing = datetime.timezone(datetime.timedelta(hours=8))

    def today() -> str:
        return datetime.datetime.now(beijing).date().isoformat()

    days = {today()}
    result = build_site(project_copy, tmp_path / "site")
    days.add(today())  # a build across midnight
    assert result.returncode == 0, result.stderr
    text = html(tmp_path / "site", "status/index.html").get_text()
    assert any(f"统计截至 {day}：本次构建网站当天的日期（北京时间）" in text for day in days), text[:400]
    # The sitemap says the same day (MkDocs dates in UTC: the build pins midnight UTC of that day).
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert any(f"<lastmod>{day}</lastmod>" in sitemap for day in days), sitemap[:400]


def test_readme_tells_how_to_verify_a_build():
    """Assert that the README documents reproducible builds and how to compare hashes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "SOURCE_DATE_EPOCH" in readme and "sha256sum" in readme
