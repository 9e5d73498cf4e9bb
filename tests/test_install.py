"""Installing on a fresh Debian: every requirement pinned, every pin fit for Python 3.11.2 (Debian 12)
and for the interpreter running the suite, and one line naming the command to run when something is missing."""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = (ROOT / "requirements.txt", ROOT / "requirements-dev.txt")
# Debian 12's /usr/bin/python3: the oldest Python the project installs on.
OLDEST_PYTHON = "3.11.2"
PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[0-9][A-Za-z0-9.+!-]*)")


def pins(paths: tuple[Path, ...] = REQUIREMENTS) -> dict[str, str]:
    """Canonical name → pinned version, from the requirement files; any other kind of line is an error."""
    found: dict[str, str] = {}
    for path in paths:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line or line == "-r requirements.txt":
                continue
            match = PIN.fullmatch(line)
            assert match, f"{path.name}:{number}: not pinned with ==: {raw!r}"
            name = canonicalize_name(match["name"])
            assert name not in found, f"{path.name}:{number}: {match['name']} pinned twice"
            found[name] = match["version"]
    return found


def requires_python_problems(dists: list[metadata.Distribution], python: str) -> list[str]:
    """The distributions whose Requires-Python does not admit that Python version."""
    problems = []
    for dist in dists:
        spec = dist.metadata.get("Requires-Python")
        if spec and not SpecifierSet(spec).contains(python, prereleases=True):
            problems.append(f"{dist.metadata['Name']} {dist.version}: Requires-Python {spec}")
    return problems


def unpinned_dependencies(dists: list[metadata.Distribution], pinned: dict[str, str]) -> list[str]:
    """Dependencies (for this platform, no extras) of the distributions that no requirement file pins."""
    missing = []
    for dist in dists:
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            if canonicalize_name(requirement.name) not in pinned:
                missing.append(f"{requirement.name} (needed by {dist.metadata['Name']})")
    return missing


def pinned_distributions() -> list[metadata.Distribution]:
    return [metadata.distribution(name) for name in pins()]


class FakeDistribution(metadata.Distribution):
    """A distribution made of its METADATA text alone."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read_text(self, filename: str) -> str | None:
        return self.text if filename in ("METADATA", "PKG-INFO") else None

    def locate_file(self, path):  # pragma: no cover - never asked for files
        raise NotImplementedError


def test_every_requirement_is_pinned_once():
    """Assert that each line of requirements*.txt is a comment, the -r include or one name==version."""
    found = pins()
    assert len(found) > 50
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()


def test_a_range_is_refused(tmp_path):
    """Assert that the pin reader refuses a requirement that is not pinned with ==."""
    loose = tmp_path / "requirements.txt"
    loose.write_text("mkdocs==1.6.1\npymdown-extensions>=12\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not pinned"):
        pins((loose,))


def test_suite_runs_on_exactly_the_pinned_versions():
    """Assert that every pinned distribution is installed at its pinned version."""
    wrong = [
        f"{name}: pinned {version}, installed {metadata.version(name)}"
        for name, version in pins().items()
        if metadata.version(name) != version
    ]
    assert not wrong, "\n".join(wrong)


def test_transitive_dependencies_are_pinned_too():
    """Assert that whatever a pinned distribution depends on is pinned as well: nothing floats."""
    missing = unpinned_dependencies(pinned_distributions(), pins())
    assert not missing, "\n".join(missing)


def test_running_python_satisfies_every_requires_python():
    """Assert that this interpreter is one that every installed distribution declares it supports."""
    problems = requires_python_problems(list(metadata.distributions()), platform.python_version())
    assert not problems, "\n".join(problems)


def test_every_pin_supports_debian_12_python():
    """Assert that every pinned distribution admits Python 3.11.2, on whichever Python the suite runs."""
    problems = requires_python_problems(pinned_distributions(), OLDEST_PYTHON)
    assert not problems, "\n".join(problems)


def test_requires_python_check_catches_a_pin_too_new_for_debian_12():
    """Assert that the check fails for a release needing 3.11.5 (pymdown-extensions 13.1) on 3.11.2."""
    head = "Metadata-Version: 2.1\nName: pymdown-extensions\n"
    new = FakeDistribution(head + "Version: 13.1\nRequires-Python: >=3.11.5\n")
    old = FakeDistribution(head + "Version: 12.3\nRequires-Python: >=3.10\n")
    assert requires_python_problems([new, old], "3.11.2") == ["pymdown-extensions 13.1: Requires-Python >=3.11.5"]
    assert requires_python_problems([new, old], "3.13.0") == []


def fake_python(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "python3"
    script.write_text(f'#!/bin/sh\n{body}\nexec {sys.executable} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return script


def check_python(interpreter: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / ".ci/check-python"), str(interpreter)], capture_output=True, text=True, timeout=60
    )


def test_check_python_accepts_this_interpreter():
    """Assert that the interpreter running the suite (3.11.2 or later, with venv) passes, silently."""
    result = check_python(sys.executable)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The version probe is the code that mentions version_info.
        ('case "$2" in *version_info*) printf 3.11.1; exit 1;; esac', "需要 Python 3.11.2 或更高"),
        ('case "$2" in *ensurepip*) exit 1;; esac', "缺少 venv 或 ensurepip 模块"),
    ],
)
def test_check_python_names_what_is_wrong_in_one_line(tmp_path, body, expected):
    """Assert that Python 3.11.1, or one without venv, is refused with one Chinese line naming a command."""
    result = check_python(fake_python(tmp_path, body))
    assert result.returncode == 1
    assert expected in result.stderr and "make PYTHON=" in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_check_python_names_the_debian_package_for_debian_python():
    """Assert that a missing /usr/bin/python3 is answered with the apt-get command that installs it."""
    result = check_python("/usr/bin/python3-not-there")
    assert result.returncode == 1
    assert "apt-get install -y python3 python3-venv" in result.stderr and ".ci/system-packages" in result.stderr


def test_system_packages_check_installs_nothing(tmp_path):
    """Assert that --check never calls apt-get or sudo, and reports in at most one line."""
    calls = tmp_path / "calls"
    for tool in ("apt-get", "sudo"):
        fake = tmp_path / tool
        fake.write_text(f'#!/bin/sh\necho {tool} "$@" >> {calls}\n', encoding="utf-8")
        fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [str(ROOT / ".ci/system-packages"), "--check"], capture_output=True, text=True, env=env, timeout=60
    )
    assert not calls.exists()
    assert result.stdout == ""
    if result.returncode:
        assert result.returncode == 1
        assert result.stderr.startswith("缺少系统软件包 ") and result.stderr.count("\n") == 1
        assert result.stderr.rstrip().endswith(".ci/system-packages")
    else:
        assert result.stderr == ""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is a system package: .ci/system-packages")
def test_make_test_checks_system_packages_before_installing_anything(tmp_path):
    """Assert that `make test` first checks the system packages, then builds the venv, then installs."""
    venv = tmp_path / "venv"
    result = subprocess.run(
        ["make", "-n", "test", f"VENV={venv}", "PYTHON=/usr/bin/python3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    order = [
        next(i for i, line in enumerate(lines) if ".ci/system-packages --check" in line),
        next(i for i, line in enumerate(lines) if ".ci/check-python /usr/bin/python3" in line),
        next(i for i, line in enumerate(lines) if f"/usr/bin/python3 -m venv {venv}" in line),
        next(i for i, line in enumerate(lines) if "pip install" in line and "requirements-dev.txt" in line),
        next(i for i, line in enumerate(lines) if "-m pytest" in line),
    ]
    assert order == sorted(order), lines


def test_ci_builds_the_venv_with_the_distribution_python():
    """Assert that .ci/run tests with /usr/bin/python3 and that the Debian workflows use that Python too."""
    run = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make test PYTHON=/usr/bin/python3" in run
    assert "--python-version 3.11.2" in run
    for path in sorted((ROOT / ".github/workflows").glob("*.yml")):
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in flow["jobs"].items():
            if str(job.get("container", "")).startswith("debian:"):
                assert job.get("env", {}).get("PYTHON") == "/usr/bin/python3", f"{path.name}: {name}"
                assert not any(str(s.get("uses", "")).startswith("actions/setup-python") for s in job["steps"])
