"""Messy copies of the seed: each gives exactly the expected finding, at its place in the source."""

from __future__ import annotations

from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from importing import (
    SEED,
    bundled_page,
    bundled_report,
    import_text,
    line_of,
    loaded,
    narrative,
    organ,
    registry,
    seed_lines,
    where,
)

from macros.format.national import Cell
from macros.importer import import_file


def _replace(lines: list[str], start: str, new: str) -> list[str]:
    index = line_of(lines, start) - 1
    return lines[:index] + [new] + lines[index + 1 :]


def test_shuffled_whitespace_changes_nothing(tmp_path: Path) -> None:
    """Assert that spaces for tabs, spaces inside labels, indents and CRLF import to the same data and text."""
    lines = seed_lines()
    start, end = line_of(lines, "第二十条第（一）项"), line_of(lines, "行政事业性收费")
    for i in range(start - 1, end):
        lines[i] = "  ".join(lines[i].split("\t")) + "   "  # table 二 copied with spaces instead of tabs
    lines = [line.replace("行政处罚", "行 政 处 罚").replace("自然人", " 自然人 ") for line in lines]
    lines = ["\u3000\u3000" + line if line.startswith("2024 年") else line for line in lines]
    imported = import_text(tmp_path, "\r\n".join(lines))
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values
    assert narrative(imported.page_text) == narrative(bundled_page())


def test_bracket_traditional_and_year_variants_change_nothing(tmp_path: Path) -> None:
    """Assert that half-width brackets, 繁体 and labels edited with a year are recognised."""
    lines = [
        line.replace("（", "(")
        .replace("）", ")")
        .replace("：", ":")
        .replace("本年制发件数", "本年(2024)制发件数")
        .replace("行政处罚", "行政處罰")
        .replace("行政事业性收费", "行政事業性收費")
        .replace("(七) 总计", "(七) 總計")
        .replace("一、本年新收", "一、2024年新收")
        for line in seed_lines()
    ]
    imported = import_text(tmp_path, lines)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values


def test_missing_row_is_reported_at_its_table(tmp_path: Path) -> None:
    """Assert that a deleted row is reported at the first row of its table and left blank."""
    lines = seed_lines()
    del lines[line_of(lines, "\t\t2.重复申请") - 1]
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", line_of(lines, "一、本年新收"), "import-missing-row")]
    assert "2.重复申请" in imported.findings[0].message
    assert Cell("requests", "ignored_repeat", "natural") not in imported.values


def test_blank_cell_stays_blank(tmp_path: Path) -> None:
    """Assert that blank cells are never turned into 0: they are absent and the check reports them."""
    lines = _replace(seed_lines(), "行政处罚", "行政处罚\t\t\t")
    lines = _replace(lines, "\t\t2.重复申请", "\t\t2.重复申请\t0\t0\t\t0\t0\t0\t0")
    imported = import_text(tmp_path, lines)
    assert imported.findings == []
    assert Cell("proactive", "penalty", "decisions") not in imported.values
    assert Cell("requests", "ignored_repeat", "research") not in imported.values
    assert imported.values[Cell("requests", "ignored_repeat", "legal")] == 0
    report = loaded(imported)
    from macros.check.load import load_report

    _, findings = load_report("r.yaml", imported.data_text, "xiping", 2024)
    assert {(f.line, f.rule) for f in findings} == {
        (report.line(Cell("proactive", "penalty", "decisions")), "blank"),
        (report.line(Cell("requests", "ignored_repeat", "research")), "blank"),
    }


def test_extra_unknown_row_is_reported_and_nothing_else_moves(tmp_path: Path) -> None:
    """Assert that a row not in the format is reported at its line and does not shift the others."""
    lines = seed_lines()
    at = line_of(lines, "\t\t8.属于行政查询事项")
    lines.insert(at, "\t\t9.属于其他原因\t3\t0\t0\t0\t0\t0\t3")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", at + 1, "import-unknown-row")]
    assert "9.属于其他原因" in imported.findings[0].message
    assert loaded(imported).values == bundled_report().values


def test_2019_trial_layout_is_refused(tmp_path: Path) -> None:
    """Assert that the 2019 trial columns are refused as an outdated format, with nothing to write."""
    lines = _replace(seed_lines(), "信息内容\t本年制发件数", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量")
    imported = import_text(tmp_path, lines)
    assert imported.refused
    assert where(imported.findings) == [
        ("seed.txt", line_of(lines, "信息内容\t本年新制作数量"), "import-outdated-format")
    ]
    assert "2019" in imported.findings[0].message and "过时" in imported.findings[0].message
    assert imported.data_text == "" and imported.page_text == ""


def test_2019_procurement_item_is_refused(tmp_path: Path) -> None:
    """Assert that the 2019 第二十条第（九）项 政府集中采购 block alone is enough to refuse."""
    lines = seed_lines()
    at = line_of(lines, "行政事业性收费")
    lines[at:at] = ["第二十条第(九)项\t\t\t", "信息内容\t采购项目数量\t采购总金额\t", "政府集中采购\t0\t0\t"]
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", at + 1, "import-outdated-format")]


def test_unreadable_number_is_reported_not_guessed(tmp_path: Path) -> None:
    """Assert that a cell that is not a number is reported at its line and left blank."""
    lines = _replace(seed_lines(), "行政处罚", "行政处罚\t二八七\t\t")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", line_of(lines, "行政处罚"), "import-number")]
    assert "二八七" in imported.findings[0].message
    assert Cell("proactive", "penalty", "decisions") not in imported.values


def test_blank_at_the_edge_of_a_tab_row_is_not_guessed(tmp_path: Path) -> None:
    """Assert that a text row whose blank cannot be placed on a column is reported, not shifted."""
    lines = _replace(seed_lines(), "一、本年新收", "一、本年新收政府信息公开申请数量\t\t\t0\t0\t0\t0\t0\t0\t")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", line_of(lines, "一、本年新收"), "import-row-cells")]
    assert not any(cell.row == "new" for cell in imported.values)


def test_duplicate_row_is_reported(tmp_path: Path) -> None:
    """Assert that a row given twice is reported at the second place, keeping neither guess silent."""
    lines = seed_lines()
    at = line_of(lines, "行政强制")
    lines.insert(at, "行政强制\t5\t\t")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", at + 1, "import-duplicate-row")]
    assert imported.values[Cell("proactive", "coercion", "decisions")] == 0


def test_missing_table_is_reported_at_its_part(tmp_path: Path) -> None:
    """Assert that a table that is not there at all is reported once, at its part heading."""
    lines = seed_lines()
    start = line_of(lines, "行政复议\t")
    del lines[start - 1 : start + 3]
    imported = import_text(tmp_path, lines)
    heading = line_of(lines, "四、政府信息公开行政复议")
    assert where(imported.findings) == [("seed.txt", heading, "import-missing-table")]


def test_wrong_year_is_refused(tmp_path: Path) -> None:
    """Assert that a source whose title names another year is refused, so nothing lands under the wrong year."""
    lines = seed_lines()
    imported = import_text(tmp_path, lines, year=2023)
    assert imported.refused and imported.data_text == ""
    assert where(imported.findings) == [("seed.txt", line_of(lines, "曲靖市沾益区"), "import-year")]


def _retitled(old: str, new: str) -> list[str]:
    lines = seed_lines()
    at = line_of(lines, "曲靖市沾益区")
    lines[at - 1] = lines[at - 1].replace(old, new, 1)
    return lines


def test_report_of_a_longer_name_is_refused(tmp_path: Path) -> None:
    """Assert that the 街道's seed imported as the 区政府, whose name starts its name, is refused at the title."""
    imported = import_file(SEED, registry()["zhanyi"], 2024)
    assert imported.refused and imported.data_text == "" and imported.page_text == ""
    assert where(imported.findings) == [("xiping-2024.txt", line_of(seed_lines(), "曲靖市沾益区"), "import-organ")]


def test_report_of_another_registered_organ_is_refused(tmp_path: Path) -> None:
    """Assert that a title naming another registered organ (here the parent) is refused, naming that organ."""
    lines = _retitled("西平街道办事处 ", "")
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    imported = import_file(path, organ(), 2024, registry())
    assert imported.refused and imported.data_text == ""
    assert where(imported.findings) == [("seed.txt", line_of(lines, "曲靖市沾益区"), "import-organ")]
    assert "曲靖市沾益区人民政府（zhanyi）" in imported.findings[0].message


def test_title_with_the_short_name_or_an_unknown_name(tmp_path: Path) -> None:
    """Assert that a title with the organ's short name passes and an unregistered name is only an advisory."""
    short = _retitled("曲靖市沾益区人民政府西平街道办事处", "西平街道")
    assert import_text(tmp_path, short).findings == []
    other = _retitled("西平", "东海")
    imported = import_text(tmp_path, other)
    assert not imported.refused and imported.page_text == bundled_page()
    assert where(imported.findings) == [("seed.txt", line_of(other, "曲靖市沾益区"), "import-title")]
    assert imported.findings[0].advisory


def test_markup_in_text_is_printed_literally(tmp_path: Path) -> None:
    """Assert that HTML and Markdown pasted into a text source reach the page as text, **bold** still bold."""
    pasted = (
        "<script>alert(1)</script> [链接](javascript:alert(1)) <img src=x onerror=alert(1)> "
        "a_b_c *星号* `代码` \\ &lt; **加粗**"
    )
    lines = seed_lines()
    lines.insert(line_of(lines, "五、存在的主要问题"), pasted)
    body = narrative(import_text(tmp_path, lines).page_text)["五"].split("\n\n")[0]
    html = markdown.markdown(body)
    soup = BeautifulSoup(html, "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == ["p", "strong"]
    assert soup.get_text() == pasted.replace("**加粗**", "加粗")


def test_each_line_is_asked_once_whether_it_is_a_part_heading(tmp_path: Path, monkeypatch) -> None:
    """Assert that the text reader asks part_heading once per non-blank line, headings included."""
    import macros.importer.text as text

    asked: list[str] = []
    original = text.part_heading

    def counting(line: str) -> str | None:
        asked.append(line)
        return original(line)

    monkeypatch.setattr(text, "part_heading", counting)
    text.read_text("seed.txt", SEED.read_bytes())
    assert asked == [line.strip() for line in seed_lines() if line.strip()]


def test_missing_part_is_reported(tmp_path: Path) -> None:
    """Assert that a missing part 六 heading is reported, and the page keeps the part with its hint."""
    lines = seed_lines()
    del lines[line_of(lines, "六、其他需要报告的事项") - 1]
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", 0, "import-missing-part")]
    assert "六、其他需要报告的事项" in imported.findings[0].message
    assert "## 六、其他需要报告的事项\n\n{# 填写提示：" in imported.page_text


def test_unsupported_and_undecodable_files_are_refused(tmp_path: Path) -> None:
    """Assert that an old .doc and a binary .txt are refused with a reason."""
    old = tmp_path / "report.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    from importing import organ

    from macros.importer import import_file

    doc = import_file(old, organ(), 2024)
    assert doc.refused and where(doc.findings) == [("report.doc", 0, "import-unreadable")]
    assert ".docx" in doc.findings[0].message
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes([0x81, 0x30, 0xFF, 0xFF]))
    assert where(import_file(binary, organ(), 2024).findings) == [("binary.txt", 1, "import-unreadable")]


def test_part_headings_without_their_numbers(tmp_path: Path) -> None:
    """Assert that part titles whose 一、 was Word's automatic numbering still start their parts."""
    lines = [line[2:] if line[:2] in ("一、", "五、", "六、") and len(line) < 20 else line for line in seed_lines()]
    imported = import_text(tmp_path, lines)
    assert imported.findings == []
    assert narrative(imported.page_text) == narrative(bundled_page())


def test_tab_indented_paragraphs_and_headings_with_stray_tabs(tmp_path: Path) -> None:
    """Assert that a paragraph indented with a tab stays prose and a heading with a trailing tab stays a heading."""
    lines = seed_lines()
    lines = ["\t" + line if line.startswith(("2024 年", "1.", "2.", "3.", "4.", "5.")) else line for line in lines]
    lines = [line + "\t" if line in ("一、总体情况", "五、存在的主要问题及改进情况") else line for line in lines]
    lines = _replace(lines, "行政许可", "行政许可\t\t\t")
    lines = [line.rstrip("\t") if line.startswith("行政许可") else line for line in lines]
    imported = import_text(tmp_path, lines)
    assert imported.findings == []
    assert narrative(imported.page_text) == narrative(bundled_page())
    assert Cell("proactive", "licensing", "decisions") not in imported.values  # a blank, not a lost row


def test_gbk_text_and_byte_order_mark(tmp_path: Path) -> None:
    """Assert that a copy saved as GBK (Chinese Windows) or as UTF-8 with a BOM imports the same."""
    from importing import organ

    from macros.importer import import_file

    text = "\n".join(seed_lines())
    for name, data in (("gbk.txt", text.encode("gb18030")), ("bom.txt", "\ufeff".encode() + text.encode())):
        (tmp_path / name).write_bytes(data)
        imported = import_file(tmp_path / name, organ(), 2024)
        assert imported.findings == []
        assert loaded(imported).values == bundled_report().values
        assert narrative(imported.page_text) == narrative(bundled_page())


def test_tab_inside_a_narrative_paragraph_keeps_it_prose(tmp_path: Path) -> None:
    """Assert that a stray tab inside a paragraph of part 一 does not turn it into an unknown table row."""
    lines = seed_lines()
    at = line_of(lines, "2024 年，西平街道未接到")
    lines[at - 1] = lines[at - 1].replace("，", "，\t", 1)
    imported = import_text(tmp_path, lines)
    assert imported.findings == []
    assert "2024 年，\t西平街道未接到政府信息公开申请。" in narrative(imported.page_text)["一"]


def test_rows_copied_from_a_pdf_with_single_spaces(tmp_path: Path) -> None:
    """Assert that rows whose cells are one space apart (as copied from a PDF) still import, blanks excepted."""
    lines = seed_lines()
    start, end = line_of(lines, "一、本年新收"), line_of(lines, "四、结转下年度继续办理")
    for i in range(start - 1, end):
        lines[i] = " ".join(cell for cell in lines[i].split("\t") if cell.strip())
    lines = _replace(lines, "行政处罚", "行政处罚 287")
    imported = import_text(tmp_path, lines)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values


def test_broken_files_are_refused_not_crashed_on(tmp_path: Path) -> None:
    """Assert that a damaged Word file and a damaged PDF are refused with a reason, not a traceback."""
    import io
    import zipfile

    from importing import organ

    from macros.importer import import_file

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
    (tmp_path / "broken.docx").write_bytes(buffer.getvalue())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 not a pdf")
    for name in ("broken.docx", "broken.pdf"):
        imported = import_file(tmp_path / name, organ(), 2024)
        assert imported.refused and where(imported.findings) == [(name, 0, "import-unreadable")]
        assert imported.data_text == ""


def test_columns_out_of_order_are_not_placed(tmp_path: Path) -> None:
    """Assert that a header listing columns in another order is reported and its table's numbers not placed."""
    lines = _replace(seed_lines(), "信息内容\t本年制发件数", "信息内容\t本年废止件数\t本年制发件数\t现行有效件数")
    imported = import_text(tmp_path, lines)
    assert where(imported.findings) == [("seed.txt", line_of(lines, "信息内容\t本年废止件数"), "import-table-header")]
    assert not any(cell.row in ("rules", "normative") for cell in imported.values)
    assert imported.values[Cell("proactive", "penalty", "decisions")] == 287
