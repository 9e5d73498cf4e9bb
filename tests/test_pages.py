"""Checks of a report page: its six parts, its tables, its narrative against its numbers."""

from __future__ import annotations

from conftest import ROOT, seed_values

from macros.authoring.datafile import dump_report
from macros.check.load import load_report
from macros.check.pages import check_page, split_parts
from macros.format.national import Cell

PATH = "docs/xiping/2024.md"
PAGE = (ROOT / PATH).read_text(encoding="utf-8")
# The bundled page without the seed's stray “and”: tests of other rules start here.
CLEAN = PAGE.replace(" and ", "和")


def found(text: str, report=None) -> list[tuple[str, int, str]]:
    return [(f.file, f.line, f.rule) for f in check_page(PATH, text, report)]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_bundled_page_passes_and_has_six_parts():
    """Assert that the bundled page has the six parts in order and no finding."""
    assert [s.number + "、" + s.title for s in split_parts(PAGE)] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    # The seed's three stray “and” are flagged as advisories, never silently corrected.
    assert [(f.rule, f.advisory) for f in check_page(PATH, PAGE, None)] == [("stray-latin", True)] * 3


def test_stray_latin_words():
    """Assert that a lower-case English word inside Chinese text is an advisory on its line, acronyms are not."""
    text = CLEAN.replace(
        "2024 年未收取信息处理费。", "2024 年未收取信息处理费 and 复制费。通过政务APP和 PDF 文件公开。"
    )
    stray = [(f.line, f.message) for f in check_page(PATH, text, None) if f.line == line_of(text, "复制费")]
    assert len(stray) == 1 and "「and」" in stray[0][1]


def test_missing_part():
    """Assert that a page without part 六 is refused."""
    text = CLEAN[: CLEAN.index("## 六、")]
    assert found(text) == [(PATH, 1, "page-parts")]


def test_parts_out_of_order():
    """Assert that parts written out of order are refused at the first heading."""
    five = CLEAN.index("## 五、")
    six = CLEAN.index("## 六、")
    text = CLEAN[:five] + CLEAN[six:] + "\n" + CLEAN[five:six]
    assert (PATH, line_of(text, "## 一、"), "page-parts") in found(text)


def test_wrong_title_and_variant_title():
    """Assert that a wrong part title is an error and a known variant only an advisory."""
    text = CLEAN.replace("## 五、存在的主要问题及改进情况", "## 五、存在问题")
    assert found(text) == [(PATH, line_of(text, "## 五、"), "page-parts")]
    text = CLEAN.replace("## 六、其他需要报告的事项", "## 六、其他需报告的事项")
    findings = check_page(PATH, text, None)
    assert [(f.line, f.rule, f.advisory) for f in findings] == [(line_of(text, "## 六、"), "part-variant", True)]


def test_table_macro_must_sit_in_its_part():
    """Assert that a part 三 without {{ table("三") }} is refused at its heading."""
    text = CLEAN.replace('{{ table("三") }}', "")
    assert found(text) == [(PATH, line_of(text, "## 三、"), "page-table")]


def test_headings_in_code_blocks_do_not_count():
    """Assert that an example heading inside a fenced block is not taken for a part."""
    text = CLEAN + "\n```\n## 一、总体情况\n```\n"
    assert found(text) == []


def test_narrative_contradiction_with_table_3():
    """Assert that “未接到申请” with new applications in table 三 is an error on that line."""
    values = seed_values()
    values[Cell("requests", "new", "natural")] = 1
    values[Cell("requests", "new", "total")] = 1
    report, _ = load_report("data/reports/xiping/2024.yaml", dump_report(values), "xiping", 2024)
    assert found(CLEAN, report) == [(PATH, line_of(CLEAN, "未接到政府信息公开申请"), "narrative-contradiction")]


def test_part_six_must_mention_the_fee():
    """Assert that part 六 without a word on 信息处理费 gives an advisory."""
    text = CLEAN.replace("2024 年未收取信息处理费。", "无。")
    findings = check_page(PATH, text, None)
    assert [(f.line, f.rule, f.advisory) for f in findings] == [(line_of(text, "## 六、"), "part6-fee", True)]


def test_outdated_format_citation():
    """Assert that citing 〔2019〕60号 gives an advisory on its line."""
    text = CLEAN.replace("2024 年未收取信息处理费。", "2024 年未收取信息处理费。按国办公开办函〔2019〕60号格式编制。")
    assert [(f.line, f.rule) for f in check_page(PATH, text, None)] == [
        (line_of(text, "〔2019〕60号"), "outdated-citation")
    ]
