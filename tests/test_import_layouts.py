"""Reports laid out as organs really lay them out (tests/layouts.py): every number right, no text lost.

Each layout is imported from the formats it occurs in: text pages a PDF table finder takes for
tables, a （七）总计 row padded with an empty cell, an outline numbered the report's own way with
the breadcrumb of the web site before the title, and numbers with notes beside them.
"""

from __future__ import annotations

import re
from pathlib import Path

import layouts
import pdfplumber
import pytest
from conftest import FIXTURES
from importing import narrative, where
from report_writers import report_docx

from macros.check.pages import split_parts
from macros.format.national import PART_VARIANTS, PARTS, TABLE_3, Cell
from macros.importer import Imported, import_file
from macros.importer.labels import HEADERS, normalise
from macros.importer.pdf import text_of
from macros.importer.source import Location, TableRow
from macros.importer.tables import place_rows

PDF = FIXTURES / "import" / "qinghe-2024.pdf"
FRAMED = FIXTURES / "import" / "qinghe-2024-framed.pdf"
# Each layout as text, web page, Word and PDF; "framed": the narrative in a one-column bordered table.
# "touching.pdf": that frame touching the tables of figures, so that the PDF's table finder joins them.
FORMATS = ("txt", "html", "docx", "pdf", "framed.html", "framed.docx", "framed.pdf", "touching.pdf")
TOUCHING = FIXTURES / "import" / "qinghe-2024-touching.pdf"


def _source(tmp_path: Path, kind: str) -> Path:
    if kind == "pdf":
        return PDF
    if kind == "framed.pdf":
        return FRAMED
    if kind == "touching.pdf":
        return TOUCHING
    path = tmp_path / f"qinghe.{kind}"
    html = layouts.html(framed=kind.startswith("framed"))
    if kind == "txt":
        path.write_text(layouts.text(), encoding="utf-8")
    elif kind.endswith("html"):
        path.write_text(html, encoding="utf-8")
    else:
        report_docx(html, path)
    return path


def _import(tmp_path: Path, kind: str) -> Imported:
    return import_file(_source(tmp_path, kind), layouts.ORGAN, layouts.YEAR)


def _plain(markdown: str) -> str:
    return re.sub(r"^#+ ", "", markdown.replace("**", ""), flags=re.MULTILINE)


@pytest.mark.parametrize("kind", FORMATS)
def test_every_number_is_read_and_none_is_guessed(tmp_path: Path, kind: str) -> None:
    """Assert that all 200 cells of the layout import right (the padded （七）总计 row and the numbers
    with notes included) and that the only findings are the advisories about the lead and the notes."""
    imported = _import(tmp_path, kind)
    assert imported.values == layouts.expected_values()
    assert sorted(f.rule for f in imported.findings) == ["import-lead", "import-note", "import-note"]
    assert all(f.advisory for f in imported.findings)


@pytest.mark.parametrize("kind", FORMATS)
def test_parts_are_found_by_their_titles_whatever_their_numbers(tmp_path: Path, kind: str) -> None:
    """Assert that a report numbering its own parts (tables under 一、二、三, the last part 五、) has every
    paragraph in its part, its own headings kept as text, and the page the six parts in order."""
    imported = _import(tmp_path, kind)
    parts = {n: _plain(t) for n, t in narrative(imported.page_text).items()}
    assert parts == {n: "\n\n".join(p) for n, p in layouts.PARTS.items()}
    assert [s.number for s in split_parts(imported.page_text)] == [n for n, _ in PARTS]
    # Where the source marks it as a heading (not in text, nor in our Word copy of the framed page).
    assert "**二、工作机制建设**" in imported.page_text or kind in ("txt", "framed.docx")


@pytest.mark.parametrize("kind", FORMATS)
def test_breadcrumb_before_the_title_stays_in_the_lead(tmp_path: Path, kind: str) -> None:
    """Assert that the site's breadcrumb and date line are not taken for the title: the title is
    recognised, the chrome is in the lead with the advisory to delete it, at its place in the source."""
    imported = _import(tmp_path, kind)
    lead = imported.page_text.split("{{ check_summary() }}")[1].split("## 一、")[0]
    squeezed = [re.sub(r"[\s\u3000]+", " ", p) for p in layouts.LEAD_PARAGRAPHS]
    assert [re.sub(r"[\s\u3000]+", " ", p.strip()) for p in lead.strip().split("\n\n")] == squeezed
    (finding,) = [f for f in imported.findings if f.rule == "import-lead"]
    assert (finding.line, finding.place) in {(1, ""), (3, ""), (0, "第1段"), (0, "第1页")}
    assert not any(f.rule in ("import-title", "import-organ") for f in imported.findings)


def test_breadcrumb_ending_in_the_title_is_not_the_title(tmp_path: Path) -> None:
    """Assert that 当前位置：… > title is chrome: the title line after it is the report's title."""
    text = layouts.text().replace(layouts.CHROME[0], f"{layouts.CHROME[0]} > {layouts.TITLE}")
    path = tmp_path / "crumb.txt"
    path.write_text(text, encoding="utf-8")
    imported = import_file(path, layouts.ORGAN, layouts.YEAR)
    assert imported.values == layouts.expected_values()
    assert not any(f.rule in ("import-title", "import-organ") for f in imported.findings)
    assert f"{layouts.CHROME[0]} > {layouts.TITLE}" in imported.page_text


@pytest.mark.parametrize("kind", FORMATS)
def test_notes_beside_numbers_are_kept_as_text_above_the_table(tmp_path: Path, kind: str) -> None:
    """Assert that 18（其中修订 5 件） is 18 (not 185) with an advisory at its row, and the note is in part 二."""
    imported = _import(tmp_path, kind)
    issued = Cell("proactive", "normative", "issued")
    in_force = Cell("proactive", "normative", "in_force")
    assert (imported.values[issued], imported.values[in_force]) == (18, 40)
    notes = [f for f in imported.findings if f.rule == "import-note"]
    assert [note in f.message for f, note in zip(notes, layouts.NOTES, strict=True)] == [True, True]
    assert all(f.line or re.fullmatch(r"(?:第\d+页 )?表\d+ 第\d+行", f.place) for f in notes)
    part2 = imported.page_text.split("## 二、")[1].split("## 三、")[0]
    for note in layouts.NOTES:
        assert part2.index(note) < part2.index('{{ table("二") }}')


@pytest.mark.parametrize(
    ("cell", "value", "rule"),
    [
        ("18（其中修订 5 件）", 18, "import-note"),
        ("18 (其中修订5件)", 18, "import-note"),
        ("40（含自然失效 12 件）", 40, "import-note"),
        ("185", 185, None),
        ("18（5）", None, "import-number"),
        ("（其中修订 5 件）18", None, "import-number"),
    ],
)
def test_a_note_is_never_read_as_digits(tmp_path: Path, cell: str, value: int | None, rule: str | None) -> None:
    """Assert that only a number followed by a note in words is split; anything else is not guessed."""
    text = layouts.text().replace(layouts.T2["normative"][0], cell, 1)
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    imported = import_file(path, layouts.ORGAN, layouts.YEAR)
    assert imported.values.get(Cell("proactive", "normative", "issued")) == value
    rules = [f.rule for f in imported.findings if "「本年制发件数」" in f.message]
    assert rules == ([rule] if rule else [])


def test_padding_beside_a_label_is_not_a_value() -> None:
    """Assert that in a real table an empty cell beside the label beyond the columns is padding, only as
    many as are too many: a blank in the first column of the row stays blank, and a row with a number
    too many is still reported."""
    label = "（七）总计"
    rows = [
        TableRow((None, label, "", "", "3", "0", "0", "1", "0", "4"), Location("t.pdf", 0, "第1页 表1 第1行")),
        TableRow((None, label, "5", "16", "3", "0", "0", "1", "0", "4"), Location("t.pdf", 0, "第1页 表1 第2行")),
    ]
    placed = place_rows("t.pdf", rows[:1])
    total = {c.key: placed.values.get(Cell("requests", "results_total", c.key)) for c in TABLE_3.grids[0].columns}
    assert total == {"natural": None, "business": 3, "research": 0, "nonprofit": 0, "legal": 1, "other": 0, "total": 4}
    assert "import-row-cells" not in [f.rule for f in placed.findings]
    placed = place_rows("t.pdf", rows[1:])
    assert ("t.pdf", 0, "import-row-cells") in where(placed.findings)


# --- nothing of the narrative is lost: the page against the PDF's text layer -------------------

_TITLES = sorted({t for _, t in PARTS} | {v for vs in PART_VARIANTS.values() for v in vs}, key=len, reverse=True)
_HEADING = re.compile(
    "(?:第[一二三四五六七八九十]{1,2}部分|[一二三四五六七八九十]{1,2}、)"
    "(?:" + "|".join(map(re.escape, _TITLES)) + ")[：:]?"
)


def _text_layer(path: Path) -> str:
    """The PDF's text in reading order, leaving out the tables of figures (tables with rows of several
    cells) but not their rows of a single cell across the table that are not captions (text)."""
    lines: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            tables = [(t, list(zip(t.rows, t.extract(), strict=True))) for t in page.find_tables()]
            figures = [(t, rows) for t, rows in tables if any(sum(c is not None for c in cs) > 1 for _, cs in rows)]
            boxes = [t.bbox for t, _ in figures]
            text = [
                row.bbox
                for _, rows in figures
                for row, cells in rows
                if sum(c is not None for c in cells) == 1 and not any(c and normalise(c) in HEADERS for c in cells)
            ]

            def keep(obj: dict, boxes: list = boxes, text: list = text) -> bool:
                x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
                inside = [b for b in boxes + text if b[0] <= x <= b[2] and b[1] <= y <= b[3]]
                return not inside or any(b in text for b in inside)

            lines += text_of(page.filter(keep).extract_text()).splitlines()
    # Captions of the tables (第二十条第（一）项 …) printed outside their frames: the table macro prints them.
    return "".join(line for line in lines if normalise(line) not in HEADERS)


def _compact(text: str) -> str:
    return _HEADING.sub("", re.sub(r"\s+", "", text))


def _page_text(page: str) -> str:
    body = page.split("{{ check_summary() }}", 1)[1]
    body = re.sub(r"\{\{.*?\}\}|\{#.*?#\}", "", body, flags=re.DOTALL)
    body = re.sub(r"\\(.)", r"\1", _plain(body)).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _compact(body)


def _subsequence(needle: str, haystack: str) -> int:
    """How many characters of `needle` are found in `haystack` in order (all: nothing lost or moved)."""
    found = 0
    position = 0
    for char in needle:
        position = haystack.find(char, position)
        if position < 0:
            return found
        found, position = found + 1, position + 1
    return found


@pytest.mark.parametrize("path", [PDF, FRAMED, TOUCHING, FIXTURES / "import" / "xiping-2024.pdf"], ids=lambda p: p.name)
def test_pdf_narrative_is_all_on_the_page_in_order(path: Path) -> None:
    """Assert that every character of the PDF's text outside its tables of figures is on the imported page,
    in the order of the PDF (part headings aside, which the page writes as the format's), and that no
    paragraph became a table row."""
    organ = layouts.ORGAN if path.name.startswith("qinghe") else None
    if organ is None:
        from importing import organ as xiping

        organ = xiping()
    imported = import_file(path, organ, 2024)
    assert not [f for f in imported.findings if f.rule in ("import-unknown-row", "import-missing-part")]
    source = _compact(_text_layer(path))
    title = _compact(imported.narrative.title)
    assert title and title in source
    source = source.replace(title, "", 1)
    page = _page_text(imported.page_text)
    assert _subsequence(source, page) == len(source)
    if organ is layouts.ORGAN:
        for paragraph in layouts.LEAD_PARAGRAPHS + [p for ps in layouts.PARTS.values() for p in ps]:
            assert _compact(paragraph) in page


def test_a_part_title_out_of_order_is_text_of_the_part_it_is_in(tmp_path: Path) -> None:
    """Assert that a part's title under another number after that part (三、主动公开政府信息情况 in part 五)
    stays a paragraph of part 五, while with the format's own number a heading starts its part as before."""
    lines = layouts.text().split("\n")
    at = lines.index("（二）改进措施")
    lines[at:at] = ["三、主动公开政府信息情况"]
    path = tmp_path / "order.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    imported = import_file(path, layouts.ORGAN, layouts.YEAR)
    assert imported.values == layouts.expected_values()
    assert sorted(f.rule for f in imported.findings) == ["import-lead", "import-note", "import-note"]
    parts = narrative(imported.page_text)
    assert "三、主动公开政府信息情况\n\n### （二）改进措施" in parts["五"]
    assert "三、主动公开政府信息情况" not in imported.page_text.split("## 五、")[0]
