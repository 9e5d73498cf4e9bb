"""The whole project: every data file loads, pages and data match, the check command."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, unpublish

from macros.check.paths import REPORTS_DIR
from macros.check.project import check_project


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(root), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_bundled_data_file_loads_and_passes():
    """Assert that the bundled project checks clean and that it checked more than zero reports."""
    project = check_project(ROOT)
    assert project.errors == []
    assert len(project.reports) >= 1 and len(list((ROOT / REPORTS_DIR).glob("*/*.yaml"))) == len(project.reports)
    assert "xiping" in project.organs


def test_check_command_passes_on_the_bundled_project():
    """Assert that `python -m macros check` exits 0 on the bundled project."""
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stderr


def test_check_command_lists_every_error(project_copy: Path):
    """Assert that the check prints every broken rule at once, as file:line: [rule], and exits 1."""
    unpublish(project_copy)
    data = project_copy / "data/reports/xiping/2024.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("  penalty:   287", "  penalty:   -287").replace(
        "review:       [0, 0, 0, 0, 0]", "review:       [1, 0, 0, 0, 0]"
    )
    data.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    penalty = next(i for i, line in enumerate(lines, 1) if "penalty:" in line)
    review = next(i for i, line in enumerate(lines, 1) if "review:" in line)
    result = run_check(project_copy)
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert any(line.startswith(f"data/reports/xiping/2024.yaml:{penalty}: [negative] ") for line in out)
    assert any(line.startswith(f"data/reports/xiping/2024.yaml:{review}: [t4-total] ") for line in out)
    assert "检查未通过：2 个错误" in result.stderr


def test_page_without_data_and_data_without_page(project_copy: Path):
    """Assert that a page with no data file and a data file with no page are both reported."""
    (project_copy / "docs/xiping/2023.md").write_text(
        (project_copy / "docs/xiping/2024.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (project_copy / "data/reports/xiping/2022.yaml").write_text(
        (project_copy / "data/reports/xiping/2024.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    found = {(f.file, f.line, f.rule) for f in check_project(project_copy).findings}
    assert ("docs/xiping/2023.md", 1, "page-without-data") in found
    assert ("data/reports/xiping/2022.yaml", 1, "data-without-page") in found


def test_unknown_organ_and_missing_registry(project_copy: Path):
    """Assert that a report of an organ not in the registry is refused, and a missing registry too."""
    (project_copy / "data/reports/xiping").rename(project_copy / "data/reports/nowhere")
    (project_copy / "docs/xiping").rename(project_copy / "docs/nowhere")
    found = {(f.file, f.rule) for f in check_project(project_copy).findings}
    assert ("data/reports/nowhere/2024.yaml", "organ-unknown") in found
    (project_copy / "data/organs.yaml").unlink()
    found = {(f.file, f.rule) for f in check_project(project_copy).findings}
    assert ("data/organs.yaml", "missing") in found


def test_non_utf8_data_file(project_copy: Path):
    """Assert that a data file saved in GBK is a clear encoding error, not a crash."""
    data = project_copy / "data/reports/xiping/2024.yaml"
    data.write_bytes(data.read_text(encoding="utf-8").encode("gbk"))
    found = [(f.file, f.line, f.rule) for f in check_project(project_copy).errors]
    # Located at the first line that is not UTF-8 (line 1 is the schema comment, plain ASCII).
    assert found == [("data/reports/xiping/2024.yaml", 2, "encoding")]


def test_non_utf8_page(project_copy: Path):
    """Assert that a page saved in GBK is a clear encoding error, not a crash."""
    page = project_copy / "docs/xiping/2024.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("gbk"))
    found = [(f.file, f.line, f.rule) for f in check_project(project_copy).findings]
    assert found == [("docs/xiping/2024.md", 2, "encoding")]


def test_report_years_outside_the_format(project_copy: Path):
    """Assert that a report for a year before the 2021 format, or a year not begun, is refused."""

    future = datetime.date.today().year + 1
    for year in (2019, future):
        for src, dst in (
            ("data/reports/xiping/2024.yaml", f"data/reports/xiping/{year}.yaml"),
            ("docs/xiping/2024.md", f"docs/xiping/{year}.md"),
        ):
            (project_copy / dst).write_text((project_copy / src).read_text(encoding="utf-8"), encoding="utf-8")
    found = {(f.file, f.line, f.rule) for f in check_project(project_copy).findings}
    assert ("data/reports/xiping/2019.yaml", 1, "report-year") in found
    assert (f"data/reports/xiping/{future}.yaml", 1, "report-year") in found
    assert not any(f[2] == "report-year" and "2024" in f[0] for f in found)
