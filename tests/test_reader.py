"""The one reader (macros/check/reader.py) and the bounded YAML composer: every problem a located finding."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from macros.check.reader import FILE_LIMIT, read_bytes, read_text
from macros.check.yamlnodes import MAX_DEPTH, MAX_DIGITS, compose, depth_bound


def _rules(findings) -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in findings]


def test_reads_utf8_with_universal_newlines(tmp_path: Path):
    (tmp_path / "a.yaml").write_bytes("a: 一\r\nb: 二\r".encode())
    assert read_text(tmp_path, "a.yaml") == ("a: 一\nb: 二\n", [])


def test_gbk_is_named_and_located(tmp_path: Path):
    (tmp_path / "a.yaml").write_bytes("a: 1\nb: 西平\n".encode("gbk"))
    text, findings = read_text(tmp_path, "a.yaml")
    assert text is None and _rules(findings) == [(2, "encoding")]
    assert "GBK" in findings[0].message and "UTF-8" in findings[0].message


@pytest.mark.parametrize("kind", ["folder", "link", "dangling-link", "fifo", "device", "missing", "large"])
def test_what_is_not_an_ordinary_file(tmp_path: Path, kind: str):
    """Assert that each kind of non-file is refused at once, without opening it."""
    path = tmp_path / "a.yaml"
    if kind == "folder":
        path.mkdir()
    elif kind == "link":
        (tmp_path / "b.yaml").write_text("a: 1\n", encoding="utf-8")
        path.symlink_to(tmp_path / "b.yaml")
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "nowhere")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "large":
        path.write_bytes(b"#" * (FILE_LIMIT + 1))
    start = time.perf_counter()
    text, findings = read_text(tmp_path, "a.yaml")
    assert time.perf_counter() - start < 0.5
    assert text is None
    assert _rules(findings) == [(1, "input-limit" if kind == "large" else "file-type")]


def test_a_link_in_the_path_is_refused(tmp_path: Path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real/a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    _, findings = read_bytes(tmp_path, "linked/a.yaml")
    assert _rules(findings) == [(1, "file-type")] and "linked" in findings[0].message


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 30_000 + "]" * 30_000, "a: " + "{b: " * 5_000, "- " * 50_000 + "x", "[" * 70 + "]" * 70],
)
def test_deep_nesting_is_a_finding(text: str):
    node, findings = compose("a.yaml", text)
    assert node is None and [f.rule for f in findings] == ["input-limit"]


def test_nesting_just_within_the_limit_parses():
    depth = MAX_DEPTH - 2
    node, findings = compose("a.yaml", "[" * depth + "]" * depth)
    assert findings == [] and node is not None


def test_real_files_take_the_fast_path():
    root = Path(__file__).resolve().parent.parent
    for path in ("data/reports/xiping/2024.yaml", "data/organs.yaml", "data/published.lock"):
        assert depth_bound((root / path).read_text(encoding="utf-8")) <= MAX_DEPTH // 4, path


def test_aliases_are_refused():
    node, findings = compose("a.yaml", "a: &x [1, 2]\nb: *x\n")
    assert node is None and _rules(findings) == [(2, "input-limit")]
    node, findings = compose("a.yaml", "a: &x [*x]\n")
    assert node is None and [f.rule for f in findings] == ["input-limit"]


def test_a_text_over_the_limit_is_not_parsed():
    _, findings = compose("a.yaml", "a: 1\n" * (FILE_LIMIT // 5 + 1))
    assert [f.rule for f in findings] == ["input-limit"]


@pytest.mark.parametrize("digits", [MAX_DIGITS + 1, 4301])
def test_long_numbers_are_refused(digits: int):
    from macros.check.yamlnodes import parse_value
    from macros.format.national import TABLES

    column = TABLES[0].grid_of(TABLES[0].rows[0].key).columns[0]
    node, _ = compose("a.yaml", f"a: {'9' * digits}\n")
    value, finding = parse_value(node.value[0][1], column, "某格", "a.yaml")
    assert value is None and finding is not None and finding.rule == "input-limit"
    assert len(finding.message) < 200
