"""A covering organ's report against its children's (hierarchy-total, hierarchy-incomplete, organ-covers).

The organs are fictional: 青梧区政府 reports the total of its two 街道, 东岸街道 and 西岸街道.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.authoring.datafile import dump_report
from macros.check.hierarchy import SUMMED_CELLS, check_hierarchy, hierarchy_scope
from macros.check.load import Organ, Report, load_organs, load_report
from macros.check.paths import data_path, page_path
from macros.check.project import Project, check_project
from macros.cli import main
from macros.format.national import DRAFT, PUBLISHED, WITHDRAWN, Cell, cells, is_total
from macros.format.numbers import Number
from macros.overview.hierarchy import CANNOT_CHECK, CHECKS_OUT, DOES_NOT, totals_markdown
from macros.site.examples import EXAMPLE_ORGAN, EXAMPLE_PARENT, EXAMPLE_YEAR, example_files
from macros.site.sanitize import sanitize

YEAR = 2024
ORGANS_TEXT = """\
qingwu:
  name: 示例市青梧区人民政府
  short: 青梧区政府
  level: 县级政府
  parent: null
  covers_children: true

dongan:
  name: 示例市青梧区人民政府东岸街道办事处
  short: 东岸街道
  level: 街道
  parent: qingwu

xian:
  name: 示例市青梧区人民政府西岸街道办事处
  short: 西岸街道
  level: 街道
  parent: qingwu
"""
PENALTY = Cell("proactive", "penalty", "decisions")
COERCION = Cell("proactive", "coercion", "decisions")
FEES = Cell("proactive", "fees", "amount")
IN_FORCE = Cell("proactive", "normative", "in_force")


def organs() -> dict[str, Organ]:
    found, findings = load_organs("data/organs.yaml", ORGANS_TEXT)
    assert findings == []
    return found


def values(**cells_given: Number) -> dict[Cell, Number]:
    """Every cell 0, then the given ones (by <table>__<row>__<column>)."""
    out: dict[Cell, Number] = {c: (Decimal(0) if c.column == "amount" else 0) for c in cells()}
    for key, value in cells_given.items():
        out[Cell(*key.split("__"))] = value
    return out


# Each street's numbers, consistent within itself; the district's are their sums.
DONGAN = dict(
    proactive__penalty__decisions=10,
    proactive__licensing__decisions=3,
    proactive__normative__in_force=4,
    proactive__fees__amount=Decimal("0.12"),
    requests__new__natural=2,
    requests__new__total=2,
    requests__disclosed__natural=2,
    requests__disclosed__total=2,
    requests__results_total__natural=2,
    requests__results_total__total=2,
)
XIAN = dict(
    proactive__penalty__decisions=5,
    proactive__fees__amount=Decimal("0.3"),
    requests__new__business=1,
    requests__new__total=1,
    requests__carried_over__business=1,
    requests__carried_over__total=1,
    appeals__review__pending=1,
    appeals__review__total=1,
)


def summed(*parts: dict) -> dict:
    out: dict = {}
    for part in parts:
        for key, value in part.items():
            out[key] = out.get(key, 0) + value
    return out


def report_text(numbers: dict, status: str = PUBLISHED) -> str:
    record = {
        PUBLISHED: "status: 已发布\npublished: 2025-01-20\n",
        DRAFT: "status: 草稿\n",
        WITHDRAWN: "status: 已撤回\npublished: 2025-01-20\n"
        "withdrawn:\n  date: 2025-02-01\n  reason: 数字有误，撤回重报。\n",
    }[status]
    return record + dump_report(values(**numbers))


def report(slug: str, numbers: dict, status: str = PUBLISHED) -> Report:
    found, findings = load_report(data_path(slug, YEAR), report_text(numbers, status), slug, YEAR)
    assert found.record.status == status, findings
    return found


def reports(parent: dict | None = None, **overrides: tuple[dict, str] | None) -> dict[tuple[str, int], Report]:
    """The district and its two streets; `overrides` replace (or with None, remove) a street's report."""
    given: dict[str, tuple[dict, str] | None] = {"dongan": (DONGAN, PUBLISHED), "xian": (XIAN, PUBLISHED)}
    given.update(overrides)
    out = {(slug, YEAR): report(slug, *entry) for slug, entry in given.items() if entry is not None}
    out[("qingwu", YEAR)] = report("qingwu", summed(DONGAN, XIAN) if parent is None else parent)
    return out


def found(all_reports: dict, scope=None) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.rule) for f in check_hierarchy(organs(), all_reports, scope)]


def findings(all_reports: dict) -> list:
    return list(check_hierarchy(organs(), all_reports))


PARENT_DATA = data_path("qingwu", YEAR)


def test_the_compared_cells_are_every_cell_but_the_derived_totals():
    """Assert that counts, 现行有效件数 and the fee are compared, and the totals the format derives are not."""
    assert IN_FORCE in SUMMED_CELLS and FEES in SUMMED_CELLS and PENALTY in SUMMED_CELLS
    assert Cell("requests", "new", "natural") in SUMMED_CELLS and Cell("appeals", "review", "pending") in SUMMED_CELLS
    for total in (
        Cell("requests", "new", "total"),
        Cell("requests", "results_total", "natural"),
        Cell("appeals", "review", "total"),
        Cell("appeals", "after_review", "total"),
    ):
        assert total not in SUMMED_CELLS and is_total(total)
    # 7 × 25 cells of 三 less its 总计 column and row, 四's 15 less 3 totals, all 10 of 二.
    assert len(SUMMED_CELLS) == 6 * 24 + 12 + 10


def test_sums_that_agree_give_no_finding():
    """Assert that a district report equal to its streets' sums in every cell passes."""
    assert found(reports()) == []


def test_one_cell_off_is_an_error_naming_the_cell_the_values_and_the_children():
    """Assert that a district's 行政处罚 one above its streets' sum is one error on that line."""
    all_reports = reports(parent=summed(DONGAN, XIAN, dict(proactive__penalty__decisions=1)))
    (finding,) = findings(all_reports)
    parent = all_reports[("qingwu", YEAR)]
    assert (finding.file, finding.line, finding.rule) == (PARENT_DATA, parent.line(PENALTY), "hierarchy-total")
    assert not finding.advisory
    assert finding.message == (
        "表二「行政处罚」「本年处理决定数量」应等于 2 个下级机关 2024 年报告之和（东岸街道 10、西岸街道 5）；"
        "应为 15，实为 16。"
    )


def test_a_cell_all_children_leave_at_zero_says_so():
    """Assert that a cell the district fills and no street does names the sum 0 and says every child has 0."""
    (finding,) = findings(reports(parent=summed(DONGAN, XIAN, dict(proactive__coercion__decisions=2))))
    assert finding.message.endswith("（各下级机关均为 0）；应为 0，实为 2。")
    assert "表二「行政强制」「本年处理决定数量」" in finding.message


def test_a_table_three_cell_names_its_official_labels_and_the_children_with_zero():
    """Assert that a 表三 cell off is named by row and column label, the streets with 0 counted."""
    (finding,) = findings(reports(parent=summed(DONGAN, XIAN, dict(requests__new__research=1, requests__new__total=1))))
    assert finding.message == (
        "表三「一、本年新收政府信息公开申请数量」「科研机构」应等于 2 个下级机关 2024 年报告之和（各下级机关均为 0）；"
        "应为 0，实为 1。"
    )
    one_child = summed(DONGAN, XIAN, dict(requests__new__business=1, requests__new__total=1))
    (finding,) = findings(reports(parent=one_child))
    assert "（西岸街道 1，其余 1 个为 0）；应为 1，实为 2。" in finding.message


def test_fees_add_up_exactly_in_decimal():
    """Assert that 0.12 + 0.3 万元 is 0.42 exactly, and 0.4 is not rounded into agreement."""
    assert found(reports(parent=summed(DONGAN, XIAN) | dict(proactive__fees__amount=Decimal("0.420")))) == []
    (finding,) = findings(reports(parent=summed(DONGAN, XIAN) | dict(proactive__fees__amount=Decimal("0.4"))))
    assert finding.rule == "hierarchy-total" and finding.message.endswith("应为 0.42，实为 0.4。")


def test_in_force_counts_add_up():
    """Assert that 现行有效件数 is compared like the other counts."""
    (finding,) = findings(reports(parent=summed(DONGAN, XIAN) | dict(proactive__normative__in_force=5)))
    assert "表二「行政规范性文件」「现行有效件数」" in finding.message and finding.message.endswith("应为 4，实为 5。")


def test_a_missing_child_report_is_an_advisory_not_an_error():
    """Assert that without 西岸街道's report the sums are not checked: one advisory on the district's file."""
    wrong = summed(DONGAN, XIAN, dict(proactive__penalty__decisions=1))
    (finding,) = findings(reports(parent=wrong, xian=None))
    assert (finding.file, finding.line, finding.rule, finding.advisory) == (
        PARENT_DATA,
        1,
        "hierarchy-incomplete",
        True,
    )
    assert "西岸街道还没有 2024 年报告" in finding.message and "无法核对" in finding.message


def test_a_child_draft_is_an_advisory_saying_what_its_numbers_would_give():
    """Assert that a street's draft leaves the sums unchecked, with a word on whether its numbers agree."""
    (finding,) = findings(reports(xian=(XIAN, DRAFT)))
    assert finding.rule == "hierarchy-incomplete" and finding.advisory
    assert "西岸街道的 2024 年报告仍是草稿" in finding.message
    assert finding.message.endswith("按草稿中的数字合计，与本报告一致。")
    wrong = summed(DONGAN, XIAN, dict(proactive__penalty__decisions=1))
    (finding,) = findings(reports(parent=wrong, xian=(XIAN, DRAFT)))
    assert finding.message.endswith("按草稿中的数字合计，有 1 个单元格与本报告不一致。")


def test_withdrawn_reports():
    """Assert that a withdrawn child's report cannot be summed, and a withdrawn district report is not checked."""
    (finding,) = findings(reports(xian=(XIAN, WITHDRAWN)))
    assert finding.rule == "hierarchy-incomplete" and "西岸街道的 2024 年报告已撤回" in finding.message
    all_reports = reports(parent=summed(DONGAN, XIAN, dict(proactive__penalty__decisions=1)))
    all_reports[("qingwu", YEAR)] = report("qingwu", summed(DONGAN, XIAN), WITHDRAWN)
    assert found(all_reports) == []


def test_a_blank_cell_is_left_to_the_loader():
    """Assert that a cell blank in a child's report is not compared (the loader reports the blank)."""
    all_reports = reports(parent=summed(DONGAN, XIAN, dict(proactive__penalty__decisions=1)))
    del all_reports[("xian", YEAR)].values[PENALTY]
    assert found(all_reports) == []


def test_an_organ_not_marked_is_not_checked():
    """Assert that without covers_children the district's own numbers are its own."""
    unmarked, _ = load_organs("o.yaml", ORGANS_TEXT.replace("  covers_children: true\n", ""))
    all_reports = reports(parent=dict(proactive__penalty__decisions=99))
    assert list(check_hierarchy(unmarked, all_reports)) == []


def test_the_scope_of_a_check_of_one_report_takes_in_its_parent_and_siblings():
    """Assert that checking one street's report checks its district's against every street's report of that year."""
    check, load = hierarchy_scope(organs(), [("dongan", YEAR)])
    assert check == {("qingwu", YEAR)}
    assert load == {("qingwu", YEAR), ("dongan", YEAR), ("xian", YEAR)}
    assert hierarchy_scope(organs(), [("qingwu", 2023)]) == (
        {("qingwu", 2023)},
        {("qingwu", 2023), ("dongan", 2023), ("xian", 2023)},
    )
    wrong = reports(parent=summed(DONGAN, XIAN, dict(proactive__penalty__decisions=1)))
    assert found(wrong, scope={("qingwu", 2023)}) == []
    assert [rule for _, _, rule in found(wrong, scope=check)] == ["hierarchy-total"]


# --- The registry ---------------------------------------------------------------


def test_the_registry_reads_covers_children():
    """Assert that covers_children: true is read, and that it defaults to false."""
    found_organs = organs()
    assert found_organs["qingwu"].covers_children and not found_organs["dongan"].covers_children
    text = ORGANS_TEXT.replace("covers_children: true", "covers_children: false")
    written_false, findings_ = load_organs("o.yaml", text)
    assert findings_ == [] and not written_false["qingwu"].covers_children


@pytest.mark.parametrize("value", ["是", "yes", "1", '"true"', "[true]", ""])
def test_covers_children_must_be_true_or_false(value):
    """Assert that anything but true or false is refused on its line, yes (a boolean only to YAML 1.1) included."""
    text = ORGANS_TEXT.replace("covers_children: true", f"covers_children: {value}")
    found_organs, findings_ = load_organs("o.yaml", text)
    assert [(f.line, f.rule) for f in findings_] == [(6, "organ-covers")]
    assert "只能写 true 或 false" in findings_[0].message
    assert not found_organs["qingwu"].covers_children


def test_an_organ_without_children_cannot_cover_them():
    """Assert that covers_children: true on an organ no other organ names as parent is refused on that line."""
    text = ORGANS_TEXT.replace("  parent: qingwu\n", "  parent: qingwu\n  covers_children: true\n", 1)
    _, findings_ = load_organs("o.yaml", text)
    assert [(f.line, f.rule) for f in findings_] == [(13, "organ-covers")]
    assert "dongan" in findings_[0].message and "parent: dongan" in findings_[0].message


def test_a_misspelt_flag_is_suggested():
    """Assert that a misspelt covers_children is an unknown key that names the real one."""
    _, findings_ = load_organs("o.yaml", ORGANS_TEXT.replace("covers_children:", "cover_children:"))
    assert [f.rule for f in findings_] == ["unknown-key"] and "covers_children" in findings_[0].message


# --- The whole project: python -m macros check and the build --------------------


def _project(tmp_path: Path, penalty: int, parent_status: str = DRAFT) -> Path:
    """The fictional example project (示例街道 2024, published) with its 示例区政府 covering it."""
    files = example_files(Path(__file__).resolve().parent.parent)
    organs_text = str(files["data/organs.yaml"])
    files["data/organs.yaml"] = organs_text.replace("  parent: null\n", "  parent: null\n  covers_children: true\n", 1)
    street = str(files[data_path(EXAMPLE_ORGAN, EXAMPLE_YEAR)])
    district = street.replace("status: 已发布\npublished: 2025-01-20\n", f"status: {parent_status}\n")
    files[data_path(EXAMPLE_PARENT, EXAMPLE_YEAR)] = district.replace("penalty:   287", f"penalty:   {penalty}")
    files[page_path(EXAMPLE_PARENT, EXAMPLE_YEAR)] = str(files[page_path(EXAMPLE_ORGAN, EXAMPLE_YEAR)])
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(str(content), encoding="utf-8")
    return tmp_path


def _hierarchy(project: Project) -> list:
    return [f for f in project.findings if f.rule.startswith("hierarchy-")]


def test_check_project_finds_a_draft_district_total_off_without_blocking_the_public_build(tmp_path):
    """Assert that the district's draft one 行政处罚 above its street is an error of the draft, not a blocking one."""
    root = _project(tmp_path, penalty=288)
    project = check_project(root)
    (finding,) = _hierarchy(project)
    assert (finding.file, finding.rule) == (data_path(EXAMPLE_PARENT, EXAMPLE_YEAR), "hierarchy-total")
    assert "应为 287，实为 288" in finding.message and "示例街道 287" in finding.message
    assert finding in project.errors and finding not in project.blocking_errors
    # A check of the street's report alone (pre-commit) takes in the district's.
    assert _hierarchy(check_project(root, only={(EXAMPLE_ORGAN, EXAMPLE_YEAR)})) == [finding]
    assert _hierarchy(check_project(root, only={(EXAMPLE_PARENT, EXAMPLE_YEAR)})) == [finding]


def test_the_check_command_and_publish_refuse_a_district_total_off(tmp_path, capsys):
    """Assert that `check` fails on the draft's error (passing with --allow-drafts) and `publish` refuses it."""
    root = _project(tmp_path, penalty=288)
    assert main(["--root", str(root), "check"]) == 1
    assert "[hierarchy-total]" in capsys.readouterr().out
    assert main(["--root", str(root), "check", "--allow-drafts"]) == 0
    assert main(["--root", str(root), "publish", EXAMPLE_PARENT, str(EXAMPLE_YEAR), "--date", "2025-03-20"]) != 0
    assert "status: 草稿" in (root / data_path(EXAMPLE_PARENT, EXAMPLE_YEAR)).read_text(encoding="utf-8")


def test_a_published_district_total_corrected_away_from_its_children_blocks_every_build(tmp_path):
    """Assert that once the district's published report no longer equals its street's, the error blocks the build."""
    root = _project(tmp_path, penalty=287)
    assert main(["--root", str(root), "publish", EXAMPLE_PARENT, str(EXAMPLE_YEAR), "--date", "2025-03-20"]) == 0
    data = root / data_path(EXAMPLE_PARENT, EXAMPLE_YEAR)
    data.write_text(data.read_text(encoding="utf-8").replace("penalty:   287", "penalty:   288"), encoding="utf-8")
    correct = ["correct", EXAMPLE_PARENT, str(EXAMPLE_YEAR), "--date", "2025-04-01", "--reason", "测试。"]
    main(["--root", str(root), *correct])
    project = check_project(root)
    assert [(f.rule, f.file) for f in project.blocking_errors] == [
        ("hierarchy-total", data_path(EXAMPLE_PARENT, EXAMPLE_YEAR))
    ]


def test_check_project_passes_a_district_total_that_agrees(tmp_path):
    """Assert that the district's report equal to its street's gives no hierarchy finding in the whole check."""
    assert _hierarchy(check_project(_project(tmp_path, penalty=287))) == []


def test_an_acknowledged_advisory_is_dropped(tmp_path):
    """Assert that the incomplete-coverage advisory can be acknowledged in the district's data file."""
    root = _project(tmp_path, penalty=287)
    organs_file = root / "data/organs.yaml"
    organs_file.write_text(
        organs_file.read_text(encoding="utf-8")
        + "\nshilixi:\n  name: 示例市示例区人民政府示例西街道办事处\n  short: 示例西街道\n  level: 街道\n"
        "  parent: shiliqu\n",
        encoding="utf-8",
    )
    (finding,) = _hierarchy(check_project(root))
    assert finding.rule == "hierarchy-incomplete" and "示例西街道还没有 2024 年报告" in finding.message
    data = root / data_path(EXAMPLE_PARENT, EXAMPLE_YEAR)
    data.write_text(
        data.read_text(encoding="utf-8") + "reviewed:\n  hierarchy-incomplete: 示例西街道 2025 年设立。\n",
        encoding="utf-8",
    )
    project = check_project(root)
    assert _hierarchy(project) == []
    # Still listed for the reviewer, with its reason.
    (item,) = [a for a in project.acknowledged if a.by.rule == "hierarchy-incomplete"]
    assert item.by.reason == "示例西街道 2025 年设立。" and [f.rule for f in item.findings] == ["hierarchy-incomplete"]


# --- The 合计 block of a year's page ----------------------------------------------


def _public(all_reports: dict, registry: dict[str, Organ] | None = None) -> Project:
    return Project(root=Path("."), organs=registry or organs(), reports=all_reports)


def _block(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _row(soup: BeautifulSoup, label: str) -> list[str]:
    header = soup.find("th", string=label)
    assert header is not None, label
    return [td.get_text() for td in header.find_parent("tr").find_all("td")]


def test_totals_block_says_the_figures_check_out():
    """Assert that the block shows the district's key figures beside its streets' sums, and that they agree."""
    soup = _block(totals_markdown(_public(reports()), YEAR))
    (block,) = soup.select("div.nianbao-hierarchy")
    assert block["id"] == "hierarchy-qingwu-2024"
    assert block.h3.get_text() == "青梧区政府：下级机关报告合计"
    assert block.select_one(".nianbao-hierarchy-status").get_text() == f"{CHECKS_OUT}。"
    title = "示例市青梧区人民政府2024年政府信息公开工作年度报告"
    assert f"{title}是 2 个下级机关（东岸街道、西岸街道）" in block.p.get_text()
    headers = [th.get_text() for th in block.thead.find_all("th")]
    assert headers == ["项目", "本报告", "已发布的 2 份下级机关报告合计", "差额"]
    assert all(th["scope"] == "col" for th in block.thead.find_all("th"))
    assert _row(block, "表二「行政处罚」「本年处理决定数量」") == ["15", "15", "0"]
    assert _row(block, "表二「行政事业性收费」「本年收费金额（单位：万元）」") == ["0.42", "0.42", "0.00"]
    assert _row(block, "表三「一、本年新收政府信息公开申请数量」「总计」") == ["3", "3", "0"]


def test_totals_block_lists_the_differences():
    """Assert that a district report off its streets' sums says so and lists each cell with both values."""
    off = dict(proactive__penalty__decisions=1, requests__new__research=1, requests__new__total=1)
    wrong = summed(DONGAN, XIAN, off)
    block = _block(totals_markdown(_public(reports(parent=wrong)), YEAR))
    status = block.select_one(".nianbao-hierarchy-status").get_text()
    assert status.startswith(DOES_NOT) and "2 个单元格" in status
    assert [li.get_text() for li in block.find_all("li")] == [
        "表二「行政处罚」「本年处理决定数量」：本报告 16，下级机关合计 15",
        "表三「一、本年新收政府信息公开申请数量」「科研机构」：本报告 1，下级机关合计 0",
    ]
    assert _row(block, "表二「行政处罚」「本年处理决定数量」") == ["16", "15", "1"]


def test_totals_block_without_every_child_cannot_check_and_shows_no_draft_number():
    """Assert that a street's draft makes the block say it cannot check, and its numbers stay out of the sums."""
    block = _block(totals_markdown(_public(reports(xian=(XIAN, DRAFT))), YEAR))
    status = block.select_one(".nianbao-hierarchy-status").get_text()
    assert status.startswith(CANNOT_CHECK) and "尚未发布 2024 年报告的下级机关：西岸街道" in status
    assert "草稿" not in block.get_text()
    headers = [th.get_text() for th in block.thead.find_all("th")]
    assert headers[2] == "已发布的 1 份下级机关报告合计（共 2 个下级机关）"
    assert _row(block, "表二「行政处罚」「本年处理决定数量」") == ["15", "10", "—"]
    missing = _block(totals_markdown(_public(reports(xian=None)), YEAR))
    assert missing.select_one(".nianbao-hierarchy-status").get_text().startswith(CANNOT_CHECK)


def test_totals_block_only_for_published_covering_reports():
    """Assert that a district draft, or a year without a district report, gives no block."""
    all_reports = reports()
    all_reports[("qingwu", YEAR)] = report("qingwu", summed(DONGAN, XIAN), DRAFT)
    assert totals_markdown(_public(all_reports), YEAR) == ""
    assert totals_markdown(_public(reports()), 2023) == ""


def test_totals_block_escapes_names_and_survives_the_sanitizer():
    """Assert that an organ's name is text in the block, and the site's allow-list keeps the table intact."""
    registry = organs()
    registry["dongan"] = Organ("dongan", "东岸<script>", "<b>东岸</b>", "街道", "qingwu")
    html = totals_markdown(_public(reports(), registry), YEAR)
    assert "<b>" not in html and "<script>" not in html and "&lt;b&gt;东岸&lt;/b&gt;" in html
    kept = _block(sanitize(html))
    caption = kept.select_one("div.nianbao-hierarchy table caption")
    assert caption.get_text() == "青梧区政府 2024 年报告与下级机关报告合计"
    assert len(kept.select("tbody tr")) == len(_block(html).select("tbody tr")) == 11
    assert all(th["scope"] == "row" for th in kept.select("tbody th"))
