"""The record only grows: compare the lock file and the corrections with a git revision.

Within one tree the check already refuses any change not covered by a
correction entry. What one tree cannot show is a rewritten history: an entry of
the lock file, a correction entry or a withdrawal changed or removed together
with what it recorded. ``python -m macros check --since <revision>`` (run by the
pull-request workflow against the target branch) compares with that revision:
everything recorded there must still be recorded, unchanged.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from macros.check.catalogue import HISTORY_REWRITTEN
from macros.check.findings import Finding, Refusal
from macros.check.load import load_report
from macros.check.paths import data_path
from macros.check.project import Project
from macros.check.reader import read_text
from macros.format.national import WITHDRAWN
from macros.record.fields import Correction
from macros.record.lock import LOCK_FILE, lock_key, parse_lock, read_lock


def _show(root: Path, revision: str, path: str) -> str | None:
    """A file's text at `revision`, or None if it did not exist there."""
    result = subprocess.run(
        ["git", "show", f"{revision}:./{path}"], cwd=root, capture_output=True, timeout=60, check=False
    )
    if result.returncode != 0:
        check = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
        )
        if check.returncode != 0:
            raise Refusal(f"无法读取版本「{revision}」：不是 git 仓库，或没有这个版本（需要先 git fetch）。")
        return None
    return result.stdout.decode("utf-8", errors="replace")  # a bad byte then fails the parse, located


def _show_many(root: Path, revision: str, paths: list[str]) -> dict[str, str | None]:
    """Many files' texts at `revision` (None where absent), read by one git process.

    One `git show` per report costs seconds on a large collection; `git cat-file
    --batch` answers every path through one pipe.
    """
    if not paths:
        return {}
    prefix = subprocess.run(
        ["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True, text=True, timeout=60, check=False
    )
    if prefix.returncode != 0 or any("\n" in p for p in paths):
        return {path: _show(root, revision, path) for path in paths}
    names = "".join(f"{revision}:{prefix.stdout.strip()}{path}\n" for path in paths)
    result = subprocess.run(
        ["git", "cat-file", "--batch"], input=names.encode("utf-8"), cwd=root, capture_output=True, timeout=300
    )
    if result.returncode != 0:
        return {path: _show(root, revision, path) for path in paths}
    out, at = result.stdout, 0
    texts: dict[str, str | None] = {}
    for path in paths:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            texts[path] = out[at : at + size].decode("utf-8", errors="replace")
            at += size + 1  # the content, then a newline
        else:  # "<name> missing": the file did not exist at that revision
            texts[path] = None
    return texts


def _unchanged(root: Path, relpath: str, old_text: str) -> bool:
    return read_text(root, relpath)[0] == old_text


def _same(a: Correction, b: Correction) -> bool:
    # Line numbers move when entries are appended; everything else must stay.
    return (a.date, a.reason, a.page, [(c.cell, str(c.before), str(c.after)) for c in a.changes]) == (
        b.date,
        b.reason,
        b.page,
        [(c.cell, str(c.before), str(c.after)) for c in b.changes],
    )


def check_since(root: Path, revision: str, project: Project) -> list[Finding]:
    """Findings for every record present at `revision` and removed or rewritten since."""
    text = _show(root, revision, LOCK_FILE)
    if text is None:
        return []
    before, _ = parse_lock(text)
    now, _ = read_lock(root)
    findings = []
    old_texts = _show_many(root, revision, [data_path(*key) for key in sorted(before) if key in project.reports])
    for key, entry in sorted(before.items()):
        current = now.get(key)
        name = lock_key(*key)
        if current is None:
            findings.append(
                HISTORY_REWRITTEN.finding(
                    LOCK_FILE, 1, f"发布记录「{name}」在 {revision} 中已登记，现已删除；只能追加。"
                )
            )
        elif (current.published, current.numbers, current.page) != (entry.published, entry.numbers, entry.page) or (
            entry.name is not None and current.name != entry.name
        ):
            findings.append(
                HISTORY_REWRITTEN.finding(
                    LOCK_FILE, current.line, f"发布记录「{name}」与 {revision} 中登记的不同；不能改写。"
                )
            )
        report = project.reports.get(key)
        old_text = old_texts.get(data_path(*key))
        if report is None or old_text is None:
            continue  # a deleted report is reported by the check itself (record-deleted)
        if _unchanged(root, report.path, old_text):
            continue  # the same text records the same history
        old, _ = load_report(data_path(*key), old_text, *key)
        corrections = report.record.corrections
        for number, entry_before in enumerate(old.record.corrections, start=1):
            if number > len(corrections) or not _same(entry_before, corrections[number - 1]):
                line = corrections[number - 1].line if number <= len(corrections) else report.record.line("status")
                findings.append(
                    HISTORY_REWRITTEN.finding(
                        report.path,
                        line,
                        f"第 {number} 条更正记录（{entry_before.date}）在 {revision} 中已经发布，现在被改写或删除了；"
                        "已发布的更正记录不能改动，新的更正请另加一条。",
                    )
                )
                break
        withdrawn = old.record.withdrawn
        if old.record.status == WITHDRAWN and withdrawn is not None:
            now_withdrawn = report.record.withdrawn
            if (
                report.record.status != WITHDRAWN
                or now_withdrawn is None
                or (
                    now_withdrawn.date,
                    now_withdrawn.reason,
                )
                != (withdrawn.date, withdrawn.reason)
            ):
                findings.append(
                    HISTORY_REWRITTEN.finding(
                        report.path,
                        report.record.line("status"),
                        f"此报告在 {revision} 中已于 {withdrawn.date} 撤回，撤回不能取消或改写。",
                    )
                )
    return findings
