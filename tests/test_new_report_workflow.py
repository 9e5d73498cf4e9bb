"""The 新建报告 workflow: `new` from the web, inputs handled safely, a pull request with the blank report."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import yaml
from conftest import ROOT

from macros.check.paths import data_path, page_path

FLOW = ROOT / ".github/workflows/new-report.yml"


def load() -> dict:
    flow = yaml.safe_load(FLOW.read_text(encoding="utf-8"))
    if True in flow:  # YAML 1.1 reads the key `on` as True
        flow["on"] = flow.pop(True)
    return flow


def steps() -> list[dict]:
    return load()["jobs"]["new"]["steps"]


def test_asks_for_organ_and_year_and_may_only_push_and_open_a_pull_request():
    """Assert that the workflow is started by hand with organ and year, with least privilege."""
    flow = load()
    assert set(flow["on"]["workflow_dispatch"]["inputs"]) == {"organ", "year"}
    assert flow["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_inputs_never_reach_a_script_as_text():
    """Assert that no run script interpolates an expression: inputs arrive as environment variables."""
    for step in steps():
        assert "${{" not in step.get("run", ""), step.get("name")


def test_commits_exactly_what_new_creates(project_copy):
    """Assert that the files the workflow commits are the ones `new` writes, for a real run of its command."""
    new_step, commit_step = (s for s in steps() if "run" in s)
    command = next(line for line in new_step["run"].splitlines() if "macros new" in line)
    assert command.strip() == '.venv/bin/python -m macros new "$ORGAN" "$YEAR"'
    env = {**os.environ, "ORGAN": "xiping", "YEAR": "2025"}
    script = command.replace(".venv/bin/python", sys.executable)
    result = subprocess.run(["bash", "-c", script], cwd=project_copy, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    added = re.search(r'git add "([^"]+)" "([^"]+)"', commit_step["run"])
    expanded = [p.replace("${ORGAN}", "xiping").replace("${YEAR}", "2025") for p in added.groups()]
    assert expanded == [data_path("xiping", 2025), page_path("xiping", 2025)]
    assert all((project_copy / p).is_file() for p in expanded)


def test_an_unknown_organ_stops_before_anything_is_pushed(project_copy):
    """Assert that an input that is not a registered organ fails the first step, so no branch is made."""
    new_step = next(s for s in steps() if "run" in s)
    command = next(line for line in new_step["run"].splitlines() if "macros new" in line)
    env = {**os.environ, "ORGAN": "x; touch pwned", "YEAR": "2025"}
    script = command.replace(".venv/bin/python", sys.executable)
    result = subprocess.run(["bash", "-c", script], cwd=project_copy, env=env, capture_output=True, text=True)
    assert result.returncode == 1 and "不在机关名录" in result.stderr
    assert not (project_copy / "pwned").exists()
