"""The cache of each report's data files across builds: same bytes as a fresh build, only unchanged reports reused."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from opendata_helpers import make_rich_project

from macros.check.project import check_project
from macros.format.national import Cell
from macros.opendata import cache as cache_module
from macros.opendata.cache import ReportCache
from macros.opendata.export import build_exports

KEY = ("zhanyi", 2024)
FEE = Cell("proactive", "fees", "amount")


@pytest.fixture(autouse=True)
def own_key(tmp_path: Path, monkeypatch) -> None:
    """The cache's signing key in the test's own folder, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def root(project_copy: Path) -> Path:
    make_rich_project(project_copy)  # three public reports
    return project_copy


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_a_warm_cache_gives_the_bytes_of_a_fresh_build(root: Path, tmp_path: Path) -> None:
    """Assert that a build with a cold cache, then one with the warm cache, give exactly the files of a
    build without one, and that the warm build makes no report's files again."""
    fresh = build_exports(check_project(root))
    folder = tmp_path / "cache"
    cold = ReportCache(folder)
    assert build_exports(check_project(root), cold) == fresh
    # One entry per report, and one for the collection workbook (made of them all).
    assert (cold.hits, cold.misses) == (0, 4)
    assert len(_entries(folder)) == 4
    warm = ReportCache(folder)
    assert build_exports(check_project(root), warm) == fresh
    assert (warm.hits, warm.misses) == (4, 0)


def test_a_changed_report_is_made_again_and_its_old_entry_removed(root: Path, tmp_path: Path) -> None:
    """Assert that changing one report's number makes only that report again, the output is a fresh build's,
    and the entry of its previous numbers is removed."""
    folder = tmp_path / "cache"
    build_exports(check_project(root), ReportCache(folder))
    before = _entries(folder)
    project = check_project(root)
    project.reports[KEY].values[FEE] = Decimal("12.3450")  # same value, other places: other bytes
    again = ReportCache(folder)
    files = build_exports(project, again)
    assert (again.hits, again.misses) == (2, 2)  # the report, and the collection workbook that holds it
    assert files == build_exports(project)
    after = _entries(folder)
    assert len(after) == 4 and len(after - before) == 2
    assert b"12.3450" in files["reports/zhanyi-2024.csv"]


def test_a_damaged_entry_is_made_again(root: Path, tmp_path: Path) -> None:
    """Assert that a truncated entry and an edited one are not used, but made again, with a fresh build's bytes."""
    folder = tmp_path / "cache"
    fresh = build_exports(check_project(root), ReportCache(folder))
    first, second, *_ = sorted(folder.iterdir())
    first.write_bytes(first.read_bytes()[:100])
    raw = bytearray(second.read_bytes())
    raw[len(raw) // 2] ^= 1
    second.write_bytes(bytes(raw))
    again = ReportCache(folder)
    assert build_exports(check_project(root), again) == fresh
    assert (again.hits, again.misses) == (2, 2)


def test_another_code_version_uses_no_entry(root: Path, tmp_path: Path, monkeypatch) -> None:
    """Assert that entries made by other code are never used (the code is part of every key)."""
    folder = tmp_path / "cache"
    fresh = build_exports(check_project(root), ReportCache(folder))
    monkeypatch.setattr(cache_module, "code_version", lambda: b"another version of macros/")
    again = ReportCache(folder)
    assert build_exports(check_project(root), again) == fresh
    assert (again.hits, again.misses) == (0, 4)
    assert len(_entries(folder)) == 4  # the other version's entries are removed


def test_the_key_covers_the_title_and_the_record(root: Path) -> None:
    """Assert that the organ's name, the correction date and a number's type each change a report's key."""
    project = check_project(root)
    digest = cache_module.report_digest(project, KEY)
    report = project.reports[KEY]
    record = report.record
    corrections = list(record.corrections)
    record.corrections.clear()
    assert cache_module.report_digest(project, KEY) != digest
    record.corrections.extend(corrections)
    assert cache_module.report_digest(project, KEY) == digest
    cell = Cell("proactive", "licensing", "decisions")
    value = report.values[cell]
    report.values[cell] = Decimal(value)
    assert cache_module.report_digest(project, KEY) != digest
    report.values[cell] = value
    organ = project.organs["zhanyi"]
    project.organs["zhanyi"] = replace(organ, name=organ.name + "（新）")
    assert cache_module.report_digest(project, KEY) != digest


def test_an_entry_signed_elsewhere_is_never_used(root: Path, tmp_path: Path, monkeypatch) -> None:
    """Assert that entries made with another machine's key (e.g. committed into build/ by a pull request)
    are ignored and the files made from the data, and that without a key there is no cache at all."""
    folder = tmp_path / "cache"
    fresh = build_exports(check_project(root), ReportCache(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    again = ReportCache(folder)
    assert build_exports(check_project(root), again) == fresh
    assert (again.hits, again.misses) == (0, 4)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    keyless = ReportCache(tmp_path / "unused")
    assert keyless.folder is None
    assert build_exports(check_project(root), keyless) == fresh
    assert not (tmp_path / "unused").exists()


def test_the_collection_workbook_is_kept_under_all_its_reports(root: Path, tmp_path: Path) -> None:
    """Assert that the collection workbook is taken from the cache only while every report and the registry
    are unchanged: a changed report, or a renamed organ, makes it again (and a fresh build's bytes)."""
    folder = tmp_path / "cache"
    project = check_project(root)
    digests = [cache_module.report_digest(project, key) for key in sorted(project.public_reports())]
    whole = cache_module.collection_digest(project, digests)
    assert cache_module.collection_digest(project, digests[:-1]) != whole
    organ = project.organs["zhanyi"]
    project.organs["zhanyi"] = replace(organ, level=organ.level + "（新）")
    assert cache_module.collection_digest(project, digests) != whole
    build_exports(check_project(root), ReportCache(folder))
    renamed = check_project(root)
    renamed.organs["zhanyi"] = replace(renamed.organs["zhanyi"], name="示例市战役区新名称")
    again = ReportCache(folder)
    files = build_exports(renamed, again)
    assert files == build_exports(renamed)  # what a fresh build makes
    assert again.misses >= 2 and again.hits >= 1  # zhanyi's report(s) and the workbook made again, others kept
