"""Benchmark: how long the overview pages take to make, and how big they are, for a large region.

Builds an in-memory checked project (no files, no checks: the overviews run
after them) of synthetic published reports: `--organs` organs under a tree of
levels (one 县级政府, its 县级部门, 乡镇 and 街道), `--years` years each, varied
numbers. Then times, in this process, what prepare adds for the overviews:
collecting the figures, every organ and year page, the home matrix and the
previous/next lines of every report page; and records the sizes of the pages.

Run:  .venv/bin/python benchmarks/overview_speed.py [--organs 200] [--years 5] [--repeat 3] [--write]
With --write the figures go to benchmarks/results/overview_speed.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.check.load import Organ, Report  # noqa: E402
from macros.check.project import Project  # noqa: E402
from macros.format.national import PUBLISHED, Cell, cells  # noqa: E402
from macros.overview.matrix import render_matrix  # noqa: E402
from macros.overview.model import collect  # noqa: E402
from macros.overview.organ import neighbour_lines  # noqa: E402
from macros.overview.pages import overview_files  # noqa: E402
from macros.record.fields import Record  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "overview_speed.md"
LEVELS = ("县级部门", "乡镇", "街道")


def synthetic_project(organs: int, years: int, seed: int = 13) -> Project:
    rng = random.Random(seed)
    project = Project(root=ROOT / "build" / "no-such-project")
    project.organs["qu"] = Organ("qu", "示例区人民政府", "示例区政府", "县级政府", None)
    for i in range(organs - 1):
        slug = f"o{i:04d}"
        project.organs[slug] = Organ(slug, f"示例区第{i}机关", f"第{i}机关", LEVELS[i % 3], "qu")
    for slug in project.organs:
        for year in range(2021, 2021 + years):
            values: dict[Cell, int] = {c: 0 for c in cells()}
            new = rng.randint(0, 300)
            disclosed = rng.randint(0, new)
            for row, n in (("new", new), ("disclosed", disclosed), ("unable_not_held", new - disclosed)):
                values[Cell("requests", row, "total")] = n
            values[Cell("requests", "results_total", "total")] = new
            values[Cell("appeals", "review", "total")] = rng.randint(0, 9)
            values[Cell("proactive", "penalty", "decisions")] = rng.randint(0, 2000)
            record = Record(status=PUBLISHED, published=date(year + 1, 1, rng.randint(2, 28)))
            project.reports[(slug, year)] = Report(slug, year, "", values, record=record)  # type: ignore[arg-type]
    return project


def run(organs: int, years: int) -> dict[str, float]:
    project = synthetic_project(organs, years)
    pages = set(project.reports)
    as_of = date(2021 + years, 6, 1)
    start = time.perf_counter()
    overview = collect(project, as_of, False, pages)
    files = overview_files(overview)
    home = render_matrix(overview)
    lines = neighbour_lines(pages, pages)
    seconds = time.perf_counter() - start
    organ_sizes = [len(v) for k, v in files.items() if k.endswith("/index.md") and not k.startswith("niandu/")]
    year_sizes = [len(v) for k, v in files.items() if k.startswith("niandu/2")]
    return {
        "reports": len(pages),
        "seconds": seconds,
        "files": len(files),
        "home_kb": len(home.encode("utf-8")) / 1024,
        "organ_kb": statistics.median(organ_sizes) / 1024,
        "year_kb": statistics.median(year_sizes) / 1024,
        "line_bytes": max(len(v.encode("utf-8")) for v in lines.values()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organs", type=int, nargs="+", default=[20, 200, 600])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = []
    for organs in args.organs:
        runs = [run(organs, args.years) for _ in range(args.repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        rows.append(
            f"| {best['reports']:,} | {best['seconds']:.2f} | {best['files']:,} | {best['home_kb']:.0f} | "
            f"{best['organ_kb']:.1f} | {best['year_kb']:.0f} | {best['line_bytes']} |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            "| reports | overviews (s, best of runs) | pages | home matrix (KB) | organ page (KB, median) |"
            " year page (KB, median) | prev/next line (bytes, max) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    text = (
        "# Overview pages: time and size\n\n"
        f"`benchmarks/overview_speed.py --organs {' '.join(map(str, args.organs))} --years {args.years}"
        f" --repeat {args.repeat}` on {platform.python_implementation()} {platform.python_version()},"
        " one process, the machine shared with other work (best of the runs).\n"
        "Time is what prepare adds for the overviews (figures, organ and year pages, home matrix, the"
        " previous/next line of every report page), before MkDocs renders them.\n\n"
        f"{table}\n\n"
        "A report page gains one line of constant size (the last column), whatever the number of reports;"
        " an organ page grows with its own years only; the home matrix and each year page grow with the"
        " number of organs (they are the pages that browse).\n"
    )
    if args.write:
        RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
