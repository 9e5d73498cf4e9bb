"""NIANBAO_SITE_DIR: the tests on a site already built, refused unless it is this tree's public build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    DISTINCT_KEY,
    ROOT,
    SITE_DIR_ENV,
    add_distinct_report,
    build_site,
    given_site,
    session_site,
    site_problems,
)

from macros.opendata.catalogue import DATA_DIR, report_file


class _NoBuilds:
    """A tmp_path_factory that fails the test if asked for a folder to build in."""

    def mktemp(self, name: str) -> Path:
        raise AssertionError(f"built a site ({name}) although {SITE_DIR_ENV} names one")


def test_the_sessions_site_is_this_trees_public_build(built_site: Path):
    """Assert that the site the tests look at (given or built) passes the check a given site must pass."""
    assert site_problems(built_site) == []


def test_a_given_site_is_used_without_building(built_site: Path, tmp_path: Path, monkeypatch):
    """Assert that with NIANBAO_SITE_DIR the session's site is that folder, not a build of its own;
    a relative name is taken from the project root."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(built_site, project / "site")
    assert given_site("site", project) == project / "site"
    monkeypatch.setenv(SITE_DIR_ENV, str(project / "site"))
    assert session_site(_NoBuilds()) == project / "site"


def test_a_missing_or_empty_folder_is_refused(tmp_path: Path):
    """Assert that a folder that does not exist, or holds no build, fails with what to do."""
    with pytest.raises(pytest.fail.Exception, match=f"{SITE_DIR_ENV}=.*找不到文件夹.*make build"):
        given_site(str(tmp_path / "site"))
    (tmp_path / "site").mkdir()
    with pytest.raises(pytest.fail.Exception, match="没有 index.html"):
        given_site(str(tmp_path / "site"))


def test_a_site_of_other_data_is_refused(built_site: Path, tmp_path: Path):
    """Assert that a site missing a page, with another tree's report, or with other numbers in a table
    or a data file is refused, each named."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / "guide/rules/index.html").unlink()
    (site / "other/2023").mkdir(parents=True)
    (site / "other/2023/index.html").write_text("<html></html>", encoding="utf-8")
    report = site / "xiping/2024/index.html"
    report.write_text(report.read_text(encoding="utf-8").replace(">287<", ">288<"), encoding="utf-8")
    csv = site / DATA_DIR / report_file(("xiping", 2024), "csv")
    csv.write_bytes(csv.read_bytes().replace(b",287,", b",288,"))
    problems = site_problems(site)
    assert len(problems) == 4, problems
    assert "guide/rules/index.html" in problems[0] and "docs/guide/rules.md" in problems[0]
    assert "xiping/2024/index.html：表二" in problems[1]
    assert "other/2023/index.html" in problems[2]
    assert f"{DATA_DIR}/{report_file(('xiping', 2024), 'csv')}" in problems[3]
    with pytest.raises(pytest.fail.Exception, match="不是本目录树的公开版构建"):
        given_site(str(site))


def test_a_preview_build_is_refused(project_copy: Path, tmp_path: Path):
    """Assert that a preview build (drafts included, under their banner) is refused, naming the draft."""
    add_distinct_report(project_copy)  # a draft
    preview = tmp_path / "preview"
    result = build_site(project_copy, preview, preview=True)
    assert result.returncode == 0, result.stderr
    draft_page = f"{DISTINCT_KEY[0]}/{DISTINCT_KEY[1]}/index.html"
    assert (preview / draft_page).is_file()
    problems = site_problems(preview, project_copy)
    assert len(problems) == 1 and draft_page in problems[0] and "make preview" in problems[0]


def test_the_fixture_fails_the_tests_on_a_wrong_folder(tmp_path: Path):
    """Assert that a test run with NIANBAO_SITE_DIR naming no build fails its site tests with the reason."""
    env = {**os.environ, SITE_DIR_ENV: str(tmp_path / "nowhere")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_markup.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout
    assert f"{SITE_DIR_ENV}={tmp_path / 'nowhere'}：找不到文件夹" in result.stdout
