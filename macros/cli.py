"""Command line: ``python -m macros <command>``; each command registers in COMMANDS."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from macros.authoring.scaffold import add_new_arguments, cmd_new
from macros.authoring.schema import stale_schemas, write_schemas
from macros.check.findings import summarize
from macros.check.output import FORMATS, format_finding, step_summary
from macros.check.paths import report_key_of_path
from macros.check.project import check_project
from macros.importer import command as import_command
from macros.opendata.export import add_export_arguments, cmd_export
from macros.record.commands import (
    add_correct_arguments,
    add_publish_arguments,
    add_withdraw_arguments,
    cmd_correct,
    cmd_publish,
    cmd_withdraw,
)
from macros.record.since import RevisionError, check_since


def _add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="输出格式：text 每个问题一行（默认）；github 输出 GitHub 工作流命令，问题显示在拉取请求的对应行上",
    )
    parser.add_argument(
        "--since",
        metavar="版本",
        help="再与这个 git 版本（例如 origin/main）比较：其中已登记的发布记录、更正记录和撤回都必须原样保留",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="只检查这些文件所属的报告（数据文件或报告页面）及其前后年份；其他文件或不给出时检查全部",
    )


def _relative(root: Path, path: str) -> str | None:
    """A path as the project knows it (relative to the root), or None if outside."""
    given = Path(path)
    if not given.is_absolute():
        return given.as_posix()
    try:
        return given.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def cmd_check(args: argparse.Namespace) -> int:
    """Print every finding of the project; exit 1 if any is an error."""
    root = Path(args.root)
    keys = [report_key_of_path(rel) if (rel := _relative(root, p)) else None for p in args.paths]
    # Anything but a report's own files (the organ registry, …) can affect every report.
    only = set(keys) if keys and all(keys) else None
    project = check_project(root, only=only)  # type: ignore[arg-type]
    if args.since:
        try:
            project.findings += check_since(root, args.since, project)
        except RevisionError as exc:
            print(f"检查未完成：{exc}", file=sys.stderr)
            return 2
    for finding in project.findings:
        print(format_finding(finding, args.format))
    scope = f"（{len(project.reports)} 份报告）" if only is not None else ""
    verdict = "检查未通过" if project.errors else "检查通过"
    print(f"{verdict}{scope}：{summarize(project.findings)}", file=sys.stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.format == "github" and summary_file:
        # The diff shows the first few annotations; the run's summary page lists them all.
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(step_summary(project.findings, f"{verdict}，{summarize(project.findings)}"))
    return 1 if project.errors else 0


def _add_schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true", help="只检查已提交的 schema 是否为最新，不写文件")


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas generated from the format declaration (or check they are current)."""
    root = Path(args.root)
    if args.check:
        stale = stale_schemas(root)
        for path in stale:
            print(f"{path}: 与格式定义不一致，请运行 python -m macros schema 重新生成。", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(root):
        print(f"已更新 {path}")
    return 0


# Each subcommand: (name, help, function adding its arguments, function running it).
COMMANDS: list[tuple[str, str, object, object]] = [
    ("check", "检查全部数据与报告页面，不构建站点", _add_check_arguments, cmd_check),
    ("new", "新建一份报告：生成空白数据文件和报告页面", add_new_arguments, cmd_new),
    ("schema", "根据格式定义重新生成数据文件的 JSON Schema", _add_schema_arguments, cmd_schema),
    ("publish", "发布一份草稿：登记指纹并保存首次发布的原文", add_publish_arguments, cmd_publish),
    ("correct", "登记已发布报告的更正：列出更正前后的数字和正文指纹", add_correct_arguments, cmd_correct),
    ("withdraw", "撤回已发布的报告：保留页面并注明撤回日期和理由", add_withdraw_arguments, cmd_withdraw),
    ("import", import_command.HELP, import_command.add_arguments, import_command.run),
    (
        "export",
        "导出开放数据（CSV、JSON、Excel、datapackage.json）；检查未通过时不导出",
        add_export_arguments,
        cmd_export,
    ),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros", description="政府信息公开工作年度报告：检查与维护工具")
    parser.add_argument("--root", default=".", help="项目根目录（默认当前目录）")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text, add_arguments, run in COMMANDS:
        command = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(command)
        command.set_defaults(func=run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
