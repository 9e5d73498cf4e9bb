"""Hostile inputs (tests/hostile.py) never crash, hang or flood any command: exit 0 or 1, fast, few lines.

Every command that reads the project runs in this process over every case: a
traceback fails the test, and so does a run over two seconds of CPU time (wall
time would fail on a machine busy with other work) or one printing more than
a screenful per rule. The cases that once crashed the interpreter
(libyaml's recursion) also run in a fresh process, and the site build refuses
the links and shadow pages that would publish the machine's files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_site
from hostile import CASES, DATA, Case, commands, prepare, run

from macros.check.findings import FINDINGS_PER_RULE
from macros.check.project import check_project

SECONDS = 2.0
# Per rule and file at most FINDINGS_PER_RULE lines and a summary; a hostile case breaks a few rules.
MAX_LINES = 2 * FINDINGS_PER_RULE


@pytest.fixture(scope="module")
def committed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's data and pages, committed in a git repository (for check --since)."""
    base = tmp_path_factory.mktemp("hostile") / "base"
    base.mkdir()
    for part in ("mkdocs.yml", "docs", "data"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, base / part)
        else:
            shutil.copy2(source, base / part)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
            cwd=base,
            check=True,
            capture_output=True,
            timeout=60,
        )
    return base


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_command_survives(case: Case, committed: Path, tmp_path: Path):
    """Assert that each command exits 0 or 1 within two seconds, with bounded output, on a hostile project."""
    for name in commands(committed):
        root = tmp_path / name
        shutil.copytree(committed, root, symlinks=True)
        prepare(root, case)
        result = run(commands(root)[name])
        where = f"{case.name} / {name}"
        assert result.status in (0, 1), where
        assert result.seconds < SECONDS, f"{where}: {result.seconds:.2f} s CPU ({result.wall:.2f} s wall)"
        assert result.lines <= MAX_LINES, f"{where}: {result.lines} lines"
        assert "Traceback" not in result.output, where


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_check_refuses_with_a_located_finding(case: Case, committed: Path, tmp_path: Path):
    """Assert that the check fails on every case but the import sources, and says so in Chinese."""
    root = tmp_path / "p"
    shutil.copytree(committed, root, symlinks=True)
    prepare(root, case)
    errors = check_project(root).errors
    if case.name.startswith("import-"):
        assert errors == []
        return
    assert errors, case.name
    assert all(f.line >= 1 and f.file and any("\u4e00" <= c <= "\u9fff" for c in f.message) for f in errors)


def test_many_unknown_keys_are_summarised(committed: Path, tmp_path: Path):
    """Assert that 15,000 unknown keys give FINDINGS_PER_RULE findings and one saying how many more."""
    root = tmp_path / "p"
    shutil.copytree(committed, root, symlinks=True)
    prepare(root, next(c for c in CASES if c.name == "unknown-keys-15000"))
    unknown = [f for f in check_project(root).findings if f.rule == "unknown-key"]
    assert len(unknown) == FINDINGS_PER_RULE + 1
    assert unknown[-1].message.startswith(f"还有 {15_000 - FINDINGS_PER_RULE:,} 处同类问题")


@pytest.mark.parametrize("name", ["nesting-30000", "compact-nesting-100000", "nesting-in-lock"])
def test_deep_nesting_in_a_fresh_process(name: str, committed: Path, tmp_path: Path):
    """Assert that nesting which crashed libyaml is a finding in a real `python -m macros check` process."""
    root = tmp_path / "p"
    shutil.copytree(committed, root, symlinks=True)
    prepare(root, next(c for c in CASES if c.name == name))
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(root), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1, result.stderr
    assert "[input-limit]" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "name", ["docs-link-to-etc-hostname", "docs-link-to-environ", "shadow-page", "data-file-links-to-dev-zero"]
)
def test_build_refuses(name: str, project_copy: Path, tmp_path: Path):
    """Assert that the site is not built over a link to the machine's files or a page in a report's place."""
    prepare(project_copy, next(c for c in CASES if c.name == name))
    site = tmp_path / "site"
    result = build_site(project_copy, site)
    assert result.returncode == 1
    assert "数据检查未通过" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "hostname.txt").exists() and not (site / "env").exists()


def test_data_file_case_targets_the_report():
    # The corpus breaks the bundled report's files; keep it pointing at them.
    assert (ROOT / DATA).is_file()
