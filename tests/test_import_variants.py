"""Copies as organs really have them: label variants, Markdown and OCR tables, CMS pages, digits run together.

Each fixture of the corpus (tests/import_corpus.py) is imported and compared
with the numbers it was written from: every cell right or blank, never wrong;
blank exactly where nothing in the source decides the number; and the findings
it must give, each at its place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from import_corpus import ORGAN, YEAR, fixtures, truth
from importing import import_text, line_of, seed_lines, where

from macros.format.national import TABLE_3, Cell
from macros.importer import import_file
from macros.importer.digits import splits
from macros.importer.labels import ROWS, closest, edit_distance, normalise

_FIXTURES = {f.name: f for f in fixtures()}


@pytest.mark.parametrize("name", list(_FIXTURES))
def test_corpus_fixture_reads_every_number_right_or_leaves_it_blank(tmp_path: Path, name: str) -> None:
    """Assert that no number is wrong, blanks are exactly the undecidable cells, and the expected rules are reported."""
    fixture = _FIXTURES[name]
    imported = import_file(fixture.build(tmp_path), ORGAN, YEAR, {ORGAN.slug: ORGAN})
    assert not imported.refused, imported.findings
    expected = truth()
    wrong = {c: (v, expected[c]) for c, v in imported.values.items() if expected[c] != v}
    assert wrong == {}
    assert set(expected) - set(imported.values) == fixture.blank
    assert {f.rule for f in imported.findings} == fixture.rules, [str(f) for f in imported.findings]
    assert all(f.line or f.place for f in imported.findings)
    page = imported.page_text
    assert "2316 条" in page and "建立季度检查和通报制度" in page


def test_splits_keep_every_digit_and_no_leading_zero() -> None:
    """Assert that a run is cut into exactly `width` numbers, none written with a leading zero."""
    assert list(splits("1201003", 7)) == [(1, 2, 0, 1, 0, 0, 3)]
    cuts = list(splits("120100316", 7))
    assert (12, 0, 1, 0, 0, 3, 16) in cuts and (1, 2, 0, 10, 0, 3, 16) in cuts
    assert all("".join(map(str, c)) == "120100316" for c in cuts)
    assert list(splits("100", 3)) == [(1, 0, 0)]
    assert list(splits("12", 3)) == []


def _replace(lines: list[str], start: str, new: str) -> list[str]:
    index = line_of(lines, start) - 1
    return lines[:index] + [new] + lines[index + 1 :]


def test_a_run_of_exactly_seven_digits_is_forced(tmp_path: Path) -> None:
    """Assert that seven digits over seven columns are one per column, with an advisory saying why."""
    lines = _replace(seed_lines(), "一、本年新收", "一、本年新收政府信息公开申请数量0000000")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", line_of(lines, "一、本年新收"), "import-split-digits")]
    assert "恰好 7 位" in imported.findings[0].message
    assert imported.values[Cell("requests", "new", "total")] == 0


def test_a_run_the_rules_cannot_decide_stays_blank_with_its_candidates(tmp_path: Path) -> None:
    """Assert that two splits both adding up leave the row blank, and the message lists both."""
    lines = _replace(seed_lines(), "一、本年新收", "一、本年新收政府信息公开申请数量120100316")
    # The seed's other rows are 0: no split of 新收 balances its columns, so none is written.
    imported = import_text(tmp_path, lines)
    (finding,) = [f for f in imported.findings if f.rule.startswith("import-")]
    assert finding.rule == "import-run-together" and finding.line == line_of(lines, "一、本年新收")
    assert all(Cell("requests", "new", c.key) not in imported.values for c in TABLE_3.grids[0].columns)
    assert "没有一种拆分" in finding.message or "12|0|1|0|0|3|16" in finding.message


def test_a_typo_in_a_label_is_matched_to_the_one_closest_label(tmp_path: Path) -> None:
    """Assert that 3.危及三安全稳定 is read as 3.危及“三安全一稳定”, with an advisory that says how close."""
    lines = _replace(seed_lines(), "\t\t3.危及", "\t\t3.危及三安全稳定\t0\t0\t0\t0\t0\t0\t0")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", line_of(lines, "\t\t3.危及"), "import-label-variant")]
    message = imported.findings[0].message
    assert "3.危及三安全稳定" in message and "3.危及“三安全一稳定”" in message and "相差 1 个字" in message
    assert imported.values[Cell("requests", "refused_safety", "natural")] == 0


def test_a_label_close_to_two_labels_is_refused_at_its_place(tmp_path: Path) -> None:
    """Assert that 行政许罚 (one edit from 行政许可, two from 行政处罚) is not guessed: the row is reported."""
    assert closest(normalise("行政许罚"), ROWS) is None
    lines = _replace(seed_lines(), "行政许可", "行政许罚\t5")
    imported = import_text(tmp_path, lines)
    rules = where(imported.findings)
    assert ("seed.txt", line_of(lines, "行政许罚"), "import-unknown-row") in rules
    assert Cell("proactive", "licensing", "decisions") not in imported.values


def test_edit_distance_counts_a_swap_as_one_edit() -> None:
    """Assert that two swapped characters are one edit, a dropped one is one, and equal strings none."""
    assert edit_distance("行政处罚", "行政罚处") == 1
    assert edit_distance("危及三安全一稳定", "危及三安全稳定") == 1
    assert edit_distance("规章", "规章") == 0


def test_a_label_split_over_two_lines_is_joined(tmp_path: Path) -> None:
    """Assert that a label broken over two lines, its numbers on the second, is one row, found where it starts."""
    lines = seed_lines()
    at = line_of(lines, "\t\t3.补正后")
    lines[at - 1 : at] = ["\t\t3.补正后申请内容", "\t\t仍不明确\t0\t0\t0\t0\t0\t0\t0"]
    imported = import_text(tmp_path, lines)
    assert imported.findings == []
    assert imported.values[Cell("requests", "unable_unclear", "total")] == 0


def test_a_2019_single_row_inside_a_2021_table_leaves_its_items_blank(tmp_path: Path) -> None:
    """Assert that (六) 其他 as one row is reported as such and its three sub-items stay blank, not missing."""
    lines = [x for x in seed_lines() if not x.startswith(("\t\t2.申请人逾期", "3.其他"))]
    lines = _replace(lines, "\t(六) 其他处理", "\t(六) 其他\t1\t0\t0\t0\t0\t0\t1")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", line_of(lines, "\t(六) 其他"), "import-group-row")]
    assert "（六）其他处理" in imported.findings[0].message and "子项留空" in imported.findings[0].message
    assert not any(c.row.startswith("other_") for c in imported.values)


def test_markdown_file_with_pipe_tables_is_read(tmp_path: Path) -> None:
    """Assert that a .md file (refused before) is read, its pipe tables as tables."""
    imported = import_file(_FIXTURES["report.md"].build(tmp_path), ORGAN, YEAR, {ORGAN.slug: ORGAN})
    assert imported.findings == [] and imported.values == truth()


def test_ocr_placeholder_header_is_an_advisory_at_its_line(tmp_path: Path) -> None:
    """Assert that a header renamed 数据1 … 数据7 is named at its line, and the columns read in the format's order."""
    path = _FIXTURES["ocr.txt"].build(tmp_path)
    imported = import_file(path, ORGAN, YEAR, {ORGAN.slug: ORGAN})
    lines = path.read_text(encoding="utf-8").split("\n")
    assert where(imported.findings) == [("ocr.txt", line_of(lines, "项目\t数据1"), "import-placeholder-header")]


def test_a_report_on_one_line_is_cut_where_the_format_says(tmp_path: Path) -> None:
    """Assert that the seed with every line break and tab lost imports to the same numbers, nothing reported."""
    from importing import SEED, bundled_report, loaded

    text = SEED.read_text(encoding="utf-8").replace("\t", " ").replace("\n", " ")
    imported = import_text(tmp_path, text)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values
    assert "全年主动公开政府信息共 1033 条" in imported.page_text


def test_a_finding_in_a_one_line_report_names_the_character(tmp_path: Path) -> None:
    """Assert that in a one-line file a finding's place is the line and the character where the row starts."""
    from importing import SEED

    text = SEED.read_text(encoding="utf-8").replace("\t", " ").replace("\n", " ")
    text = text.replace("行政处罚 287", "行政处罚 二百八十七")
    imported = import_text(tmp_path, text)
    (finding,) = imported.findings
    assert finding.rule == "import-unknown-row" or finding.rule == "import-number"
    assert finding.place == f"第1行第{text.index('行政处罚') + 1}字"


def test_table_four_run_is_split_by_its_totals_and_table_two_run_without_rules_is_not(tmp_path: Path) -> None:
    """Assert that 表四's 15 numbers run together are cut by t4-total, and 表二「规章」1223 (no rule) stays blank."""
    lines = seed_lines()
    lines = _replace(lines, "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "10002120100100000")
    lines = _replace(lines, "规章\t", "规章1223")
    imported = import_text(tmp_path, lines)
    found = {f.rule: f for f in imported.findings}
    assert set(found) == {"import-split-digits", "import-run-together"}
    assert "t4-total" in found["import-split-digits"].message
    assert "10|0|0|2|12|0|1|0|0|1|0|0|0|0|0" in found["import-split-digits"].message
    assert imported.values[Cell("appeals", "review", "total")] == 12
    assert imported.values[Cell("appeals", "direct", "corrected")] == 1
    assert found["import-run-together"].line == line_of(lines, "规章1223")
    assert "1|2|23" in found["import-run-together"].message and "12|2|3" in found["import-run-together"].message
    assert not any(c.row == "rules" for c in imported.values)


def test_a_group_subtotal_row_above_its_items_is_not_imported(tmp_path: Path) -> None:
    """Assert that (五) 不予处理 with numbers above its five items is named a subtotal, and the items are imported."""
    lines = seed_lines()
    at = line_of(lines, "\t(五) 不予处理")
    lines.insert(at - 1, "\t(五) 不予处理\t0\t0\t0\t0\t0\t0\t0")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", at, "import-group-row")]
    assert "小计" in imported.findings[0].message and "子项已逐行导入" in imported.findings[0].message
    assert imported.values[Cell("requests", "ignored_repeat", "total")] == 0
