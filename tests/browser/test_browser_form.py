"""The 填报 page (guide/form/) in Debian's Chromium: fill, see rules fire and clear, download a file the check accepts.

Its rules are the checker's own declarations (check/equations.py), shipped to the
page as data: the page's evaluator and the Python one are run over the same
reports here and must give the same findings.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from conftest import seed_values

from macros.authoring.datafile import data_header, dump_report
from macros.authoring.scaffold import render_page
from macros.check.equations import TABLE_RULES, evaluate
from macros.check.load import Organ
from macros.cli import main
from macros.format.national import AMOUNT, LEVELS, TABLES, Cell, cell_key, cells

from .conftest import PHONE, ROOT, OpenPage

FORM = "guide/form/"
XIPING = Organ("xiping", "曲靖市沾益区人民政府西平街道办事处", "西平街道", "街道", "zhanyi")
BODIES = {
    "一": "本年度按照条例要求做好政府信息公开工作。",
    "五": "存在的问题是公开内容不够全面，下一步将加以改进。",
    "六": "本年度未收取信息处理费。",
}


def _id(table: str, row: str, column: str) -> str:
    return f"#nb-cell-{table}--{row}--{column}"


def _open(open_page: OpenPage, **kwargs):
    visit = open_page(FORM, **kwargs)
    visit.page.wait_for_selector("#nb-form-organ")
    return visit


def _rules_fired(page) -> list[str]:
    return page.eval_on_selector_all("#nb-form-findings li", "items => items.map(li => li.dataset.rule)")


def test_a_blank_report_filled_in_the_form_passes_the_check(open_page: OpenPage, project_copy: Path) -> None:
    """Assert that a report filled in the form shows a rule firing and clearing; its download passes `check`."""
    page = _open(open_page).page
    page.select_option("#nb-form-organ", "xiping")
    page.select_option("#nb-form-year", "2023")
    assert f"{len(cells())} 个单元格未填写" in page.inner_text("#nb-form-findings")
    page.get_by_role("button", name="空白单元格填 0").click()
    assert _rules_fired(page) == []
    assert "表内规则全部通过" in page.inner_text("#nb-form-findings")

    page.fill(_id("requests", "new", "natural"), "1")
    assert _rules_fired(page) == ["t3-balance", "t3-row-total"]
    assert page.get_attribute(_id("requests", "new", "natural"), "aria-invalid") == "true"
    assert "应为 0，实为 1" in page.inner_text("#nb-form-findings")
    page.fill(_id("requests", "new", "total"), "1")
    assert _rules_fired(page) == ["t3-balance", "t3-balance"]
    for row in ("disclosed", "results_total"):
        page.fill(_id("requests", row, "natural"), "1")
        page.fill(_id("requests", row, "total"), "1")
    assert _rules_fired(page) == []
    assert page.get_attribute(_id("requests", "new", "natural"), "aria-invalid") is None

    with page.expect_download() as download:
        page.get_by_role("button", name="下载数据文件").click()
    assert download.value.suggested_filename == "2023.yaml"
    text = Path(download.value.path()).read_text(encoding="utf-8")

    values: dict[Cell, int | object] = {c: 0 for c in cells()}
    for row in ("new", "disclosed", "results_total"):
        values[Cell("requests", row, "natural")] = values[Cell("requests", row, "total")] = 1
    # Byte for byte what the importer and the scaffold write (datafile.dump_report).
    assert text == dump_report(values, header=data_header(XIPING.name, 2023))  # type: ignore[arg-type]
    assert page.input_value("#nb-form-output") == text

    (project_copy / "data/reports/xiping/2023.yaml").write_text(text, encoding="utf-8")
    (project_copy / "docs/xiping/2023.md").write_text(render_page(XIPING, 2023, BODIES), encoding="utf-8")
    assert main(["--root", str(project_copy), "check"]) == 0


def test_page_and_checker_evaluate_the_rules_alike(open_page: OpenPage) -> None:
    """Assert that the page's evaluator gives the Python evaluator's findings (ids, cells, sums, messages)."""
    page = _open(open_page).page
    rnd = random.Random(14)
    keys = [c for c in cells() if c.column != "amount"]
    consistent = {c: 0 for c in keys}
    cases = []
    for i in range(400):
        values = dict(consistent)
        if i % 2:  # random numbers, some cells left blank
            values = {c: rnd.choice((0, 0, 1, 2, 3, 10**20)) for c in keys if rnd.random() > 0.02}
        else:  # a consistent report with a few cells perturbed
            for c in rnd.sample(keys, rnd.randint(1, 4)):
                values[c] = rnd.randint(0, 5)
        organ = None if i % 7 == 0 else (rnd.choice(LEVELS), f"机关{i}")
        cases.append((values, organ))

    checks = tuple(c for _, rule_checks in TABLE_RULES for c in rule_checks)
    python = [
        [
            {"rule": h.rule, "cell": h.cell, "expected": str(h.expected), "actual": str(h.actual), "message": h.message}
            for h in evaluate(checks, values.get, *(organ or (None, None)))
        ]
        for values, organ in cases
    ]
    payload = [
        {
            "values": {cell_key(c): str(v) for c, v in values.items()},
            "organ": organ and {"level": organ[0], "short": organ[1]},
        }
        for values, organ in cases
    ]
    script = """cases => cases.map(({values, organ}) => {
        const big = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(v)]));
        return NianbaoForm.evaluate(NIANBAO_FORM.rules, big, organ)
            .map(({rule, cell, expected, actual, message}) => ({rule, cell, expected, actual, message}));
    })"""
    browser = page.evaluate(script, payload)
    assert sum(map(len, python)) > 1000 and {h["rule"] for hits in python for h in hits} == {
        rule.id for rule, _ in TABLE_RULES
    }
    for number, (ours, theirs) in enumerate(zip(python, browser, strict=True)):
        assert theirs == ours, f"case {number}"


def test_the_page_ships_the_checkers_declarations(open_page: OpenPage) -> None:
    """Assert that the rules the page evaluates are the checker's, as data (not a copy in the script)."""
    from macros.check.equations import checks_json

    page = _open(open_page).page
    assert page.evaluate("NIANBAO_FORM.rules") == json.loads(json.dumps(checks_json()))
    script = (ROOT / "docs/assets/nianbao-form.js").read_text(encoding="utf-8")
    assert "t3-balance" not in script and "勾稽" not in script


def _paste(page, text: str) -> None:
    """What the browser does when the editor pastes `text` (copied from Excel or Word) into the focused cell."""
    page.evaluate(
        """text => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const event = new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true});
            document.activeElement.dispatchEvent(event);
        }""",
        text,
    )


def test_paste_from_a_spreadsheet_fills_rows_and_cells(open_page: OpenPage) -> None:
    """Assert that tab-separated rows pasted into a cell fill from there on, skipping labels and header lines."""
    page = _open(open_page).page
    pasted = "项目\t自然人\t商业企业\n一、本年新收\t3\t1\t0\t0\t0\t0\t4\n二、上年结转\t1\t0\t0\t0\t0\t0\t1\n"
    page.focus(_id("requests", "new", "natural"))
    _paste(page, pasted)
    assert page.input_value(_id("requests", "new", "natural")) == "3"
    assert page.input_value(_id("requests", "new", "total")) == "4"
    assert page.input_value(_id("requests", "carried_in", "natural")) == "1"
    assert page.input_value(_id("requests", "disclosed", "natural")) == ""
    # 表四 as printed: one row of 15 cells goes on into the next rows.
    page.focus(_id("appeals", "review", "upheld"))
    _paste(page, "\t".join(str(n) for n in range(15)))
    assert page.input_value(_id("appeals", "direct", "upheld")) == "5"
    assert page.input_value(_id("appeals", "after_review", "total")) == "14"


def test_an_existing_data_file_opens_in_the_form(open_page: OpenPage, tmp_path: Path) -> None:
    """Assert that a data file opened in the form selects its organ and year and is written back as a draft."""
    page = _open(open_page).page
    source = ROOT / "data/reports/xiping/2024.yaml"
    page.set_input_files("#nb-form-file", str(source))
    page.wait_for_function("document.getElementById('nb-form-output').value.length > 0")
    assert page.input_value("#nb-form-organ") == "xiping" and page.input_value("#nb-form-year") == "2024"
    assert "已发布" in page.inner_text("#nb-form-load-status")
    assert page.input_value("#nb-form-output") == dump_report(seed_values(), header=data_header(XIPING.name, 2024))
    assert _rules_fired(page) == []


def test_a_data_files_reviewed_advisories_are_named_not_called_unknown(open_page: OpenPage, tmp_path: Path) -> None:
    """Assert that a file with reviewed: opens with that record named by its label, never as an unknown key."""
    page = _open(open_page).page
    source = tmp_path / "2024.yaml"
    text = (ROOT / "data/reports/xiping/2024.yaml").read_text(encoding="utf-8")
    source.write_text(text + "reviewed:\n  stray-latin: 核对无误。\n", encoding="utf-8")
    page.set_input_files("#nb-form-file", str(source))
    page.wait_for_function("document.getElementById('nb-form-output').value.length > 0")
    status = page.inner_text("#nb-form-load-status")
    assert "已核对的提示" in status and "不会写入生成的文件" in status
    assert "reviewed" not in status  # not 「未知的键「reviewed」」


def test_the_web_editor_link_carries_path_and_file(open_page: OpenPage) -> None:
    """Assert that, with a repository configured, the editor link opens GitHub's new-file page filled in."""
    from urllib.parse import parse_qs, urlsplit

    from macros.site.form import form_markdown

    assert "nb-form-editor" not in form_markdown({})
    assert "nb-form-editor" not in form_markdown({"form_repository": "a/b?x=<y>"})
    assert "(https://github.com/owner/repo/new/main)" in form_markdown({"form_repository": "owner/repo"})
    visit = open_page("")
    page = visit.page
    # The page as a site with `extra: form_repository: owner/repo` serves it.
    link = (
        '<p><a class="nb-form-editor" id="nb-form-editor" href="https://github.com/owner/repo/new/main">'
        "在 GitHub 网页编辑器中新建此文件</a></p>"
    )

    def with_link(route) -> None:
        response = route.fetch()
        body = response.text()
        assert '<p class="nb-form-mount" id="nb-form">' in body
        route.fulfill(
            response=response, body=body.replace('<p class="nb-form-mount"', link + '<p class="nb-form-mount"')
        )

    page.route("**/guide/form/", with_link)
    visit.goto(FORM)
    page.wait_for_selector("#nb-form-organ")
    editor = page.locator("#nb-form-editor")
    assert not editor.is_visible()
    page.select_option("#nb-form-organ", "xiping")
    assert editor.is_visible()
    url = urlsplit(editor.get_attribute("href") or "")
    query = parse_qs(url.query)
    assert url.netloc == "github.com" and url.path == "/owner/repo/new/main"
    assert query["filename"] == [f"data/reports/xiping/{page.input_value('#nb-form-year')}.yaml"]
    assert query["value"] == [page.input_value("#nb-form-output")]


def test_the_form_fits_a_phone(open_page: OpenPage) -> None:
    """Assert that at 375 px the page does not scroll sideways: the tables scroll inside their own boxes."""
    page = _open(open_page, viewport=PHONE).page
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    boxes = page.eval_on_selector_all(
        ".nb-form-scroll", "boxes => boxes.map(b => [b.getAttribute('role'), b.tabIndex])"
    )
    assert boxes and all(b == ["region", 0] for b in boxes)
    assert len(TABLES) == 3 and page.locator(".nb-form-table").count() == sum(len(t.grids) for t in TABLES)
    # Every input is named by its cell, as the checker names it.
    label = page.get_attribute(_id("proactive", "fees", "amount"), "aria-label")
    assert label == Cell("proactive", "fees", "amount").label()
    assert AMOUNT == "amount"
