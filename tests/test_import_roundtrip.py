"""Round trips through our own exports: web page, Word and PDF of the bundled report import back."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES
from importing import bundled_page, bundled_report, loaded, narrative, organ, where
from report_writers import report_docx, report_html

from macros.format.national import Cell
from macros.importer import import_file

PDF = FIXTURES / "import" / "xiping-2024.pdf"
SCANNED = FIXTURES / "import" / "scanned.pdf"


@pytest.fixture
def html_text() -> str:
    return report_html(bundled_page(), bundled_report(), organ().name)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_in_web_page_text_is_printed_literally(tmp_path: Path, html_text: str) -> None:
    """Assert that a tag written as text on a web page (&lt;script&gt;) reaches the page as text, not as a tag."""
    heading = html_text.index("</h2>", html_text.index("<h2>五、")) + len("</h2>")
    pasted = "<p>&lt;script&gt;alert(1)&lt;/script&gt; [链接](javascript:alert(1)) &amp;lt;</p>"
    source = _write(tmp_path, "report.html", html_text[:heading] + pasted + html_text[heading:])
    imported = import_file(source, organ(), 2024)
    body = narrative(imported.page_text)["五"].split("\n\n")[0]
    soup = BeautifulSoup(markdown.markdown(body), "html.parser")
    assert [tag.name for tag in soup.find_all(True)] == ["p"]
    assert soup.get_text() == "<script>alert(1)</script> [链接](javascript:alert(1)) &lt;"


def test_web_page_round_trip(tmp_path: Path, html_text: str) -> None:
    """Assert that the report as a web page (tables with rowspan/colspan) imports to the same numbers and text."""
    imported = import_file(_write(tmp_path, "report.html", html_text), organ(), 2024)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values
    assert narrative(imported.page_text) == narrative(bundled_page())


def test_word_round_trip(tmp_path: Path, html_text: str) -> None:
    """Assert that the report as a Word file (merged cells, bold runs) imports to the same numbers and text."""
    report_docx(html_text, tmp_path / "report.docx")
    imported = import_file(tmp_path / "report.docx", organ(), 2024)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values
    assert narrative(imported.page_text) == narrative(bundled_page())


def test_pdf_round_trip() -> None:
    """Assert that the report printed to PDF by chromium with a CJK font imports to the same numbers and text."""
    imported = import_file(PDF, organ(), 2024)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values
    assert narrative(imported.page_text) == narrative(bundled_page())


def test_scanned_pdf_is_refused() -> None:
    """Assert that an image-only PDF is refused with a clear message and nothing to write."""
    imported = import_file(SCANNED, organ(), 2024)
    assert imported.refused
    assert where(imported.findings) == [("scanned.pdf", 0, "import-scanned")]
    assert "扫描件" in imported.findings[0].message and str(imported.findings[0]).startswith("scanned.pdf:全文:")
    assert imported.data_text == ""


def _penalty(html_text: str, text: str) -> str:
    """The page with the text of table 二's 行政处罚 figure (the seed's 287) replaced."""
    changed, count = re.subn(
        r'(<td class="nb-num"[^>]*proactive-penalty[^>]*>)287(</td>)', rf"\g<1>{text}\g<2>", html_text
    )
    assert count == 1
    return changed


def test_web_page_findings_name_the_line(tmp_path: Path, html_text: str) -> None:
    """Assert that a bad cell and an unknown row in a web page are reported at their lines in the HTML."""
    html_text = _penalty(html_text, "—")
    html_text = html_text.replace("<tbody>", "<tbody>\n", 1)  # the first table's rows move to the next line
    html_text = html_text.replace(
        "</tbody></table>", "</tbody></table>\n<table><tr><th>行政征收</th><td>4</td></tr></table>", 1
    )
    imported = import_file(_write(tmp_path, "report.html", html_text), organ(), 2024)
    lines = html_text.split("\n")
    penalty = next(i for i, line in enumerate(lines, start=1) if "—" in line)
    extra = next(i for i, line in enumerate(lines, start=1) if "行政征收" in line)
    assert sorted(where(imported.findings)) == sorted(
        [("report.html", penalty, "import-number"), ("report.html", extra, "import-unknown-row")]
    )
    assert Cell("proactive", "penalty", "decisions") not in imported.values


def test_word_findings_name_table_and_row(tmp_path: Path, html_text: str) -> None:
    """Assert that a Word cell that is not a number is reported as 表N 第M行, and a blank stays blank."""
    html_text = _penalty(html_text, "287件")
    report_docx(html_text, tmp_path / "report.docx")
    imported = import_file(tmp_path / "report.docx", organ(), 2024)
    # 表二 is the Word file's first table; 行政处罚 is its 10th row (each part: caption, header, rows).
    assert [(f.file, f.place, f.rule) for f in imported.findings] == [("report.docx", "表1 第10行", "import-number")]
    assert str(imported.findings[0]).startswith("report.docx:表1 第10行: [import-number]")


def test_word_blank_cell_stays_blank(tmp_path: Path, html_text: str) -> None:
    """Assert that an empty Word cell is imported as blank, not 0, in its own column."""
    cells = html_text.split('<td class="nb-num">0</td>')
    # Blank the 3rd value cell of table 三's first row (科研机构 of 一、本年新收…).
    first_t3 = html_text.index("nb-table-3")
    index = html_text[:first_t3].count('<td class="nb-num">0</td>') + 2
    html_text = '<td class="nb-num">0</td>'.join(cells[: index + 1]) + '<td class="nb-num"></td>'
    html_text += '<td class="nb-num">0</td>'.join(cells[index + 1 :])
    report_docx(html_text, tmp_path / "report.docx")
    imported = import_file(tmp_path / "report.docx", organ(), 2024)
    assert imported.findings == []
    missing = set(bundled_report().values) - set(imported.values)
    assert missing == {Cell("requests", "new", "research")}


def test_web_page_laid_out_in_tables(tmp_path: Path, html_text: str) -> None:
    """Assert that a page whose whole article sits in a layout table, with loose text, imports the same."""
    head, rest = html_text.split("<body>\n", 1)
    body, tail = rest.split("\n</body>", 1)
    wrapped = (
        f"{head}<body>\n<table><tr><td>首页 &gt; 政府信息公开 &gt; 年度报告</td></tr>"
        f'<tr><td><div class="TRS_Editor">\n{body}\n</div></td></tr></table>\n</body>{tail}'
    )
    imported = import_file(_write(tmp_path, "report.html", wrapped), organ(), 2024)
    nav_line = next(i for i, line in enumerate(wrapped.split("\n"), start=1) if "首页" in line)
    assert where(imported.findings) == [("report.html", nav_line, "import-lead")]
    assert imported.findings[0].advisory
    assert loaded(imported).values == bundled_report().values
    assert narrative(imported.page_text) == narrative(bundled_page())
    assert "首页 &gt; 政府信息公开" not in imported.page_text and "首页 > 政府信息公开" in imported.page_text


def test_web_page_text_between_blocks_is_kept(tmp_path: Path, html_text: str) -> None:
    """Assert that text written straight into a container (with <br>) is not lost."""
    html_text = html_text.replace("<h2>六、", "<div>第一行说明<br>第二行说明<p>段落</p>尾注</div>\n<h2>六、", 1)
    imported = import_file(_write(tmp_path, "report.html", html_text), organ(), 2024)
    part5 = narrative(imported.page_text)["五"]
    assert part5.endswith("第一行说明\n\n第二行说明\n\n段落\n\n尾注")


def test_web_page_with_its_article_in_a_one_cell_table(tmp_path: Path, html_text: str) -> None:
    """Assert that an article laid out in a single-cell table, data tables beside it, imports the same."""
    head, rest = html_text.split("<body>\n", 1)
    body, tail = rest.split("\n</body>", 1)
    first_table = body.index('<div class="nb-table-box')
    article, tables = body[:first_table], body[first_table:]
    wrapped = f"{head}<body>\n<table><tr><td>{article}</td></tr></table>\n{tables}\n</body>{tail}"
    imported = import_file(_write(tmp_path, "report.html", wrapped), organ(), 2024)
    assert imported.findings == []
    assert narrative(imported.page_text)["一"] == narrative(bundled_page())["一"]
    assert loaded(imported).values == bundled_report().values


def test_printed_pdf_with_page_numbers_and_paragraphs_over_page_breaks() -> None:
    """Assert that a PDF laid out like a printed report (indented paragraphs, page numbers in the footers,
    a paragraph and table 三 running on over page breaks) imports to the same numbers and text."""
    imported = import_file(FIXTURES / "import" / "xiping-2024-print.pdf", organ(), 2024)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values
    assert narrative(imported.page_text) == narrative(bundled_page())
    assert "— 3 —" not in imported.page_text


def test_word_tracked_changes_read_as_accepted(tmp_path: Path, html_text: str) -> None:
    """Assert that tracked insertions count and tracked deletions do not, as if the changes were accepted."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    report_docx(html_text, tmp_path / "report.docx")
    document = Document(tmp_path / "report.docx")
    cell = next(c for t in document.tables for row in t.rows for c in row.cells if c.text == "287")
    run = cell.paragraphs[0].runs[0]._r
    inserted, deleted = OxmlElement("w:ins"), OxmlElement("w:del")
    for mark in (inserted, deleted):
        mark.set(qn("w:id"), "1" if mark is inserted else "2")
        mark.set(qn("w:author"), "编辑")
    run.addprevious(deleted)
    old = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "999"
    old.append(text)
    deleted.append(old)
    run.addprevious(inserted)
    inserted.append(run)
    document.save(tmp_path / "tracked.docx")
    imported = import_file(tmp_path / "tracked.docx", organ(), 2024)
    assert imported.findings == []
    assert imported.values[Cell("proactive", "penalty", "decisions")] == 287


def _government_page(report) -> str:
    """A page as a government CMS publishes it: GBK, headings in bold paragraphs, indents with &nbsp;,
    table 二 as one table with caption rows, <td> and <p> everywhere, one blank cell and full-width digits."""
    from macros.check.pages import split_parts
    from macros.format.national import PARTS, TABLE_2, TABLE_2_ROW_HEADER, TABLE_3, TABLE_4

    def value(table, row, column) -> str:
        text = str(report.values[Cell(table.key, row.key, column.key)])
        if (row.key, column.key) == ("penalty", "decisions"):
            return "".join(chr(ord(c) + 0xFEE0) for c in text)  # ２８７
        return "&nbsp;" if (row.key, column.key) == ("new", "research") else text

    cells = "".join
    t2 = []
    for grid in TABLE_2.grids:
        span = 4 - len(grid.columns)
        t2.append(f'<tr><td colspan="4"><p>{grid.caption}</p></td></tr>')
        heads = cells(f'<td colspan="{1 + span if c is grid.columns[-1] else 1}">{c.label}</td>' for c in grid.columns)
        t2.append(f"<tr><td>{TABLE_2_ROW_HEADER}</td>{heads}</tr>")
        for row in grid.rows:
            tds = cells(
                f'<td colspan="{1 + span if c is grid.columns[-1] else 1}"><p>{value(TABLE_2, row, c)}</p></td>'
                for c in grid.columns
            )
            t2.append(f"<tr><td>{row.label}</td>{tds}</tr>")
    grid3 = TABLE_3.grids[0]
    natural, legal, total = grid3.columns[0], grid3.columns[1:-1], grid3.columns[-1]
    applicant, legal_group = legal[0].groups
    t3 = [f'<tr><td colspan="3" rowspan="3">{TABLE_3.note}</td><td colspan="7">{applicant}</td></tr>']
    t3.append(
        f'<tr><td rowspan="2">{natural.label}</td><td colspan="5">{legal_group}</td>'
        f'<td rowspan="2">{total.label}</td></tr>'
    )
    t3.append("<tr>" + cells(f"<td>{c.label}</td>" for c in legal) + "</tr>")
    for row in grid3.rows:
        first = [r for r in grid3.rows if r.groups[:1] == row.groups[:1]]
        labels = ""
        if row.groups and first[0] is row:
            labels += f'<td rowspan="{len(first)}">{row.groups[0]}</td>'
        if len(row.groups) > 1:
            same = [r for r in grid3.rows if r.groups == row.groups]
            labels += f'<td rowspan="{len(same)}">{row.groups[1]}</td>' if same[0] is row else ""
            labels += f"<td>{row.label}</td>"
        elif row.groups:
            labels += f'<td colspan="2">{row.label}</td>'
        else:
            labels += f'<td colspan="3">{row.label}</td>'
        t3.append(f"<tr>{labels}" + cells(f"<td>{value(TABLE_3, row, c)}</td>" for c in grid3.columns) + "</tr>")
    grid4 = TABLE_4.grids[0]
    review, direct, after = grid4.rows
    t4 = [
        f'<tr><td colspan="5">{review.label}</td><td colspan="10">{direct.groups[0]}</td></tr>',
        '<tr><td rowspan="2">'
        + '</td><td rowspan="2">'.join(c.label for c in grid4.columns)
        + f'</td><td colspan="5">{direct.label}</td><td colspan="5">{after.label}</td></tr>',
        "<tr>" + cells(f"<td>{c.label}</td>" for c in grid4.columns) * 2 + "</tr>",
        "<tr>" + cells(f"<td>{value(TABLE_4, r, c)}</td>" for r in grid4.rows for c in grid4.columns) + "</tr>",
    ]
    sections = {section.number: section for section in split_parts(bundled_page())}
    body = []
    for number, title in PARTS:
        body.append(f'<p style="text-indent:2em"><strong>{number}、{title}</strong></p>')
        if number == "二":
            body.append("<table border='1'>" + "".join(t2) + "</table>")
        elif number == "三":
            body.append("<table border='1'>" + "".join(t3) + "</table>")
        elif number == "四":
            body.append("<table border='1'>" + "".join(t4) + "</table>")
        else:
            for block in sections[number].body.strip().split("\n\n"):
                text = block.removeprefix("### ").replace("**", "")
                body.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{text}</p>")
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
        '<div class="TRS_Editor">' + "\n".join(body) + "</div></body></html>"
    )


def test_government_cms_page(tmp_path: Path) -> None:
    """Assert that a GBK page built differently from ours (one table 二, <td> only) imports the same numbers."""
    report = bundled_report()
    path = tmp_path / "gov.html"
    path.write_bytes(_government_page(report).encode("gb18030"))
    imported = import_file(path, organ(), 2024)
    assert imported.findings == []
    expected = {k: v for k, v in report.values.items() if k != Cell("requests", "new", "research")}
    assert imported.values == expected
    text = narrative(imported.page_text)
    assert "明确审查程序 and 责任人" in text["一"] and text["六"] == "2024 年未收取信息处理费。"


def test_word_report_framed_in_a_table(tmp_path: Path, html_text: str) -> None:
    """Assert that a Word report laid out inside a one-cell frame table, data tables nested in it, imports the same."""
    report_docx(html_text, tmp_path / "framed.docx", framed=True)
    imported = import_file(tmp_path / "framed.docx", organ(), 2024)
    assert imported.findings == []
    assert loaded(imported).values == bundled_report().values
    assert narrative(imported.page_text) == narrative(bundled_page())


def test_web_page_with_swapped_columns_is_not_placed(tmp_path: Path, html_text: str) -> None:
    """Assert that table 三 with two applicant columns swapped in its header is reported, not misread."""
    from macros.format.national import TABLE_3

    business, research = (c.label for c in TABLE_3.grids[0].columns[1:3])
    swapped = html_text.replace(f">{business}<", ">@@<").replace(f">{research}<", f">{business}<")
    swapped = swapped.replace(">@@<", f">{research}<")
    imported = import_file(_write(tmp_path, "report.html", swapped), organ(), 2024)
    assert [f.rule for f in imported.findings] == ["import-table-header"]
    assert not any(cell.table == "requests" for cell in imported.values)
