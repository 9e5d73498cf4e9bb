"""Checks of a report's Markdown page: its six parts, its tables, its narrative."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from macros.check.catalogue import (
    NARRATIVE_CONTRADICTION,
    OUTDATED_CITATION,
    PAGE_PARTS,
    PAGE_TABLE,
    PART6_FEE,
    PART_BLANK,
    PART_VARIANT,
    STRAY_LATIN,
)
from macros.check.findings import Finding
from macros.check.load import Report
from macros.check.prose import states_fee
from macros.format.national import PART_VARIANTS, PARTS, T3_NEW, T3_TOTAL_COLUMN, TABLE_3, TABLES_BY_NUMBER

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PART = re.compile(r"^([一二三四五六])、\s*(.+)$")
# How a page embeds a table: {{ table("二") }}.
_TABLE_CALL = re.compile(r"""\{\{\s*table\(\s*["']([二三四])["']\s*\)\s*\}\}""")
_NO_REQUESTS = re.compile(r"未(?:接到|收到|受理)[^。；\n]{0,12}政府信息公开申请")
# Editors' hints ({# … #}, as written by `new`) and HTML comments are not prose.
_COMMENT = re.compile(r"\{#.*?#\}|<!--.*?-->", re.DOTALL)
# A lower-case Latin word between Chinese characters: left over from editing
# (the seed has “程序 and 责任人”); acronyms such as APP are upper case.
_STRAY_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])\s*([a-z]{2,})\s*(?=[\u4e00-\u9fff])")
_OLD_FORMAT = re.compile(r"[〔\[［(（]\s*2019\s*[〕\]］)）]\s*60\s*号")


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    line: int  # line of the heading, 1-based
    body: str


@lru_cache(maxsize=4)
def split_parts(text: str) -> tuple[Section, ...]:
    """The page's numbered parts (一、… to 六、…), in the order written.

    Lines inside fenced code blocks are not headings. Kept for the last few
    pages: the page checks, the narrative and the next year's copied-part
    check all split the same page.
    """
    sections: list[Section] = []
    body: list[str] = []
    fenced = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        heading = None if fenced else _HEADING.match(raw)
        part = _PART.match(heading.group(2)) if heading else None
        if part:
            if sections:
                sections[-1] = Section(**{**sections[-1].__dict__, "body": "\n".join(body)})
            sections.append(Section(part.group(1), part.group(2).strip(), number, ""))
            body = []
        else:
            body.append(raw)
    if sections:
        sections[-1] = Section(**{**sections[-1].__dict__, "body": "\n".join(body)})
    return tuple(sections)


def prose(body: str) -> str:
    """What a reader would read of a part's body: no comments, no headings, no blank lines."""
    lines = _COMMENT.sub("", body).splitlines()
    return "\n".join(line for line in lines if line.strip() and not _HEADING.match(line))


def check_page(path: str, text: str, report: Report | None) -> Iterator[Finding]:
    sections = split_parts(text)
    by_number = {s.number: s for s in sections}
    expected = [n for n, _ in PARTS]
    written = [s.number for s in sections]
    for number, title in PARTS:
        section = by_number.get(number)
        if section is None:
            yield PAGE_PARTS.finding(path, 1, f"缺少第{number}部分「{number}、{title}」（应为一个标题）。")
        elif section.title != title:
            if section.title in PART_VARIANTS.get(number, ()):
                yield PART_VARIANT.finding(
                    path,
                    section.line,
                    f"第{number}部分标题「{section.title}」是常见变体，格式规定为「{number}、{title}」。",
                )
            else:
                yield PAGE_PARTS.finding(
                    path,
                    section.line,
                    f"第{number}部分标题应为「{number}、{title}」，实为「{number}、{section.title}」。",
                )
    if written != sorted(set(written), key=expected.index):  # catches repeats too
        yield PAGE_PARTS.finding(
            path,
            sections[0].line if sections else 1,
            f"六个部分应按一至六的顺序各出现一次，实为：{'、'.join(written) or '无'}。",
        )
    for number, table in TABLES_BY_NUMBER.items():
        section = by_number.get(number)
        if section is None:
            continue
        if number not in _TABLE_CALL.findall(section.body):
            yield PAGE_TABLE.finding(
                path, section.line, f'第{number}部分应插入{table.name}：在标题下写 {{{{ table("{number}") }}}}。'
            )
    for section in sections:
        if section.number not in TABLES_BY_NUMBER and not prose(section.body):
            yield PART_BLANK.finding(
                path,
                section.line,
                f"第{section.number}部分「{section.title}」未填写正文；填写提示不算正文，请写入本机关的实际情况。",
            )
    yield from _check_placeholders(path, text, sections)
    yield from _check_narrative(path, text, sections, report)


# Text left to be replaced: not prose, whatever else the part says (「待填写」, 「XX 街道」, 「××」).
_PLACEHOLDER = re.compile(r"待填写|待补充|此处填写|在此填写|(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])|[×╳]{2,}")


def _check_placeholders(path: str, text: str, sections: tuple[Section, ...]) -> Iterator[Finding]:
    """Placeholder text in the parts, outside comments and code: the report is not written yet."""
    if not sections:
        return
    # Comments blanked out, their lines kept, so that line numbers stay true.
    visible = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text).splitlines()
    fenced = False
    for number, raw in enumerate(visible, start=1):
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if number < sections[0].line or fenced:
            continue
        if match := _PLACEHOLDER.search(raw):
            part = next(s for s in reversed(sections) if s.line <= number)
            yield PART_BLANK.finding(
                path,
                number,
                f"第{part.number}部分「{part.title}」中有占位文字「{match.group(0)}」；"
                "这不是正文，请改为本机关的实际情况。",
            )


def _check_narrative(path: str, text: str, sections: tuple[Section, ...], report: Report | None) -> Iterator[Finding]:
    received = report.value(TABLE_3.key, T3_NEW, T3_TOTAL_COLUMN) if report else None
    lines = text.splitlines()
    if received:
        for number, raw in enumerate(lines, start=1):
            if _NO_REQUESTS.search(raw):
                yield NARRATIVE_CONTRADICTION.finding(
                    path,
                    number,
                    f"正文称未接到政府信息公开申请，但表三「一、本年新收政府信息公开申请数量」总计为 {received}。",
                )
    part6 = next((s for s in sections if s.number == "六"), None)
    if part6 is not None and prose(part6.body) and not states_fee(prose(part6.body)):
        yield PART6_FEE.finding(
            path, part6.line, "第六部分应说明信息处理费的收取情况（国办函〔2020〕109号），即使未收取也应写明。"
        )
    fenced = False
    for number, raw in enumerate(lines, start=1):
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        for word in [] if fenced else _STRAY_LATIN.findall(raw):
            yield STRAY_LATIN.finding(
                path,
                number,
                f"中文句子中夹有英文单词「{word}」，可能是编辑时遗留的；请核对后改正（改正已发布的报告需登记更正）。",
            )
        if _OLD_FORMAT.search(raw):
            yield OUTDATED_CITATION.finding(
                path, number, "引用了已被替代的〔2019〕60号格式；2021 年起应为国办公开办函〔2021〕30号。"
            )
