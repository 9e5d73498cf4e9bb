"""A corpus of hostile inputs, generated into a copy of the project; and a way to run every command over one.

Each case breaks a project copy the way a careless edit, a wrong tool or an
attacker could: nesting that crashed libyaml, numbers Python cannot print, GBK
files, a folder or /dev/zero where a file should be, files of 50 MB or of
hundreds of thousands of keys, aliases that multiply, links under docs/ that
would publish the build machine's files. Shared by tests/test_hostile.py and
benchmarks/hostile.py (which records the time of each).
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = "data/reports/xiping/2024.yaml"
PAGE = "docs/xiping/2024.md"
ORGANS = "data/organs.yaml"
LOCK = "data/published.lock"
SNAPSHOT = "data/published/xiping/2024.yaml"
SOURCE = "source.txt"  # what `import` reads, beside the project


def _write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    if path.is_symlink() or path.is_file():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)


def _replace(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text, (rel, old)
    _write(root, rel, text.replace(old, new, 1))


def _link(root: Path, rel: str, target: str) -> None:
    path = root / rel
    if path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _folder(root: Path, rel: str) -> None:
    (root / rel).unlink()
    (root / rel).mkdir()
    (root / rel / "x.yaml").write_text("a: 1\n", encoding="utf-8")


def _gbk(root: Path, rel: str) -> None:
    _write(root, rel, (root / rel).read_text(encoding="utf-8").encode("gbk"))


def _nines(root: Path) -> None:
    # 4,300 nines parse as an int; the sum of two cannot be printed (Python's int → str limit).
    nines = "9" * 4300
    _replace(root, DATA, "penalty:   287", f"penalty:   {nines}")
    row = "new:                 [0, 0, 0, 0, 0, 0, 0]"
    _replace(root, DATA, row, f"new: [{nines}, {nines}, 0, 0, 0, 0, 0]")


def _unknown_keys(count: int) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        text = (root / DATA).read_text(encoding="utf-8")
        _write(root, DATA, text + "".join(f"k{i}: 0\n" for i in range(count)))

    return apply


def _billion_laughs(root: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = (root / DATA).read_text(encoding="utf-8")
    _write(root, DATA, text + "\n".join(lines) + "\nproactive_x: *a9\n")


_LAUGHS = "".join(
    ['x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    + [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]\n" for i in range(1, 10)]
)


def _fifo(root: Path, rel: str) -> None:
    (root / rel).unlink()
    os.mkfifo(root / rel)


@dataclass(frozen=True)
class Case:
    name: str
    apply: Callable[[Path], None]


CASES: list[Case] = [
    Case("nesting-30000", lambda r: _write(r, DATA, "a: " + "[" * 30000 + "]" * 30000 + "\n")),
    Case("nesting-2000-syntax-error", lambda r: _write(r, DATA, "a: " + "[" * 2000 + "\n: : ]]\n")),
    Case("block-nesting-1000", lambda r: _write(r, DATA, "".join(" " * i + f"k{i}:\n" for i in range(1000)))),
    Case("compact-nesting-100000", lambda r: _write(r, DATA, "- " * 100_000 + "x\n")),
    Case("nesting-in-lock", lambda r: _write(r, LOCK, "xiping/2024: " + "{a: " * 30000 + "\n")),
    Case("int-4301-digits", lambda r: _replace(r, DATA, "penalty:   287", f"penalty:   {'1' * 4301}")),
    Case("nines-4300", _nines),
    Case("gbk-organs", lambda r: _gbk(r, ORGANS)),
    Case("gbk-lock", lambda r: _gbk(r, LOCK)),
    Case("gbk-page", lambda r: _gbk(r, PAGE)),
    Case("data-file-is-a-folder", lambda r: _folder(r, DATA)),
    Case("organs-is-a-folder", lambda r: _folder(r, ORGANS)),
    Case("snapshot-is-a-folder", lambda r: _folder(r, SNAPSHOT)),
    Case("data-file-links-to-dev-zero", lambda r: _link(r, DATA, "/dev/zero")),
    Case("lock-links-to-dev-zero", lambda r: _link(r, LOCK, "/dev/zero")),
    Case("organs-is-a-fifo", lambda r: _fifo(r, ORGANS)),
    Case("data-file-50-mb", lambda r: _write(r, DATA, b"# " + b"x" * 78 + b"\n" * 1 + (b"a: 1\n" * 10_000_000))),
    Case("unknown-keys-200000", _unknown_keys(200_000)),
    Case("unknown-keys-50000", _unknown_keys(50_000)),  # over the data file's limit: not parsed
    Case("unknown-keys-15000", _unknown_keys(15_000)),  # under it: parsed, every key a finding
    Case("billion-laughs", _billion_laughs),
    Case("recursive-alias", lambda r: _replace(r, DATA, "rules:     [0, 0, 0]", "rules: &r [*r, 0, 0]")),
    Case("docs-link-to-etc-hostname", lambda r: _link(r, "docs/hostname.txt", "/etc/hostname")),
    Case("docs-link-to-environ", lambda r: _link(r, "docs/env.md", "/proc/self/environ")),
    Case("docs-folder-link", lambda r: _link(r, "docs/etc", "/etc")),
    Case("shadow-page", lambda r: _write(r, "docs/xiping/2024/index.md", "# 顶替\n")),
    Case("shadow-first-published", lambda r: _write(r, "docs/xiping/2024/first-published.md", "# 顶替\n")),
    Case(
        "page-front-matter-laughs",
        lambda r: _replace(
            r,
            PAGE,
            "---\n",
            "---\n" + _LAUGHS,
        ),
    ),
    Case("guide-front-matter-laughs", lambda r: _replace(r, "docs/guide/index.md", "---\n", "---\n" + _LAUGHS)),
    Case("guide-gbk", lambda r: _gbk(r, "docs/guide/index.md")),
    Case("huge-key", lambda r: _write(r, DATA, "k" * 900_000 + ": 1\n")),
    Case("binary-noise", lambda r: _write(r, DATA, bytes(range(256)) * 1000)),
    Case("import-source-folder", lambda r: (r / SOURCE).mkdir()),
    Case("import-source-dev-zero", lambda r: _link(r, SOURCE, "/dev/zero")),
]


def _source_text(root: Path) -> None:
    fixture = Path(__file__).resolve().parent / "fixtures" / "xiping-2024.txt"
    if not (root / SOURCE).exists() and not (root / SOURCE).is_symlink():
        (root / SOURCE).write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")


def commands(root: Path) -> dict[str, list[str]]:
    """Every command of the CLI that reads the project, as run on a hostile copy at `root`."""
    base = ["--root", str(root)]
    return {
        "check": [*base, "check"],
        "check-since": [*base, "check", "--since", "HEAD"],
        "check-one": [*base, "check", DATA],
        "prepare": [*base, "prepare"],
        "new": [*base, "new", "xiping", "2025"],
        "publish": [*base, "publish", "xiping", "2024", "--date", "2025-02-01"],
        "correct": [*base, "correct", "xiping", "2024", "--date", "2025-03-01", "--reason", "测试更正。"],
        "withdraw": [*base, "withdraw", "xiping", "2024", "--date", "2025-03-01", "--reason", "测试撤回。"],
        "import": [*base, "import", str(root / SOURCE), "--organ", "xiping", "--year", "2023"],
        "export": [*base, "export", "--out", str(root / "dist")],
    }


@dataclass(frozen=True)
class Run:
    status: int
    seconds: float  # CPU time of this process: what the command costs, whatever else the machine runs
    wall: float
    lines: int
    output: str


def run(argv: list[str]) -> Run:
    """Run one command in this process: its exit status, time and output (stdout and stderr)."""
    from macros.cli import main

    out = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(argv)
    seconds, wall = time.process_time() - cpu, time.perf_counter() - start
    text = out.getvalue()
    return Run(status, seconds, wall, text.count("\n"), text)


def prepare(root: Path, case: Case) -> None:
    case.apply(root)
    _source_text(root)
