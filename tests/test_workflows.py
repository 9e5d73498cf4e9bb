"""The GitHub workflows: valid (actionlint), least privilege, and doing what the README says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT, SITE_DIR_ENV

WORKFLOWS = ROOT / ".github/workflows"


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); normalise it back.
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps_run(job: dict) -> list[str]:
    return [step.get("run", "") for step in job["steps"]]


def _folder(path: str) -> str:
    return path.strip().removeprefix("./").rstrip("/")


def _build_folder() -> str:
    """Where `make build` writes the site: `python -m macros build`'s default, site (MkDocs' own default)."""
    recipe = re.search(r"^build:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe and "macros build" in recipe.group(1) and "--site-dir" not in recipe.group(1)
    # The command names its folder to MkDocs: a site_dir in mkdocs.yml would only mislead.
    assert not re.search(r"^site_dir:", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return _folder("site")


def _tested_site(flow: dict, job: dict) -> tuple[list[dict], int, str]:
    """The job's steps, the index of its one `make test` step, and the site folder those tests judge.

    The tests build a site of their own unless NIANBAO_SITE_DIR names one (step,
    job or workflow env, or the command line); the site they judge must be the
    one `make build` made earlier in the job, never rebuilt in between.
    """
    steps = job["steps"]
    tests = [i for i, s in enumerate(steps) if re.search(r"\bmake test\b", s.get("run", ""))]
    builds = [i for i, s in enumerate(steps) if re.search(r"\bmake build\b", s.get("run", ""))]
    assert len(tests) == 1 and len(builds) == 1 and builds[0] < tests[0], (builds, tests)
    step = steps[tests[0]]
    # The whole suite, browser tests included.
    assert not re.search(r"--ignore|--deselect|\s-k\s|\s-m\s", step["run"]), step["run"]
    inline = re.search(rf"\b{SITE_DIR_ENV}=(\S+)", step["run"])
    scopes = (step.get("env") or {}, job.get("env") or {}, flow.get("env") or {})
    folder = inline.group(1) if inline else next((e[SITE_DIR_ENV] for e in scopes if SITE_DIR_ENV in e), None)
    assert folder, f"the tests build their own site: set {SITE_DIR_ENV} to the site `make build` made"
    assert _folder(str(folder)) == _build_folder()
    for later in steps[builds[0] + 1 : tests[0]]:
        assert not re.search(r"\bmake (build|preview)\b|mkdocs", later.get("run", "")), later
    return steps, tests[0], _folder(str(folder))


def test_publish_deploys_the_very_site_its_tests_ran_on():
    """Assert that the publish job builds once, tests that site/ (browser tests included) and
    uploads that same folder, untouched in between, as the Pages artifact."""
    flow = load("publish.yml")
    job = flow["jobs"]["build"]
    steps, tested, folder = _tested_site(flow, job)
    uploads = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert len(uploads) == 1 and uploads[0] > tested
    assert _folder(steps[uploads[0]]["with"]["path"]) == folder
    for step in steps[tested + 1 : uploads[0]]:
        assert not step.get("run"), f"runs between the tests and the upload: {step}"


def test_pull_requests_test_the_public_build_they_made():
    """Assert that a pull request's tests judge the public site/ its `make build` made, then the preview is built."""
    flow = load("pull-request.yml")
    job = flow["jobs"]["check"]
    steps, tested, folder = _tested_site(flow, job)
    assert folder == "site"
    previews = [i for i, s in enumerate(steps) if "make preview" in s.get("run", "")]
    assert previews and previews[0] > tested


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
