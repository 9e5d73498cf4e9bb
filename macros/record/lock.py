"""No silent edits: the lock file of published reports and the check against it.

Publishing a report (``python -m macros publish``) writes two things that are
committed with it:

- ``data/published.lock``: per report, the publication date and the sha256
  fingerprints of its numbers and of its page, as first published;
- ``data/published/<organ>/<year>.yaml`` and ``.md``: verbatim copies of the
  report as first published, which the public can read on the site.

From then on the report's current numbers and page must equal the first
publication with every correction entry applied in order: each entry lists the
numbers it changed (before → after) and, if the text changed, the fingerprint
of the page after it. Anything else is a silent edit and fails the check.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

import yaml

from macros.check.catalogue import (
    CORRECTION_ENTRY,
    LOCK_SYNTAX,
    ORGAN_RENAMED,
    RECORD_DELETED,
    RECORD_SNAPSHOT,
    RECORD_STATUS,
    RECORD_UNLOCKED,
    SILENT_EDIT,
)
from macros.check.findings import Finding
from macros.check.load import Organ, Report, load_report
from macros.check.memo import Memo, digest
from macros.check.pages import split_parts
from macros.check.paths import ORGANS_FILE, ReportKey, data_path, page_path
from macros.check.reader import LOCK_LIMIT, exists, read_text
from macros.check.yamlnodes import clip, compose, mapping_items
from macros.format.national import DRAFT, ORGAN_SLUG_PATTERN, PARTS, WITHDRAWN, YEAR_PATTERN, Cell, cell_key, cells
from macros.format.numbers import Number, format_number
from macros.record.fields import Correction

LOCK_FILE = "data/published.lock"
_LOCK_KEY = re.compile(f"{ORGAN_SLUG_PATTERN}/{YEAR_PATTERN}")
SNAPSHOT_DIR = "data/published"
_LOCK_HEADER = (
    "# 发布记录：每份已发布报告首次发布时的日期和指纹（sha256）。\n"
    "# 由 python -m macros publish 写入，请勿手工修改；删除或改动其中一项，检查即不通过。\n"
    "# 首次发布的原文保存在 data/published/<机关>/<年份>.yaml 与 .md，公众可在报告页面查看。\n"
)


@dataclass(frozen=True)
class LockEntry:
    organ: str
    year: int
    published: date
    numbers: str
    page: str
    line: int = 1
    # The organ's 全称 when first published: the report's title stays as published
    # when the registry renames the organ. None in lock files written before it was recorded.
    name: str | None = None


def lock_key(organ: str, year: int) -> str:
    return f"{organ}/{year}"


def snapshot_paths(organ: str, year: int) -> tuple[str, str]:
    """Where the report as first published is kept: (data, page)."""
    return f"{SNAPSHOT_DIR}/{organ}/{year}.yaml", f"{SNAPSHOT_DIR}/{organ}/{year}.md"


# --- Fingerprints ----------------------------------------------------------------


# Every cell with its name in a correction entry, in reading order (built once: fingerprints run per report).
_CELL_KEYS = tuple((c, cell_key(c)) for c in cells())


def numbers_fingerprint(values: dict[Cell, Number]) -> str:
    """sha256 of every number as printed, in reading order; comments and layout do not count."""
    # One look-up per cell (values never holds None): a Cell's hash is computed in Python on every look-up.
    lines = [f"{key}={'null' if (v := values.get(c)) is None else format_number(v)}" for c, key in _CELL_KEYS]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def normalize_page(text: str) -> str:
    # A byte-order mark, line endings and the final newline differ between editors and are never
    # seen by a reader (the loader skips a data file's mark likewise); nothing else is ignored.
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n") + "\n"


def page_fingerprint(text: str) -> str:
    return hashlib.sha256(normalize_page(text).encode("utf-8")).hexdigest()


# --- The lock file ---------------------------------------------------------------


def read_lock(root: Path) -> tuple[dict[ReportKey, LockEntry], list[Finding]]:
    if not exists(root, LOCK_FILE):
        return {}, []
    text, findings = read_text(root, LOCK_FILE, LOCK_LIMIT)
    if text is None:
        return {}, findings
    return parse_lock(text)


def parse_lock(text: str) -> tuple[dict[ReportKey, LockEntry], list[Finding]]:
    node, findings = compose(LOCK_FILE, text, LOCK_LIMIT)
    entries: dict[ReportKey, LockEntry] = {}
    if node is None:
        return entries, findings
    for key, key_node, value in mapping_items(node, LOCK_FILE, "发布记录", findings):
        line = key_node.start_mark.line + 1
        organ, _, year = key.partition("/")
        fields: dict[str, str] = {}
        if isinstance(value, yaml.MappingNode):
            fields = {
                k: v.value
                for k, _, v in mapping_items(value, LOCK_FILE, clip(key), findings)
                if isinstance(v, yaml.ScalarNode)
            }
        name = fields.get("name")
        try:
            if not _LOCK_KEY.fullmatch(key) or set(fields) - {"published", "numbers", "page", "name"}:
                raise ValueError(key)
            entries[(organ, int(year))] = LockEntry(
                organ,
                int(year),
                date.fromisoformat(str(fields["published"])),
                str(fields["numbers"]),
                str(fields["page"]),
                line,
                str(name).strip() if name else None,
            )
        except (KeyError, ValueError):
            findings.append(
                LOCK_SYNTAX.finding(
                    LOCK_FILE,
                    line,
                    f"发布记录「{clip(key)}」应为「机关/年份」并含 published、numbers、page 三项"
                    "（和发布时的机关全称 name）；"
                    "发布记录只能由 python -m macros publish 写入。",
                )
            )
    return entries, findings


def dump_lock(entries: dict[ReportKey, LockEntry]) -> str:
    """The lock file's text: sorted, one fixed layout, so that a diff shows only what was added."""
    lines = [_LOCK_HEADER]
    for key in sorted(entries):
        entry = entries[key]
        lines.append(f"{lock_key(*key)}:")
        lines.append(f"  published: {entry.published.isoformat()}")
        if entry.name:
            lines.append(f"  name: {json.dumps(entry.name, ensure_ascii=False)}")
        lines.append(f"  numbers: {entry.numbers}")
        lines.append(f"  page: {entry.page}")
    return "\n".join(lines) + "\n"


# --- Replaying the corrections -------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One correction as shown to the public: its entry and the numbers it changed."""

    correction: Correction
    number: int  # 1-based
    changes: tuple[tuple[Cell, Number, Number], ...]
    page_changed: bool
    # The parts whose text this correction changed, where both texts are known.
    parts: tuple[str, ...] = ()


@dataclass
class History:
    """A published report's history: its first publication and the corrections since."""

    key: ReportKey
    lock: LockEntry
    first: Report  # the numbers as first published (from the kept copy)
    first_page: str  # text of the page as first published
    steps: list[Step]

    @property
    def corrections(self) -> int:
        return len(self.steps)


def first_publication(
    root: Path, entry: LockEntry, live: Report | None = None
) -> tuple[Report | None, str | None, list[Finding]]:
    """The snapshot of the first publication, verified against the lock.

    `live` is the report as it is now: a report never corrected has the same
    text as its snapshot, which is then not parsed a second time.
    """
    data_rel, page_rel = snapshot_paths(entry.organ, entry.year)
    where = f"发布记录中「{lock_key(entry.organ, entry.year)}」"
    findings: list[Finding] = []
    if not exists(root, data_rel) or not exists(root, page_rel):
        findings.append(
            RECORD_SNAPSHOT.finding(
                LOCK_FILE,
                entry.line,
                f"{where}首次发布的原文 {data_rel} 或 {page_rel} 不见了；首次发布的版本必须保留，供公众查阅。",
            )
        )
        return None, None, findings
    text, found = read_text(root, data_rel)
    page, found_page = read_text(root, page_rel)
    if text is None or page is None:
        return None, None, found + found_page
    if live is not None and len(live.values) == len(cells()) and _same_text(root, live.path, text):
        # Same text, same parse: the live report stands for the copy, under the copy's name.
        snapshot = dataclasses.replace(live, path=data_rel)
        problems: list[Finding] = []
    else:
        snapshot, problems = load_report(data_rel, text, entry.organ, entry.year)
    if [p for p in problems if not p.advisory] or numbers_fingerprint(snapshot.values) != entry.numbers:
        findings.append(
            RECORD_SNAPSHOT.finding(data_rel, 1, f"首次发布的数据已被改动，与{where}的指纹不一致；原文不能修改。")
        )
    if page_fingerprint(page) != entry.page:
        findings.append(
            RECORD_SNAPSHOT.finding(page_rel, 1, f"首次发布的正文已被改动，与{where}的指纹不一致；原文不能修改。")
        )
    if findings:
        return None, None, findings
    return snapshot, page, findings


def _same_text(root: Path, relpath: str, text: str) -> bool:
    return read_text(root, relpath)[0] == text


def _flow(changes: list[tuple[Cell, Number | None, Number | None]]) -> str:
    """The changes as one line of YAML an editor can paste into a correction entry."""

    def shown(value: Number | None) -> str:
        return "null" if value is None else format_number(value)

    items = ", ".join(f"{cell_key(c)}: [{shown(b)}, {shown(a)}]" for c, b, a in changes)
    return f"numbers: {{{items}}}"


def _changed_parts(before: str, after: str) -> tuple[list[str], int]:
    """Names of the parts whose text differs, and the first differing line of `after`."""
    old, new = normalize_page(before).splitlines(), normalize_page(after).splitlines()
    opcodes = difflib.SequenceMatcher(a=old, b=new).get_opcodes()
    first = next((j + 1 for tag, _, _, j, _ in opcodes if tag != "equal"), 1)

    def bodies(text: str) -> dict[str, str]:
        return {s.number: s.title + s.body for s in split_parts(text)}

    a, b = bodies(before), bodies(after)
    names = [f"第{n}部分「{t}」" for n, t in PARTS if a.get(n) != b.get(n)]
    if text_outside_parts(before) != text_outside_parts(after):
        names.insert(0, "标题或导语")
    return names, min(first, len(new))


def text_outside_parts(text: str) -> str:
    sections = split_parts(text)
    lines = normalize_page(text).splitlines()
    return "\n".join(lines[: sections[0].line - 1] if sections else lines)


def replay(
    path: str, corrections: list[Correction], first_values: dict[Cell, Number], first_page: str
) -> tuple[dict[Cell, Number], str, list[Step], list[Finding]]:
    """Apply the corrections in order to the first publication: (numbers, page fingerprint, steps, problems)."""
    findings: list[Finding] = []
    values = dict(first_values)
    page_fp = first_page
    steps: list[Step] = []
    for number, correction in enumerate(corrections, start=1):
        applied: list[tuple[Cell, Number, Number]] = []
        for change in correction.changes:
            current = values.get(change.cell)
            label = change.cell.label()
            if _fmt(current) != _fmt(change.before):
                findings.append(
                    CORRECTION_ENTRY.finding(
                        path,
                        change.line,
                        f"第 {number} 条更正记录中 {label} 的更正前数值应为上一版本的 {_fmt(current)}，"
                        f"实为 {_fmt(change.before)}。",
                    )
                )
            elif _fmt(change.before) == _fmt(change.after):
                findings.append(
                    CORRECTION_ENTRY.finding(
                        path,
                        change.line,
                        f"第 {number} 条更正记录中 {label} 更正前后都是 {_fmt(change.before)}，请删除这一行。",
                    )
                )
            else:
                applied.append((change.cell, change.before, change.after))
                values[change.cell] = change.after
        page_changed = False
        if correction.page is not None:
            if correction.page == page_fp:
                findings.append(
                    CORRECTION_ENTRY.finding(
                        path,
                        correction.line,
                        f"第 {number} 条更正记录登记的正文指纹与上一版本相同，正文并未改动；请删除 page 一行。",
                    )
                )
            page_fp, page_changed = correction.page, True
        steps.append(Step(correction, number, tuple(applied), page_changed))
    return values, page_fp, steps, findings


def differences(
    before: dict[Cell, Number], after: dict[Cell, Number]
) -> list[tuple[Cell, Number | None, Number | None]]:
    """Cells whose printed value differs (0.5 → 0.50 too: the public sees it), in reading order."""

    def shown(values: dict[Cell, Number], cell: Cell) -> str | None:
        return format_number(values[cell]) if cell in values else None

    # Fast path for the usual case, nothing changed: equal values print alike, except
    # decimals (0.5 == 0.50), so only those are compared as printed.
    if before == after and all(str(v) == str(after[c]) for c, v in before.items() if isinstance(v, Decimal)):
        return []
    return [(c, before.get(c), after.get(c)) for c in cells() if shown(before, c) != shown(after, c)]


def check_history(
    root: Path, report: Report, page_text: str | None, page_rel: str, entry: LockEntry, organ: Organ | None
) -> tuple[History | None, list[Finding]]:
    """Replay the corrections over the first publication; every difference left over is a silent edit."""
    first, first_page, findings = first_publication(root, entry, report)
    if first is None or first_page is None:
        return None, findings
    record = report.record
    path = report.path
    name = f"{organ.short if organ else report.organ} {report.year} 年报告"
    if record.published != entry.published:
        findings.append(
            SILENT_EDIT.finding(
                path,
                record.line("published"),
                f"{name}的发布日期为 {record.published}，与发布记录（{LOCK_FILE}）中的 {entry.published} 不一致；"
                "发布日期在发布时登记，不能改动。",
            )
        )
    values, page_fp, steps, found = replay(path, record.corrections, first.values, entry.page)
    findings += found
    left = differences(values, report.values)
    page_now = page_fingerprint(page_text) if page_text is not None else None
    page_left = page_now is not None and page_now != page_fp
    last = record.corrections[-1] if record.corrections else None
    empty_last = last is not None and not last.changes and last.page is None
    for step in steps[:-1] if empty_last else steps:
        if not step.correction.changes and step.correction.page is None:
            findings.append(
                CORRECTION_ENTRY.finding(path, step.correction.line, f"第 {step.number} 条更正记录没有列出改动。")
            )
    if empty_last and last is not None:
        pending = [f"{_flow([(c, b, a) for c, b, a in left])}"] if left else []
        if page_left:
            pending.append(f"page: {page_now}")
        if pending:
            what = "；".join([*(_describe(c, b, a) for c, b, a in left), *(["正文有改动"] if page_left else [])])
            findings.append(
                CORRECTION_ENTRY.finding(
                    path,
                    last.line,
                    f"第 {len(steps)} 条更正记录还没有列出它更正的内容（本次改动：{what}）。"
                    f"请在这条记录中加上：{'；'.join(pending)}（或运行 python -m macros correct {report.organ} "
                    f"{report.year}）。",
                )
            )
        else:
            findings.append(
                CORRECTION_ENTRY.finding(path, last.line, f"第 {len(steps)} 条更正记录没有列出改动，报告也未改动。")
            )
        return None, findings
    hint = (
        "已发布的报告只能公开更正：请在 corrections 下增加一条更正记录（date 更正日期、reason 更正说明），"
        f"并写入 {{}}；或运行 python -m macros correct {report.organ} {report.year} --reason 「更正说明」。"
    )
    for cell, before, after in left:
        findings.append(
            SILENT_EDIT.finding(
                path,
                report.line(cell),
                f"{name}已于 {entry.published} 发布，其数字被改动而没有更正记录：{_describe(cell, before, after)}。"
                + hint.format(_flow([(cell, before, after)])),
            )
        )
    if page_left:
        parts, line = _changed_parts(first_page, page_text or "") if page_fp == entry.page else ([], 1)
        where = f"（{'、'.join(parts)}有改动）" if parts else ""
        findings.append(
            SILENT_EDIT.finding(
                page_rel,
                line,
                f"{name}已于 {entry.published} 发布，其正文被改动而没有更正记录{where}；错别字的更正也须登记。"
                + hint.format(f"page: {page_now}"),
            )
        )
    page_steps = [i for i, step in enumerate(steps) if step.page_changed]
    if len(page_steps) == 1 and page_text is not None:
        # The only text correction: its before is the first publication, its after the page now.
        step = steps[page_steps[0]]
        steps[page_steps[0]] = dataclasses.replace(step, parts=tuple(_changed_parts(first_page, page_text)[0]))
    history = History((report.organ, report.year), entry, first, first_page, steps)
    return (None if findings else history), findings


def _fmt(value: object) -> str:
    return "空白" if value is None else format_number(value)  # type: ignore[arg-type]


def _describe(cell: Cell, before: object, after: object) -> str:
    return f"{cell.label()}由 {_fmt(before)} 改为 {_fmt(after)}"


def _renamed(lock: dict[ReportKey, LockEntry], organs: dict[str, Organ], scope: set[ReportKey] | None) -> list[Finding]:
    """An advisory per organ whose 全称 differs from the name its published reports carry.

    The titles stay as published whatever the registry says, so nothing public
    changes silently; the editor is told, since a rename may also be a typo.
    """
    renamed: dict[str, dict[str, list[int]]] = {}
    unnamed: dict[str, list[int]] = {}
    for (slug, year), entry in sorted(lock.items()):
        organ = organs.get(slug)
        if organ is None or (scope is not None and (slug, year) not in scope):
            continue
        if entry.name is None:
            unnamed.setdefault(slug, []).append(year)
        elif entry.name != organ.name:
            renamed.setdefault(slug, {}).setdefault(entry.name, []).append(year)
    findings = []
    for slug, names in renamed.items():
        organ = organs[slug]
        was = "；".join(f"{'、'.join(map(str, years))} 年报告为「{name}」" for name, years in names.items())
        findings.append(
            ORGAN_RENAMED.finding(
                ORGANS_FILE,
                organ.line,
                f"机关「{slug}」的全称现为「{organ.name}」，与它已发布报告发布时的全称不同（{was}）。"
                "已发布报告的标题保持发布时的原样，新报告使用现在的全称；若只是改正名录中的错字，请核对。",
            )
        )
    for slug, years in unnamed.items():
        organ = organs[slug]
        findings.append(
            ORGAN_RENAMED.finding(
                LOCK_FILE,
                lock[(slug, years[0])].line,
                f"发布记录中 {slug} 的 {'、'.join(map(str, years))} 年报告没有登记发布时的机关全称，"
                "其标题暂随机关名录变化。请在每一项的 published 一行下加一行 "
                f"`  name: {json.dumps(organ.name, ensure_ascii=False)}`（发布时的全称），"
                "此后改名不会改动已发布报告的标题。",
            )
        )
    return findings


def check_ledger(
    root: Path,
    reports: dict[ReportKey, Report],
    organs: dict[str, Organ],
    page_of: dict[ReportKey, tuple[str, str | None]],
    scope: set[ReportKey] | None = None,
    memo: Memo | None = None,
    data_digest: dict[ReportKey, str] | None = None,
) -> tuple[dict[ReportKey, History], list[Finding]]:
    """Check every report's record against the lock; return the history of each published report.

    `page_of` maps a report to its page path and text; `scope`, when given, limits
    the check to those reports (the others were not loaded). `memo` keeps each
    report's replay by the hash of what it reads (`data_digest`: of each data file's text).
    """

    lock, findings = read_lock(root)
    histories: dict[ReportKey, History] = {}
    for key, locked in sorted(lock.items()):
        if scope is not None and key not in scope:
            continue
        missing = [p for p in (data_path(*key), page_path(*key)) if not exists(root, p)]
        if missing:
            findings.append(
                RECORD_DELETED.finding(
                    LOCK_FILE,
                    locked.line,
                    f"报告「{lock_key(*key)}」已于 {locked.published} 发布，但 {'、'.join(missing)} 不见了。"
                    f"已发布的报告不能删除：如需撤回，请保留报告，把 status 改为{WITHDRAWN}并写明撤回记录 withdrawn。",
                )
            )
    findings += _renamed(lock, organs, scope)
    for key, report in sorted(reports.items()):
        record = report.record
        if record.status is None or not record.complete:
            continue  # the loader already reported why
        entry = lock.get(key)
        if record.status == DRAFT:
            if entry is not None:
                findings.append(
                    RECORD_STATUS.finding(
                        report.path,
                        record.line("status"),
                        f"此报告已于 {entry.published} 发布（见 {LOCK_FILE}），不能改回{DRAFT}；"
                        f"如需撤回，请把 status 改为{WITHDRAWN}并写明撤回记录 withdrawn。",
                    )
                )
            continue
        if entry is None:
            findings.append(
                RECORD_UNLOCKED.finding(
                    report.path,
                    record.line("status"),
                    f"此报告状态为{record.status}，但发布记录 {LOCK_FILE} 中没有它。"
                    f"发布须运行 python -m macros publish {key[0]} {key[1]}，它同时登记指纹并保存首次发布的原文；"
                    "发布记录中的条目不能删除。",
                )
            )
            continue
        page_rel, page_text = page_of.get(key, (page_path(*key), None))
        organ = organs.get(key[0])
        replay = partial(check_history, root, report, page_text, page_rel, entry, organ)
        if memo is None or data_digest is None or key not in data_digest:
            history, found = replay()
        else:
            # What the replay reads: the lock's entry, the report (its text), its page, the kept originals.
            kept = [_read_or_none(root / path) for path in snapshot_paths(*key)]
            inputs = (repr(entry), data_digest[key], page_rel, page_text, repr(organ), *kept)
            history, found = memo.get(digest("history", *inputs), replay)
        findings += found
        if history is not None:
            histories[key] = history
    return histories, findings


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
