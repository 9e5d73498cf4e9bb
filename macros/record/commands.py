"""Commands that change a report's record: publish, correct, withdraw.

Each one edits the report's data file in place (keeping the editor's comments
and layout), and ``publish`` also writes the lock file and the copy of the
report as first published. Every command first builds the new text and checks
it (the loader's record checks and the history against the lock file); it
writes only if that adds no error. A refused command leaves every file as it
was, so nothing published is ever lost or half-changed.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from macros.authoring.datafile import quoted
from macros.check.findings import Finding, Refusal
from macros.check.load import Report, load_report
from macros.check.paths import data_path, page_path
from macros.check.project import Project, check_project
from macros.check.reader import read_bytes, read_text
from macros.check.yamlnodes import compose
from macros.format.national import DRAFT, PUBLISHED, WITHDRAWN, Cell, cell_key
from macros.format.numbers import Number, format_number
from macros.record.lock import (
    LOCK_FILE,
    LockEntry,
    check_history,
    differences,
    dump_lock,
    first_publication,
    numbers_fingerprint,
    page_fingerprint,
    read_lock,
    replay,
    snapshot_paths,
)

_STATUS_LINE = re.compile(r"^status:.*$", re.MULTILINE)
_CORRECTIONS_HEADER = "# 更正记录：发布后每次更正一条，按日期先后排列；数字写「表.行.列: [更正前, 更正后]」。"
_WITHDRAWAL_HEADER = "# 撤回记录：撤回的报告仍保留在网站上，并注明撤回日期和理由。"
_BOM = "\ufeff"
# What `correct` exists to settle: these must be gone after it, not merely not added.
_SETTLED_BY_CORRECT = ("silent-edit", "correction-entry")


def report_errors(project: Project, organ: str, year: int) -> list[Finding]:
    paths = {data_path(organ, year), page_path(organ, year), LOCK_FILE}
    return [f for f in project.errors if f.file in paths or f.file.startswith(f"data/published/{organ}/")]


def _load(root: Path, organ: str, year: int) -> Project:
    project = check_project(root, only={(organ, year)})
    if (organ, year) not in project.reports:
        raise Refusal(f"找不到报告数据 {data_path(organ, year)}。")
    return project


def _when(args: argparse.Namespace) -> date:
    today = date.today()
    when = args.date or today
    if when > today:
        raise Refusal(f"日期 {when} 晚于今天（{today}）；发布、更正和撤回只能登记已经发生的日期。")
    return when


def _read(root: Path, relpath: str) -> str:
    """A file the command needs, through the one reader; a problem refuses the command."""
    text, problems = read_text(root, relpath)
    if text is None:
        raise Refusal("\n".join(str(f) for f in problems))
    return text


def _data_text(root: Path, organ: str, year: int) -> str:
    # An editor's byte-order mark would hide a `status:` on the first line from the line edits below.
    return _read(root, data_path(organ, year)).removeprefix(_BOM)


def _checked(project: Project, organ: str, year: int, text: str, entry: LockEntry | None) -> Report:
    """The report as `text` would load, refused if that adds an error to what the project has now.

    The commands change only record keys: the loader's record checks and the
    history against the lock are the checks the new text can fail.
    """
    rel = data_path(organ, year)
    report, found = load_report(rel, text, organ, year)
    record = report.record
    if entry is not None and record.complete and record.status not in (None, DRAFT):
        page_rel = page_path(organ, year)
        page = _read(project.root, page_rel)
        found += check_history(project.root, report, page, page_rel, entry, project.organs.get(organ))[1]
    before = {(f.file, f.rule, f.message) for f in report_errors(project, organ, year)}
    added = [
        f
        for f in found
        if not f.advisory and (f.rule in _SETTLED_BY_CORRECT or (f.file, f.rule, f.message) not in before)
    ]
    if added:
        raise Refusal(
            "写入后检查将不通过，因此没有改动任何文件（行号按写入后的文件计）：\n" + "\n".join(str(f) for f in added)
        )
    return report


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    """Write each file whole (temporary file, then rename): an interrupted run leaves no half-written file."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        os.replace(temporary, path)


def publish(root: Path, args: argparse.Namespace) -> str:
    organ, year = args.organ, args.year
    project = _load(root, organ, year)
    report = project.reports[(organ, year)]
    errors = report_errors(project, organ, year)
    if errors:
        raise Refusal("报告检查未通过，不能发布：\n" + "\n".join(str(f) for f in errors))
    if report.record.status != DRAFT:
        raise Refusal(f"报告状态为{report.record.status}，只有{DRAFT}可以发布；已发布的报告请用 correct 更正。")
    when = _when(args)
    if when < date(year + 1, 1, 1):
        raise Refusal(f"发布日期 {when} 早于报告年度（{year} 年）结束。")
    lock, problems = read_lock(root)
    if problems or (organ, year) in lock:
        raise Refusal(f"发布记录 {LOCK_FILE} 有问题或已有此报告，请先运行 python -m macros check。")
    text = _STATUS_LINE.sub(f"status: {PUBLISHED}\npublished: {when.isoformat()}", _data_text(root, organ, year), 1)
    published = _checked(project, organ, year, text, None)
    if (published.record.status, published.record.published) != (PUBLISHED, when):
        raise Refusal(f"在 {data_path(organ, year)} 中找不到顶格书写的「status: {DRAFT}」一行，未能发布。")
    page, problems = read_bytes(root, page_path(organ, year))  # kept byte for byte
    if page is None:
        raise Refusal("\n".join(str(f) for f in problems))
    fingerprints = numbers_fingerprint(published.values), page_fingerprint(page.decode("utf-8"))
    # The organ's name as published: the report's title from now on, whatever the registry says later.
    name = project.organs[organ].name if organ in project.organs else None
    lock[(organ, year)] = LockEntry(organ, year, when, *fingerprints, name=name)
    snap_data, snap_page = snapshot_paths(organ, year)
    _write(root, {snap_data: text, snap_page: page, LOCK_FILE: dump_lock(lock), data_path(organ, year): text})
    return (
        f"已发布：{data_path(organ, year)}（发布日期 {when}），指纹已登记到 {LOCK_FILE}，"
        f"首次发布的原文已保存到 {snap_data} 与 .md。请把这些文件一起提交。"
    )


def _entry_lines(
    when: date | None, reason: str | None, changes: Sequence[tuple[Cell, Number, Number]], page: str | None
) -> list[str]:
    """A correction entry in the data file's layout (list item at two spaces)."""
    lines = []
    if when is not None and reason is not None:
        lines.append(f"  - date: {when.isoformat()}")
        lines.append(f"    reason: {quoted(reason)}")
    if changes:
        lines.append("    numbers:")
        width = max(len(cell_key(c)) for c, _, _ in changes) + 1
        for cell, before, after in changes:
            pair = f"[{format_number(before)}, {format_number(after)}]"
            lines.append(f"      {cell_key(cell) + ':':<{width}} {pair}  # {cell.label()}")
    if page is not None:
        lines.append(f"    page: {page}")
    return lines


def _last_line(node: yaml.Node) -> int:
    """0-based index of the last line holding content of `node`."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    return max([_last_line(c) for c in children], default=node.start_mark.line)


def correct(root: Path, args: argparse.Namespace) -> str:
    organ, year = args.organ, args.year
    project = _load(root, organ, year)
    report = project.reports[(organ, year)]
    record = report.record
    if record.status != PUBLISHED:
        raise Refusal(f"报告状态为{record.status}；只有已发布的报告需要更正（草稿可以直接修改）。")
    lock, _ = read_lock(root)
    entry = lock.get((organ, year))
    if entry is None:
        raise Refusal(f"发布记录 {LOCK_FILE} 中没有此报告，请先运行 python -m macros check。")
    first, first_page, problems = first_publication(root, entry)
    if first is None or first_page is None:
        raise Refusal("首次发布的原文有问题：\n" + "\n".join(str(f) for f in problems))
    last = record.corrections[-1] if record.corrections else None
    fill_last = last is not None and not last.changes and last.page is None and not args.reason
    done = record.corrections[:-1] if fill_last else record.corrections
    values, page_fp, _, problems = replay(report.path, done, first.values, entry.page)
    if problems:
        raise Refusal("已有的更正记录有问题：\n" + "\n".join(str(f) for f in problems))
    changes: list[tuple[Cell, Number, Number]] = []
    for cell, before, after in differences(values, report.values):
        if before is None or after is None:
            raise Refusal("报告中有未填写的数字，请先运行 python -m macros check 并修改。")
        changes.append((cell, before, after))
    page_now = page_fingerprint(_read(root, page_path(organ, year)))
    page = page_now if page_now != page_fp else None
    if not changes and page is None:
        raise Refusal("报告与上一次发布或更正时相比没有改动，无需更正。")
    lines = _data_text(root, organ, year).splitlines()
    node, _ = compose(report.path, "\n".join(lines))
    corrections = next((v for k, v in node.value if k.value == "corrections"), None) if node else None
    if fill_last:
        assert corrections is not None and isinstance(corrections, yaml.SequenceNode)
        at = _last_line(corrections.value[-1]) + 1
        lines[at:at] = _entry_lines(None, None, changes, page)
    else:
        if not args.reason:
            raise Refusal("请用 --reason 写明更正说明（中文：改了什么、为什么改）。")
        new = _entry_lines(_when(args), " ".join(args.reason.split()), changes, page)
        if isinstance(corrections, yaml.SequenceNode) and corrections.value:
            at = _last_line(corrections) + 1
            lines[at:at] = new
        else:
            if corrections is not None:  # an empty `corrections:` line: replace it
                del lines[corrections.start_mark.line]
            lines += ["", _CORRECTIONS_HEADER, "corrections:", *new]
    text = "\n".join(lines) + "\n"
    _checked(project, organ, year, text, entry)
    _write(root, {data_path(organ, year): text})
    what = "；".join(f"{c.label()} {format_number(b)} → {format_number(a)}" for c, b, a in changes)
    return f"已登记更正：{what or ''}{'；正文有改动' if page else ''}。请检查 {report.path} 中的更正记录后提交。"


def withdraw(root: Path, args: argparse.Namespace) -> str:
    organ, year = args.organ, args.year
    project = _load(root, organ, year)
    report = project.reports[(organ, year)]
    if report.record.status != PUBLISHED:
        raise Refusal(f"报告状态为{report.record.status}，只有已发布的报告可以撤回（草稿可以直接删除）。")
    errors = report_errors(project, organ, year)
    if errors:
        raise Refusal("报告检查未通过，请先修改：\n" + "\n".join(str(f) for f in errors))
    when = _when(args)
    reason = " ".join(args.reason.split())
    text = _STATUS_LINE.sub(f"status: {WITHDRAWN}", _data_text(root, organ, year), count=1)
    text = text.rstrip("\n") + f"\n\n{_WITHDRAWAL_HEADER}\nwithdrawn:\n  date: {when.isoformat()}\n"
    text += f"  reason: {quoted(reason)}\n"
    lock, _ = read_lock(root)
    withdrawn = _checked(project, organ, year, text, lock.get((organ, year)))
    if withdrawn.record.status != WITHDRAWN:
        raise Refusal(f"在 {data_path(organ, year)} 中找不到顶格书写的「status: {PUBLISHED}」一行，未能撤回。")
    _write(root, {data_path(organ, year): text})
    return f"已撤回：{report.path}（撤回日期 {when}）。报告页面仍保留，并注明撤回日期和理由。"
