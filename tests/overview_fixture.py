"""A small region for the overview tests: fictional organs of several levels and parents, several years.

Built in a copy of the project with the project's own commands (publish,
withdraw), so every record is what an editor's would be. The pages' text is
ours, and says nothing that a table could contradict.

    zhanyi  沾益区政府 (县级政府)   2023 on time, 2024 late (deadline 3月31日)
    xiping  西平街道 (街道, zhanyi)  2023 on time (added here), 2024 the project's own report
    qinghe  清河镇 (乡镇, zhanyi)    2023 on time, 2024 a draft
    wenjiao 文教局 (县级部门, zhanyi) 2023 published then withdrawn, 2024 nothing
"""

from __future__ import annotations

from pathlib import Path

from macros.authoring.datafile import dump_report
from macros.cli import main
from macros.format.national import Cell, cells

# Builds of the fixture are as of this day (SOURCE_DATE_EPOCH): every 2024 report is due by then.
AS_OF_EPOCH = "1748736000"  # 2025-06-01 00:00 UTC
AS_OF = "2025-06-01"

ORGANS = """
qinghe:
  name: 曲靖市沾益区清河镇人民政府
  short: 清河镇
  level: 乡镇
  parent: zhanyi

wenjiao:
  name: 曲靖市沾益区文教局
  short: 文教局
  level: 县级部门
  parent: zhanyi
"""

PAGE = """---
title: {year} 年报告
---

# {{{{ full_title() }}}}

{{{{ check_summary() }}}}

## 一、总体情况

本年度，本机关按照条例要求推进政府信息公开工作，依法受理申请并按期答复，各项数字见下列统计表。

## 二、主动公开政府信息情况

{{{{ table("二") }}}}

## 三、收到和处理政府信息公开申请情况

{{{{ table("三") }}}}

## 四、政府信息公开行政复议、行政诉讼情况

{{{{ table("四") }}}}

## 五、存在的主要问题及改进情况

主要问题是公开栏目更新不够及时，部分信息发布滞后。改进措施是建立每月检查制度，明确专人负责栏目更新。

## 六、其他需要报告的事项

本年度未收取信息处理费。
"""


def figures(
    new: int,
    disclosed: int,
    partial: int,
    refused: int,
    review: tuple[int, int] = (0, 0),
    litigation: tuple[int, int] = (0, 0),
    penalty: int = 0,
    licensing: int = 0,
) -> dict[Cell, int]:
    """Numbers of a report that pass every rule: every application of the year answered within it.

    `refused` applications go to （三）1, whatever is left of `new` to （四）1; `review` and
    `litigation` are (总计, 结果纠正), the rest 结果维持 (litigation: all 未经复议直接起诉).
    """
    values = {c: 0 for c in cells()}
    unable = new - disclosed - partial - refused
    assert unable >= 0
    for row, n in (
        ("new", new),
        ("disclosed", disclosed),
        ("partial", partial),
        ("refused_secret", refused),
        ("unable_not_held", unable),
        ("results_total", new),
    ):
        values[Cell("requests", row, "natural")] = n
        values[Cell("requests", row, "total")] = n
    for row, (total, corrected) in (("review", review), ("direct", litigation)):
        values[Cell("appeals", row, "corrected")] = corrected
        values[Cell("appeals", row, "upheld")] = total - corrected
        values[Cell("appeals", row, "total")] = total
    values[Cell("proactive", "penalty", "decisions")] = penalty
    values[Cell("proactive", "licensing", "decisions")] = licensing
    return values  # type: ignore[return-value]


REPORTS: dict[tuple[str, int], dict[Cell, int]] = {
    ("zhanyi", 2023): figures(40, 20, 10, 4, review=(5, 1), litigation=(2, 1), penalty=120, licensing=900),
    ("zhanyi", 2024): figures(50, 30, 5, 5, review=(4, 2), litigation=(3, 0), penalty=150, licensing=800),
    ("xiping", 2023): figures(3, 2, 0, 0, penalty=200),
    ("qinghe", 2023): figures(0, 0, 0, 0, penalty=12),
    ("qinghe", 2024): figures(7, 7, 0, 0, penalty=99),  # the draft: none of it may be public
    ("wenjiao", 2023): figures(9, 3, 3, 3, review=(1, 1)),
}
PUBLISHED = {
    ("zhanyi", 2023): "2024-03-20",
    ("zhanyi", 2024): "2025-04-10",  # 10 days after 3月31日
    ("xiping", 2023): "2024-01-15",
    ("qinghe", 2023): "2024-01-30",
    ("wenjiao", 2023): "2024-01-10",
}
WITHDRAWN = ("wenjiao", 2023)
WITHDRAWN_ON = "2024-06-01"
DRAFT = ("qinghe", 2024)


def _run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


def make_region(root: Path) -> None:
    """Turn the project copy at `root` into the region above."""
    organs = root / "data" / "organs.yaml"
    organs.write_text(organs.read_text(encoding="utf-8").rstrip("\n") + "\n" + ORGANS, encoding="utf-8")
    for (organ, year), values in REPORTS.items():
        data = root / "data" / "reports" / organ / f"{year}.yaml"
        data.parent.mkdir(parents=True, exist_ok=True)
        data.write_text(dump_report(values, header=f"{organ} {year}"), encoding="utf-8")
        page = root / "docs" / organ / f"{year}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(year=year), encoding="utf-8")
    for (organ, year), day in PUBLISHED.items():
        _run("--root", str(root), "publish", organ, str(year), "--date", day)
    organ, year = WITHDRAWN
    _run(
        "--root",
        str(root),
        "withdraw",
        organ,
        str(year),
        "--date",
        WITHDRAWN_ON,
        "--reason",
        "数字有误，撤回重新核对。",
    )
