"""The site's search index (macros/site/search.py): what is indexed, where results point, what is refused."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import file_digests, indexed_pages, indexed_text, seed_values

from macros.check.findings import Refusal
from macros.check.load import Report
from macros.cli import main
from macros.format.national import TABLE_2, TABLE_3, Cell
from macros.site.prepare import PREPARED_DIR, prepare
from macros.site.sanitize import sanitize
from macros.site.search import (
    MAX_PARTS,
    PARTS_FILE,
    SEARCH_DIR,
    Part,
    build_index,
    bundle_parts,
    indexable_pages,
    plan_parts,
    result_title,
    row_id,
    stitched_page,
)
from macros.site.tables import render_table


def _report() -> Report:
    report = Report("xiping", 2024, "data/reports/xiping/2024.yaml")
    report.values.update(seed_values())
    return report


def test_every_row_label_has_its_id_and_weight_and_keeps_them_through_the_sanitizer():
    """Assert that each table-二 and table-三 row label cell carries the row's id and a search weight, sanitized."""
    for number, table in (("二", TABLE_2), ("三", TABLE_3)):
        soup = BeautifulSoup(sanitize(render_table(number, _report())), "html.parser")
        rows = [row for grid in table.grids for row in grid.rows]
        for row in rows:
            cell = soup.find(id=row_id(table.key, row.key))
            assert cell is not None and cell.name == "th" and cell.get_text() == row.label, row
            assert cell["data-pagefind-weight"] == "8"
        assert len({row_id(table.key, r.key) for r in rows}) == len(rows)  # unique on the page


def test_sanitizer_keeps_only_harmless_search_attributes():
    """Assert that a page cannot mark itself for indexing, give odd weights, or set other result fields."""
    html = (
        '<div data-pagefind-body data-pagefind-ignore><p data-pagefind-weight="9">x</p>'
        '<table><tr><th data-pagefind-weight="99">a</th><th data-pagefind-weight="5">b</th></tr></table>'
        '<span data-pagefind-meta="url:https://example.org/">c</span><span data-pagefind-meta="title">d</span></div>'
    )
    out = sanitize(html)
    assert "data-pagefind-body" not in out and "data-pagefind-ignore" not in out
    assert 'data-pagefind-weight="99"' not in out and 'data-pagefind-weight="5"' in out
    assert "url:" not in out and '<span data-pagefind-meta="title">d</span>' in out
    assert '<p data-pagefind-weight="9">' not in out


def test_result_title_is_escaped_text():
    """Assert that an organ's short name is text in the title block: no markup, no template braces."""
    block = result_title('<b onclick="x">西{{ 1 }}</b>', 2024)
    soup = BeautifulSoup(sanitize(block), "html.parser")
    span = soup.select_one("div.nb-search-meta span[data-pagefind-meta=title]")
    assert span.get_text() == '<b onclick="x">西{{ 1 }}</b> 2024 年报告'
    assert "{{" not in block and "<b" not in block


def test_only_public_content_is_indexed(built_site: Path):
    """Assert that the index holds the report's content, not the menu, checks note, guide or first version."""
    pages = indexed_pages(built_site)
    assert "xiping/2024/" in pages and not any(
        url.startswith(("guide/", "xiping/2024/first-published")) for url in pages
    )
    report = pages["xiping/2024/"]
    text = indexed_text(report)
    assert "保密审查" in text and "行政处罚" in text
    assert "本报告数据已通过构建时检查" not in text  # the checks note, on every report
    assert "编辑指南" not in text and "首页" not in text  # the menu
    # The tables' figures are not words anyone searches by: 表二's 行政处罚 row is found by its label alone.
    penalty = str(seed_values()[Cell(TABLE_2.key, "penalty", "decisions")])
    page = BeautifulSoup((built_site / "xiping/2024/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find(id=row_id(TABLE_2.key, "penalty")).find_next_sibling("td").get_text() == penalty
    assert penalty not in text and "行政处罚" in text
    assert report["meta"]["title"] == "西平街道 2024 年报告"
    anchors = {a["id"]: a["element"] for a in report["anchors"]}
    assert anchors[row_id(TABLE_2.key, "penalty")] == "th"
    assert not any("¶" in a["text"] for a in report["anchors"])  # heading links are not indexed


def test_search_index_refuses_a_folder_that_is_not_this_sites_build(tmp_path: Path, capsys):
    """Assert that indexing a missing site, or one whose pages mark nothing for indexing, is refused in Chinese."""
    assert main(["--root", str(tmp_path), "search-index", "site"]) == 1
    assert "不是构建好的站点" in capsys.readouterr().err
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html><body><p>编辑指南</p></body></html>", encoding="utf-8")
    with pytest.raises(Refusal, match="data-pagefind-body"):
        build_index(tmp_path / "site")
    assert not (tmp_path / "site" / SEARCH_DIR).exists()


def test_a_failed_index_keeps_the_old_one(tmp_path: Path, monkeypatch):
    """Assert that the index is replaced only once Pagefind succeeded: a failure leaves the previous bundle."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<html lang="zh"><body><div data-pagefind-body><h1 id="t">鹤川市政府</h1><p>示例正文。</p></div></body></html>',
        encoding="utf-8",
    )
    build_index(site)
    before = (site / SEARCH_DIR / "pagefind-entry.json").read_bytes()
    monkeypatch.setattr("macros.site.search.pagefind_arguments", lambda *given: ["--no-such-option"])
    with pytest.raises(Refusal, match="Pagefind 未能生成搜索索引"):
        build_index(site)
    assert (site / SEARCH_DIR / "pagefind-entry.json").read_bytes() == before
    assert not (site / f"{SEARCH_DIR}.tmp").exists()


def test_a_preview_tree_keeps_its_served_index_and_the_public_tree_never_has_one(project_copy: Path):
    """Assert that `make serve`'s index in build/docs/pagefind survives a preview prepare; a public one drops it."""
    served = project_copy / PREPARED_DIR / SEARCH_DIR / "pagefind.js"
    served.parent.mkdir(parents=True)
    served.write_text("// index of a preview", encoding="utf-8")
    prepare(project_copy, preview=True)
    assert served.is_file()
    prepare(project_copy, preview=False)
    assert not served.exists()


def test_stitched_page_merges_every_shard_and_refuses_foreign_addresses():
    """Assert that the top page loads the first shard's bundle, names every shard, and takes only relative paths."""
    page = stitched_page([("东区", "east/"), ("西<区>", "west/")])
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one("#nb-search")["data-nb-search-shards"] == '["east/", "west/"]'
    assert soup.select_one("#nb-search")["data-nb-search-bundle"] == "east/pagefind/"
    assert [a.get_text() for a in soup.select("main a")] == ["东区", "西<区>"]
    assert [s["src"] for s in soup.select("script")] == [
        "east/pagefind/pagefind-ui.js",
        "east/assets/nianbao-search.js",
    ]
    for bad in ("../east/", "https://example.org/", "/east/", "east", "a/../b/"):
        with pytest.raises(Refusal, match="相对路径"):
            stitched_page([("东区", bad)])


# --- a large site indexed in parts ------------------------------------------------


def _covered(page: str, part: Part) -> bool:
    # The part's globs are either a folder's files ("a/b/**/*.html") or one file.
    return any(
        page.startswith(g.removesuffix("**/*.html")) if g.endswith("/**/*.html") else page == g for g in part.globs
    )


def _region_pages(organs: int, years: int = 5) -> list[str]:
    """A region's indexable pages: the home page, overviews, and every organ's page and reports."""
    pages = ["index.html", "data/index.html", "status/index.html", "niandu/index.html"]
    for n in range(organs):
        pages += [f"o{n:04d}/index.html", *(f"o{n:04d}/{2021 + y}/index.html" for y in range(years))]
    return sorted(pages)


def test_a_site_within_the_part_size_is_one_bundle_of_all_its_pages():
    """Assert that a site of at most the part size is one part, Pagefind's whole site, as before parts existed."""
    pages = _region_pages(10)
    assert plan_parts(pages, len(pages)) == [Part(("**/*.html",), len(pages))]


def test_parts_are_bounded_deterministic_and_keep_an_organs_pages_together():
    """Assert that parts hold at most the part size, cover every page once, never split an organ, and do not vary."""
    pages = _region_pages(200)  # 1,204 pages
    parts = plan_parts(pages, 500)
    assert len(parts) == 3 and all(part.pages <= 500 for part in parts), [p.pages for p in parts]
    assert max(p.pages for p in parts) - min(p.pages for p in parts) <= 12  # about equal, not 500, 500 and 204
    for page in pages:
        assert [i for i, part in enumerate(parts) if _covered(page, part)] != [], page
        assert len([part for part in parts if _covered(page, part)]) == 1, page
    for n in range(200):
        organ = f"o{n:04d}/**/*.html"
        assert len([part for part in parts if organ in part.globs]) == 1, organ  # the folder whole, in one part
    assert sum(part.pages for part in parts) == len(pages)
    shuffled = list(pages)
    random.Random(13).shuffle(shuffled)
    assert plan_parts(shuffled, 500) == parts


def test_a_folder_larger_than_a_part_is_split_by_its_subfolders():
    """Assert that a folder holding more pages than a part is split into its subfolders and its own files."""
    pages = sorted(["index.html", "big/index.html", *(f"big/{n:02d}/index.html" for n in range(12))])
    parts = plan_parts(pages, 5)
    assert all(part.pages <= 5 for part in parts)
    assert [g for part in parts for g in part.globs] == [
        "big/00/**/*.html",
        *(f"big/{n:02d}/**/*.html" for n in range(1, 12)),
        "big/index.html",
        "index.html",
    ]


def test_the_number_of_parts_is_bounded_and_folder_names_are_matched_literally():
    """Assert that a site needing more than MAX_PARTS parts is refused in Chinese, and glob characters are escaped."""
    pages = _region_pages(MAX_PARTS * 2)
    with pytest.raises(Refusal, match="分站点"):
        plan_parts(pages, 3)
    with pytest.raises(Refusal, match="正整数"):
        plan_parts(pages, 0)
    odd = plan_parts(["a{1},[b]/index.html", "c/index.html"], 1)
    assert odd[0].globs == ("a\\{1\\}\\,\\[b\\]/**/*.html",)


def _page(body: str, marked: bool = True) -> str:
    mark = " data-pagefind-body" if marked else ""
    content = f'<h1 id="t">{body}</h1><p>{body}的正文。</p>'
    return f'<html lang="zh"><body><nav>菜单</nav><div{mark}>{content}</div></body></html>'


def test_a_site_is_indexed_in_parts_listed_in_its_first_bundle_and_the_same_twice(tmp_path: Path):
    """Assert that each part indexes its folders' marked pages only, the first bundle lists the others, byte-stable."""
    site = tmp_path / "site"
    pages = {
        "index.html": _page("首页"),
        "alpha/2024/index.html": _page("甲机关报告"),
        "alpha/index.html": _page("甲机关"),
        "beta/2024/index.html": _page("乙机关报告"),
        "beta/guide/index.html": _page("乙机关指南", marked=False),  # not marked: never indexed
        # Only mentions the mark, in its text: not indexable (a part of such pages would index them whole).
        "gamma/index.html": "<p>data-pagefind-body、<code>data-pagefind-body</code>、&lt;p data-pagefind-body&gt;</p>",
    }
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
    assert indexable_pages(site) == ["alpha/2024/index.html", "alpha/index.html", "beta/2024/index.html", "index.html"]
    bundle = build_index(site, part_pages=2)
    assert bundle_parts(bundle) == ["parts/1/"]
    indexed = [sorted(indexed_pages(site, f"{SEARCH_DIR}/{p}")) for p in ("", "parts/1/")]
    assert indexed == [["alpha/", "alpha/2024/"], ["", "beta/2024/"]]
    first = file_digests(bundle)
    build_index(site, part_pages=2)
    assert file_digests(bundle) == first
    # A site within one part: one bundle, no other part listed, no parts folder.
    build_index(site)
    assert bundle_parts(bundle) == [] and not (bundle / "parts").exists()
    assert (bundle / PARTS_FILE).read_text(encoding="utf-8") == '{"parts": []}\n'
