"""``python -m macros import <file> --organ <slug> --year <year>``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros.authoring.scaffold import ScaffoldError, check_year
from macros.check.findings import Finding, summarize
from macros.check.load import load_organs
from macros.check.paths import ORGANS_FILE, data_path, page_path
from macros.check.project import check_project
from macros.record.lock import read_lock

from . import READERS, import_file

HELP = "导入已有的年度报告（文本、网页、Word、PDF），写出数据文件和报告页面，并运行检查"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help=f"报告文件（{'、'.join(READERS)}）")
    parser.add_argument("--organ", required=True, help="机关代号（data/organs.yaml 中的键）")
    parser.add_argument("--year", required=True, type=int, help="报告年份，如 2024")
    parser.add_argument("--force", action="store_true", help="覆盖已有的数据文件和报告页面")


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    source = Path(args.file)
    organs_file = root / ORGANS_FILE
    organs = load_organs(ORGANS_FILE, organs_file.read_text(encoding="utf-8"))[0] if organs_file.is_file() else {}
    organ = organs.get(args.organ)
    if organ is None:
        print(f"机关代号「{args.organ}」不在机关名录 {ORGANS_FILE} 中；请先在名录中登记该机关。", file=sys.stderr)
        return 2
    try:
        check_year(args.year)
    except ScaffoldError as exc:
        print(f"未导入：{exc}", file=sys.stderr)
        return 2
    if not source.is_file():
        print(f"找不到要导入的文件：{source}", file=sys.stderr)
        return 2
    published = read_lock(root)[0].get((organ.slug, args.year))
    if published is not None:
        # Not even with --force: a published report changes only by a registered correction.
        print(
            f"{organ.short} {args.year} 年的报告已于 {published.published.isoformat()} 发布，导入不能覆盖已发布的报告；"
            "如需更正，请直接修改数据文件或页面，再用 python -m macros correct 登记更正。",
            file=sys.stderr,
        )
        return 1
    targets = [data_path(organ.slug, args.year), page_path(organ.slug, args.year)]
    existing = [t for t in targets if (root / t).exists()]
    if existing and not args.force:
        print(
            f"{'、'.join(existing)} 已存在；导入不会覆盖已有的报告。确需用导入结果替换时，请加 --force。",
            file=sys.stderr,
        )
        return 1

    imported = import_file(source, organ, args.year, organs)
    for finding in imported.findings:
        print(finding)
    if imported.refused:
        print(f"未导入：{source.name} 无法导入，没有写入任何文件。", file=sys.stderr)
        return 1
    for target, text in zip(targets, (imported.data_text, imported.page_text), strict=True):
        (root / target).parent.mkdir(parents=True, exist_ok=True)
        (root / target).write_text(text, encoding="utf-8")
        print(f"已写入 {target}", file=sys.stderr)

    project = check_project(root)
    checked: list[Finding] = project.findings_for((organ.slug, args.year))
    for finding in checked:
        print(finding)
    found = imported.findings + checked
    failed = any(not f.advisory for f in found)
    verdict = "导入完成，但有问题需要核对原文并修正：" if failed else "导入完成，检查通过："
    print(verdict + summarize(found), file=sys.stderr)
    return 1 if failed else 0
