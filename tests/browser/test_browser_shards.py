"""A province's sites stitched into one search: two shard sites, one generated top page.

Each shard is a site built and indexed on its own (as one job of a CI matrix
would); `python -m macros search-stitch` writes the top page, whose search merges
the shards' Pagefind indexes (multi-site search). A search there finds a report
in each shard and links into the shard that holds it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, add_distinct_report, build_site, distinct_organ
from playwright.sync_api import Browser

from macros.cli import main

from .conftest import DESKTOP, foreign, search, serve

SHARDS = (("西区", "west/"), ("东区", "east/"))


@pytest.fixture(scope="module")
def province(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two shards under one top folder: the project's site (west) and a site of another organ (east), served."""
    top = tmp_path_factory.mktemp("province")
    shutil.copytree(built_site, top / "west")
    root = tmp_path_factory.mktemp("east-project")
    for part in ("mkdocs.yml", "docs", "macros", "overrides"):
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, root / part)
    (root / "data" / "reports").mkdir(parents=True)
    (root / "data" / "organs.yaml").write_text("", encoding="utf-8")
    shutil.rmtree(root / "docs" / "xiping")  # the other shard's organ
    add_distinct_report(root)
    assert main(["--root", str(root), "publish", "hechuan", "2024", "--date", "2025-01-20"]) == 0
    built = build_site(root, top / "east")
    assert built.returncode == 0, built.stderr
    assert main(["search-stitch", str(top), *(f"{name}={path}" for name, path in SHARDS)]) == 0
    yield from serve(top)


def test_the_top_page_searches_every_shard(chromium: Browser, province: str) -> None:
    """Assert that a search on the generated top page finds a report in each shard, linked into that shard."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="block")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.route("**/*", lambda route: route.abort() if foreign([route.request.url]) else route.continue_())
    try:
        page = context.new_page()
        page.goto(province)
        assert [a.inner_text() for a in page.locator("main a").all()] == [name for name, _ in SHARDS]
        # A word both reports hold: one result from each shard.
        found = {urlsplit(r["href"]).path for r in search(page, "行政处罚")}
        assert "/west/xiping/2024/" in found and "/east/hechuan/2024/" in found, found
        # An organ's short name: its report, in its own shard, first.
        page.goto(province)
        first = search(page, distinct_organ().short)[0]
        assert urlsplit(first["href"]).path == "/east/hechuan/2024/", first
        # Both shards' indexes were read; nothing left the machine.
        paths = {urlsplit(u).path for u in requests}
        assert {"/west/pagefind/pagefind-entry.json", "/east/pagefind/pagefind-entry.json"} <= paths, paths
        assert foreign(requests) == []
    finally:
        context.close()


def test_stitching_refuses_an_address_outside_the_top_folder(tmp_path: Path, capsys) -> None:
    """Assert that a shard path with a host or .. is refused in Chinese and writes no page."""
    assert main(["search-stitch", str(tmp_path), "东区=../east/"]) == 1
    assert "不是站点的相对路径" in capsys.readouterr().err
    assert main(["search-stitch", str(tmp_path), "东区=https://example.org/"]) == 1
    assert not (tmp_path / "index.html").exists()
