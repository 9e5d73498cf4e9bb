"""The narrative checked too (issue 15): numbers in prose, years, copied text, what parts say, prose lint.

The fixtures are our own: 东湖街道 (donghu, a 街道) and 清河县人民政府 (qinghe, a
县级政府) are fictional, and every sentence below was written for these tests.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT

from macros.authoring.datafile import dump_report
from macros.authoring.scaffold import render_page
from macros.check.acknowledge import Acknowledgements, read_page_acknowledgements
from macros.check.findings import Finding
from macros.check.load import Organ, Report, load_report
from macros.check.narrative import check_narrative, copied_share
from macros.check.pages import check_page
from macros.check.project import check_project
from macros.check.prose import states_fee
from macros.check.template import PAGE_MACROS, check_template
from macros.format.figures import FIGURES, NAMED_FIGURE_MACROS, figure_of, figure_value
from macros.format.national import Cell, cells

PATH = "docs/donghu/2024.md"
DATA = "data/reports/donghu/2024.yaml"
STREET = Organ("donghu", "东湖市北城区人民政府东湖街道办事处", "东湖街道", "街道", None)
COUNTY = Organ("qinghe", "清河县人民政府", "清河县政府", "县级政府", None)

ONE = (
    "### （一）主动公开\n\n"
    "2024 年，东湖街道通过门户网站和公开栏主动公开政府信息 356 条，作出行政处罚决定 12 件。\n\n"
    "### （二）依申请公开\n\n"
    "2024 年，东湖街道共收到政府信息公开申请 5 件，上年结转 1 件，办结 5 件，结转下年度继续办理 1 件。"
    "其中自然人申请 4 件。\n\n"
    "### （三）政府信息管理\n\n"
    "严格落实公开前保密审查，全年未发生泄密事件。\n\n"
    "### （四）监督保障\n\n"
    "因政府信息公开被申请行政复议 1 件，被提起行政诉讼 1 件，均已审结。"
)
FIVE = (
    "### （一）存在的主要问题\n\n"
    "一是部分栏目更新不够及时；二是政策解读形式较为单一。\n\n"
    "### （二）改进情况\n\n"
    "下一步将建立栏目定期巡查制度，加强图解、视频等多种形式的政策解读。"
)
SIX = "2024 年未收取信息处理费。"


def page(year: int = 2024, one: str = ONE, five: str = FIVE, six: str = SIX) -> str:
    text = render_page(STREET, year, {"一": one, "五": five, "六": six})
    return text.replace("2024", str(year)) if year != 2024 else text


def values(**changes: int) -> dict[Cell, int | Decimal]:
    """Numbers that agree with ONE: 5 new, 1 carried in, 5 disclosed, 1 carried over, 复议 1, 诉讼 1, 处罚 12."""
    found: dict[Cell, int | Decimal] = {c: (Decimal(0) if c.column == "amount" else 0) for c in cells()}
    for row, natural, total in (("new", 4, 5), ("carried_in", 1, 1), ("disclosed", 5, 5), ("results_total", 5, 5)):
        found[Cell("requests", row, "natural")] = natural
        found[Cell("requests", row, "total")] = total
    found[Cell("requests", "new", "business")] = 1
    found[Cell("requests", "carried_over", "total")] = found[Cell("requests", "carried_over", "natural")] = 1
    found[Cell("requests", "disclosed", "natural")] = 4
    found[Cell("requests", "disclosed", "business")] = 1
    found[Cell("requests", "results_total", "natural")] = 4
    found[Cell("requests", "results_total", "business")] = 1
    for row in ("review", "direct"):
        found[Cell("appeals", row, "upheld")] = found[Cell("appeals", row, "total")] = 1
    found[Cell("proactive", "penalty", "decisions")] = 12
    for key, value in changes.items():
        table, row, column = key.split("__")
        found[Cell(table, row, column)] = value
    return found


def report(year: int = 2024, **changes: int) -> Report:
    loaded, problems = load_report(f"data/reports/donghu/{year}.yaml", dump_report(values(**changes)), "donghu", year)
    assert problems == []
    return loaded


def rules(findings) -> list[tuple[int, str, bool]]:
    return [(f.line, f.rule, f.advisory) for f in findings]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def narrative(text: str, rep: Report | None = None, organ: Organ = STREET, **kw) -> list:
    return check_narrative(PATH, text, rep if rep is not None else report(), organ, **kw)


# --- Figures and their macros ---------------------------------------------------------


def test_figures_name_cells_and_sums():
    """Assert that a figure is a cell by key or a named sum, and every named macro is a figure and allowed."""
    rep = report()
    assert figure_value(rep.values, figure_of("requests.new.total")) == 5
    assert figure_value(rep.values, figure_of("new_requests")) == 5
    assert figure_value(rep.values, FIGURES["litigation_total"]) == 1  # 直接起诉 1 + 复议后起诉 0
    with pytest.raises(KeyError):
        figure_of("requests.new.everyone")
    assert set(NAMED_FIGURE_MACROS) <= set(FIGURES)
    assert {"figure", *NAMED_FIGURE_MACROS} <= set(PAGE_MACROS)


def test_figure_macros_pass_the_template_check_and_a_wrong_name_does_not():
    """Assert that a page may write {{ figure("requests.new.total") }} and {{ new_requests() }}, not a made-up key."""
    body = '共收到申请 {{ new_requests() }} 件，其中自然人 {{ figure("requests.new.natural") }} 件。'
    assert list(check_template(PATH, body, True, 1)) == []
    assert [f.rule for f in check_template(PATH, '{{ figure("requests.new.everyone") }}', True, 1)] == ["page-template"]


def test_scaffold_suggests_the_figure_macros():
    """Assert that the blank page's hint for part 一 writes the numbers with the figure macros."""
    blank = render_page(STREET, 2024)
    for name in ("new_requests", "results_total", "carried_over", "review_total", "litigation_total"):
        assert "{{ " + name + "() }}" in blank
    assert list(check_template(PATH, blank, True, 1)) == []


def test_a_sentence_written_with_the_macros_is_not_compared():
    """Assert that numbers printed by macros are not read as hand-written numbers."""
    one = "2024 年共收到政府信息公开申请 {{ new_requests() }} 件，办结 {{ results_total() }} 件。"
    assert narrative(page(one=one), report(requests__new__total=9)) == []


# --- Numbers in prose ------------------------------------------------------------------


def test_prose_that_agrees_with_the_tables_raises_nothing():
    """Assert that the fixture report, whose prose numbers all agree with its tables, has no finding at all."""
    assert narrative(page()) == []


def test_a_number_that_disagrees_quotes_the_sentence_and_the_cell():
    """Assert that 收到 5 件 against a table of 6 is an advisory naming the cell it was compared with."""
    found = narrative(page(), report(requests__new__total=6, requests__new__natural=5))
    assert rules(found) == [(line_of(page(), "共收到政府信息公开申请 5 件"), "prose-number", True)]
    message = found[0].message
    assert "共收到政府信息公开申请 5 件" in message and "requests.new.total" in message and "为 6" in message
    assert message.startswith("第 ")  # the column


@pytest.mark.parametrize(
    ("changes", "cell"),
    [
        ({"requests__results_total__total": 4}, "requests.results_total.total"),
        ({"requests__carried_over__total": 2}, "requests.carried_over.total"),
        ({"requests__carried_in__total": 0}, "requests.carried_in.total"),
        ({"proactive__penalty__decisions": 13}, "proactive.penalty.decisions"),
    ],
)
def test_each_figure_is_compared_with_its_cell(changes, cell):
    """Assert that 办结, 结转, 上年结转 and 行政处罚 are each compared with their own cell."""
    found = narrative(page(), report(**changes))
    assert [f.rule for f in found] == ["prose-number"] and cell in found[0].message


def test_another_scope_or_a_breakdown_is_not_compared():
    """Assert that a sentence about another scope (代表区政府受理, 备案) or a breakdown (其中) raises nothing."""
    one = (
        "2024 年，区政府办代表区政府受理政府信息公开申请 40 件。向区司法局报送规范性文件备案 3 件。"
        "收到政府信息公开申请 5 件，其中自然人 4 件。公开行政处罚和行政强制信息 30 条。"
        "全年共受理政府信息公开申请 6 件（含上年结转 1 件）。"
    )
    assert narrative(page(one=one)) == []


def test_a_review_count_that_contradicts_table_4_is_an_error():
    """Assert that 行政复议 2 件 against table 四's 1 is an error (narrative-contradiction)."""
    text = page(one=ONE.replace("被申请行政复议 1 件", "被申请行政复议 2 件"))
    assert rules(narrative(text)) == [(line_of(text, "行政复议 2 件"), "narrative-contradiction", False)]


def test_a_review_count_not_about_the_organ_as_respondent_is_an_advisory():
    """Assert that 办理行政复议案件 3 件 (as the reviewing body) against table 四 is only an advisory."""
    text = page(one=ONE + "\n\n全年共办理行政复议案件 3 件。全年未发生行政复议纠错案件。")
    assert rules(narrative(text)) == [(line_of(text, "办理行政复议案件"), "prose-number", True)]


def test_no_appeals_said_while_table_4_has_them_is_an_error():
    """Assert that 「未发生行政复议、行政诉讼」 with cases in table 四 is an error; with none it is fine."""
    one = "2024 年，东湖街道未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。"
    text = page(one=one)
    assert [(f.rule, f.advisory) for f in narrative(text)] == [("narrative-contradiction", False)] * 2
    quiet = report(appeals__review__total=0, appeals__review__upheld=0, appeals__direct__total=0)
    assert narrative(text, quiet) == []


def test_all_done_while_carried_over_is_an_error():
    """Assert that 「所有申请均已办结」 with applications carried over is an error; without, fine."""
    one = "2024 年共收到政府信息公开申请 5 件，所有申请均已按时办结。"
    text = page(one=one)
    assert rules(narrative(text)) == [(line_of(text, "所有申请"), "narrative-contradiction", False)]
    done = report(requests__carried_over__total=0, requests__carried_over__natural=0)
    assert [f.rule for f in narrative(text, done)] == []


def test_none_received_in_other_wordings_is_an_error_once():
    """Assert that 「未收到依申请公开申请」 with new applications is an error, and pages.py's wording is not doubled."""
    text = page(one="2024 年，东湖街道未收到依申请公开申请。")
    assert [f.rule for f in narrative(text) if not f.advisory] == ["narrative-contradiction"]
    theirs = page(one="2024 年，东湖街道未接到政府信息公开申请。")
    assert [f.rule for f in narrative(theirs) if not f.advisory] == []
    assert [f.rule for f in check_page(PATH, theirs, report())] == ["narrative-contradiction"]


# --- Years -------------------------------------------------------------------------


def test_another_year_in_this_years_work_is_an_advisory():
    """Assert that 「本单位2022年度…」 in a 2024 report is flagged; 2023, 2025, a law's year and a title are not."""
    one = ONE + "\n\n本单位2022年度共开展政务公开培训 3 次。"
    text = page(one=one)
    assert rules(narrative(text)) == [(line_of(text, "本单位2022年度"), "other-year", True)]
    fine = ONE + (
        "\n\n2023 年报告所列问题已整改。2025 年将继续完善公开目录。"
        "《中华人民共和国政府信息公开条例》于 2019 年修订施行。《2021年政务公开工作要点》已落实。"
    )
    assert narrative(page(one=fine)) == []


# --- Copied from last year ---------------------------------------------------------------


def _project(tmp_path: Path, pages: dict[int, str], data: dict[int, str], organ: Organ = STREET) -> Path:
    root = tmp_path / "p"
    (root / "data/reports/donghu").mkdir(parents=True)
    (root / "docs/donghu").mkdir(parents=True)
    (root / "data/organs.yaml").write_text(
        f"{organ.slug}:\n  name: {organ.name}\n  short: {organ.short}\n  level: {organ.level}\n  parent: null\n",
        encoding="utf-8",
    )
    for year, text in pages.items():
        (root / f"docs/donghu/{year}.md").write_text(text, encoding="utf-8")
    for year, text in data.items():
        (root / f"data/reports/donghu/{year}.yaml").write_text(text, encoding="utf-8")
    return root


def _data(year: int, **changes: int) -> str:
    # A draft: the publication record is not what these tests are about.
    return dump_report(values(**changes)).replace("status: 已发布", "status: 草稿")


def test_a_report_copied_from_last_year_with_only_the_year_changed_is_caught(tmp_path: Path):
    """Assert that last year's page with the year changed gives copied-part for each long part, and copied tables."""
    root = _project(tmp_path, {2023: page(2023), 2024: page(2024)}, {2023: _data(2023), 2024: _data(2024)})
    found = [f for f in check_project(root).findings if f.file.startswith("docs/donghu/2024") or "2024" in f.file]
    copied = [f for f in found if f.rule == "copied-part"]
    assert [f.line for f in copied] == [line_of(page(2024), "## 一、"), line_of(page(2024), "## 五、")]
    share = int(re.search(r"约 (\d+)%", copied[0].message).group(1))
    assert share > 90 and "2023 年" in copied[0].message
    assert [f.file for f in found if f.rule == "copied-tables"] == [DATA]


def test_a_rewritten_report_is_not_copied(tmp_path: Path):
    """Assert that a page rewritten for the year and different numbers raise neither advisory."""
    old_one = "2023 年，东湖街道依托政务服务大厅窗口和社区公示栏，集中发布惠民政策、办事指南和财政预决算信息。"
    old_five = "一是基层公开人员流动较大，业务衔接存在断档；二是部分网页链接失效。下一步将组织专题培训并开展链接巡检。"
    root = _project(
        tmp_path,
        {2023: page(2023, one=old_one, five=old_five), 2024: page(2024)},
        {2023: _data(2023, proactive__penalty__decisions=9), 2024: _data(2024)},
    )
    assert [f for f in check_project(root).findings if f.rule in ("copied-part", "copied-tables")] == []


def test_copied_share():
    """Assert the share: all of a copy, none of a different text, about half of a half copy."""
    text = "严格落实公开前保密审查，确保不发生泄密事件，持续完善政府信息管理制度。"
    assert copied_share(text, text) == 1.0
    assert copied_share(text, "组织开展政务公开专题培训两期，覆盖全体社区干部。") == 0.0
    assert 0.3 < copied_share(text, text[:18] + "组织开展政务公开专题培训两期，覆盖全体社区干部。") < 0.6


def test_identical_tables_of_zeros_are_not_copied():
    """Assert that two years of nothing but zeros are not taken for copied tables."""
    zero = {c: (Decimal(0) if c.column == "amount" else 0) for c in cells()}
    this, _ = load_report(DATA, dump_report(zero), "donghu", 2024)
    last, _ = load_report("data/reports/donghu/2023.yaml", dump_report(zero), "donghu", 2023)
    assert "copied-tables" not in [f.rule for f in check_narrative(PATH, page(), this, STREET, last)]


# --- Parts that say something ------------------------------------------------------------


@pytest.mark.parametrize("five", ["无。", "暂无", "工作有待加强。"])
def test_part_5_that_says_nothing_is_an_advisory(five):
    """Assert that part 五 written as 「无」 or a few characters is flagged at its heading."""
    text = page(five=five)
    assert rules(narrative(text, report())) == [(line_of(text, "## 五、"), "part5-content", True)]


def test_part_5_without_a_measure_is_an_advisory():
    """Assert that part 五 naming problems but no measure says which is missing."""
    five = "一是部分栏目内容陈旧，长期没有人维护；二是政策解读的篇数偏少，群众关心的事项说明得很少。"
    found = narrative(page(five=five))
    assert [f.rule for f in found] == ["part5-content"] and "改进措施" in found[0].message


@pytest.mark.parametrize("six", ["本年度未收取信息公开处理费。", "未收取任何费用。", "本机关收费情况：无。"])
def test_part_6_fee_in_real_wordings(six):
    """Assert that part 六's fee advisory recognises the wordings real reports use."""
    assert states_fee(six)
    assert [f.rule for f in check_page(PATH, page(six=six), None) if f.rule == "part6-fee"] == []
    assert [f.rule for f in check_page(PATH, page(six="无。"), None) if f.rule == "part6-fee"] == ["part6-fee"]


def test_a_county_government_reports_assessment_appraisal_and_accountability():
    """Assert that a 县级政府's report without 考核、评议、责任追究 is an advisory; a 街道's is not asked."""
    text = page()
    found = narrative(text, organ=COUNTY)
    assert [f.rule for f in found] == ["art50-results"] and "工作考核、社会评议、责任追究" in found[0].message
    six = SIX + "本年度政府信息公开工作纳入全县绩效考核，开展社会评议一次，未发生责任追究情况。"
    assert narrative(page(six=six), organ=COUNTY) == []
    assert narrative(text, organ=STREET) == []


# --- Prose lint ----------------------------------------------------------------------------


def _lint(sentence: str) -> list[tuple[int, str, str]]:
    text = page(six=SIX + sentence)
    return [(f.line, f.rule, f.message.split("：")[0]) for f in narrative(text)]


def test_halfwidth_punctuation_between_chinese():
    """Assert that a half-width comma, colon or bracket between Chinese characters is flagged with its column."""
    line = line_of(page(), SIX)
    assert _lint("依据条例(试行)办理,并公开。") == [
        (line, "halfwidth-punct", "第 26 列"),
        (line, "halfwidth-punct", "第 20 列"),
    ]
    assert _lint("详见网站（www.donghu.example）, APP: 东湖发布。") == []


def test_doubled_punctuation_and_words():
    """Assert that 「。。」 and 「公开公开」 are flagged at their column; 区政府政府信息公开 is not a doubled word."""
    line = line_of(page(), SIX)
    assert _lint("全年无其他事项。。") == [(line, "doubled-punct", "第 23 列")]
    assert _lint("做好政务公开公开工作。") == [(line, "doubled-word", "第 20 列")]
    assert _lint("已在区政府政府信息公开专栏发布。") == []


def test_a_sentence_broken_across_two_paragraphs():
    """Assert that a paragraph ending without 。 followed by one continuing the sentence is flagged; subtitles not."""
    one = "严格落实公开前保密审查，避免出现\n\n泄密问题。全年运行平稳。\n\n**公开平台**\n\n门户网站运行平稳。"
    text = page(one=one)
    assert rules(narrative(text)) == [(line_of(text, "避免出现"), "broken-sentence", True)]
    assert narrative(page(one="严格落实公开前保密审查。\n\n全年运行平稳。")) == []


def test_the_bundled_report_strays_and_broken_sentence_at_their_lines():
    """Assert that the bundled report's three stray 「and」 and its broken sentence are found at their lines."""
    project = check_project(ROOT)
    assert project.errors == []
    mine = [(f.line, f.rule) for f in project.findings if f.file == "docs/xiping/2024.md"]
    assert [line for line, rule in mine if rule == "stray-latin"] == [26, 54, 64]
    assert [line for line, rule in mine if rule == "broken-sentence"] == [24]
    page_text = (ROOT / "docs/xiping/2024.md").read_text(encoding="utf-8").splitlines()
    assert page_text[23].endswith("“失控”") and page_text[25].startswith("现象。二是")


# --- Acknowledging ---------------------------------------------------------------------------


def _unacknowledged(found: list, text: str) -> list:
    """The findings of a page less those its comments acknowledge."""
    return Acknowledgements().drop(found, page=read_page_acknowledgements(PATH, text)[0])


def test_an_acknowledged_advisory_is_not_repeated():
    """Assert that 「<!-- nianbao: 已核对 rule -->」 in the paragraph, or a Jinja comment above it, silences it once."""
    one = ONE.replace("共收到政府信息公开申请 5 件", "共收到政府信息公开申请 40 件")
    text = page(one=one)
    assert [f.rule for f in narrative(text)] == ["prose-number"]
    end = "件。其中自然人申请 4 件。"
    inline = page(one=one.replace(end, end + "<!-- nianbao: 已核对 prose-number -->"))
    start = "2024 年，东湖街道共收到"
    above = page(one=one.replace(start, "{# nianbao: 已核对 prose-number #}\n" + start))
    other = page(one=one.replace(end, end + "<!-- nianbao: 已核对 other-year -->"))
    for acked, expected in ((inline, []), (above, []), (other, ["prose-number"])):
        assert [f.rule for f in _unacknowledged(narrative(acked), acked)] == expected


def test_an_error_cannot_be_acknowledged_and_a_comment_covers_only_its_paragraph():
    """Assert that errors stay whatever is written, and an acknowledgement does not reach the next paragraph."""
    text = page(one="2024 年，东湖街道未收到依申请公开申请。<!-- nianbao: 已核对 narrative-contradiction -->")
    found = narrative(text)
    assert [f.rule for f in _unacknowledged(found, text)] == ["narrative-contradiction"]
    # The comment itself is a located finding: an error cannot be acknowledged.
    (wrong,) = read_page_acknowledgements(PATH, text)[1]
    assert (wrong.rule, wrong.line) == ("review-entry", line_of(text, "已核对")) and "必须改正" in wrong.message
    two = "第一段。<!-- nianbao: 已核对 doubled-word -->\n\n做好政务公开公开工作。"
    acks = read_page_acknowledgements(PATH, two)[0]
    assert acks.covering(Finding(PATH, 3, "doubled-word", "", advisory=True)) is None
    assert acks.covering(Finding(PATH, 1, "doubled-word", "", advisory=True)) is not None


def test_acknowledged_in_the_project_check_and_in_a_data_file(tmp_path: Path):
    """Assert that the project check drops acknowledged advisories: a page comment, the data file's reviewed:."""
    copied = {2023: page(2023), 2024: page(2024)}
    reviewed = "reviewed:\n  copied-tables: 两年的申请和处理情况确实相同，已核对台账。\n"
    data = {2023: _data(2023), 2024: _data(2024) + reviewed}
    heading = "## 一、总体情况\n"
    copied[2024] = copied[2024].replace(heading, heading + "\n<!-- nianbao: 已核对 copied-part -->\n", 1)
    root = _project(tmp_path, copied, data)
    # Every finding of the project: the comment is no page-html or page-template problem either.
    project = check_project(root)
    rules_found = [(f.file, f.line, f.rule) for f in project.findings]
    assert rules_found == [(PATH, line_of(copied[2024], "## 五、"), "copied-part")]
    # Both stay visible to the reviewer, each with what it silenced.
    listed = {(a.by.file, a.by.rule): [f.rule for f in a.findings] for a in project.acknowledged}
    assert listed == {(DATA, "copied-tables"): ["copied-tables"], (PATH, "copied-part"): ["copied-part"]}


def test_the_figure_macros_print_the_tables_numbers(project_copy: Path, tmp_path: Path):
    """Assert that a built page prints the figures of its own report where the macros are written."""
    from conftest import build_site

    with open(project_copy / "data/organs.yaml", "a", encoding="utf-8") as registry:
        registry.write(f"\ndonghu:\n  name: {STREET.name}\n  short: {STREET.short}\n  level: 街道\n  parent: null\n")
    one = (
        "2024 年共收到政府信息公开申请 {{ new_requests() }} 件，办结 {{ results_total() }} 件，"
        '结转下年度继续办理 {{ carried_over() }} 件，其中自然人 {{ figure("requests.new.natural") }} 件；'
        "被申请行政复议 {{ review_total() }} 件，被提起行政诉讼 {{ litigation_total() }} 件。"
    )
    (project_copy / "docs/donghu").mkdir()
    (project_copy / PATH).write_text(page(one=one), encoding="utf-8")
    (project_copy / DATA).parent.mkdir(parents=True)
    (project_copy / DATA).write_text(_data(2024), encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project_copy, site, preview=True)
    assert result.returncode == 0, result.stderr
    html = (site / "donghu/2024/index.html").read_text(encoding="utf-8")
    assert "共收到政府信息公开申请 5 件，办结 5 件，结转下年度继续办理 1 件，其中自然人 4 件" in html
    assert "被申请行政复议 1 件，被提起行政诉讼 1 件" in html


def test_the_agreeing_fixture_passes_the_whole_project_check(tmp_path: Path):
    """Assert that the fixture report (page and data) gives no finding of any rule in the project check."""
    root = _project(tmp_path, {2024: page()}, {2024: _data(2024)})
    assert check_project(root).findings == []


def test_a_sentence_wrapped_over_two_lines_is_read_whole():
    """Assert that a number stated across a soft line break is compared, at the line the sentence starts."""
    one = "2024 年，东湖街道共收到政府信息\n公开申请 7 件。"
    text = page(one=one)
    assert rules(narrative(text)) == [(line_of(text, "东湖街道共收到政府信息"), "prose-number", True)]


def test_a_data_file_advisory_of_the_table_rules_can_be_acknowledged(tmp_path: Path):
    """Assert that 「reviewed: t2-rules-local: 理由」 in the data file silences that advisory, and only that one."""
    rules_line = "rules:     [0, 0, 0]"
    data = _data(2024)
    assert rules_line in data
    data = data.replace(rules_line, "rules:     [1, 0, 1]")
    root = _project(tmp_path, {2024: page()}, {2024: data})
    assert {f.rule for f in check_project(root).findings} == {"t2-rules-local"}
    (root / DATA).write_text(data + "reviewed:\n  t2-rules-local: 本年规章为区政府转发的文件。\n", encoding="utf-8")
    assert check_project(root).findings == []
    (root / DATA).write_text(data + "reviewed:\n  t2-repealed-none-in-force: 已核对。\n", encoding="utf-8")
    assert {f.rule for f in check_project(root).findings} == {"t2-rules-local"}
