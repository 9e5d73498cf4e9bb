"""Command line: ``python -m macros check`` (more subcommands register here)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .findings import summarize
from .project import check_project


def cmd_check(args: argparse.Namespace) -> int:
    """Print every finding of the project; exit 1 if any is an error."""
    project = check_project(Path(args.root))
    for finding in project.findings:
        print(finding)
    print(("检查未通过：" if project.errors else "检查通过：") + summarize(project.findings), file=sys.stderr)
    return 1 if project.errors else 0


# Each subcommand: (name, help, function adding its arguments, function running it).
# Later commands (new, export, import, …) add one entry here.
COMMANDS: list[tuple[str, str, object, object]] = [
    ("check", "检查全部数据与报告页面，不构建站点", lambda p: None, cmd_check),
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
