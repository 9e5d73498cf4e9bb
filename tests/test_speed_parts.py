"""What the speed of `check` rests on: the fast YAML parser, and a benchmark that still runs.

Speed itself is measured by benchmarks/check_speed.py (figures in benchmarks/RESULTS.md), not here.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from macros.check.load import load_report
from macros.check.project import check_project
from macros.check.yamlnodes import _FAST_LOADER, compose

DATA = "data/reports/xiping/2024.yaml"


def _shape(node: yaml.Node) -> object:
    """A node tree as plain data: kind, tag, value and marks of every node (what macros/ reads)."""
    if isinstance(node, yaml.ScalarNode):
        # libyaml writes a plain scalar's style as "" where Python writes None; nothing reads it.
        marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
        return ("scalar", node.tag, node.value, marks, node.style or None)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, node.start_mark.line, [_shape(n) for n in node.value])
    return ("map", node.tag, node.start_mark.line, [(_shape(k), _shape(v)) for k, v in node.value])


def test_fast_parser_gives_the_same_nodes_as_the_python_parser():
    """Assert that libyaml with the cached resolver yields exactly the Python parser's tree, tags and lines."""
    assert _FAST_LOADER is not None, "PyYAML without libyaml: check would be ten times slower"
    text = (ROOT / DATA).read_text(encoding="utf-8")
    tricky = text + "extra:\n  a: [0x1F, 010, 1_000, .inf, yes, ~, '7', 1.50, -0, 2025-01-20]\n"
    for sample in (text, tricky):
        assert _shape(yaml.compose(sample, Loader=_FAST_LOADER)) == _shape(yaml.compose(sample, Loader=yaml.SafeLoader))


def test_syntax_errors_are_reported_as_by_the_python_parser():
    """Assert that a syntax error is explained from the Python parser's error (its marks and message)."""
    text = (ROOT / DATA).read_text(encoding="utf-8").replace("rules:     [0, 0, 0]", "rules:     [0, 0, 0")
    _, findings = compose(DATA, text)
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        # The list left open: named where it opens (the parser notices it a line later).
        expected = (exc.context_mark.line + 1, exc.problem)
    assert [(f.line, f.rule) for f in findings] == [(expected[0], "yaml-syntax")]
    assert expected[1] in findings[0].message and "右方括号" in findings[0].message
    assert load_report(DATA, text, "xiping", 2024)[1] == findings


def test_benchmark_generates_reports_that_pass(tmp_path):
    """Assert that the benchmark's generator writes published reports that pass every rule."""
    spec = importlib.util.spec_from_file_location("check_speed", ROOT / "benchmarks/check_speed.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.generate(tmp_path, 4, 3) == 12
    project = check_project(tmp_path)
    assert project.findings == []
    assert len(project.public_reports()) == 12
    assert (ROOT / "benchmarks/RESULTS.md").is_file()


def test_batched_git_reader_matches_git_show(tmp_path):
    """Assert that one `git cat-file --batch` reads what `git show` does: from a subfolder, absent files too."""
    from macros.record.since import _show, _show_many

    repo, root = tmp_path, tmp_path / "site"
    (root / "data/reports/a").mkdir(parents=True)
    files = {"data/reports/a/2024.yaml": "# 中文\nstatus: 草稿\n", "data/reports/a/2025.yaml": "x: 1\n\n"}
    for path, text in files.items():
        (root / path).write_text(text, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=repo, check=True)
    paths = [*files, "data/reports/a/2026.yaml"]
    batched = _show_many(root, "HEAD", paths)
    assert batched == {path: _show(root, "HEAD", path) for path in paths}
    assert batched == {**files, "data/reports/a/2026.yaml": None}


def test_the_cycle_collector_is_paused_for_a_prepare_and_back_after_it(project_copy, monkeypatch):
    """Assert that prepare checks and writes with the cycle collector off, and leaves it on, even on a failure."""
    import gc

    from macros.site import collector
    from macros.site import prepare as prepare_module

    seen = []
    real = prepare_module.check_project
    monkeypatch.setattr(prepare_module, "check_project", lambda root: seen.append(gc.isenabled()) or real(root))
    prepare_module.prepare(project_copy, preview=False)
    assert seen == [False] and gc.isenabled()
    with pytest.raises(RuntimeError), collector.paused():
        raise RuntimeError
    assert gc.isenabled()


def test_a_kept_result_is_bounded(tmp_path: Path) -> None:
    """Assert that a check result larger than MAX_ENTRY is made again next time, and a small one is kept."""
    from macros.check.memo import MAX_ENTRY, Memo

    memo = Memo(tmp_path)
    memo.store("small", ["a finding"] * 10)
    memo.store("large", [f"{i:010d}" * 100 for i in range(MAX_ENTRY // 1000 + 10)])  # distinct: pickled whole
    assert memo.lookup("small") == ["a finding"] * 10
    assert memo.lookup("large") is None
