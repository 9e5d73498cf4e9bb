"""Shared fixtures: the project root, a disposable copy of it, a real build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from macros.check.load import Organ, Report, load_organs, load_report
from macros.format.national import Cell, cells
from macros.record.lock import LOCK_FILE, dump_lock, read_lock, snapshot_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# What a copy of the project needs to build on its own.
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides")


def seed_values() -> dict[Cell, int | Decimal]:
    """The numbers of the 西平街道 2024 seed report: 行政处罚 287, all else 0."""
    values: dict[Cell, int | Decimal] = {c: (Decimal(0) if c.column == "amount" else 0) for c in cells()}
    values[Cell("proactive", "penalty", "decisions")] = 287
    return values


# A fictional report whose every cell holds a different number (tests/fixtures/distinct/):
# a report file and page laid out as in a project, and its organ's registry entry.
DISTINCT = FIXTURES / "distinct"
DISTINCT_KEY = ("hechuan", 2024)
DISTINCT_DATA = "data/reports/hechuan/2024.yaml"
DISTINCT_PAGE = "docs/hechuan/2024.md"
# Pairs of cells the format's arithmetic forces to hold the same number in the
# distinct report. None: every rule is a sum with free parts (see its data file).
DISTINCT_FORCED_EQUALITIES: tuple[tuple[Cell, Cell], ...] = ()


def distinct_organ() -> Organ:
    """The fictional organ of the distinct report: a 设区的市 government."""
    organs, findings = load_organs("organ.yaml", (DISTINCT / "organ.yaml").read_text(encoding="utf-8"))
    assert not findings, findings
    return organs[DISTINCT_KEY[0]]


def distinct_report() -> Report:
    """The distinct report as the loader reads it (refusing any shape problem)."""
    text = (DISTINCT / DISTINCT_DATA).read_text(encoding="utf-8")
    report, findings = load_report(DISTINCT_DATA, text, *DISTINCT_KEY)
    assert not findings, findings
    return report


def add_distinct_report(root: Path) -> None:
    """Put the distinct report (a draft), its page and its organ into the project at `root`."""
    for path in (DISTINCT_DATA, DISTINCT_PAGE):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(DISTINCT / path, root / path)
    organs = root / "data" / "organs.yaml"
    entry = (DISTINCT / "organ.yaml").read_text(encoding="utf-8")
    organs.write_text(organs.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + entry, encoding="utf-8")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project in tmp_path, safe to break."""
    root = tmp_path / "project"
    root.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, root / part)
    return root


def build_site(
    root: Path,
    site_dir: Path,
    *extra: str,
    preview: bool = False,
    env: dict[str, str] | None = None,
    prepare: bool = True,
    config: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m macros prepare` (same mode), then a real `mkdocs build --strict`, as `make build` does.

    The public site unless `preview`; `prepare=False` runs MkDocs alone; `config` is another mkdocs.yml.
    Returns the failed step, or the build; `stderr` holds all prepare printed (its findings too), then MkDocs' log.
    """
    env = {**os.environ, **(env or {}), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("NIANBAO_PREVIEW", None)
    if preview:
        env["NIANBAO_PREVIEW"] = "1"

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", *command], cwd=root, capture_output=True, text=True, env=env, timeout=300
        )

    prepared = None
    if prepare:
        prepared = run("macros", "--root", str(root), "prepare", *(["--preview"] if preview else []))
        # Its findings are on stdout (the CLI's contract): shown with its log, as a terminal shows them.
        prepared.stderr, prepared.stdout = prepared.stdout + prepared.stderr, ""
        if prepared.returncode != 0:
            return prepared
    config = config or root / "mkdocs.yml"
    built = run("mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir), *extra)
    if prepared is not None:
        built.stdout, built.stderr = prepared.stdout + built.stdout, prepared.stderr + built.stderr
    return built


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden HTML files under tests/golden/ from the current renderer",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def edit(root: Path, path: str, old: str, new: str) -> int:
    """Replace text in a file of the project; return the 1-based line of the replacement."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def unpublish(root: Path, organ: str = "xiping", year: int = 2024) -> None:
    """Turn a report of a project copy back into a draft never published.

    For tests of other rules, which edit the bundled report freely: a published
    report would (rightly) add silent-edit findings to every such edit.
    """
    lock, _ = read_lock(root)
    del lock[(organ, year)]
    (root / LOCK_FILE).write_text(dump_lock(lock), encoding="utf-8")
    for path in snapshot_paths(organ, year):
        (root / path).unlink()
    data = root / f"data/reports/{organ}/{year}.yaml"
    text = re.sub(r"^status: .*\npublished: .*$", "status: 草稿", data.read_text(encoding="utf-8"), flags=re.M)
    data.write_text(text, encoding="utf-8")


def record_correction(root: Path, organ: str = "xiping", year: int = 2024, reason: str = "测试用更正。") -> int:
    """Record the edits made to a published report as a correction, as `python -m macros correct` does."""
    from macros.cli import main

    return main(["--root", str(root), "correct", organ, str(year), "--date", "2025-03-01", "--reason", reason])
