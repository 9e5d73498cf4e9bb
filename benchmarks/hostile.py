"""Time every command over every hostile input of tests/hostile.py (each must exit 0/1 in well under 2 s).

python benchmarks/hostile.py            # print the table
python benchmarks/hostile.py --write    # and record it in benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile import CASES, commands, prepare, run  # noqa: E402
from sections import replace_section  # noqa: E402

HEADING = "恶意输入：每条命令的耗时"


def _base(folder: Path) -> Path:
    base = folder / "base"
    base.mkdir()
    for part in ("mkdocs.yml", "docs", "data"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, base / part)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@example.invalid", *args], cwd=base, check=True)
    return base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the table in benchmarks/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nianbao-hostile-") as tmp:
        base = _base(Path(tmp))
        names = list(commands(base))
        rows = []
        worst = 0.0
        for case in CASES:
            cells = []
            for name in names:
                root = Path(tmp) / f"{case.name}-{name}"
                shutil.copytree(base, root, symlinks=True)
                prepare(root, case)
                result = run(commands(root)[name])
                worst = max(worst, result.seconds)
                cells.append(f"{result.seconds:.2f} / {result.wall:.2f}（{result.status}）")
                shutil.rmtree(root)
            rows.append(f"| {case.name} | " + " | ".join(cells) + " |")
            print(rows[-1], flush=True)
    table = [
        f"由 `benchmarks/hostile.py --write` 生成（{date.today().isoformat()}，{platform.machine()} "
        f"{os.cpu_count()} 核，Python {platform.python_version()}，1 分钟负载 {os.getloadavg()[0]:.1f}）。"
        "每格为同一进程内运行该命令的 CPU 秒数 / 墙钟秒数（括号内为退出码）；测试 tests/test_hostile.py "
        "要求 CPU 时间 < 2 秒、退出码 0 或 1、输出行数有上限、没有 Traceback。",
        "",
        f"最慢一格：CPU {worst:.2f} 秒。",
        "",
        "| 输入 | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
        *rows,
    ]
    if args.write:
        replace_section(HEADING, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
