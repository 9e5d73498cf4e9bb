"""The GitHub workflows: valid (actionlint), least privilege, and doing what the README says."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github/workflows"


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); normalise it back.
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_run(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def test_actionlint_passes():
    """Assert that actionlint finds nothing in any workflow file."""
    # Installed next to the interpreter by requirements-dev.txt.
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert actionlint, "actionlint missing: install requirements-dev.txt"
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    result = subprocess.run([actionlint, *files], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_check_build_test_and_upload_the_site():
    """Assert that every pull request checks, builds the public site, tests, and uploads the draft preview."""
    flow = load("pull-request.yml")
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    job = next(iter(flow["jobs"].values()))
    runs = " ".join(steps_run(job))
    assert "check" in runs and "make build" in runs and "make test" in runs and "make preview" in runs
    upload = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site-preview"


def test_main_deploys_to_pages_with_least_privilege():
    """Assert that a push to main builds, then deploys with Pages rights only in the deploy job."""
    flow = load("publish.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    assert flow["concurrency"]["group"] and flow["concurrency"]["cancel-in-progress"] is False
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert "make build" in " ".join(steps_run(build)) and "make test" in " ".join(steps_run(build))
    # Records rewritten by a push are refused before anything is deployed.
    assert 'CHECK_SINCE="$BEFORE"' in " ".join(steps_run(build))
    assert any(str(s.get("uses", "")).startswith("actions/upload-pages-artifact") for s in build["steps"])
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in deploy["steps"])
    assert "permissions" not in build


def test_ci_installs_debian_chromium_and_uploads_screenshots():
    """Assert that CI runs in Debian 12 with its chromium and CJK fonts, and that pull requests
    upload the browser tests' screenshots."""
    packages = (ROOT / ".ci/system-packages").read_text(encoding="utf-8")
    assert "/usr/bin/chromium" in packages and "fonts-noto-cjk" in packages and "apt-get install" in packages
    assert ".ci/system-packages" in (ROOT / ".ci/run").read_text(encoding="utf-8")
    for name, job in (("pull-request.yml", "check"), ("publish.yml", "build")):
        steps = load(name)["jobs"][job]
        assert steps["container"] == "debian:12", name
        assert ".ci/system-packages" in " ".join(steps_run(steps)), name
    steps = load("pull-request.yml")["jobs"]["check"]["steps"]
    uploads = [s["with"]["path"].rstrip("/") for s in steps if str(s.get("uses", "")).startswith("actions/upload")]
    assert "test-artifacts" in uploads


def test_inbox_upload_is_imported_into_a_pull_request():
    """Assert that a push into inbox/ imports the folder and opens a pull request whose body has the findings."""
    flow = load("import-inbox.yml")
    assert flow["on"]["push"]["paths"] == ["inbox/**"] and flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert flow["concurrency"]["cancel-in-progress"] is False
    runs = "\n".join(steps_run(next(iter(flow["jobs"].values()))))
    assert "-m macros import inbox/ > findings.txt 2> summary.txt" in runs
    assert "gh pr create" in runs and "--body-file body.md" in runs and "findings.txt" in runs.split("gh pr")[0]
    # The folder's README (the editors' instructions) is never imported nor removed.
    assert (ROOT / "inbox/README.md").is_file() and "! -name README.md" in runs
