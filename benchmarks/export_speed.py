"""Benchmark: how long making the open data takes, and how much memory, on a large collection.

Generates the same collection as ``check_speed.py`` (200 organs x 5 years =
1,000 published reports by default) and runs ``python -m macros export`` on it
in a fresh process, as the site build's hook or an editor would; then times
each kind of file in-process to show where the time goes.

Run:  .venv/bin/python benchmarks/export_speed.py [--organs 200] [--years 5] [--write]
With --write the figures go to benchmarks/results/export_speed.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_speed import generate, machine  # noqa: E402

from macros.check.project import check_project  # noqa: E402
from macros.opendata.export import build_exports  # noqa: E402

RESULTS = ROOT / "benchmarks/results/export_speed.md"


def run_export(root: Path, out: Path) -> tuple[float, float, int, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds and peak memory (KiB) of `python -m macros export`, a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "macros", "--root", str(root), "export", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, after.ru_maxrss, result


def time_by_kind(root: Path) -> tuple[dict[str, float], dict[str, int], int]:
    """In-process: seconds and bytes per kind of file (timed through the module functions)."""
    from macros.opendata import export, xlsx

    seconds: dict[str, float] = defaultdict(float)
    timed = {
        "xlsx（单份报告）": (xlsx, "report_workbook"),
        "xlsx（全部报告）": (xlsx, "collection_workbook"),
        "csv": (export, "dump_csv"),
        "json": (export, "dump_json"),
    }
    originals = {}
    for label, (module, name) in timed.items():
        original = getattr(module, name)
        originals[(module, name)] = original

        def wrapper(*args, _original=original, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                seconds[_label] += time.perf_counter() - start

        setattr(module, name, wrapper)
    try:
        project = check_project(root)
        start = time.perf_counter()
        files = build_exports(project)
        total = time.perf_counter() - start
    finally:
        for (module, name), original in originals.items():
            setattr(module, name, original)
    sizes: dict[str, int] = defaultdict(int)
    for path, content in files.items():
        sizes[path.rsplit(".", 1)[1]] += len(content)
    seconds["合计"] = total
    return dict(seconds), dict(sizes), len(files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organs", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--write", action="store_true", help=f"write the figures to {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        count = generate(root, args.organs, args.years)
        load_before = os.getloadavg()[0]
        wall, cpu, peak, result = run_export(root, Path(tmp) / "out")
        if result.returncode != 0:
            print(result.stdout[:2000], result.stderr[:2000], file=sys.stderr)
            raise SystemExit("export failed on the generated reports")
        seconds, sizes, n_files = time_by_kind(root)
        load_after = os.getloadavg()[0]
    lines = [
        f"- 日期：{date.today().isoformat()}",
        f"- 机器：{machine()}",
        f"- 数据：{args.organs} 个机关 × {args.years} 个年度 = {count} 份已发布报告"
        "（与 check_speed.py 相同的生成方法）",
        f"- 测量时机器的平均负载（1 分钟）：开始 {load_before:.1f}，结束 {load_after:.1f}",
        "",
        "| 测量 | 数值 |",
        "|---|---:|",
        f"| `python -m macros export` 墙钟（秒，含检查与 Python 启动） | {wall:.1f} |",
        f"| 同上，CPU（秒） | {cpu:.1f} |",
        f"| 同上，内存峰值（MiB） | {peak / 1024:.0f} |",
        f"| 生成文件数 | {n_files} |",
        *(f"| 生成用时：{label}（秒） | {value:.1f} |" for label, value in sorted(seconds.items())),
        *(f"| 文件大小：{suffix}（MiB） | {size / 2**20:.1f} |" for suffix, size in sorted(sizes.items())),
    ]
    print("\n".join(lines))
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            "# 开放数据生成基准\n\n由 `benchmarks/export_speed.py --write` 生成。网站构建时同样生成这些文件"
            "（`python -m macros prepare`），构建时间随报告数近似线性增加。\n\n" + "\n".join(lines) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
