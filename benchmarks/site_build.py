"""Benchmark: how long a region's whole site takes to build, and how big it is.

For each size, a project of valid synthetic published reports (synthetic.py:
districts with their departments, 街道 and 乡镇, five years each, narrative of
a real report's length) is built as `make build` builds it, from cold (no build/,
no site/): `python -m macros build`, one process that prepares, runs MkDocs
strict and indexes the site for search. Recorded: wall and CPU seconds (user +
system, Pagefind's included), peak memory, site size, one report page's size,
and each step's CPU as the command measures it (`--timings`).

With --material, the same report pages are also built by a plain Material for
MkDocs site, pre-rendered (tables as HTML in the Markdown, titles written out),
with Material's own search (jieba) and its default menu, flat and with
`navigation.prune`: the yardstick of issue 13.

The incremental case is the editor's preview: with the preview built, one
draft's data file is saved under `mkdocs serve --dirty` (what `make serve`
runs), and the time until the served site is rebuilt is recorded; also the
same change rebuilt by separate processes, `prepare --preview` + `mkdocs build
--dirty` (each process starting cold: imports, kept results read from disk).

Run:  .venv/bin/python benchmarks/site_build.py [--reports 100 1000] [--material] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from check_speed import machine  # noqa: E402
from sections import replace_section  # noqa: E402
from synthetic import make_site  # noqa: E402

from macros.check.paths import data_path, page_path  # noqa: E402
from macros.check.project import check_project  # noqa: E402
from macros.format.national import TABLES_BY_NUMBER  # noqa: E402
from macros.site.tables import render_table  # noqa: E402

RESULTS_JSON = HERE / "results/site_build.json"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run `command` in a fresh wrapper process: its wall and CPU seconds and its peak memory (MiB)."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "wall = time.perf_counter() - start\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "sys.stderr.write(code.stderr.decode('utf-8', 'replace')[-3000:] if code.returncode else '')\n"
        "print(json.dumps({'wall': wall, 'cpu': use.ru_utime + use.ru_stime, 'rss': use.ru_maxrss / 1024,"
        " 'rc': code.returncode}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, *command], cwd=cwd, capture_output=True, text=True, env=env or ENV
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stderr}")
    return figures


def steps(preview: bool = False, dirty: bool = False) -> list[list[str]]:
    """prepare, mkdocs build and search-index as separate processes: the preview's first build, the editor's rebuild."""
    py = sys.executable
    prepare = [py, "-m", "macros", "prepare", *(["--preview"] if preview else [])]
    build = [py, "-m", "mkdocs", "build", "--strict", "-q", *(["--dirty"] if dirty else [])]
    if preview:
        build += ["-d", "site-preview"]
    return [prepare, build, [py, "-m", "macros", "search-index", "site-preview" if preview else "site"]]


def run_steps(root: Path, commands: list[list[str]], preview: bool = False) -> dict[str, float]:
    env = {**ENV, "NIANBAO_PREVIEW": "1"} if preview else ENV
    total = {"wall": 0.0, "cpu": 0.0, "rss": 0.0}
    for command in commands:
        figures = measured(command, root, env)
        total["wall"] += figures["wall"]
        total["cpu"] += figures["cpu"]
        total["rss"] = max(total["rss"], figures["rss"])
        total[command[2] if command[2] != "macros" else command[3]] = figures["cpu"]
    return total


def full_build(root: Path) -> dict[str, float]:
    """`make build` from cold: `python -m macros build`, with each step's CPU seconds as it measured them."""
    for folder in ("build", "site"):
        shutil.rmtree(root / folder, ignore_errors=True)
    timings = root / "timings.json"
    figures = measured([sys.executable, "-m", "macros", "build", "--timings", str(timings)], root)
    steps = json.loads(timings.read_text(encoding="utf-8"))
    timings.unlink()
    return figures | {"prepare": steps["prepare"], "mkdocs": steps["mkdocs"], "search-index": steps["search"]}


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def one_page(site: Path) -> int:
    """Bytes of the middle report page of the built site."""
    pages = sorted(p for p in site.glob("*/[0-9][0-9][0-9][0-9]/index.html"))
    return pages[len(pages) // 2].stat().st_size


def material_site(root: Path, out: Path, prune: bool) -> None:
    """The same report pages, pre-rendered, as a plain Material site (its search with jieba, its menu)."""
    project = check_project(root)
    docs = out / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 政府信息公开工作年度报告\n", encoding="utf-8")
    for key, report in project.reports.items():
        text = (root / page_path(*key)).read_text(encoding="utf-8")
        text = text.replace("{{ full_title() }}", project.title_of(key)).replace("{{ check_summary() }}", "")
        for number in TABLES_BY_NUMBER:
            text = text.replace(f'{{{{ table("{number}") }}}}', render_table(number, report))
        target = docs / key[0] / f"{key[1]}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    features = "\n    - navigation.prune" if prune else ""
    (out / "mkdocs.yml").write_text(
        "site_name: 政府信息公开工作年度报告\n"
        f"theme:\n  name: material\n  language: zh\n  font: false\n  features:\n    - navigation.indexes{features}\n"
        "plugins:\n  - search:\n      lang: zh\n"
        # The Markdown extensions of our mkdocs.yml (but our sanitizer): the same conversion work.
        "markdown_extensions:\n  - admonition\n  - attr_list\n  - tables\n  - toc:\n      permalink: true\n",
        encoding="utf-8",
    )


def add_draft(root: Path) -> Path:
    """A draft of the next year for one organ (copied from its last report): what an editor fills in preview."""
    project = check_project(root)
    organ, year = max(project.reports)
    source, page = root / data_path(organ, year), root / page_path(organ, year)
    draft = root / data_path(organ, year + 1)
    text = source.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("published:"))
    draft.write_text(text.replace("status: 已发布", "status: 草稿"), encoding="utf-8")
    (root / page_path(organ, year + 1)).write_text(
        page.read_text(encoding="utf-8").replace(str(year), str(year + 1)), encoding="utf-8"
    )
    return draft


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_rebuild(root: Path, draft: Path) -> dict[str, float]:
    """What an editor waits for in `make serve`: from saving the draft to the served site rebuilt.

    `mkdocs serve --dirty` (the Makefile's) is started and its first build awaited; then
    the draft's data file is saved and the time taken until MkDocs has rebuilt and
    reloaded the browsers, with nothing left to rebuild, is recorded, with the CPU
    seconds the server spent meanwhile.
    """
    import socket
    import threading
    import time

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**ENV, "NIANBAO_PREVIEW": "1", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[tuple[float, str]] = []

    def read() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            lines.append((time.perf_counter(), line))

    threading.Thread(target=read, daemon=True).start()

    def wait_for(text: str, after: int, timeout: float) -> int:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for i, (_, line) in enumerate(lines[after:], after):
                if text in line:
                    return i
            if server.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + "".join(line for _, line in lines[-30:]))
            time.sleep(0.05)
        raise SystemExit(f"mkdocs serve: no {text!r} in {timeout} s:\n" + "".join(line for _, line in lines[-30:]))

    try:
        wait_for("Serving on", 0, 1800)
        time.sleep(3)  # let the watcher settle
        seen, cpu = len(lines), _cpu_seconds(server.pid)
        start = time.perf_counter()
        draft.write_text(draft.read_text(encoding="utf-8") + "\n# 再次修改\n", encoding="utf-8")
        done = wait_for("Reloading browsers", seen, 600)
        # A rebuild that changes the tree can set off another: wait until none follows for 5 s.
        while True:
            time.sleep(5)
            later = [i for i, (_, line) in enumerate(lines) if i > done and "Reloading browsers" in line]
            if not later:
                break
            done = later[-1]
        return {"wall": lines[done][0] - start, "cpu": _cpu_seconds(server.pid) - cpu}
    finally:
        server.terminate()
        server.wait(30)


def measure_size(reports: int, material: bool, repeat: int = 1) -> dict[str, object]:
    """One size: the full build, the Material yardstick (with `repeat`, alternating runs of both), the preview."""
    with tempfile.TemporaryDirectory(prefix="nianbao-site-") as tmp:
        root = Path(tmp) / "region"
        root.mkdir()
        count = make_site(root, reports)
        row: dict[str, object] = {"reports": count, "load_before": os.getloadavg()[0]}
        ours = full_build(root)
        site = root / "site"
        row |= {"ours": ours, "site_bytes": size_of(site), "page_bytes": one_page(site)}
        row["pages"] = sum(1 for _ in site.rglob("index.html"))
        if material:
            build = [sys.executable, "-m", "mkdocs", "build", "-q"]
            for prune in (False, True):
                out = Path(tmp) / f"material-{prune}"
                material_site(root, out, prune)
                figures = measured(build, out)
                row[f"material_{'pruned' if prune else 'flat'}"] = figures | {
                    "page_bytes": one_page(out / "site"),
                    "search_bytes": (out / "site/search/search_index.json").stat().st_size,
                }
            # This VM's speed drifts by up to a third between minutes: the two builds taken in turns,
            # each of ours from cold (no kept check results, no tree, no site), compared pair by pair.
            pairs = [{"ours": ours["cpu"], "material_pruned": row["material_pruned"]["cpu"]}]
            for _ in range(repeat - 1):
                again = full_build(root)
                pairs.append(
                    {"ours": again["cpu"], "material_pruned": measured(build, Path(tmp) / "material-True")["cpu"]}
                )
            row["pairs"] = pairs
            for prune in (False, True):
                shutil.rmtree(Path(tmp) / f"material-{prune}")
        # The editor's preview: a full preview build, then one draft changed and rebuilt.
        draft = add_draft(root)
        run_steps(root, steps(preview=True), preview=True)
        draft.write_text(draft.read_text(encoding="utf-8") + "\n# 修改\n", encoding="utf-8")
        # `make serve` does not index again on a change (its search dates from its start): prepare and MkDocs.
        row["incremental"] = run_steps(root, steps(preview=True, dirty=True)[:2], preview=True)
        row["serve"] = serve_rebuild(root, draft)
        row["load_after"] = os.getloadavg()[0]
        return row


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| 报告数 | 页面数 | 全站构建墙钟（秒） | CPU（秒） | 其中 prepare / mkdocs / 搜索索引 CPU "
        "| 峰值内存（MiB） | 站点大小（MB） "
        "| 一份报告页面（KB） | make serve 中保存一份草稿到预览重建完成，墙钟 / CPU（秒） "
        "| 同一改动以独立进程 prepare --preview + mkdocs build --dirty，墙钟 / CPU（秒） |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---|---|",
    ]
    for r in rows:
        o, inc, serve = r["ours"], r["incremental"], r.get("serve")
        parts = " / ".join(f"{o[k]:.1f}" if k in o else "—" for k in ("prepare", "mkdocs", "search-index"))
        lines.append(
            f"| {r['reports']} | {r['pages']} | {o['wall']:.1f} | {o['cpu']:.1f} | {parts} | {o['rss']:.0f} | "
            f"{r['site_bytes'] / 1e6:.1f} | {r['page_bytes'] / 1e3:.0f} | "
            + (f"{serve['wall']:.1f} / {serve['cpu']:.1f}" if serve else "—")
            + f" | {inc['wall']:.1f} / {inc['cpu']:.1f} |"
        )
    material = [r for r in rows if "material_pruned" in r]
    if material:
        lines += [
            "",
            "同一批报告页面（表格预先渲染为 HTML）由不加改动的 Material for MkDocs 构建"
            "（自带搜索与 jieba 分词、自动生成的菜单）：",
            "",
            "| 报告数 | 菜单 | 墙钟（秒） | CPU（秒） | 峰值内存（MiB） | 一份报告页面（KB） "
            "| 搜索索引（MB，每次搜索整份下载） | 本站 CPU ÷ Material CPU |",
            "|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in material:
            for name, label in (("material_flat", "完整"), ("material_pruned", "navigation.prune")):
                m = r[name]
                lines.append(
                    f"| {r['reports']} | {label} | {m['wall']:.1f} | {m['cpu']:.1f} | {m['rss']:.0f} | "
                    f"{m['page_bytes'] / 1e3:.0f} | {m['search_bytes'] / 1e6:.1f} | {r['ours']['cpu'] / m['cpu']:.2f} |"
                )
    paired = [r for r in material if len(r.get("pairs", ())) > 1]
    if paired:
        lines += [
            "",
            "轮流构建（本站全站冷构建与 Material `navigation.prune` 构建交替进行，逐对比较 CPU）：",
            "",
            "| 报告数 | 各对 本站 / Material CPU（秒） | 各对比值 | 比值中位数 |",
            "|---:|---|---|---:|",
        ]
        for r in paired:
            ratios = [p["ours"] / p["material_pruned"] for p in r["pairs"]]
            shown = "；".join(f"{p['ours']:.1f} / {p['material_pruned']:.1f}" for p in r["pairs"])
            each = "、".join(f"{x:.2f}" for x in ratios)
            lines.append(f"| {r['reports']} | {shown} | {each} | {statistics.median(ratios):.2f} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--material", action="store_true", help="also build the plain Material yardstick")
    parser.add_argument("--material-max", type=int, default=1000, help="…only up to this many reports")
    parser.add_argument("--repeat", type=int, default=1, help="full builds and pruned Material builds, in turns")
    parser.add_argument("--write", action="store_true", help="record the figures in benchmarks/RESULTS.md")
    args = parser.parse_args()
    rows = []
    for reports in args.reports:
        rows.append(measure_size(reports, args.material and reports <= args.material_max, args.repeat))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    lines = table(rows)
    print("\n".join(lines))
    if args.write:
        RESULTS_JSON.parent.mkdir(exist_ok=True)
        RESULTS_JSON.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        loads = ", ".join(f"{r['load_before']:.1f}→{r['load_after']:.1f}" for r in rows)
        replace_section(
            "全站构建基准",
            [
                "由 `benchmarks/site_build.py --write` 生成（原始数字在 `benchmarks/results/site_build.json`）。"
                "本站的全站构建与 `make build` 相同，是一条命令 `python -m macros build`（检查与准备、MkDocs、"
                "搜索索引在同一进程中），每次从冷开始；CPU 为用户态与内核态时间之和（含 Pagefind 子进程），"
                "各步骤的 CPU 由这条命令自己测量（`--timings`）；预览的增量重建仍是独立的进程。",
                "",
                f"- 日期：{date.today().isoformat()}；机器：{machine()}",
                "- 数据：`benchmarks/synthetic.py` 生成的虚构地区，县级政府及其部门、街道、乡镇，每个机关 5 个年度，"
                "每份报告的正文约 2,000 字",
                f"- 测量时机器的 1 分钟平均负载（开始→结束）：{loads}；"
                "负载高于核数时墙钟时间包含等待，CPU 时间不受影响",
                "",
                *lines,
            ],
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
