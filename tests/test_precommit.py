"""The pre-commit hook, and checking only the reports whose files changed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, unpublish

from macros.cli import main

CONFIG = ROOT / ".pre-commit-config.yaml"


def hooks() -> dict[str, dict]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def pins(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("==") for line in lines if "==" in line and not line.startswith("#"))


def test_config_is_valid_for_pre_commit():
    """Assert that pre-commit itself accepts the configuration."""
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(CONFIG)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hook_runs_on_data_and_pages_only():
    """Assert that the check hook fires for everything under data/ and every page (any may hold a template)."""
    pattern = re.compile(hooks()["nianbao-check"]["files"])
    tracked = [p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()]
    tracked += [p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md")]
    assert len(tracked) >= 3 and "docs/index.md" in tracked and "docs/guide/rules.md" in tracked
    assert all(pattern.search(p) for p in [*tracked, "docs/about/x.markdown"])
    for other in ("docs/assets/nianbao.css", "mkdocs.yml", "schema/report.schema.json", "macros/cli.py"):
        assert not pattern.search(other), other


def test_hook_dependencies_are_the_sites_pins():
    """Assert that the hooks install PyYAML and Jinja2 at the versions requirements.txt pins."""
    site = pins(ROOT / "requirements.txt")
    for hook in hooks().values():
        assert hook["language"] == "python"
        for dependency in hook["additional_dependencies"]:
            name, version = dependency.split("==")
            assert site[name] == version


def _hook_packages(tmp_path: Path) -> dict[str, str]:
    """An environment whose only third-party packages are the hook's: PyYAML and Jinja2 (with MarkupSafe)."""
    import jinja2
    import markupsafe

    packages = tmp_path / "hook-packages"
    packages.mkdir(exist_ok=True)
    sources = [Path(yaml.__file__).parent.parent / name for name in ("yaml", "_yaml")]
    sources += [Path(jinja2.__file__).parent, Path(markupsafe.__file__).parent]
    for source in sources:
        if source.exists() and not (packages / source.name).exists():
            (packages / source.name).symlink_to(source)
    return {"PYTHONPATH": str(packages), "PATH": "/usr/bin:/bin"}


def run_hook(root: Path, tmp_path: Path, hook_id: str, *files: str) -> subprocess.CompletedProcess[str]:
    # -S: no site-packages, so MkDocs and the rest of the toolchain are out of reach.
    entry = hooks()[hook_id]["entry"].split()
    assert entry[:2] == ["python", "-m"]
    return subprocess.run(
        [sys.executable, "-S", *entry[1:], *files],
        cwd=root,
        env=_hook_packages(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_hook_entry_works_with_only_pyyaml(project_copy, tmp_path):
    """Assert that the hook's command passes a clean report and fails a broken one, with the hook's packages alone."""
    data = "data/reports/xiping/2024.yaml"
    unpublish(project_copy)
    assert run_hook(project_copy, tmp_path, "nianbao-check", data).returncode == 0
    path = project_copy / data
    path.write_text(path.read_text(encoding="utf-8").replace("penalty:   287", "penalty:   -287"), encoding="utf-8")
    result = run_hook(project_copy, tmp_path, "nianbao-check", data)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if "] 提示：" not in line]
    assert errors == [f"{data}:{line_of(path, 'penalty:')}: [negative] {NEGATIVE}"]


def test_schema_hook_fails_when_schema_is_stale(project_copy, tmp_path):
    """Assert that the schema hook passes on the committed schema and fails once it is edited by hand."""
    shutil.copytree(ROOT / "schema", project_copy / "schema")
    assert run_hook(project_copy, tmp_path, "nianbao-schema").returncode == 0
    target = project_copy / "schema/report.schema.json"
    target.write_text(target.read_text(encoding="utf-8").replace("规章", "规章（手改）"), encoding="utf-8")
    result = run_hook(project_copy, tmp_path, "nianbao-schema")
    assert result.returncode == 1 and "schema/report.schema.json" in result.stderr


NEGATIVE = "表二「行政处罚」「本年处理决定数量」不能为负数，实为 -287。"


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def _copy_report(root: Path, organ: str, year: int, replace: tuple[str, str] = ("", "")) -> None:
    data = (root / "data/reports/xiping/2024.yaml").read_text(encoding="utf-8")
    page = (root / "docs/xiping/2024.md").read_text(encoding="utf-8")
    (root / f"data/reports/{organ}").mkdir(parents=True, exist_ok=True)
    (root / f"docs/{organ}").mkdir(parents=True, exist_ok=True)
    (root / f"data/reports/{organ}/{year}.yaml").write_text(data.replace(*replace), encoding="utf-8")
    (root / f"docs/{organ}/{year}.md").write_text(page.replace("2024", str(year)), encoding="utf-8")


def test_check_of_changed_files_covers_their_reports_and_neighbouring_years(project_copy, capsys):
    """Assert that `check FILE` checks that report and its organ's adjacent years, not the others."""
    unpublish(project_copy)
    ones = "[1, 0, 0, 0, 0, 0, 1]"
    carried = "carried_over:        [0, 0, 0, 0, 0, 0, 0]"
    _copy_report(project_copy, "xiping", 2023, (carried, carried.replace("[0, 0, 0, 0, 0, 0, 0]", ones)))
    _copy_report(project_copy, "zhanyi", 2024, ("penalty:   287", "penalty:   -287"))
    root = ["--root", str(project_copy), "check"]

    def found(*paths: str) -> set[tuple[str, int, str]]:
        main([*root, *paths])
        out = capsys.readouterr().out
        # Errors only: the copied pages carry the seed's stray-word advisories.
        return {(m[1], int(m[2]), m[3]) for m in re.finditer(r"^(.+?):(\d+): \[([a-z0-9-]+)\] (?!提示)", out, re.M)}

    everything = found()
    penalty = line_of(project_copy / "data/reports/zhanyi/2024.yaml", "penalty:")
    carried_in = line_of(project_copy / "data/reports/xiping/2024.yaml", "carried_in:")
    assert ("data/reports/zhanyi/2024.yaml", penalty, "negative") in everything
    mine = found("data/reports/xiping/2024.yaml")
    assert {f[0] for f in mine} <= {"data/reports/xiping/2023.yaml", "data/reports/xiping/2024.yaml"}
    assert ("data/reports/xiping/2024.yaml", carried_in, "across-carry") in mine
    assert mine == {f for f in everything if "xiping" in f[0]}
    assert found("docs/zhanyi/2024.md") == {("data/reports/zhanyi/2024.yaml", penalty, "negative")}
    # The registry concerns every report: changing it checks them all.
    assert found("data/organs.yaml") == everything
    assert found(str(project_copy / "data/reports/zhanyi/2024.yaml")) == found("data/reports/zhanyi/2024.yaml")


def test_hook_refuses_a_template_on_any_page(project_copy, tmp_path):
    """Assert that the hook, with its packages alone, refuses a page that is more than text and macro calls."""
    page = project_copy / "docs/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ config }}\n", encoding="utf-8")
    result = run_hook(project_copy, tmp_path, "nianbao-check", "docs/index.md")
    assert result.returncode == 1 and "docs/index.md:" in result.stdout and "[page-template]" in result.stdout
