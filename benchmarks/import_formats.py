"""How long an import takes, and how much memory it needs, for each kind of source.

    .venv/bin/python benchmarks/import_formats.py

Imports the bundled 西平街道 2024 report from plain text, a web page, a Word file
and a PDF (the same report in each form) several times, and records the median
wall time and the peak Python memory (tracemalloc) of one import in
benchmarks/results/import_formats.json, with the machine it ran on.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from report_writers import report_docx, report_html  # noqa: E402

from macros.check.load import load_organs, load_report  # noqa: E402
from macros.importer import import_file  # noqa: E402

RUNS = 7
RESULTS = ROOT / "benchmarks/results/import_formats.json"


def sources(folder: Path) -> dict[str, Path]:
    page = (ROOT / "docs/xiping/2024.md").read_text(encoding="utf-8")
    path = "data/reports/xiping/2024.yaml"
    report, _ = load_report(path, (ROOT / path).read_text(encoding="utf-8"), "xiping", 2024)
    organs, _ = load_organs("data/organs.yaml", (ROOT / "data/organs.yaml").read_text(encoding="utf-8"))
    html = report_html(page, report, organs["xiping"].name)
    (folder / "report.html").write_text(html, encoding="utf-8")
    report_docx(html, folder / "report.docx")
    return {
        "text": ROOT / "tests/fixtures/xiping-2024.txt",
        "html": folder / "report.html",
        "docx": folder / "report.docx",
        "pdf": ROOT / "tests/fixtures/import/xiping-2024.pdf",
    }


def measure(path: Path, organ) -> dict[str, float]:
    import_file(path, organ, 2024)  # warm: imports the reader's libraries once
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        imported = import_file(path, organ, 2024)
        times.append(time.perf_counter() - start)
        assert not imported.findings, imported.findings
    tracemalloc.start()
    import_file(path, organ, 2024)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "bytes": path.stat().st_size,
        "median_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "peak_mib": round(peak / 2**20, 2),
    }


def main() -> None:
    organs, _ = load_organs("data/organs.yaml", (ROOT / "data/organs.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        figures = {kind: measure(path, organs["xiping"]) for kind, path in sources(Path(tmp)).items()}
    result = {
        "benchmark": "import of the 西平街道 2024 report (25 × 7 + 15 + 9 numbers, 6 parts)",
        "runs": RUNS,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "formats": figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for kind, f in figures.items():
        times = f"median {f['median_ms']:>7} ms  max {f['max_ms']:>7} ms"
        print(f"{kind:5} {f['bytes']:>8} B  {times}  peak {f['peak_mib']} MiB")


if __name__ == "__main__":
    main()
