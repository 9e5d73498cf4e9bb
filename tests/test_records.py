"""Published reports are public records: status, lock file, corrections, withdrawal."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import ROOT, edit, unpublish

from macros.check.catalogue import CATALOGUE
from macros.check.load import load_report
from macros.check.paths import data_path, page_path
from macros.check.project import check_project
from macros.cli import main
from macros.format.national import RECORD_FIELDS, Cell
from macros.record.history import render_corrections
from macros.record.lock import LOCK_FILE, numbers_fingerprint, page_fingerprint, read_lock, snapshot_paths

DATA = data_path("xiping", 2024)
PAGE = page_path("xiping", 2024)
PENALTY = Cell("proactive", "penalty", "decisions")
ENTRY = """
corrections:
  - date: 2025-03-02
    reason: 表二行政处罚决定数量误计为 287 件，应为 288 件。
"""


def errors(root: Path) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.rule) for f in check_project(root).errors]


def append(root: Path, path: str, text: str) -> int:
    """Append text to a file; return the 1-based line of its first non-blank line."""
    file = root / path
    before = file.read_text(encoding="utf-8")
    file.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1 + (1 if text.startswith("\n") else 0)


def test_bundled_report_is_published_and_locked():
    """Assert that 西平街道 2024 is 已发布 on 2025-01-20, locked, and its first-published copy matches the lock."""
    project = check_project(ROOT)
    assert project.errors == []
    report = project.reports[("xiping", 2024)]
    assert (report.record.status, str(report.record.published)) == ("已发布", "2025-01-20")
    lock, findings = read_lock(ROOT)
    assert findings == []
    entry = lock[("xiping", 2024)]
    assert entry.numbers == numbers_fingerprint(report.values)
    assert entry.page == page_fingerprint((ROOT / PAGE).read_text(encoding="utf-8"))
    data_copy, page_copy = (ROOT / p for p in snapshot_paths("xiping", 2024))
    assert page_copy.read_text(encoding="utf-8") == (ROOT / PAGE).read_text(encoding="utf-8")
    first, _ = load_report(str(data_copy), data_copy.read_text(encoding="utf-8"), "xiping", 2024)
    assert first.values == report.values
    assert ("xiping", 2024) in project.public_reports()


def test_changed_number_without_entry_fails_naming_it(project_copy: Path):
    """Assert that changing a published number alone is a silent edit on its line, naming report and values."""
    line = edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    assert errors(project_copy) == [(DATA, line, "silent-edit")]
    message = check_project(project_copy).errors[0].message
    assert "西平街道 2024 年报告" in message and "由 287 改为 288" in message
    assert "numbers: {proactive.penalty.decisions: [287, 288]}" in message


def test_entry_with_the_change_passes(project_copy: Path):
    """Assert that the same change with a correction entry listing it (before, after) passes the check."""
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    append(project_copy, DATA, ENTRY + "    numbers: {proactive.penalty.decisions: [287, 288]}\n")
    project = check_project(project_copy)
    assert project.errors == []
    (step,) = project.histories[("xiping", 2024)].steps
    assert step.changes == ((PENALTY, 287, 288),) and not step.page_changed
    assert ("xiping", 2024) in project.public_reports()


def test_entry_without_its_changes_says_what_to_add(project_copy: Path):
    """Assert that an entry with only date and reason points at itself and gives the exact lines to add."""
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    line = append(project_copy, DATA, ENTRY) + 1
    assert errors(project_copy) == [(DATA, line, "correction-entry")]
    assert "numbers: {proactive.penalty.decisions: [287, 288]}" in check_project(project_copy).errors[0].message


def test_correct_command_fills_the_entry(project_copy: Path):
    """Assert that `correct` completes an editor's entry (numbers and page fingerprint) and the check passes."""
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    edit(project_copy, PAGE, "未接到政府信息公开申请", "未接到政府信息公开申请。")
    append(project_copy, DATA, ENTRY)
    assert main(["--root", str(project_copy), "correct", "xiping", "2024"]) == 0
    text = (project_copy / DATA).read_text(encoding="utf-8")
    assert "proactive.penalty.decisions: [287, 288]" in text
    page = page_fingerprint((project_copy / PAGE).read_text(encoding="utf-8"))
    assert f"page: {page}" in text
    project = check_project(project_copy)
    assert project.errors == []
    (step,) = project.histories[("xiping", 2024)].steps
    assert step.page_changed and step.parts == ("第一部分「总体情况」",)
    shown = render_corrections(project.histories[("xiping", 2024)])
    assert "正文有更正：第一部分「总体情况」" in shown and '<td class="nb-num">288</td>' in shown


def test_correct_command_adds_an_entry(project_copy: Path):
    """Assert that `correct --reason` appends a whole entry, and refuses when nothing changed."""
    assert main(["--root", str(project_copy), "correct", "xiping", "2024", "--reason", "无改动。"]) == 1
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    args = ["--root", str(project_copy), "correct", "xiping", "2024", "--date", "2025-03-02"]
    assert main([*args, "--reason", "行政处罚决定数量更正为 288 件。"]) == 0
    assert check_project(project_copy).errors == []
    # A second change needs a second entry: the first one covers 287 → 288 only.
    line = edit(project_copy, DATA, "penalty:   288", "penalty:   289")
    assert errors(project_copy) == [(DATA, line, "silent-edit")]
    assert main([*args, "--reason", "再次更正为 289 件。"]) == 0
    steps = check_project(project_copy).histories[("xiping", 2024)].steps
    assert [s.changes for s in steps] == [((PENALTY, 287, 288),), ((PENALTY, 288, 289),)]


def test_typo_in_the_narrative_needs_an_entry_too(project_copy: Path):
    """Assert that a one-character edit of the page is a silent edit on the changed line, naming the part."""
    line = edit(project_copy, PAGE, "明确审查程序 and 责任人", "明确审查程序和责任人")
    assert errors(project_copy) == [(PAGE, line, "silent-edit")]
    assert "第一部分「总体情况」" in check_project(project_copy).errors[0].message
    append(project_copy, DATA, ENTRY.replace("表二行政处罚决定数量误计为 287 件，应为 288 件。", "删除误留的英文。"))
    page = page_fingerprint((project_copy / PAGE).read_text(encoding="utf-8"))
    append(project_copy, DATA, f"    page: {page}\n")
    assert errors(project_copy) == []


def test_wrong_before_value_is_reported(project_copy: Path):
    """Assert that an entry whose 更正前 is not the published value is reported on that line."""
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    start = append(project_copy, DATA, ENTRY + "    numbers:\n      proactive.penalty.decisions: [280, 288]\n")
    found = errors(project_copy)
    assert (DATA, start + 4, "correction-entry") in found


def test_deleting_the_lock_entry_fails(project_copy: Path):
    """Assert that a report marked 已发布 with no lock entry fails on its status line."""
    (project_copy / LOCK_FILE).write_text("{}\n", encoding="utf-8")
    lines = (project_copy / DATA).read_text("utf-8").splitlines()
    status = next(i for i, text in enumerate(lines, 1) if text.startswith("status:"))
    assert errors(project_copy) == [(DATA, status, "record-unlocked")]


def test_deleting_a_published_report_fails(project_copy: Path):
    """Assert that removing a locked report's data and page fails on the lock entry, naming both files."""
    (project_copy / DATA).unlink()
    (project_copy / PAGE).unlink()
    found = check_project(project_copy).errors
    assert [(f.file, f.line, f.rule) for f in found] == [(LOCK_FILE, 5, "record-deleted")]
    assert DATA in found[0].message and PAGE in found[0].message and "撤回" in found[0].message


def test_turning_back_into_a_draft_fails(project_copy: Path):
    """Assert that a published report cannot silently become a draft again."""
    text = (project_copy / DATA).read_text(encoding="utf-8")
    (project_copy / DATA).write_text(text.replace("status: 已发布\npublished: 2025-01-20\n", "status: 草稿\n"), "utf-8")
    assert [rule for _, _, rule in errors(project_copy)] == ["record-status"]


def test_first_published_copy_cannot_be_edited(project_copy: Path):
    """Assert that the first-published copies are fingerprinted too."""
    data_copy, page_copy = snapshot_paths("xiping", 2024)
    edit(project_copy, page_copy, "未接到", "未收到")
    assert errors(project_copy) == [(page_copy, 1, "record-snapshot")]


def test_withdrawal_is_recorded_with_a_reason(project_copy: Path):
    """Assert that `withdraw` keeps the report, checks clean, and takes it out of what the public lists."""
    args = ["--root", str(project_copy), "withdraw", "xiping", "2024", "--date", "2025-06-01"]
    assert main([*args, "--reason", "误将草稿版本发布，撤回后重新发布。"]) == 0
    project = check_project(project_copy)
    assert project.errors == []
    report = project.reports[("xiping", 2024)]
    assert report.record.status == "已撤回" and report.record.withdrawn.reason.startswith("误将草稿")
    assert ("xiping", 2024) not in project.public_reports()
    # Withdrawn is final: the numbers cannot change afterwards either.
    line = edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    assert errors(project_copy) == [(DATA, line, "silent-edit")]


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("status: 已发布", "status: 已公开", "record-status"),
        ("published: 2025-01-20", "published: 2025-02-30", "record-date"),
        ("published: 2025-01-20", "published: 2025/01/20", "record-date"),
        ("published: 2025-01-20", "published: 2024-12-01", "record-order"),
    ],
)
def test_bad_record_fields(project_copy: Path, old: str, new: str, rule: str):
    """Assert that a bad status or date is reported on its line with its rule."""
    line = edit(project_copy, DATA, old, new)
    found = errors(project_copy)
    assert (DATA, line, rule) in found


def test_bad_entries(project_copy: Path):
    """Assert that an entry without a reason in Chinese, or dated before publication, is reported on its line."""
    start = append(project_copy, DATA, "\ncorrections:\n  - date: 2025-01-02\n    reason: fix\n")
    assert errors(project_copy) == [(DATA, start + 2, "record-text")]
    edit(project_copy, DATA, "reason: fix", "reason: 更正。")
    found = errors(project_copy)
    assert (DATA, start + 1, "record-order") in found


def test_draft_is_not_public_and_has_no_lock(project_copy: Path):
    """Assert that a draft checks clean and is absent from public_reports()."""
    unpublish(project_copy)
    project = check_project(project_copy)
    assert project.errors == []
    assert project.public_reports() == {}


def test_every_record_rule_is_catalogued():
    """Assert that the record rules have Chinese titles, and the record fields are declared once."""
    for rule in ("record-status", "record-date", "record-text", "record-order", "record-unlocked"):
        assert rule in CATALOGUE
    for rule in ("record-deleted", "record-snapshot", "silent-edit", "correction-entry", "lock-syntax"):
        assert rule in CATALOGUE and CATALOGUE[rule].title
    assert [f.key for f in RECORD_FIELDS] == ["status", "published", "corrections", "withdrawn", "index_no", "reviewed"]


def test_layout_is_not_a_change_but_a_printed_decimal_is(project_copy: Path):
    """Assert that comments and CRLF line endings change nothing, while 0 → 0.00 in the fee is a change."""
    data = project_copy / DATA
    data.write_text(data.read_text(encoding="utf-8").replace("# 规章", "# 规章（无）"), encoding="utf-8")
    page = project_copy / PAGE
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))
    assert errors(project_copy) == []
    line = edit(project_copy, DATA, "fees:      0", "fees:      0.00")
    assert errors(project_copy) == [(DATA, line, "silent-edit")]


def _git(root: Path, *args: str) -> None:
    import subprocess

    subprocess.run(
        ["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _check_since(root: Path, revision: str) -> tuple[int, list[tuple[str, int, str]]]:
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["--root", str(root), "check", "--since", revision])
    found = []
    for line in out.getvalue().splitlines():
        if "] 提示：" in line:  # advisories (the seed's stray words) are not what these tests are about
            continue
        where, _, rest = line.partition(": [")
        path, _, number = where.rpartition(":")
        found.append((path, int(number), rest.split("]")[0]))
    return code, found


def test_since_refuses_a_rewritten_correction(project_copy: Path):
    """Assert that against the target branch an entry rewritten together with its numbers is caught."""
    _git(project_copy, "init", "-q")
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    args = ["--root", str(project_copy), "correct", "xiping", "2024", "--date", "2025-03-02"]
    assert main([*args, "--reason", "行政处罚决定数量更正为 288 件。"]) == 0
    _git(project_copy, "add", "-A")
    _git(project_copy, "commit", "-qm", "base")
    assert _check_since(project_copy, "HEAD") == (0, [])
    # Within one tree this is consistent: the entry now says 287 → 289 and the data 289.
    edit(project_copy, DATA, "penalty:   288", "penalty:   289")
    line = edit(project_copy, DATA, "[287, 288]", "[287, 289]")
    assert errors(project_copy) == []
    entry = line - 3
    assert _check_since(project_copy, "HEAD") == (1, [(DATA, entry, "history-rewritten")])


def test_since_refuses_a_report_removed_with_its_record(project_copy: Path):
    """Assert that removing a report, its lock entry and its first-published copy together is caught."""
    _git(project_copy, "init", "-q")
    _git(project_copy, "add", "-A")
    _git(project_copy, "commit", "-qm", "base")
    for path in (DATA, PAGE, *snapshot_paths("xiping", 2024)):
        (project_copy / path).unlink()
    (project_copy / LOCK_FILE).write_text("{}\n", encoding="utf-8")
    assert errors(project_copy) == []
    assert _check_since(project_copy, "HEAD") == (1, [(LOCK_FILE, 1, "history-rewritten")])
    assert main(["--root", str(project_copy), "check", "--since", "no-such-revision"]) == 1


def _files(root: Path) -> dict[str, bytes]:
    """Every file under data/ and docs/ of a project copy, byte for byte."""
    files = [p for folder in ("data", "docs") for p in (root / folder).rglob("*") if p.is_file()]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


@pytest.mark.parametrize(
    "reason",
    ["数据有误: 见说明 #1", "- 以短横开头的理由", '"引号"与\\反斜杠', "[方括号]开头", "理由\x7f中有控制字符"],
)
def test_reasons_are_written_whole(project_copy: Path, tmp_path: Path, reason: str):
    """Assert that `withdraw` and `correct` keep a reason with `: `, ` #`, quotes or a leading `-` whole."""
    withdrawn = tmp_path / "withdrawn"
    shutil.copytree(project_copy, withdrawn)
    args = ["withdraw", "xiping", "2024", "--date", "2025-06-01", "--reason", reason]
    assert main(["--root", str(withdrawn), *args]) == 0
    project = check_project(withdrawn)
    assert project.errors == []
    assert project.reports[("xiping", 2024)].record.withdrawn.reason == reason
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    args = ["correct", "xiping", "2024", "--date", "2025-03-02", "--reason", reason]
    assert main(["--root", str(project_copy), *args]) == 0
    project = check_project(project_copy)
    assert project.errors == []
    assert [c.reason for c in project.reports[("xiping", 2024)].record.corrections] == [reason]


@pytest.mark.parametrize(
    ("command", "rule"),
    [
        (["correct", "xiping", "2024", "--date", "2024-06-01", "--reason", "更正为 288 件。"], "record-order"),
        (["correct", "xiping", "2024", "--date", "2025-03-02", "--reason", "fix"], "record-text"),
        (["withdraw", "xiping", "2024", "--date", "2024-06-01", "--reason", "撤回。"], "record-order"),
        (["withdraw", "xiping", "2024", "--date", "2025-06-01", "--reason", "  "], "record-text"),
    ],
)
def test_a_command_that_would_fail_the_check_writes_nothing(
    project_copy: Path, capsys: pytest.CaptureFixture[str], command: list[str], rule: str
):
    """Assert that `correct`/`withdraw` refuse, in Chinese and naming the rule, what would fail, and write nothing."""
    if command[0] == "correct":
        edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    before = _files(project_copy)
    assert main(["--root", str(project_copy), *command]) == 1
    said = capsys.readouterr().err
    assert f"[{rule}]" in said and "没有改动任何文件" in said and "已写入" not in said
    assert _files(project_copy) == before


def test_publish_refuses_a_date_after_today(project_copy: Path, capsys: pytest.CaptureFixture[str]):
    """Assert that `publish` (and `correct`, `withdraw`) refuse a date after today and write nothing."""
    unpublish(project_copy)
    before = _files(project_copy)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert main(["--root", str(project_copy), "publish", "xiping", "2024", "--date", tomorrow]) == 1
    assert "晚于今天" in capsys.readouterr().err
    assert _files(project_copy) == before
    assert main(["--root", str(project_copy), "publish", "xiping", "2024", "--date", "2025-01-20"]) == 0
    for command in ("withdraw", "correct"):
        if command == "correct":
            edit(project_copy, DATA, "penalty:   287", "penalty:   288")
        before = _files(project_copy)
        args = [command, "xiping", "2024", "--date", tomorrow, "--reason", "理由。"]
        assert main(["--root", str(project_copy), *args]) == 1
        assert "晚于今天" in capsys.readouterr().err
        assert _files(project_copy) == before


def test_byte_order_mark_is_not_an_edit(project_copy: Path):
    """Assert that a byte-order mark added to a published page and data file changes nothing."""
    for path in (PAGE, DATA):
        file = project_copy / path
        file.write_text("\ufeff" + file.read_text(encoding="utf-8"), encoding="utf-8")
    assert errors(project_copy) == []


def test_commands_on_a_data_file_with_a_byte_order_mark(project_copy: Path):
    """Assert that publish and withdraw find `status:` on the first line behind a byte-order mark."""
    unpublish(project_copy)
    data = project_copy / DATA
    text = data.read_text(encoding="utf-8")
    data.write_text("\ufeffstatus: 草稿\n" + text.replace("status: 草稿\n", ""), encoding="utf-8")
    assert main(["--root", str(project_copy), "publish", "xiping", "2024", "--date", "2025-01-20"]) == 0
    assert errors(project_copy) == []
    assert check_project(project_copy).reports[("xiping", 2024)].record.status == "已发布"
    data.write_text("\ufeff" + data.read_text(encoding="utf-8"), encoding="utf-8")
    args = ["withdraw", "xiping", "2024", "--date", "2025-06-01", "--reason", "撤回。"]
    assert main(["--root", str(project_copy), *args]) == 0
    assert errors(project_copy) == []
    assert check_project(project_copy).reports[("xiping", 2024)].record.status == "已撤回"


def test_correct_writes_when_the_errors_left_are_not_its_own(project_copy: Path, capsys: pytest.CaptureFixture[str]):
    """Assert that `correct` records a change beside an unrelated page error, then names that error and exits 1."""
    edit(project_copy, DATA, "penalty:   287", "penalty:   288")
    edit(project_copy, PAGE, '{{ table("三") }}', "")
    page_errors = [e for e in errors(project_copy) if e[2] != "silent-edit"]
    assert page_errors and all(file == PAGE for file, _, _ in page_errors)
    args = ["--root", str(project_copy), "correct", "xiping", "2024", "--date", "2025-03-02"]
    assert main([*args, "--reason", "行政处罚决定数量更正为 288 件。"]) == 1
    assert "不是本次命令造成的" in capsys.readouterr().err
    assert errors(project_copy) == page_errors
    assert "proactive.penalty.decisions: [287, 288]" in (project_copy / DATA).read_text(encoding="utf-8")
