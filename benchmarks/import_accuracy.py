"""How many numbers the importer reads right, leaves blank or gets wrong, over the corpus of real-world copies.

    .venv/bin/python benchmarks/import_accuracy.py

Imports every fixture of tests/import_corpus.py (one fictional report written
out as organs really have it: label variants, Markdown and OCR tables, a CMS
page, digits run together; as text, Markdown, web page, Word and PDF) and
compares each imported number with the one the fixture was written from:

- right: the number of the source;
- blank: left empty (nothing in the source decides it; the check reports it);
- wrong: any other number. It must be 0: the importer never guesses.

Also counts the narrative paragraphs kept on the page and times one import
(median of several runs). Writes benchmarks/results/import_accuracy.json and
prints a Markdown table for RESULTS.md; exits 1 if any number is wrong.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from import_corpus import BODIES, ORGAN, YEAR, fixtures, truth  # noqa: E402

from macros.importer import import_file  # noqa: E402

RUNS = 5
RESULTS = ROOT / "benchmarks/results/import_accuracy.json"


def measure(path: Path, blank_expected: int) -> dict[str, object]:
    organs = {ORGAN.slug: ORGAN}
    import_file(path, ORGAN, YEAR, organs)  # warm: the reader's libraries load once
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        imported = import_file(path, ORGAN, YEAR, organs)
        times.append(time.perf_counter() - start)
    expected = truth()
    right = sum(1 for cell, value in imported.values.items() if expected[cell] == value)
    wrong = sum(1 for cell, value in imported.values.items() if expected[cell] != value)
    paragraphs = [p for body in BODIES.values() for p in body.split("\n\n")]
    return {
        "format": path.suffix.lstrip("."),
        "cells": len(expected),
        "right": right,
        "blank": len(expected) - len(imported.values),
        "blank_expected": blank_expected,
        "wrong": wrong,
        "paragraphs_kept": sum(p in imported.page_text for p in paragraphs),
        "paragraphs": len(paragraphs),
        "advisories": sum(f.advisory for f in imported.findings),
        "errors": sum(not f.advisory for f in imported.findings),
        "median_ms": round(statistics.median(times) * 1000, 1),
    }


def main() -> int:
    figures: dict[str, dict[str, object]] = {}
    kinds: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fixture in fixtures():
            figures[fixture.name] = measure(fixture.build(Path(tmp)), len(fixture.blank))
            kinds[fixture.name] = fixture.kind
    result = {
        "benchmark": "import accuracy over tests/import_corpus.py (one report, 200 numbers, in each real-world form)",
        "runs": RUNS,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "fixtures": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("| 文件 | 类别 | 格式 | 正确 | 空白（应空白） | 错误 | 段落保留 | 提示 | 问题 | 中位耗时（毫秒） |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, f in figures.items():
        print(
            f"| {name} | {kinds[name]} | {f['format']} | {f['right']} | {f['blank']}（{f['blank_expected']}） "
            f"| {f['wrong']} | {f['paragraphs_kept']}/{f['paragraphs']} | {f['advisories']} | {f['errors']} "
            f"| {f['median_ms']} |"
        )
    return 1 if any(f["wrong"] for f in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
