"""A corpus of report copies as organs really have them, each with the numbers it must give.

One fictional report (示例市青梧区人民政府, 2024, numbers and text written for
this corpus) is written out in each of the ways real copies come: clean text,
labels with typos and shortenings, Markdown pipe tables, OCR copies with renamed
headers, a government CMS page, rows whose digits ran together, Word. Every
fixture knows which cells must be read (the truth), which must stay blank, and
which importer rules it must report; the tests and benchmarks/import_accuracy.py
both read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from report_writers import report_docx, report_html

from macros.authoring.scaffold import render_page
from macros.check.load import Organ, Report
from macros.format.national import TABLE_2, TABLE_3, TABLE_4, Cell, cells, report_title
from macros.format.numbers import Number

CORPUS = Path(__file__).resolve().parent / "fixtures/import/corpus"
ORGAN = Organ("qingwu", "示例市青梧区人民政府", "青梧区政府", "县级政府", None)
YEAR = 2024

# 表三 by row: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
_T3: dict[str, tuple[int, ...]] = {
    "new": (12, 0, 1, 0, 0, 3, 16),
    "carried_in": (2, 0, 0, 0, 0, 0, 2),
    "disclosed": (6, 0, 1, 0, 0, 1, 8),
    "partial": (2, 0, 0, 0, 0, 1, 3),
    "refused_safety": (1, 0, 0, 0, 0, 0, 1),
    "refused_process": (1, 0, 0, 0, 0, 0, 1),
    "unable_not_held": (2, 0, 0, 0, 0, 1, 3),
    "ignored_repeat": (1, 0, 0, 0, 0, 0, 1),
    "results_total": (13, 0, 1, 0, 0, 3, 17),
    "carried_over": (1, 0, 0, 0, 0, 0, 1),
}
_T2: dict[str, tuple[Number, ...]] = {
    "rules": (0, 0, 0),
    "normative": (4, 1, 23),
    "licensing": (1862,),
    "penalty": (347,),
    "coercion": (12,),
    "fees": (0,),
}
_T4: dict[str, tuple[int, ...]] = {
    "review": (1, 0, 0, 1, 2),
    "direct": (0, 1, 0, 0, 1),
    "after_review": (0, 0, 0, 0, 0),
}


def truth() -> dict[Cell, Number]:
    values: dict[Cell, Number] = {}
    for table, rows in ((TABLE_2, _T2), (TABLE_3, _T3), (TABLE_4, _T4)):
        for row in table.rows:
            columns = table.grid_of(row.key).columns
            numbers = rows.get(row.key, (0,) * len(columns))
            values.update({Cell(table.key, row.key, c.key): v for c, v in zip(columns, numbers, strict=True)})
    assert set(values) == set(cells())
    return values


BODIES = {
    "一": "2024 年，青梧区政府以政务公开标准化规范化为抓手，全年主动公开政府信息 2316 条。\n\n"
    "区政府门户网站开设“政策解读”专栏，发布解读材料 86 篇。",
    "五": "（一）存在的主要问题\n\n部分部门公开内容更新不及时。\n\n（二）改进情况\n\n建立季度检查和通报制度。",
    "六": "2024 年本机关未收取信息处理费。",
}
TITLE = report_title(ORGAN.name, YEAR)
_PARTS = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)


def _cell(value: Number | None) -> str:
    return "" if value is None else str(value)


def _numbers(values: dict[Cell, Number], table, row_key: str) -> list[str]:
    return [_cell(values.get(Cell(table.key, row_key, c.key))) for c in table.grid_of(row_key).columns]


def table_lines(values: dict[Cell, Number], sep: str = "\t") -> dict[str, list[str]]:
    """The three tables as lines of text, one row a line, cells joined by `sep`."""
    two: list[str] = []
    for grid in TABLE_2.grids:
        two.append(grid.caption)
        two.append(sep.join(["信息内容", *(c.label for c in grid.columns)]))
        two += [sep.join([row.label, *_numbers(values, TABLE_2, row.key)]) for row in grid.rows]
    columns = TABLE_3.grids[0].columns
    three = [
        sep.join(["申请人情况"]),
        sep.join(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        sep.join(["", "", *(c.label for c in columns[1:6])]),
    ]
    three += [sep.join([row.label, *_numbers(values, TABLE_3, row.key)]) for row in TABLE_3.rows]
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    four = [
        sep.join(["行政复议", "", "", "", "", "行政诉讼"]),
        sep.join([*results, "未经复议直接起诉", "", "", "", "", "复议后起诉"]),
        sep.join(["", "", "", "", "", *results, *results]),
        sep.join(v for row in TABLE_4.rows for v in _numbers(values, TABLE_4, row.key)),
    ]
    return {"二": two, "三": three, "四": four}


def report_text(tables: dict[str, list[str]], heading: str = "{number}、{title}") -> str:
    lines = [TITLE, ""]
    for number, title in _PARTS:
        lines += [heading.format(number=number, title=title), ""]
        if number in tables:
            lines += tables[number]
        else:
            lines += [p for p in BODIES[number].split("\n\n")]
        lines.append("")
    return "\n".join(lines)


def truth_report(values: dict[Cell, Number] | None = None) -> Report:
    return Report(ORGAN.slug, YEAR, "data/reports/qingwu/2024.yaml", dict(truth() if values is None else values))


def web_page(values: dict[Cell, Number] | None = None) -> str:
    page = render_page(ORGAN, YEAR, BODIES)
    return report_html(page, truth_report(values), ORGAN.name)


# --- the fixtures ------------------------------------------------------------------


@dataclass(frozen=True)
class Fixture:
    name: str  # file name; its suffix picks the reader
    kind: str  # which class of real copy it stands for
    build: Callable[[Path], Path]
    blank: frozenset[Cell] = frozenset()  # cells that must stay blank (nothing in the source decides them)
    rules: frozenset[str] = frozenset()  # importer rules it must report (advisories included)
    paragraphs: int = 0  # narrative paragraphs the page must keep
    notes: dict[str, str] = field(default_factory=dict)


def _write(name: str, text: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return build


def _replace_line(lines: list[str], start: str, new: list[str]) -> list[str]:
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    return lines[:index] + new + lines[index + 1 :]


def _clean() -> str:
    return report_text(table_lines(truth()))


def _labels() -> dict[str, list[str]]:
    """Typos and shortenings of row labels, 1、 numbering, a label over two lines, (六) 其他 as one row."""
    values = truth()
    tables = table_lines(values)
    two, three = tables["二"], tables["三"]
    two[:] = [line.replace("行政规范性文件", "规范性文件") for line in two]
    three[:] = [
        line.replace("3.危及“三安全一稳定”", "3.危及三安全稳定")
        .replace("1.属于国家秘密", "1、属于国家秘密")
        .replace("6.属于四类过程性信息", "6.属于四类过程信息")
        for line in three
    ]
    label = TABLE_3.row("unable_not_held").label
    three[:] = _replace_line(
        three,
        label,
        [label[:8], label[8:] + "\t" + "\t".join(_numbers(values, TABLE_3, "unable_not_held"))],
    )
    other = [TABLE_3.row(k).label for k in ("other_no_correction", "other_no_fee", "other_other")]
    three[:] = [line for line in three if not any(line.startswith(o) for o in other)]
    index = next(i for i, line in enumerate(three) if line.startswith("（七）总计"))
    three.insert(index, "(六) 其他\t0\t0\t0\t0\t0\t0\t0")
    return tables


_OTHER_ROWS = ("other_no_correction", "other_no_fee", "other_other")
_OTHER_CELLS = frozenset(Cell(TABLE_3.key, r, c.key) for r in _OTHER_ROWS for c in TABLE_3.grids[0].columns)


def _pipe(line: str) -> str:
    return "| " + " | ".join(line.split("\t")) + " |"


def _markdown(tables: dict[str, list[str]]) -> str:
    """A Markdown copy: # headings, pipe tables with their separator rows."""
    piped: dict[str, list[str]] = {}
    for number, lines in tables.items():
        out: list[str] = []
        width = max(len(line.split("\t")) for line in lines)
        for i, line in enumerate(lines):
            cells_ = line.split("\t") + [""] * (width - len(line.split("\t")))
            out.append(_pipe("\t".join(cells_)))
            if i == 0:
                out.append("|" + "---|" * width)
        piped[number] = out
    text = report_text(piped, heading="## {number}、{title}")
    return "# " + text


def _ocr() -> dict[str, list[str]]:
    """An OCR copy: 表三's header renamed 数据1 … 数据7 and a header row repeated mid-table."""
    tables = table_lines(truth())
    three = tables["三"]
    three[:3] = ["\t".join(["项目", *(f"数据{i}" for i in range(1, 8))])]
    index = next(i for i, line in enumerate(three) if line.startswith("（四）") or line.startswith("1.本机关"))
    three.insert(
        index, "\t".join(["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
    )
    return tables


def _cms() -> str:
    """A government CMS page: the article inside nested layout tables, around the data tables."""
    page = web_page()
    head, body = page.split("<body>", 1)
    body, tail = body.rsplit("</body>", 1)
    framed = (
        '<table width="100%"><tr><td><table><tr><td class="nav">首页 &gt; 政务公开 &gt; 年度报告</td></tr>'
        f'<tr><td><div class="article">{body}</div></td></tr></table></td></tr>'
        "<tr><td><table><tr><td>主办：示例市青梧区人民政府办公室</td><td>联系我们</td></tr></table></td></tr></table>"
    )
    return head + "<body>" + framed + "</body>" + tail


def _glued(values: dict[Cell, Number]) -> dict[str, list[str]]:
    """Web-page text whose 表三 rows lost every separator: label and digits run together."""
    tables = table_lines(values)
    tables["三"] = [
        line.replace("\t", "") if not line.startswith(("申请人情况", "\t")) else line for line in tables["三"]
    ]
    return tables


def _one_line() -> str:
    """The report copied from a web page without its line breaks: one line, cells one space apart."""
    return report_text(table_lines(truth(), sep=" ")).replace("\n\n", " ").replace("\n", " ")


def _copy(name: str) -> Callable[[Path], Path]:
    """A committed fixture (made by tests/fixtures/import/make_fixtures.py)."""

    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes((CORPUS / name).read_bytes())
        return path

    return build


def _html(tables: dict[str, list[str]]) -> str:
    """A web page made from text: a <table> per table part, one <td> per tab-separated cell."""
    body = [f"<h1>{TITLE}</h1>"]
    for number, title in _PARTS:
        body.append(f"<h2>{number}、{title}</h2>")
        if number in tables:
            rows = ("<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>" for line in tables[number])
            body.append("<table>" + "".join(rows) + "</table>")
        else:
            body += [f"<p>{p}</p>" for p in BODIES[number].split("\n\n")]
    return '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>' + "\n".join(body) + "</body></html>"


def _label_html() -> str:
    html = web_page()
    return html.replace("3.危及“三安全一稳定”", "3.危及三安全稳定").replace(">行政规范性文件<", ">规范性文件<")


def _docx(html: str, name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        report_docx(html, path)
        return path

    return build


def fixtures() -> list[Fixture]:
    paragraphs = sum(len(b.split("\n\n")) for b in BODIES.values())
    # 结转下年度 blank in the source: 新收 (120100316, which 12|0|1|0|0|3|16 and 1|2|0|10|0|3|16
    # both add up) can no longer be decided by the balance of the columns.
    carried_over = frozenset(Cell(TABLE_3.key, "carried_over", c.key) for c in TABLE_3.grids[0].columns)
    new = frozenset(Cell(TABLE_3.key, "new", c.key) for c in TABLE_3.grids[0].columns)
    ambiguous = {c: v for c, v in truth().items() if c not in carried_over}
    label_rules = frozenset({"import-label-variant"})
    return [
        Fixture("clean.txt", "tab-separated text", _write("clean.txt", _clean()), paragraphs=paragraphs),
        Fixture(
            "labels.txt",
            "label variants",
            _write("labels.txt", report_text(_labels())),
            blank=_OTHER_CELLS,
            rules=label_rules | {"import-group-row"},
            paragraphs=paragraphs,
        ),
        Fixture("labels.html", "label variants", _write("labels.html", _label_html()), rules=label_rules),
        Fixture("labels.docx", "label variants", _docx(_label_html(), "labels.docx"), rules=label_rules),
        Fixture(
            "labels.md",
            "label variants",
            _write("labels.md", _markdown(_labels())),
            blank=_OTHER_CELLS,
            rules=label_rules | {"import-group-row"},
            paragraphs=paragraphs,
        ),
        Fixture("labels.pdf", "label variants", _copy("labels.pdf"), rules=label_rules),
        Fixture(
            "report.md",
            "Markdown pipe tables",
            _write("report.md", _markdown(table_lines(truth()))),
            paragraphs=paragraphs,
        ),
        Fixture(
            "ocr.txt",
            "OCR copy",
            _write("ocr.txt", report_text(_ocr())),
            rules=frozenset({"import-placeholder-header"}),
            paragraphs=paragraphs,
        ),
        Fixture(
            "ocr.html",
            "OCR copy",
            _write("ocr.html", _html(_ocr())),
            rules=frozenset({"import-placeholder-header"}),
            paragraphs=paragraphs,
        ),
        Fixture(
            "ocr.docx",
            "OCR copy",
            _docx(_html(_ocr()), "ocr.docx"),
            rules=frozenset({"import-placeholder-header"}),
            paragraphs=paragraphs,
        ),
        Fixture("oneline.txt", "whole text on one line", _write("oneline.txt", _one_line()), paragraphs=paragraphs),
        Fixture("cms.html", "government CMS page", _write("cms.html", _cms()), rules=frozenset({"import-lead"})),
        Fixture(
            "glued.txt",
            "digits run together",
            _write("glued.txt", report_text(_glued(truth()))),
            rules=frozenset({"import-split-digits"}),
            paragraphs=paragraphs,
        ),
        Fixture(
            "glued.html",
            "digits run together",
            _write("glued.html", _html(_glued(truth()))),
            rules=frozenset({"import-split-digits"}),
            paragraphs=paragraphs,
        ),
        Fixture(
            "glued-open.txt",
            "digits run together, undecidable",
            _write("glued-open.txt", report_text(_glued(ambiguous))),
            blank=new | carried_over,
            rules=frozenset({"import-split-digits", "import-run-together"}),
            paragraphs=paragraphs,
        ),
    ]
