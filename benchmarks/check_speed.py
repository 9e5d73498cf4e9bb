"""Benchmark: how long `python -m macros check` takes on a large collection.

Generates a project of valid reports in a temporary folder (200 organs x 5
years = 1,000 reports by default, published with their lock entries and
first-publication copies, continuity across years kept), then times, as an
editor or CI would run them, each as a fresh process:

- the full check of every report;
- the same, compared with a git revision (`--since`, as the pull-request workflow runs it);
- the check of one changed report (what the pre-commit hook runs);
- the check of one changed report when its data file is given with its page.

Run:  .venv/bin/python benchmarks/check_speed.py [--organs 200] [--years 5] [--repeat 5] [--write]
With --write the figures replace benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.authoring.datafile import dump_report  # noqa: E402
from macros.authoring.scaffold import render_page  # noqa: E402
from macros.check.load import Organ  # noqa: E402
from macros.check.paths import ORGANS_FILE, data_path, page_path  # noqa: E402
from macros.format.national import (  # noqa: E402
    LEVELS_WITHOUT_RULES,
    PUBLISHED,
    T3_CARRIED_IN,
    T3_CARRIED_OVER,
    T3_NEW,
    T3_PART_COLUMNS,
    T3_RESULT_ROWS,
    T3_RESULTS_TOTAL,
    T3_TOTAL_COLUMN,
    TABLE_2,
    TABLE_3,
    TABLE_4,
    Cell,
)
from macros.record.lock import LOCK_FILE, LockEntry, dump_lock, numbers_fingerprint, page_fingerprint, snapshot_paths  # noqa: E402

FIRST_YEAR = 2021
NARRATIVE = {
    "一": "### （一）主动公开\n\n全年主动公开政府信息 {n} 条。\n\n### （二）依申请公开\n\n依法办理政府信息公开申请。",
    "五": "### （一）存在的主要问题\n\n公开形式较为单一，部分信息更新不够及时。\n\n"
    "### （二）改进情况\n\n拓展公开渠道，加强信息发布的审核和定期更新。",
    "六": "{year} 年未收取信息处理费。政府信息公开工作已纳入年度考核和社会评议，未发生责任追究情况。",
}


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` spread over `parts` non-negative integers (most of them 0, as in real reports)."""
    out = [0] * parts
    for _ in range(total):
        out[rng.randrange(parts) if rng.random() < 0.3 else 0] += 1
    return out


def report_values(rng: random.Random, level: str, previous: dict[Cell, object] | None) -> dict[Cell, object]:
    """Values that pass every rule, carrying last year's figures over."""
    values: dict[Cell, object] = {}
    for row in TABLE_2.grid_of("rules").rows:
        local_rules = row.key == "rules" and level in LEVELS_WITHOUT_RULES
        first = 0 if local_rules else rng.randint(0, 30)
        last = previous[Cell(TABLE_2.key, row.key, "in_force")] if previous else first
        issued = 0 if local_rules else rng.randint(0, 5)
        repealed = 0 if local_rules else rng.randint(0, min(3, last + issued))
        values[Cell(TABLE_2.key, row.key, "issued")] = issued
        values[Cell(TABLE_2.key, row.key, "repealed")] = repealed
        values[Cell(TABLE_2.key, row.key, "in_force")] = last + issued - repealed
        if last + issued - repealed == 0 and repealed:  # keep clear of the advisory
            values[Cell(TABLE_2.key, row.key, "repealed")] = 0
            values[Cell(TABLE_2.key, row.key, "in_force")] = last + issued
    for key in ("licensing", "penalty", "coercion"):
        values[Cell(TABLE_2.key, key, "decisions")] = rng.randint(0, 500)
    values[Cell(TABLE_2.key, "fees", "amount")] = Decimal(rng.randint(0, 100000)) / 100
    rows: dict[str, list[int]] = {r.key: [0] * len(T3_PART_COLUMNS) for r in TABLE_3.rows}
    for i, column in enumerate(T3_PART_COLUMNS):
        carried_in = previous[Cell(TABLE_3.key, T3_CARRIED_OVER, column)] if previous else rng.randint(0, 2)
        new = rng.randint(0, 40) if i == 0 else rng.randint(0, 5)
        handled = new + carried_in
        carried_over = rng.randint(0, min(3, handled))
        leaves = _split(handled - carried_over, len(T3_RESULT_ROWS), rng)
        rows[T3_NEW][i], rows[T3_CARRIED_IN][i], rows[T3_CARRIED_OVER][i] = new, carried_in, carried_over
        rows[T3_RESULTS_TOTAL][i] = handled - carried_over
        for key, count in zip(T3_RESULT_ROWS, leaves, strict=True):
            rows[key][i] = count
    for key, counts in rows.items():
        for column, count in zip(T3_PART_COLUMNS, counts, strict=True):
            values[Cell(TABLE_3.key, key, column)] = count
        values[Cell(TABLE_3.key, key, T3_TOTAL_COLUMN)] = sum(counts)
    for row in TABLE_4.rows:
        parts = [rng.randint(0, 2) for _ in range(4)]
        for column, count in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            values[Cell(TABLE_4.key, row.key, column)] = count
        values[Cell(TABLE_4.key, row.key, "total")] = sum(parts)
    return values


def page_text(organ: Organ, year: int, rng: random.Random) -> str:
    text = render_page(organ, year)
    for number, body in NARRATIVE.items():
        start = text.index(f"## {number}、")
        hint_start = text.index("{#", start)
        hint_end = text.index("#}", hint_start) + 2
        text = text[:hint_start] + body.format(n=rng.randint(10, 2000), year=year) + text[hint_end:]
    return text


def write_published(
    root: Path, organ: Organ, year: int, values: dict[Cell, object], page: str, when: date
) -> LockEntry:
    """Write a report published on `when`: its data, its page and their kept first copies; its lock entry."""
    data = dump_report(values, header=f"{organ.name}{year}年报告的数据。").replace(
        "status: 草稿", f"status: {PUBLISHED}\npublished: {when.isoformat()}"
    )
    for path, text in zip(
        (data_path(organ.slug, year), page_path(organ.slug, year), *snapshot_paths(organ.slug, year)),
        (data, page, data, page),
        strict=True,
    ):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return LockEntry(
        organ.slug,
        year,
        when,
        numbers_fingerprint(values),  # type: ignore[arg-type]
        page_fingerprint(page),
        name=organ.name,
    )


def generate(root: Path, n_organs: int, n_years: int, seed: int = 2024) -> int:
    """Write a project of n_organs x n_years published reports; return how many."""
    rng = random.Random(seed)
    levels = ["街道", "乡镇", "县级部门", "县级政府", "市级部门"]
    organs = [
        Organ(f"o{i:04d}", f"某市某区第{i}号机关", f"第{i}号机关", levels[i % len(levels)], None)
        for i in range(n_organs)
    ]
    registry = "".join(f"{o.slug}:\n  name: {o.name}\n  short: {o.short}\n  level: {o.level}\n\n" for o in organs)
    (root / ORGANS_FILE).parent.mkdir(parents=True, exist_ok=True)
    (root / ORGANS_FILE).write_text(registry, encoding="utf-8")
    lock: dict[tuple[str, int], LockEntry] = {}
    for organ in organs:
        previous = None
        for year in range(FIRST_YEAR, FIRST_YEAR + n_years):
            values = report_values(rng, organ.level, previous)
            previous = values
            lock[(organ.slug, year)] = write_published(
                root, organ, year, values, page_text(organ, year, rng), date(year + 1, 1, 20)
            )
    (root / LOCK_FILE).write_text(dump_lock(lock), encoding="utf-8")
    return len(lock)


def time_check(
    root: Path, repeat: int, *paths: str
) -> tuple[list[float], list[float], subprocess.CompletedProcess[str]]:
    """Wall-clock and CPU (user + system) seconds of `python -m macros check`, a fresh process each time.

    CPU time is what the check costs; wall time also shows what else the machine was doing.
    """
    walls, cpus = [], []
    result = None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "macros", "--root", str(root), "check", *paths],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    assert result is not None
    return walls, cpus, result


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}，{os.cpu_count()} 核；Python {platform.python_version()}；{platform.system()} {platform.release()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organs", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write the figures to benchmarks/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        count = generate(root, args.organs, args.years)
        generated = time.perf_counter() - start
        organ, year = f"o{args.organs // 2:04d}", FIRST_YEAR + args.years // 2
        # A git repository, as in a pull request, for `check --since`.
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run([*git, "add", "-A"], cwd=root, check=True)
        subprocess.run([*git, "commit", "-qm", "reports"], cwd=root, check=True)
        cases = [
            (f"全部 {count} 份报告", ()),
            (f"全部 {count} 份报告，并与目标分支比较（拉取请求中的 --since）", ("--since", "HEAD")),
            ("改动的一份报告（数据文件）", (data_path(organ, year),)),
            ("改动的一份报告（数据文件和页面）", (data_path(organ, year), page_path(organ, year))),
        ]
        rows = []
        load_before = os.getloadavg()[0]
        for label, paths in cases:
            walls, cpus, result = time_check(root, args.repeat, *paths)
            if result.returncode != 0:
                print(result.stdout[:2000], result.stderr[:2000], file=sys.stderr)
                raise SystemExit(f"{label}: the generated reports do not pass the check")
            rows.append((label, min(walls), statistics.median(walls), statistics.median(cpus), result.stderr.strip()))
        load_after = os.getloadavg()[0]
    lines = [
        "| 检查范围 | 墙钟最快（秒） | 墙钟中位数（秒） | CPU 中位数（秒） | 检查输出 |",
        "|---|---:|---:|---:|---|",
        *(f"| {label} | {lo:.2f} | {med:.2f} | {cpu:.2f} | {out} |" for label, lo, med, cpu, out in rows),
    ]
    args.load = (load_before, load_after)
    print(f"generated {count} reports in {generated:.1f} s")
    print("\n".join(lines))
    if args.write:
        write_results(count, args, lines)
    return 0


# Written by hand below this heading in RESULTS.md, and kept when the figures are rewritten.
HISTORY = "## 优化记录"


def write_results(count: int, args: argparse.Namespace, table: list[str]) -> None:
    results = ROOT / "benchmarks/RESULTS.md"
    old = results.read_text(encoding="utf-8") if results.is_file() else ""
    history = old[old.index(HISTORY) :] if HISTORY in old else ""
    results.write_text(
        "\n".join(
            [
                "# 检查速度基准",
                "",
                "由 `benchmarks/check_speed.py --write` 生成；数字是墙钟时间，每次都是新启动的进程"
                "（与编辑、pre-commit 钩子和 CI 的用法相同），含 Python 启动时间。",
                "",
                f"- 日期：{date.today().isoformat()}",
                f"- 机器：{machine()}",
                f"- 数据：{args.organs} 个机关 × {args.years} 个年度 = {count} 份已发布报告"
                "（每份含数据文件、报告页面、发布记录条目和首次发布原文；跨年度结转一致），重复 "
                f"{args.repeat} 次",
                "- 目标：1,000 份报告全部检查 ≤ 3 秒（2 核）；改动的一份报告 ≤ 1 秒",
                f"- 测量时机器的平均负载（1 分钟）：开始 {args.load[0]:.1f}，结束 {args.load[1]:.1f}"
                "（负载高于核数时，墙钟时间包含等待其他进程的时间，CPU 时间不受影响）",
                "",
                *table,
                "",
            ]
        )
        + ("\n" + history if history else ""),
        encoding="utf-8",
    )


if __name__ == "__main__":
    raise SystemExit(main())
