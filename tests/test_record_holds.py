"""The record holds: a published report keeps its title when the organ is renamed; no page takes its place."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

from conftest import build_site, edit, unpublish

from macros.check.project import check_project
from macros.cli import main
from macros.format.national import report_title
from macros.record.lock import LOCK_FILE, dump_lock, parse_lock, read_lock

OLD = "曲靖市沾益区人民政府西平街道办事处"
NEW = "曲靖市沾益区西平街道办事处"
ORGANS = "data/organs.yaml"


def _rename(root: Path) -> int:
    return edit(root, ORGANS, f"name: {OLD}", f"name: {NEW}")


def test_lock_records_the_name_as_published():
    """Assert that the bundled lock entry carries the organ's 全称 at publication, and reads back."""
    lock, findings = read_lock(Path(__file__).resolve().parent.parent)
    assert findings == []
    assert lock[("xiping", 2024)].name == OLD
    assert parse_lock(dump_lock(lock)) == (lock, [])


def test_renaming_an_organ_keeps_the_published_title(project_copy: Path):
    """Assert that after a rename the published report's title is still the one published, with an advisory."""
    line = _rename(project_copy) - 1
    project = check_project(project_copy)
    assert project.errors == []
    assert project.title_of(("xiping", 2024)) == report_title(OLD, 2024)
    renamed = [f for f in project.findings if f.rule == "organ-renamed"]
    assert [(f.file, f.line, f.advisory) for f in renamed] == [(ORGANS, line, True)]
    assert OLD in renamed[0].message and NEW in renamed[0].message


def test_renamed_title_on_the_site(project_copy: Path, tmp_path: Path):
    """Assert that the built report page and its first-published page keep the name as published."""
    _rename(project_copy)
    result = build_site(project_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for page in ("xiping/2024/index.html", "index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert report_title(OLD, 2024) in html, page
        assert report_title(NEW, 2024) not in html, page


def test_a_draft_takes_the_registry_name(project_copy: Path):
    """Assert that a report never published is titled with the organ's name in the registry now."""
    unpublish(project_copy)
    _rename(project_copy)
    project = check_project(project_copy)
    assert project.title_of(("xiping", 2024)) == report_title(NEW, 2024)
    assert not [f for f in project.findings if f.rule == "organ-renamed"]


def test_publish_records_the_name(project_copy: Path):
    """Assert that `publish` writes the organ's 全称 into the lock entry."""
    unpublish(project_copy)
    assert main(["--root", str(project_copy), "publish", "xiping", "2024", "--date", "2025-02-01"]) == 0
    assert read_lock(project_copy)[0][("xiping", 2024)].name == OLD
    assert f'  name: "{OLD}"' in (project_copy / LOCK_FILE).read_text(encoding="utf-8")


def test_a_lock_without_names_is_told_how_to_add_them(project_copy: Path):
    """Assert that a lock file written before names were recorded still passes, with an advisory saying what to add."""
    lock, _ = read_lock(project_copy)
    old = {key: dataclasses.replace(entry, name=None) for key, entry in lock.items()}
    (project_copy / LOCK_FILE).write_text(dump_lock(old), encoding="utf-8")
    project = check_project(project_copy)
    assert project.errors == []
    advice = [f for f in project.findings if f.rule == "organ-renamed"]
    assert len(advice) == 1 and f'name: "{OLD}"' in advice[0].message
    assert project.title_of(("xiping", 2024)) == report_title(OLD, 2024)


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_since_refuses_a_rewritten_name(project_copy: Path):
    """Assert that changing the recorded name in the lock is a rewritten history against the target branch."""
    _git(project_copy, "init", "-q")
    _git(project_copy, "add", "-A")
    _git(project_copy, "commit", "-qm", "base")
    _rename(project_copy)
    edit(project_copy, LOCK_FILE, f'name: "{OLD}"', f'name: "{NEW}"')
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--root", str(project_copy), "check", "--since", "HEAD"]) == 1
    assert "[history-rewritten]" in out.getvalue()


def test_shadow_pages_are_errors(project_copy: Path):
    """Assert that a page at a report page's address, or its first publication's, is an error."""
    for path in ("docs/xiping/2024/index.md", "docs/xiping/2024/README.md", "docs/xiping/2024/first-published.md"):
        (project_copy / path).parent.mkdir(parents=True, exist_ok=True)
        (project_copy / path).write_text("# 顶替\n", encoding="utf-8")
    found = sorted((f.file, f.rule) for f in check_project(project_copy).errors)
    assert found == [
        ("docs/xiping/2024/README.md", "shadow-page"),
        ("docs/xiping/2024/first-published.md", "shadow-page"),
        ("docs/xiping/2024/index.md", "shadow-page"),
    ]


def test_links_under_docs_and_data_are_errors(project_copy: Path):
    """Assert that a symbolic link anywhere under docs/ or data/ is an error, even to a file of the project."""
    (project_copy / "docs/guide/copy.md").symlink_to(project_copy / "docs/guide/index.md")
    (project_copy / "data/reports/extra").symlink_to(project_copy / "data/reports/xiping")
    found = sorted((f.file, f.rule) for f in check_project(project_copy).errors)
    assert ("docs/guide/copy.md", "file-type") in found
    assert ("data/reports/extra", "file-type") in found
