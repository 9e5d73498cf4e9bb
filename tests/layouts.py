"""A fictional report laid out the way many organs lay theirs out, in every source format.

青禾县自然资源局 does not exist; its text and numbers are written for these tests.
Its report numbers its own parts (一、总体情况 二、工作机制建设 三、主动公开情况 …),
prints the three tables later under 「一、主动公开政府信息情况」「二、…」「三、…」,
ends with 「四、存在的主要问题及改进情况」 and 「五、其他需要报告的事项」 (a heading in
the middle of a line), opens with the web site's breadcrumb, writes notes beside
numbers (18（其中修订 5 件）) and pads the （七）总计 row of table 三 with an empty
cell where the label cells are merged. The same blocks become a web page, a Word
file, a text copy and (tests/fixtures/import/make_fixtures.py) PDFs.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from macros.check.load import Organ
from macros.format.national import TABLE_2, TABLE_3, TABLE_4, Cell
from macros.format.numbers import Number

ORGAN = Organ("qinghe-zrzy", "青禾县自然资源局", "县自然资源局", "县级部门", None)
YEAR = 2024
TITLE = "青禾县自然资源局2024年政府信息公开工作年度报告"

CHROME = ["当前位置：首页 > 政务公开 > 政府信息公开年报", "发布时间：2025-01-20　来源：青禾县自然资源局"]
LEAD = (
    "本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》编制，"
    "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。"
)

# The narrative: (kind, text). "h" is a heading as the report prints it, "p" a paragraph.
NARRATIVE_1 = [
    ("h", "一、总体情况"),
    (
        "p",
        "2024年，我局坚持以公开为常态、不公开为例外，围绕自然资源管理重点工作，"
        "全面推进决策、执行、管理、服务、结果公开，政府信息公开工作有序开展。",
    ),
    ("h", "二、工作机制建设"),
    (
        "p",
        "调整政务公开工作领导小组，由分管副局长任组长，办公室负责日常工作，各股室明确一名信息员；"
        "修订《政府信息公开保密审查办法》，落实“先审查、后公开”和“一事一审”制度，全年未发生泄密事件。",
    ),
    ("h", "三、主动公开情况"),
    (
        "p",
        "通过县政府门户网站自然资源专栏主动公开政府信息326条，其中国土空间规划信息41条、"
        "建设用地审批信息58条、不动产登记办事指南23条、矿产资源管理信息17条。",
    ),
    (
        "p",
        "全年召开新闻发布会2场，在“青禾自然资源”微信公众号发布信息215条，"
        "对征地补偿安置方案等群众关注的事项及时公开、解读。",
    ),
]
STATISTICS = "附：政府信息公开工作情况统计"
TABLE_HEADINGS = {
    "二": "一、主动公开政府信息情况",
    "三": "二、收到和处理政府信息公开申请情况",
    "四": "三、政府信息公开行政复议、行政诉讼情况",
}
# Part 五, its heading at the head of its first line; part 六's heading in the middle of the last line.
PART_5 = [
    "四、存在的主要问题及改进情况：2024年，我局政府信息公开工作取得一定成效，但也存在一些不足："
    "一是部分股室对主动公开的范围把握不准，二是政策解读形式较为单一。",
    "（二）改进措施",
    "2025年，我局将加强业务培训，细化主动公开目录，丰富图解、视频等解读形式，"
    "进一步提升政府信息公开工作水平。五、其他需要报告的事项：本年度未收取信息处理费。",
    "本机关落实上级年度政务公开工作要点情况，已在县政府门户网站政务公开专栏公开。",
]

# What each part holds once imported: the text after its heading, paragraph by paragraph (without
# bold: the report's own headings, such as 二、工作机制建设, stay paragraphs of part 一).
PARTS = {
    "一": [t for _, t in NARRATIVE_1[1:]] + [STATISTICS],
    "五": [
        "2024年，我局政府信息公开工作取得一定成效，但也存在一些不足："
        "一是部分股室对主动公开的范围把握不准，二是政策解读形式较为单一。",
        "（二）改进措施",
        "2025年，我局将加强业务培训，细化主动公开目录，丰富图解、视频等解读形式，进一步提升政府信息公开工作水平。",
    ],
    "六": ["本年度未收取信息处理费。", PART_5[3]],
}
# Paragraphs of the lead (before part 一): the breadcrumb, the date line, the basis of the report.
LEAD_PARAGRAPHS = [*CHROME, LEAD]

# Table 二 as printed: cell texts, notes included.
T2 = {
    "rules": ("0", "0", "0"),
    "normative": ("18（其中修订 5 件）", "6", "40（含自然失效 12 件）"),
    "licensing": ("326",),
    "penalty": ("41",),
    "coercion": ("3",),
    "fees": ("125.6",),
}
_T3_ZERO = ("0",) * 7
T3: dict[str, tuple[str, ...]] = {row.key: _T3_ZERO for row in TABLE_3.rows}
T3 |= {
    "new": ("14", "3", "0", "0", "1", "0", "18"),
    "carried_in": ("1", "0", "0", "0", "0", "0", "1"),
    "disclosed": ("6", "2", "0", "0", "1", "0", "9"),
    "partial": ("2", "0", "0", "0", "0", "0", "2"),
    "refused_third_party": ("1", "0", "0", "0", "0", "0", "1"),
    "unable_not_held": ("4", "1", "0", "0", "0", "0", "5"),
    "ignored_repeat": ("1", "0", "0", "0", "0", "0", "1"),
    "results_total": ("14", "3", "0", "0", "1", "0", "18"),
    "carried_over": ("1", "0", "0", "0", "0", "0", "1"),
}
T4 = {"review": ("1", "0", "0", "0", "1"), "direct": ("0", "0", "0", "1", "1"), "after_review": ("0",) * 5}
NOTES = ["18（其中修订 5 件）", "40（含自然失效 12 件）"]


def _value(text: str, amount: bool) -> Number:
    number = text.split("（")[0]
    return Decimal(number) if amount else int(number)


def expected_values() -> dict[Cell, Number]:
    values: dict[Cell, Number] = {}
    for table, rows in ((TABLE_2, T2), (TABLE_3, T3), (TABLE_4, T4)):
        for key, texts in rows.items():
            columns = table.grid_of(key).columns
            for column, text in zip(columns, texts, strict=True):
                values[Cell(table.key, key, column.key)] = _value(text, column.kind == "amount")
    return values


# --- web page --------------------------------------------------------------


def _td(text: str, colspan: int = 1, rowspan: int = 1) -> str:
    spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f"<td{spans}>{escape(text)}</td>"


def _table_2() -> str:
    rows = []
    for grid in TABLE_2.grids:
        rows.append("<tr>" + _td(grid.caption, 4) + "</tr>")
        width = 3 if len(grid.columns) == 1 else 1
        rows.append("<tr>" + _td("信息内容") + "".join(_td(c.label, width) for c in grid.columns) + "</tr>")
        for row in grid.rows:
            rows.append("<tr>" + _td(row.label) + "".join(_td(t, width) for t in T2[row.key]) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _table_3(padded: bool) -> str:
    grid = TABLE_3.grids[0]
    columns = grid.columns
    rows = [
        "<tr>" + _td(TABLE_3.note, 3, 3) + _td("申请人情况", 7) + "</tr>",
        "<tr>" + _td(columns[0].label, 1, 2) + _td("法人或其他组织", 5) + _td(columns[6].label, 1, 2) + "</tr>",
        "<tr>" + "".join(_td(c.label) for c in columns[1:6]) + "</tr>",
    ]
    results = [r for r in grid.rows if r.groups]
    done: set[str] = set()
    for row in grid.rows:
        numbers = "".join(_td(t) for t in T3[row.key])
        if not row.groups:
            rows.append("<tr>" + _td(row.label, 3) + numbers + "</tr>")
            continue
        cells = ""
        if row is results[0]:
            cells += _td(row.groups[0], 1, len(results))
        if len(row.groups) == 2:
            if row.groups[1] not in done:
                done.add(row.groups[1])
                cells += _td(row.groups[1], 1, sum(1 for r in results if r.groups == row.groups))
            cells += _td(row.label)
        elif row.key == "results_total" and padded:
            cells += _td(row.label) + _td("")  # the label cell not merged across: an empty cell beside it
        else:
            cells += _td(row.label, 2)
        rows.append("<tr>" + cells + numbers + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _table_4() -> str:
    columns = TABLE_4.grids[0].columns
    heads = "".join(_td(c.label, 1, 2) for c in columns)
    return (
        "<table>"
        "<tr>" + _td("行政复议", 5) + _td("行政诉讼", 10) + "</tr>"
        "<tr>" + heads + _td("未经复议直接起诉", 5) + _td("复议后起诉", 5) + "</tr>"
        "<tr>" + "".join(_td(c.label) for c in columns) * 2 + "</tr>"
        "<tr>" + "".join(_td(t) for key in ("review", "direct", "after_review") for t in T4[key]) + "</tr>"
        "</table>"
    )


def blocks(padded: bool = True) -> list[tuple[str, str]]:
    """The report in reading order: (kind, text or table HTML)."""
    out = [("p", c) for c in CHROME] + [("title", TITLE), ("p", LEAD)] + NARRATIVE_1 + [("h", STATISTICS)]
    tables = {"二": _table_2(), "三": _table_3(padded), "四": _table_4()}
    for number, heading in TABLE_HEADINGS.items():
        out += [("h", heading), ("table", tables[number])]
    out += [("p", text) for text in PART_5]
    return out


# Printed reports: 仿宋-like body, tables with borders.
CSS = (
    "body{font-family:'Noto Serif CJK SC',serif;font-size:12pt}p{text-indent:2em;margin:0;line-height:1.8}"
    "h1{font-size:16pt;text-align:center}h2{font-size:12pt;margin:8pt 0 4pt 0}"
    "table{border-collapse:collapse;margin:6pt 0;width:100%}td{border:1px solid #000;padding:2pt 3pt;font-size:9pt}"
    "table.frame td{font-size:12pt;padding:4pt 6pt;line-height:1.8}"
)


def html(padded: bool = True, framed: bool = False, touching: bool = False) -> str:
    """The report as a web page. `framed` lays the narrative out in a one-column bordered table, one
    paragraph a row, as some sites and Word files do (a PDF of it has text pages that look like tables);
    `touching` leaves no gap between that frame and the tables of figures (a PDF's table finder then
    returns the text and the figures as one table)."""
    body: list[str] = []
    frame: list[str] = []

    def flush() -> None:
        if frame:
            body.append('<table class="frame">' + "".join(f"<tr><td>{f}</td></tr>" for f in frame) + "</table>")
            frame.clear()

    for kind, text in blocks(padded):
        if kind == "table":
            flush()
            body.append(text)
            continue
        tag = {"title": "h1", "h": "h2", "p": "p"}[kind]
        element = f"<{tag}>{escape(text)}</{tag}>"
        if framed and kind != "title":
            frame.append(element)
        else:
            flush()
            body.append(element)
    flush()
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(TITLE)}</title><style>{CSS}{'table{margin:0}' if touching else ''}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


# --- text copy ---------------------------------------------------------------


def text() -> str:
    """The report copied out as text: one paragraph a line, table cells separated by tabs."""
    lines: list[str] = [*CHROME, TITLE, LEAD, *(t for _, t in NARRATIVE_1), STATISTICS]
    for number, heading in TABLE_HEADINGS.items():
        lines.append(heading)
        if number == "二":
            for grid in TABLE_2.grids:
                lines.append(grid.caption)
                lines.append("\t".join(["信息内容", *(c.label for c in grid.columns)]))
                lines += ["\t".join([r.label, *T2[r.key]]) for r in grid.rows]
        elif number == "三":
            columns = TABLE_3.grids[0].columns
            lines.append(TABLE_3.note + "\t\t\t申请人情况")
            lines.append("\t\t\t" + "\t".join(c.label for c in columns))
            for row in TABLE_3.rows:
                labels = [*row.groups, row.label] if len(row.groups) == 2 else [row.label]
                lines.append("\t".join(labels + list(T3[row.key])))
        else:
            columns = TABLE_4.grids[0].columns
            lines.append("行政复议\t\t\t\t\t行政诉讼")
            labels = [c.label for c in columns]
            lines.append("\t".join([*labels, "未经复议直接起诉", "", "", "", "", "复议后起诉"]))
            lines.append("\t" * 5 + "\t".join(labels * 2))
            lines.append("\t".join(t for key in ("review", "direct", "after_review") for t in T4[key]))
    lines += PART_5
    return "\n".join(lines) + "\n"
