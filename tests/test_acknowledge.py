"""Advisories acknowledged once in the data (reviewed:), with a reason, still shown to reviewers.

The page comment (<!-- nianbao: 已核对 rule -->) is tested with the narrative
checks (test_narrative.py); here the data file's reviewed: mapping, how both are
listed for reviewers (check output, pull-request notices, the preview), and the
mistakes an editor can make in them.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT, build_site
from test_preview import DRAFT, half_filled

from macros.check.acknowledge import Acknowledged, Acknowledgement, read_page_acknowledgements
from macros.check.load import load_report
from macros.check.output import step_summary
from macros.check.paths import data_path, page_path
from macros.check.project import check_project
from macros.cli import main
from macros.format.national import REVIEW_REASON_LIMIT
from macros.site.draftview import render_findings
from macros.site.prepare import PREPARED_DIR, prepare

PUBLISHED = ("xiping", 2024)
DATA = data_path(*PUBLISHED)
PAGE = page_path(*PUBLISHED)
SEED = (ROOT / DATA).read_text(encoding="utf-8")
REASON = "“and”是引用的英文栏目名，核对无误。"


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def _review_findings(entries: str) -> list[tuple[int, str]]:
    text = SEED + "reviewed:\n" + entries
    found = load_report(DATA, text, *PUBLISHED)[1]
    return [(f.line - _line(text, "reviewed:"), f.message) for f in found if f.rule == "review-entry"]


def test_a_wrong_entry_in_reviewed_is_a_located_error():
    """Assert that an unknown rule id, an error's id, a missing, non-Chinese or overlong reason each name their line."""
    found = _review_findings(
        "  stray-latn: 核对无误。\n"
        "  t3-balance: 核对无误。\n"
        "  doubled-word:\n"
        "  doubled-punct: ok\n"
        f"  broken-sentence: {'很' * (REVIEW_REASON_LIMIT + 1)}\n"
        "  stray-latin: 核对无误。\n"
    )
    assert [line for line, _ in found] == [1, 2, 3, 4, 5]
    messages = [message for _, message in found]
    assert "「stray-latn」" in messages[0] and "是不是「stray-latin」" in messages[0]
    assert "是错误，不是提示" in messages[1] and "必须改正" in messages[1]
    assert "缺少理由" in messages[2]
    assert "中文" in messages[3]
    assert f"不超过 {REVIEW_REASON_LIMIT} 字" in messages[4]
    report, findings = load_report(DATA, SEED + "reviewed:\n  stray-latin: 核对无误。\n", *PUBLISHED)
    assert findings == [] and [(a.rule, a.reason) for a in report.record.reviewed] == [("stray-latin", "核对无误。")]
    (shape,) = _review_findings("  - stray-latin\n")
    assert "「规则编号: 理由」" in shape[1]


def test_the_old_data_comment_says_what_to_write_instead(project_copy: Path):
    """Assert that 「# nianbao: 已核对 rule」 in a data file acknowledges nothing and says where reviewed: goes."""
    path = project_copy / DATA
    path.write_text(SEED.replace("status:", "# nianbao: 已核对 stray-latin\nstatus:", 1), encoding="utf-8")
    project = check_project(project_copy)
    (comment,) = [f for f in project.findings if f.rule == "review-entry"]
    assert (comment.file, comment.line, comment.advisory) == (
        DATA,
        _line(path.read_text(encoding="utf-8"), "nianbao"),
        False,
    )
    assert "reviewed:" in comment.message and "stray-latin: 理由" in comment.message
    assert any(f.rule == "stray-latin" for f in project.findings)


def test_reviewed_in_the_data_silences_the_report_once_and_reviewers_still_see_it(
    project_copy: Path, capsys, monkeypatch
):
    """Assert that a reviewed advisory leaves its report's findings (its page's too) but is listed with its reason."""
    before = check_project(project_copy)
    stray = [f for f in before.findings_for(PUBLISHED) if f.rule == "stray-latin"]
    assert len(stray) == 3 and all(f.file == PAGE for f in stray)
    (project_copy / DATA).write_text(
        SEED + f"reviewed:\n  stray-latin: {REASON}\n  part6-fee: 第六部分已写明。\n", encoding="utf-8"
    )
    entry_line = _line((project_copy / DATA).read_text(encoding="utf-8"), "  stray-latin:")
    project = check_project(project_copy)
    # Not a correction: reviewing is no change of a published report's numbers or text.
    assert project.errors == []
    assert not [f for f in project.findings if f.rule == "stray-latin"]
    assert [f.rule for f in project.findings if f.advisory] == [
        f.rule for f in before.findings if f.rule != "stray-latin"
    ]
    listed = {a.by.rule: a for a in project.acknowledged_for(PUBLISHED)}
    assert set(listed) == {"stray-latin", "part6-fee"}
    assert (listed["stray-latin"].by.file, listed["stray-latin"].by.line) == (DATA, entry_line)
    assert listed["stray-latin"].findings == tuple(stray) and listed["part6-fee"].findings == ()

    # The check's output: one line each, where the entry is, with the reason; the stale one says it can go.
    assert main(["--root", str(project_copy), "check"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    (acked,) = [line for line in lines if line.startswith(f"{DATA}:{entry_line}: [stray-latin]")]
    assert f"已核对：理由：{REASON.rstrip('。')}；" in acked and f"共 3 处，首处 {PAGE}:{stray[0].line}" in acked
    (stale,) = [line for line in lines if "[part6-fee]" in line]
    assert "现在没有这条提示" in stale and "可以删去" in stale
    assert not [line for line in lines if "[stray-latin] 提示：" in line]  # no longer repeated
    assert "另有 2 条已核对的提示" in err

    # Pull requests: a notice on the entry's line, and the run's summary lists it with the reason.
    summary = project_copy / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(project_copy), "check", "--format", "github"]) == 0
    out = capsys.readouterr().out
    (notice,) = [line for line in out.splitlines() if line.startswith("::notice ") and "stray-latin" in line]
    assert f"file={DATA},line={entry_line}," in notice and "title=[stray-latin] 已核对的提示::" in notice
    assert REASON.rstrip("。") in notice
    text = summary.read_text(encoding="utf-8")
    assert "### 已核对的提示（2 条）" in text and f"| `{DATA}` | {entry_line} | `stray-latin` |" in text
    assert step_summary([], "检查通过") == "## 年报数据检查：检查通过\n\n"


def test_a_drafts_preview_lists_its_reviewed_advisories_with_their_reasons(project_copy: Path, tmp_path: Path):
    """Assert that a draft's findings at the top of its preview page list the reviewed advisories and reasons."""
    path = half_filled(project_copy)  # a 街道 with 规章 filled in: t2-rules-local
    assert any(f.rule == "t2-rules-local" for f in check_project(project_copy).findings_for(DRAFT))
    reason = "本年规章为区政府转发的文件，已核对。"
    path.write_text(path.read_text(encoding="utf-8") + f"reviewed:\n  t2-rules-local: {reason}\n", encoding="utf-8")
    project = prepare(project_copy, preview=True)
    assert not any(f.rule == "t2-rules-local" for f in project.findings_for(DRAFT))
    page = (project_copy / PREPARED_DIR / "xiping/2025.md").read_text(encoding="utf-8")
    listing = re.search(r'<ul class="nb-acknowledged-list">(.*?)</ul>', page)
    assert listing and "已核对的提示（1 条" in page
    assert "[t2-rules-local]" in listing.group(1) and reason.rstrip("。") in listing.group(1)
    # Built for real: the list survives Markdown and the sanitizer, inside the findings at the top.
    site = tmp_path / "preview"
    built = build_site(project_copy, site, preview=True)
    assert built.returncode == 0, built.stderr
    soup = BeautifulSoup((site / "xiping/2025/index.html").read_text(encoding="utf-8"), "html.parser")
    (item,) = soup.select("div.nb-draft-findings ul.nb-acknowledged-list li")
    assert "t2-rules-local" in item.get_text() and reason.rstrip("。") in item.get_text()
    # Text from the data is text: the reason is escaped, never markup.
    hostile = Acknowledged(Acknowledgement("t2-rules-local", "<b>粗</b>{{ x }}", "d.yaml", 3, False), ())
    html = render_findings([], None, [hostile])
    assert "<b>" not in html and "&lt;b&gt;" in html and "{{" not in html


def test_a_page_comment_may_give_a_reason_and_a_wrong_id_is_located():
    """Assert that 「<!-- nianbao: 已核对 rule：理由 -->」 keeps the reason; an unknown id is a finding on its line."""
    text = (
        "第一段。<!-- nianbao: 已核对 doubled-word：引用原文，保留。 -->\n\n"
        "第二段。<!-- nianbao: 已核对 doubld-word -->\n"
    )
    acks, found = read_page_acknowledgements("docs/a/2024.md", text)
    ((ack,),) = acks.by_line.values()
    assert (ack.rule, ack.reason, ack.line) == ("doubled-word", "引用原文，保留。", 1)
    assert [(f.rule, f.line) for f in found] == [("review-entry", 3)] and "是不是「doubled-word」" in found[0].message


def test_a_new_data_file_shows_how_to_write_reviewed_and_its_example_is_valid(project_copy: Path):
    """Assert that `macros new` ends the data file with the reviewed: hint, whose example loads without a finding."""
    assert main(["--root", str(project_copy), "new", *map(str, DRAFT)]) == 0
    text = (project_copy / data_path(*DRAFT)).read_text(encoding="utf-8")
    hint = text[text.index("# 已核对的提示（reviewed）") :]
    example = "\n".join(
        line.removeprefix("# ")
        for line in hint.splitlines()
        if line.startswith("# reviewed:") or line.startswith("#   ")
    )
    assert example.startswith("reviewed:\n  t2-rules-local: ")
    report, findings = load_report(data_path(*DRAFT), text + example + "\n", *DRAFT)
    assert not [f for f in findings if f.rule == "review-entry"]
    assert [a.rule for a in report.record.reviewed] == ["t2-rules-local"]


def test_a_page_of_many_acknowledgements_is_bounded():
    """Assert that a page's acknowledgements beyond the limit do nothing and say so, on their lines."""
    from macros.check.acknowledge import PAGE_ACKNOWLEDGEMENT_LIMIT

    text = "".join(
        f"第 {n} 段。<!-- nianbao: 已核对 doubled-word -->\n\n" for n in range(PAGE_ACKNOWLEDGEMENT_LIMIT + 5)
    )
    acks, found = read_page_acknowledgements("docs/a/2024.md", text)
    assert sum(len(a) for a in acks.by_line.values()) == PAGE_ACKNOWLEDGEMENT_LIMIT
    assert len(found) == 5 and all(f.rule == "review-entry" and "reviewed:" in f.message for f in found)
    assert found[0].line == 2 * PAGE_ACKNOWLEDGEMENT_LIMIT + 1
