"""A long fuzzing run of tests/test_fuzz.py: N cases per target instead of the suite's 100.

python benchmarks/fuzz.py --examples 5000            # run and print
python benchmarks/fuzz.py --examples 5000 --write    # and record cases and time in benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from sections import replace_section  # noqa: E402

HEADING = "模糊测试（Hypothesis）"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="cases per fuzzed function")
    parser.add_argument("--write", action="store_true", help="record the run in benchmarks/RESULTS.md")
    args = parser.parse_args()
    env = {**os.environ, "NIANBAO_FUZZ_EXAMPLES": str(args.examples)}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py", "--durations=0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    print(result.stdout[-4000:])
    durations = re.findall(r"([0-9.]+)s call\s+tests/test_fuzz.py::(\w+)", result.stdout)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(no output)"
    body = [
        f"由 `benchmarks/fuzz.py --examples {args.examples} --write` 生成（{date.today().isoformat()}，"
        f"{os.cpu_count()} 核，Python {platform.python_version()}）。测试套件中每个目标只跑 100 例（固定种子）；"
        "这里每个目标跑下面的例数，断言同样是：没有异常逃出，每条问题都是已登记的规则、有文件和行号、说明为中文且有长度上限。",
        "",
        f"- 每个目标 {args.examples} 例，共 {args.examples * len(durations)} 例，"
        f"总耗时 {seconds:.0f} 秒；结果：{summary}",
        "",
        "| 目标 | 例数 | 秒 |",
        "|---|---:|---:|",
        *(f"| {name} | {args.examples} | {float(s):.1f} |" for s, name in durations),
    ]
    if args.write:
        replace_section(HEADING, body)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
