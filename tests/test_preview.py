"""Editors see their draft as they fill it: previews show a draft's findings in place; the public site leaves it out.

Also what keeps `mkdocs serve` alive on a broken file, the messages an editor can
act on (YAML syntax, misspelt keys, placeholder text), and the editors' pages
kept out of the public site's menu and search, their examples on a fictional organ.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, indexed_pages, seed_values

from macros.authoring.datafile import dump_report
from macros.check.load import load_report
from macros.check.pages import check_page
from macros.check.paths import data_path, page_path
from macros.check.project import check_project
from macros.check.yamlnodes import compose
from macros.cli import main
from macros.site.examples import EXAMPLE_ORGAN, example_files, examples

DRAFT = ("xiping", 2025)
ROW = "  {}: [null, null, null, null, null, null, null]"


def half_filled(root: Path) -> Path:
    """A new draft (`python -m macros new`), some numbers filled, one row wrong, the rest blank."""
    assert main(["--root", str(root), "new", *map(str, DRAFT)]) == 0
    path = root / data_path(*DRAFT)
    text = path.read_text(encoding="utf-8")
    text = text.replace("  rules:     [null, null, null]", "  rules:     [1, 0, 2]")
    text = text.replace("  licensing: null", "  licensing: 5")
    text = re.sub(r"  new: +\[null(, null){6}\]", "  new: [1, 0, 0, 0, 0, 0, 2]", text)
    path.write_text(text, encoding="utf-8")
    return path


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_preview_shows_a_half_filled_draft_with_its_findings_and_the_public_site_leaves_it_out(
    project_copy: Path, tmp_path: Path, capsys
):
    """Assert that a draft with errors renders in a preview (banner, findings, marked cells) and never blocks."""
    half_filled(project_copy)
    project = check_project(project_copy)
    errors = [f for f in project.findings_for(DRAFT) if not f.advisory]
    assert errors and project.errors == errors and not project.blocking_errors
    # `check` still fails so that the editor sees them; the workflows pass on a draft's errors only.
    assert main(["--root", str(project_copy), "check"]) == 1
    assert main(["--root", str(project_copy), "check", "--allow-drafts"]) == 0
    capsys.readouterr()

    url = "https://git.example.org/gk/nianbao/blob/abc123"
    preview = tmp_path / "preview"
    built = build_site(project_copy, preview, preview=True, env={"NIANBAO_REPO_URL": url})
    assert built.returncode == 0, built.stderr
    soup = soup_of(preview, "xiping/2025/index.html")
    text = " ".join(soup.get_text(" ").split())
    assert "草稿" in text and f"本草稿还有 {len(errors)} 个错误" in text
    assert "本报告数据已通过构建时检查" not in text  # the green note only for a report that passed
    assert "本报告数据尚未通过检查" in text
    listed = soup.select("li.nb-finding")
    assert len(listed) == len(project.findings_for(DRAFT))
    first = listed[0]
    link = first.find("a")
    assert link["href"].startswith(f"{url}/data/reports/xiping/2025.yaml#L")
    assert "未填写" in first.get_text()
    ids = {li["id"] for li in listed}
    flagged = soup.select("td.nb-flagged")
    assert flagged and all(set(td["aria-describedby"].split()) <= ids for td in flagged if td.get("aria-describedby"))
    blanks = soup.select("td.nb-blank")
    assert blanks and all(td.get_text(strip=True).startswith("未填写") for td in blanks)
    assert all(td.select_one(".nb-flag") for td in flagged)  # a visible marker, not colour alone
    # The filled row whose total is wrong: its cells name the rule; the filled cells keep their numbers.
    total = soup.select("td.nb-rule-t3-row-total")
    assert total and "[t3-row-total]" in total[0]["title"]
    assert [td.get_text(strip=True).rstrip("⚠") for td in total][:1] == ["1"]
    assert "5" in [td.get_text(strip=True) for td in soup.select("table.nb-table-2 td")]
    # The preview's menu offers the editors' guide, after the reports.
    nav = soup_of(preview, "index.html").select_one("nav.md-nav--primary > ul")
    titles = [" ".join(li.get_text(" ").split()).split(" ")[0] for li in nav.find_all("li", recursive=False)]
    assert titles[-1] == "编辑指南", titles

    public = tmp_path / "public"
    built = build_site(project_copy, public)
    assert built.returncode == 0, built.stderr
    assert not (public / "xiping/2025").exists() and (public / "xiping/2024/index.html").is_file()
    pages = indexed_pages(public)
    assert "xiping/2024/" in pages and not any(url.startswith("xiping/2025") for url in pages)
    # A draft may not be published while it has any error.
    assert main(["--root", str(project_copy), "publish", *map(str, DRAFT), "--date", "2026-01-20"]) == 1
    assert "不能发布" in capsys.readouterr().err


def test_the_public_check_box_lists_the_rules_passed_not_editing_hints(built_site: Path):
    """Assert that a published report's check box lists the rules it passed and none of its advisories."""
    from macros.check.rules import REPORT_RULES

    advisories = [f for f in check_project(ROOT).findings_for(("xiping", 2024)) if f.advisory]
    assert advisories  # the bundled report has hints (stray-latin …): the box must not carry them
    box = soup_of(built_site, "xiping/2024/index.html").select_one("details.nb-checks")
    items = [" ".join(li.get_text(" ").split()) for li in box.select("li")]
    passed = [rule.title for rule, _ in REPORT_RULES if not rule.advisory]
    assert items[: len(passed)] == passed and len(items) == len(passed) + 1
    assert not any(item.startswith("提示") for item in items)
    text = box.get_text()
    assert all(f.message[:20] not in text for f in advisories)


def test_a_published_reports_error_still_blocks_every_build(project_copy: Path, tmp_path: Path):
    """Assert that only a draft's errors are let through: a published report's stop public and preview alike."""
    half_filled(project_copy)
    path = project_copy / data_path("xiping", 2024)
    path.write_text(path.read_text(encoding="utf-8").replace("penalty:   287", "penalty:   ~"), encoding="utf-8")
    for preview in (False, True):
        built = build_site(project_copy, tmp_path / str(preview), preview=preview)
        assert built.returncode == 1 and "已发布的报告或公共文件" in built.stderr
    assert main(["--root", str(project_copy), "check", "--allow-drafts"]) == 1


def test_a_draft_page_the_checks_reject_shows_only_its_findings(project_copy: Path, tmp_path: Path):
    """Assert that a draft whose page breaks the template rules is not rendered, only listed, in a preview."""
    half_filled(project_copy)
    page = project_copy / page_path(*DRAFT)
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ config }}\n", encoding="utf-8")
    preview = tmp_path / "preview"
    built = build_site(project_copy, preview, preview=True)
    assert built.returncode == 0, built.stderr
    text = soup_of(preview, "xiping/2025/index.html").get_text(" ")
    assert "page-template" in text and "预览不显示它的正文和表格" in text
    assert "二、主动公开政府信息情况" not in text


def test_the_public_site_keeps_the_editors_pages_out_of_its_menu_and_search(built_site: Path):
    """Assert that the guide and the rules reference are reachable but neither in the public menu nor in search."""
    nav = soup_of(built_site, "index.html").select_one("nav.md-nav--primary > ul")
    assert "编辑指南" not in nav.get_text()
    assert (built_site / "guide/index.html").is_file() and (built_site / "guide/rules/index.html").is_file()
    pages = indexed_pages(built_site)
    assert "xiping/2024/" in pages and not any(url.startswith("guide/") for url in pages)


def test_rule_examples_use_a_fictional_organ():
    """Assert that no example on the rules page names a real organ: they break 示例街道's report."""
    files = example_files(ROOT)
    assert f"data/reports/{EXAMPLE_ORGAN}/2024.yaml" in files
    assert not any(re.search("西平|沾益|曲靖|xiping|zhanyi", str(content)) for content in files.values())
    found = examples(ROOT)
    assert {"t3-balance", "silent-edit", "organ-parent", "import-organ"} <= set(found)
    for example in found.values():
        shown = f"{example.how} {example.finding} {example.source}"
        assert not re.search("西平|沾益|曲靖|xiping|zhanyi", shown), shown


# --- `mkdocs serve` ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, needle: str, process: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        assert process.poll() is None, "mkdocs serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8")
            if needle in body:
                return body
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            pass
        time.sleep(1)
    raise AssertionError(f"{url} never showed {needle!r}; last page:\n{body[:2000]}")


def test_mkdocs_serve_survives_a_broken_file_and_recovers(project_copy: Path):
    """Assert that `mkdocs serve` shows an error page on a broken published report, then the site once fixed."""
    half_filled(project_copy)
    (project_copy / "build/docs").mkdir(parents=True)  # as `make serve`: the hook prepares the tree
    port = _free_port()
    env = {**os.environ, "NIANBAO_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=project_copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # The draft with its findings, from the first build on.
        _wait_for(f"{base}/xiping/2025/", "本草稿还有", process)
        # A draft edited: the page shows the new count, never the old page.
        draft = project_copy / data_path(*DRAFT)
        draft.write_text(draft.read_text(encoding="utf-8").replace("[1, 0, 2]", "[1, 0, 1]"), encoding="utf-8")
        _wait_for(f"{base}/xiping/2025/", "nb-rule-t3-row-total", process)
        # A published report broken: an error page instead of a stuck server.
        path = project_copy / data_path("xiping", 2024)
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("penalty:   287", "penalty:   [287"), encoding="utf-8")
        broken = _wait_for(f"{base}/", "数据检查未通过", process)
        assert "yaml-syntax" in broken and "data/reports/xiping/2024.yaml" in broken
        # Fixed: the site is back.
        path.write_text(good, encoding="utf-8")
        _wait_for(f"{base}/xiping/2024/", "本报告数据已通过构建时检查", process)
        assert process.poll() is None
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def test_mkdocs_serve_rebuilds_once_for_one_save(project_copy: Path, tmp_path: Path):
    """Assert that one saved edit makes one rebuild: the tree prepare writes meanwhile sets off no second one."""
    half_filled(project_copy)
    (project_copy / "build/docs").mkdir(parents=True)
    port = _free_port()
    env = {**os.environ, "NIANBAO_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as err:
        process = subprocess.Popen(
            command, cwd=project_copy, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/xiping/2025/", "本草稿还有", process)
        time.sleep(3)
        before = log.read_text(encoding="utf-8").count("Detected file changes")
        draft = project_copy / data_path(*DRAFT)
        draft.write_text(draft.read_text(encoding="utf-8").replace("[1, 0, 2]", "[1, 0, 1]"), encoding="utf-8")
        _wait_for(f"{base}/xiping/2025/", "nb-rule-t3-row-total", process)
        time.sleep(5)  # a second rebuild, set off by the first one's writes, would have begun by now
        assert log.read_text(encoding="utf-8").count("Detected file changes") == before + 1
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


# --- messages an editor can act on ---------------------------------------------------

SEED_TEXT = dump_report(seed_values())
PATH = "data/reports/xiping/2024.yaml"


def _findings(old: str, new: str):
    assert old in SEED_TEXT
    return [f for f in load_report(PATH, SEED_TEXT.replace(old, new, 1), "xiping", 2024)[1] if not f.advisory]


def _line(needle: str) -> int:
    return next(i for i, line in enumerate(SEED_TEXT.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        ("rules:     [0, 0, 0]", "rules:     [0，0, 0]", "rules:", ["全角标点「，」", "半角的「,」", "第 16 列"]),
        ("rules:     [0, 0, 0]", "rules:     ［0, 0, 0］", "rules:", ["全角标点「［」", "半角的「[」"]),
        ("rules:     [0, 0, 0]", "rules:     [0 0, 0]", "rules:", ["缺少逗号"]),
        ("rules:     [0, 0, 0]", "rules:     [0, 0, 0", "rules:", ["第", "列", "右方括号「]」"]),
        ("  penalty:   287", "  penalty：   287", "penalty", ["全角", "冒号"]),
        ("  penalty:   287", "\tpenalty:   287", "penalty", ["制表符（Tab）", "换成空格"]),
    ],
)
def test_yaml_mistakes_are_explained_in_chinese_with_line_column_and_cause(old, new, needle, expected):
    """Assert that a syntax slip names its line, column and likely cause, in Chinese, before any counting."""
    findings = _findings(old, new)
    assert len(findings) == 1, findings
    (finding,) = findings
    assert finding.rule == "yaml-syntax" and finding.line == _line(needle)
    assert all(part in finding.message for part in expected), finding.message
    assert "实有" not in finding.message  # not "应有 3 个数值…实有 2 个"


def test_a_yaml_syntax_error_says_line_and_column():
    """Assert that a parser's error carries the line and the column where the editor should look."""
    (finding,) = compose(PATH, 'status: "草稿\nproactive: {}\n')[1]
    assert finding.line == 1 and "第 1 行第 9 列" in finding.message and "引号" in finding.message


def test_an_unknown_key_suggests_the_nearest_with_its_label():
    """Assert that a misspelt key is answered by the key meant and its official label, not the list of all keys."""
    (finding,) = [f for f in _findings("  disclosed:", "  disclosd:") if f.rule == "unknown-key"]
    assert "「disclosed」（（一）予以公开）" in finding.message and "refused_secret" not in finding.message
    (finding,) = [f for f in _findings("proactive:", "proactiv:") if f.rule == "unknown-key"]
    assert "「proactive」" in finding.message
    # Nothing close: every key, with its label.
    (finding,) = [f for f in _findings("  penalty:", "  zzz:") if f.rule == "unknown-key"]
    assert "penalty（行政处罚）" in finding.message


def test_the_suggestion_cap_is_per_file():
    """Assert that a file of many misspelt keys gets the plain list after a few, and the next file its suggestions."""
    from macros.check.load import SUGGESTIONS_PER_FILE

    many = "".join(f"  disclosd{n}: [0, 0, 0, 0, 0, 0, 0]\n" for n in range(SUGGESTIONS_PER_FILE + 30))
    hostile = SEED_TEXT.replace("  disclosed:", many + "  disclosed:", 1)

    def suggested(text: str) -> list[bool]:
        found = [f for f in load_report(PATH, text, "xiping", 2024)[1] if f.rule == "unknown-key"]
        return ["是不是「disclosed」" in f.message for f in found]

    for _ in range(2):  # the second file, and the third, start again
        flags = suggested(hostile)
        assert flags == [True] * SUGGESTIONS_PER_FILE + [False] * 30
        assert suggested(SEED_TEXT.replace("  disclosed:", "  disclosd:", 1)) == [True]


@pytest.mark.parametrize("placeholder", ["待填写", "XX", "××", "此处填写"])
def test_placeholder_text_in_a_part_is_an_error(placeholder):
    """Assert that placeholder text left in a narrative part is an error, not prose."""
    page = (ROOT / page_path("xiping", 2024)).read_text(encoding="utf-8")
    text = page.replace("2024 年未收取信息处理费。", f"2024 年未收取信息处理费。{placeholder}")
    findings = [f for f in check_page("p.md", text, None) if f.rule == "part-blank"]
    line = next(i for i, raw in enumerate(text.splitlines(), start=1) if placeholder in raw)
    assert [(f.line, f.advisory) for f in findings] == [(line, False)]
    assert placeholder in findings[0].message and "第六部分" in findings[0].message
    # In an editor's hint (a comment) it is no text of the report.
    hinted = page.replace("2024 年未收取信息处理费。", f"2024 年未收取信息处理费。{{# {placeholder} #}}")
    assert not [f for f in check_page("p.md", hinted, None) if f.rule == "part-blank"]
