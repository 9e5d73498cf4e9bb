"""VS Code: the tasks an editor runs from the command palette, and their problem matchers."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT
from test_output import break_project

TASKS = json.loads((ROOT / ".vscode/tasks.json").read_text(encoding="utf-8"))


def tasks() -> dict[str, dict]:
    return {task["label"]: task for task in TASKS["tasks"]}


def matched(matchers: list[dict], output: str) -> list[tuple[str, int, str, str]]:
    """What VS Code's "Problems" panel would list: (file, line, rule, severity)."""
    found = []
    for line in output.splitlines():
        for matcher in matchers:
            pattern = matcher["pattern"]
            match = re.match(pattern["regexp"], line)  # the same syntax in JavaScript
            if match:
                found.append(
                    (match[pattern["file"]], int(match[pattern["line"]]), match[pattern["code"]], matcher["severity"])
                )
    return found


def test_problem_matchers_read_every_finding_once_with_its_severity(project_copy):
    """Assert that the matchers read the plain output as the check's (file, line, rule), advisories as warnings."""
    break_project(project_copy)
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(project_copy), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    plain = [
        (m[1], int(m[2]), m[3], "warning" if m[4] else "error")
        for m in re.finditer(r"^(.+?):(\d+): \[([a-z0-9-]+)\] (提示：)?", result.stdout, re.M)
    ]
    assert len(plain) >= 5 and {"error", "warning"} <= {p[3] for p in plain}
    for label in ("年报：检查全部", "年报：检查当前报告"):
        assert matched(tasks()[label]["problemMatcher"], result.stdout) == plain
        # Paths in the output are relative to the project root, the workspace folder.
        assert all(m["fileLocation"] == ["relative", "${workspaceFolder}"] for m in tasks()[label]["problemMatcher"])


def test_tasks_run_the_projects_commands():
    """Assert that the tasks call the same commands as the guide: check, check one report, new, serve."""
    commands = {label: task["command"] for label, task in tasks().items()}
    assert commands["年报：检查全部"] == "make check"
    assert "-m macros check" in commands["年报：检查当前报告"] and "${relativeFile}" in commands["年报：检查当前报告"]
    assert commands["年报：新建报告"].endswith('-m macros new "${input:organ}" "${input:year}"')
    assert {i["id"] for i in TASKS["inputs"]} == {"organ", "year"}
    assert commands["年报：预览站点"] == "make serve"
