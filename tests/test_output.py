"""`check --format github`: findings as GitHub annotations on the changed line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

from macros.check.findings import Finding
from macros.check.output import github_command

DATA = "data/reports/xiping/2024.yaml"
PAGE = "docs/xiping/2024.md"
_COMMAND = re.compile(r"^::(error|warning) (.*?)::(.*)$")
_PLAIN = re.compile(r"^(.+?):(\d+): \[([a-z0-9-]+)\] (提示：)?")


def _unescape(text: str) -> str:
    # The runner's decoding of workflow-command escapes; %25 last, as it undoes the first.
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_github(line: str) -> tuple[str, dict[str, str], str]:
    match = _COMMAND.match(line)
    assert match, line
    level, props, message = match.groups()
    properties = dict(item.split("=", 1) for item in props.split(","))
    return level, {k: _unescape(v) for k, v in properties.items()}, _unescape(message)


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(root), "check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def break_project(root: Path) -> None:
    """Errors in the data and the page, and an advisory, all on known lines."""
    data = root / DATA
    text = data.read_text(encoding="utf-8")
    text = text.replace("rules:     [0, 0, 0]", "rules:     [1, 0, 0]")  # advisory: 街道 with 规章
    text = text.replace("penalty:   287", "penalty:   -287")
    text = text.replace("new:                 [0, 0, 0, 0, 0, 0, 0]", "new:                 [1, 0, 0, 0, 0, 0, 2]")
    data.write_text(text, encoding="utf-8")
    page = root / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace('{{ table("三") }}', ""), encoding="utf-8")


def test_github_output_gives_the_same_findings_as_plain_output(project_copy):
    """Assert that --format github, parsed back, gives the same (file, line, rule) as the plain output."""
    break_project(project_copy)
    plain = run_check(project_copy)
    github = run_check(project_copy, "--format", "github")
    assert plain.returncode == github.returncode == 1
    plain_tuples = []
    for line in plain.stdout.splitlines():
        match = _PLAIN.match(line)
        assert match, line
        plain_tuples.append((match[1], int(match[2]), match[3], "warning" if match[4] else "error"))
    github_tuples = []
    for line in github.stdout.splitlines():
        level, props, message = parse_github(line)
        rule = re.match(r"\[([a-z0-9-]+)\]", props["title"])[1]
        github_tuples.append((props["file"], int(props["line"]), rule, level))
        assert f"[{rule}]" in message
    assert github_tuples == plain_tuples
    rules = {t[2] for t in plain_tuples}
    # The breakage reaches the loader, the rules, the page checks and an advisory.
    assert {"negative", "t3-balance", "t3-row-total", "page-table", "t2-rules-local"} <= rules
    lines = (project_copy / DATA).read_text(encoding="utf-8").splitlines()
    rules_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("  rules:"))
    assert (DATA, rules_line, "t2-rules-local", "warning") in github_tuples
    assert plain.stderr == github.stderr and "检查未通过" in plain.stderr


def test_github_command_escapes_what_would_end_a_property_or_the_message():
    """Assert that commas, colons, percent signs and newlines survive the round trip."""
    finding = Finding("data/reports/a,b:c/2024.yaml", 7, "t4-total", "应为 5%，实为\n6, 即: 多 1。", advisory=True)
    level, props, message = parse_github(github_command(finding))
    assert level == "warning"
    assert props["file"] == finding.file and props["line"] == "7"
    assert props["title"].startswith("[t4-total] ")
    assert message == str(finding)
    assert "\n" not in github_command(finding)


def test_clean_project_prints_no_annotation():
    """Assert that the bundled project gives no error annotation (only the seed's prose advisories)."""
    result = run_check(ROOT, "--format", "github")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    # The seed's stray “and”, its sentence broken across two paragraphs, its half-width “(一)”.
    seed = ("[stray-latin]", "[broken-sentence]", "[halfwidth-punct]")
    assert all(line.startswith("::warning ") and any(rule in line for rule in seed) for line in lines), lines


def test_pull_request_workflow_annotates_findings():
    """Assert that the pull-request workflow runs the check with GitHub annotations."""
    flow = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in flow["jobs"].values() for step in job["steps"]]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert any(run.startswith("make check CHECK_FORMAT=github") for run in runs)
    assert "python -m macros check --format $(CHECK_FORMAT)" in makefile


def test_summary_page_lists_every_finding(project_copy, tmp_path):
    """Assert that with GitHub's summary file set, every finding is listed there, past the annotation limit."""
    data = project_copy / DATA
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("[0, 0, 0, 0, 0, 0, 0]", "[null, 0, 0, 0, 0, 0, 0]"), encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    args = [sys.executable, "-m", "macros", "--root", str(project_copy), "check"]
    github = subprocess.run([*args, "--format", "github"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert github.returncode == 1
    rows = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    annotations = github.stdout.splitlines()
    assert len(rows) == len(annotations) > 10
    assert "每类最多标注 10 处" in summary.read_text(encoding="utf-8")
    for row, line in zip(rows, annotations, strict=True):
        _, props, _ = parse_github(line)
        assert row.startswith(f"| `{props['file']}` | {props['line']} | ")
    # Plain output never writes there.
    summary.unlink()
    subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)
    assert not summary.exists()
