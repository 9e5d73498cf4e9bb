"""Benchmark: how long making the open data takes, and how much memory, on a large collection.

Generates the same collection as ``check_speed.py`` (200 organs x 5 years =
1,000 published reports by default) and runs ``python -m macros export`` on it
in a fresh process, as ``python -m macros prepare`` or an editor would: first
with an empty cache (a fresh build, as in CI), then again with the cache the
first run left (an editor's next build), then after one report changed. Then
it times each kind of file in-process (no cache) to show where the time goes,
and with --profile lists the functions that take the most time (cProfile).

Run:  .venv/bin/python benchmarks/export_speed.py [--organs 200] [--years 5] [--profile] [--write]
With --write the figures go to benchmarks/results/export_speed.md (the hand-written
history below its 优化记录 heading is kept).
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

from check_speed import FIRST_YEAR, generate, machine  # noqa: E402

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
    """In-process, no cache: CPU seconds and bytes per kind of file (timed through the module functions)."""
    from macros.opendata import export, xlsx

    seconds: dict[str, float] = defaultdict(float)
    timed = {
        "xlsx（单份报告）": (xlsx, "report_workbook"),
        "xlsx（全部报告，含宽表）": (xlsx, "collection_workbook"),
        "csv（两种长表，每份报告的行）": (export, "csv_body"),
        "json（每份报告）": (export, "dump_json"),
    }
    originals = {}
    for label, (module, name) in timed.items():
        original = getattr(module, name)
        originals[(module, name)] = original

        def wrapper(*args, _original=original, _label=label, **kwargs):
            start = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                seconds[_label] += time.process_time() - start

        setattr(module, name, wrapper)
    try:
        project = check_project(root)
        start = time.process_time()
        files = build_exports(project)
        total = time.process_time() - start
    finally:
        for (module, name), original in originals.items():
            setattr(module, name, original)
    sizes: dict[str, int] = defaultdict(int)
    for path, content in files.items():
        sizes[path.split(".", 1)[1]] += len(content)
    seconds["合计（build_exports）"] = total
    return dict(seconds), dict(sizes), len(files)


def profile(root: Path, top: int = 12) -> list[str]:
    """The functions with the most own time in build_exports (no cache), as table lines."""
    import cProfile
    import pstats

    project = check_project(root)
    profiler = cProfile.Profile()
    profiler.enable()
    build_exports(project)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    lines = ["| 函数 | 调用次数 | 自身用时（秒，含分析开销） | 累计（秒） |", "|---|---:|---:|---:|"]
    for (path, line, name), (_, calls, own, cumulative, _) in rows:
        where = Path(path).name if path != "~" else "内置"
        lines.append(f"| `{where}:{line}({name})` | {calls} | {own:.2f} | {cumulative:.2f} |")
    return lines


def change_one_report(root: Path) -> None:
    """Correct one number of one published report, as an editor would (with its correction record)."""
    from macros.cli import main as cli

    path = root / "data" / "reports" / "o0000" / f"{FIRST_YEAR}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  licensing:")
    end = text.index("#", start)
    number = int(text[start:end].split(":")[1])
    path.write_text(text[:start] + text[start:end].replace(str(number), str(number + 1)) + text[end:], encoding="utf-8")
    when = f"{FIRST_YEAR + 1}-06-01"
    assert (
        cli(["--root", str(root), "correct", "o0000", str(FIRST_YEAR), "--reason", "基准测试用更正。", "--date", when])
        == 0
    )


# Written by hand below this heading in the results, and kept when the figures are rewritten.
HISTORY = "## 优化记录"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organs", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="list the functions that take the most time")
    parser.add_argument("--write", action="store_true", help=f"write the figures to {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        count = generate(root, args.organs, args.years)
        load_before = os.getloadavg()[0]
        runs = []
        for label in ("全新构建（缓存为空）", "再次构建（缓存已有全部报告）"):
            wall, cpu, peak, result = run_export(root, Path(tmp) / "out")
            if result.returncode != 0:
                print(result.stdout[:2000], result.stderr[:2000], file=sys.stderr)
                raise SystemExit("export failed on the generated reports")
            runs.append((label, wall, cpu, peak))
        first = {
            p.relative_to(Path(tmp) / "out"): p.read_bytes() for p in (Path(tmp) / "out").rglob("*") if p.is_file()
        }
        change_one_report(root)
        wall, cpu, peak, result = run_export(root, Path(tmp) / "out")
        if result.returncode != 0:
            print(result.stdout[:2000], result.stderr[:2000], file=sys.stderr)
            raise SystemExit("export failed after changing one report")
        runs.append(("改动一份报告后再次构建", wall, cpu, peak))
        changed = sum(
            1
            for p in (Path(tmp) / "out").rglob("*")
            if p.is_file() and first.get(p.relative_to(Path(tmp) / "out")) != p.read_bytes()
        )
        seconds, sizes, n_files = time_by_kind(root)
        profiled = profile(root) if args.profile else []
        load_after = os.getloadavg()[0]
    lines = [
        f"- 日期：{date.today().isoformat()}",
        f"- 机器：{machine()}",
        f"- 数据：{args.organs} 个机关 × {args.years} 个年度 = {count} 份已发布报告"
        "（与 check_speed.py 相同的生成方法）",
        f"- 测量时机器的平均负载（1 分钟）：开始 {load_before:.1f}，结束 {load_after:.1f}"
        "（负载高于核数时墙钟时间包含等待其他进程的时间，以 CPU 时间比较为准）",
        "",
        "`python -m macros export`（新进程，含检查与 Python 启动；缓存在 build/cache/opendata/）：",
        "",
        "| 运行 | 墙钟（秒） | CPU（秒） | 内存峰值（MiB） |",
        "|---|---:|---:|---:|",
        *(f"| {label} | {wall:.1f} | {cpu:.1f} | {peak / 1024:.0f} |" for label, wall, cpu, peak in runs),
        "",
        f"改动一份报告后，{n_files} 个文件中有 {changed} 个变化（该报告的四个文件、合并文件和 datapackage.json）。",
        "",
        "进程内、不用缓存时各类文件的 CPU 用时：",
        "",
        "| 测量 | 数值 |",
        "|---|---:|",
        f"| 生成文件数 | {n_files} |",
        *(f"| 生成用时：{label}（CPU 秒） | {value:.2f} |" for label, value in sorted(seconds.items())),
        *(f"| 文件大小：{suffix}（MiB） | {size / 2**20:.1f} |" for suffix, size in sorted(sizes.items())),
    ]
    if profiled:
        lines += ["", "用时最多的函数（cProfile，不用缓存的 build_exports，按自身用时排序）：", "", *profiled]
    print("\n".join(lines))
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
        history = old[old.index(HISTORY) :] if HISTORY in old else ""
        RESULTS.write_text(
            "# 开放数据生成基准\n\n由 `benchmarks/export_speed.py --profile --write` 生成。网站构建时同样生成这些文件"
            "（`python -m macros prepare`，同样使用缓存）。\n\n"
            + "\n".join(lines)
            + "\n"
            + ("\n" + history if history else ""),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
