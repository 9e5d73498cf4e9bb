"""Importing the reports organs already have: text, web page, Word and PDF.

Each reader (text, html, docx, pdf) turns its file into the same list of
paragraphs and table rows with their locations (``source``); ``tables`` places
the rows on the format and ``narrative`` makes Markdown of the parts. The result
is written through the same writers as every other report (``datafile``, and
the page writer of ``scaffold``), and the project check then runs on it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from macros.authoring.datafile import data_header, dump_report
from macros.authoring.scaffold import render_page
from macros.check.findings import Finding
from macros.check.load import Organ
from macros.format.national import (
    ORGAN_SLUG_PATTERN,
    PARTS,
    TABLES_BY_NUMBER,
    TITLE_SUFFIX,
    YEAR_PATTERN,
    Cell,
    report_title,
)
from macros.format.numbers import Number
from macros.importer.rules import (
    IMPORT_LEAD,
    IMPORT_MISSING_PART,
    IMPORT_MISSING_TABLE,
    IMPORT_ORGAN,
    IMPORT_TITLE,
    IMPORT_UNREADABLE,
    IMPORT_YEAR,
)

from .labels import normalise
from .narrative import Narrative, split_narrative
from .source import Location, Paragraph, Source, TableRow
from .tables import place_rows

_NARRATIVE_PARTS = tuple(n for n, _ in PARTS if n not in TABLES_BY_NUMBER)
_YEAR = re.compile(f"({YEAR_PATTERN})" + r"\s*年")


def _read_text(name: str, data: bytes) -> Source:
    from .text import read_text

    return read_text(name, data)


def _read_markdown(name: str, data: bytes) -> Source:
    from .text import read_text

    return read_text(name, data, markdown=True)


def _read_html(name: str, data: bytes) -> Source:
    from .html import read_html

    return read_html(name, data)


def _read_docx(name: str, data: bytes) -> Source:
    from .docx import read_docx

    return read_docx(name, data)


def _read_pdf(name: str, data: bytes) -> Source:
    from .pdf import read_pdf

    return read_pdf(name, data)


# Readers by file suffix; the heavy libraries load only for their own kind of file.
READERS: dict[str, Callable[[str, bytes], Source]] = {
    ".txt": _read_text,
    ".text": _read_text,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}


@dataclass
class Imported:
    values: dict[Cell, Number] = field(default_factory=dict)
    narrative: Narrative = field(default_factory=Narrative)
    findings: list[Finding] = field(default_factory=list)
    refused: bool = False  # nothing may be written: the file cannot be imported at all
    data_text: str = ""
    page_text: str = ""


def read_source(name: str, data: bytes) -> Source:
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        source = Source(name)
        hint = "旧版 .doc 请先另存为 .docx；" if suffix in (".doc", ".wps") else ""
        source.refusals.append(
            Location(name, 0, "全文").finding(
                IMPORT_UNREADABLE,
                f"无法导入「{suffix or '无扩展名'}」文件；{hint}可导入的文件类型：{'、'.join(READERS)}。",
            )
        )
        return source
    try:
        return reader(name, data)
    except Exception as exc:  # noqa: BLE001 - any file that breaks a reader is refused, never a traceback
        source = Source(name)
        source.refusals.append(
            Location(name, 0, "全文").finding(
                IMPORT_UNREADABLE,
                f"文件已损坏、已加密或不是它的扩展名所说的类型（{type(exc).__name__}），无法读取；"
                "请用原程序打开并重新保存后再导入。",
            )
        )
        return source


def _named_organ(title: str) -> str:
    """The organ a report title names, normalised: the title without its year and the format's suffix."""
    key = normalise(title)
    suffix = normalise(TITLE_SUFFIX).removeprefix("年")
    return key.removesuffix(suffix).replace("〇年", "").strip()


def _check_title(
    narrative: Narrative, organ: Organ, year: int, organs: Mapping[str, Organ] | None = None
) -> list[Finding]:
    location = narrative.title_location
    if location is None:
        return []
    title = unicodedata.normalize("NFKC", narrative.title)
    findings = []
    years = {int(y) for y in _YEAR.findall(title)}
    if years and year not in years:
        findings.append(
            location.finding(
                IMPORT_YEAR,
                f"原文标题「{narrative.title}」是 {'、'.join(map(str, sorted(years)))} 年的报告，"
                f"与导入的年份 {year} 不符；请核对 --year。",
            )
        )
    named = _named_organ(title)
    ours = {normalise(organ.name), normalise(organ.short)}
    if named in ours:
        return findings
    # Another registered organ named by the title, or whose name is in it (a parent's
    # name is part of every child's, so there only its exact name counts), longest first.
    others = sorted(
        (
            (len(key), other)
            for other in (organs or {}).values()
            if other.slug != organ.slug
            for key in {normalise(other.name), normalise(other.short)}
            if key == named or (key and key in named and not any(key in own for own in ours))
        ),
        key=lambda pair: -pair[0],
    )
    if others:
        other = others[0][1]
        findings.append(
            location.finding(
                IMPORT_ORGAN,
                f"原文标题「{narrative.title}」是{other.name}（{other.slug}）的报告，"
                f"不是{organ.name}（{organ.slug}）的；请核对 --organ。",
            )
        )
    elif any(named.startswith(own) for own in ours):
        # 曲靖市沾益区人民政府西平街道办事处 starts with 曲靖市沾益区人民政府: a
        # longer name is another organ (often a subordinate one), not this one.
        findings.append(
            location.finding(
                IMPORT_ORGAN,
                f"原文标题「{narrative.title}」中的机关名称比「{organ.name}」长，是另一个机关（如下属单位）的报告；"
                "请核对 --organ；该机关不在名录中时，请先在 data/organs.yaml 中登记。",
            )
        )
    else:
        findings.append(
            location.finding(
                IMPORT_TITLE,
                f"原文标题「{narrative.title}」与机关全称「{organ.name}」的标题"
                f"「{report_title(organ.name, year)}」不符；请核对 --organ。",
            )
        )
    return findings


def import_source(source: Source, organ: Organ, year: int, organs: Mapping[str, Organ] | None = None) -> Imported:
    """Values, page and findings of one source file for `organ`'s report of `year`.

    `organs` (the registry) lets a title naming another registered organ be refused.
    """
    result = Imported(findings=list(source.refusals))
    if source.refusals:
        result.refused = True
        return result
    paragraphs = [item for item in source.items if isinstance(item, Paragraph)]
    rows = [item for item in source.items if isinstance(item, TableRow)]
    result.narrative = narrative = split_narrative(paragraphs)
    placed = place_rows(source.name, rows, narrative.headings)
    if placed.refusals:
        result.findings = placed.refusals[:1]
        result.refused = True
        return result
    missing_tables = [f for f in placed.findings if f.rule == IMPORT_MISSING_TABLE.id]
    if len(missing_tables) == len(TABLES_BY_NUMBER):
        # Not one row of the three tables: not a report (or not one the importer can read); nothing is written.
        result.findings = missing_tables
        result.refused = True
        return result
    result.values = placed.values
    for number, notes in placed.notes.items():
        narrative.add_notes(number, notes)
    title_findings = _check_title(narrative, organ, year, organs)
    if any(not f.advisory for f in title_findings):
        # Written under the wrong year or organ, a report would pass for another's: nothing is written.
        result.findings = [f for f in title_findings if not f.advisory]
        result.refused = True
        return result
    result.findings += title_findings
    for number, title in PARTS:
        if number in _NARRATIVE_PARTS and number not in narrative.headings:
            result.findings.append(
                Location(source.name, 0, "全文").finding(
                    IMPORT_MISSING_PART,
                    f"原文中找不到第{number}部分的标题「{number}、{title}」；页面中这一部分只有填写提示，"
                    "原文中它的正文（如有）已并入前一部分，请核对并移到该标题下。",
                )
            )
    if narrative.lead and narrative.lead_location is not None:
        result.findings.append(
            narrative.lead_location.finding(
                IMPORT_LEAD,
                "第一部分之前有不属于标题的文字，已原样放在页面开头（报告常以此说明依据和统计期限）；"
                "如果是网站栏目、导航等，请从页面中删去。",
            )
        )
    result.findings += placed.findings
    bodies = {number: narrative.body(number) for number, _ in PARTS}
    result.page_text = render_page(organ, year, bodies, "\n\n".join(narrative.lead))
    result.data_text = dump_report(result.values, header=data_header(organ.name, year, source.name))
    return result


# A file named by the project's convention: <organ code>-<year>.<suffix> (qingwu-2024.docx).
_FILE_NAME = re.compile(f"^({ORGAN_SLUG_PATTERN})-({YEAR_PATTERN})$")


@dataclass(frozen=True)
class Identified:
    organ: Organ | None
    year: int | None
    how: str  # 文件名 / 标题: where organ and year were read, for the summary


def identify(path: Path, source: Source, organs: Mapping[str, Organ]) -> Identified:
    """The organ and year of a file: from its name (organ-year.ext), else from its title."""
    named = _FILE_NAME.match(path.stem)
    if named and named.group(1) in organs:
        return Identified(organs[named.group(1)], int(named.group(2)), "文件名")
    paragraphs = [item for item in source.items if isinstance(item, Paragraph)]
    narrative = split_narrative(paragraphs)
    if narrative.title_location is None:
        return Identified(None, int(named.group(2)) if named else None, "")
    title = unicodedata.normalize("NFKC", narrative.title)
    years = {int(y) for y in _YEAR.findall(title)}
    organ_key = _named_organ(title)
    matches = [o for o in organs.values() if organ_key in {normalise(o.name), normalise(o.short)}]
    return Identified(matches[0] if len(matches) == 1 else None, years.pop() if len(years) == 1 else None, "标题")


def title_organ_name(source: Source) -> str:
    """The organ a file's title names (for registering it), or ""."""
    narrative = split_narrative([item for item in source.items if isinstance(item, Paragraph)])
    if narrative.title_location is None:
        return ""
    title = unicodedata.normalize("NFKC", narrative.title).strip()
    return re.split(YEAR_PATTERN, title, maxsplit=1)[0].strip() if re.search(YEAR_PATTERN, title) else ""


def import_file(path: Path, organ: Organ, year: int, organs: Mapping[str, Organ] | None = None) -> Imported:
    return import_source(read_source(path.name, path.read_bytes()), organ, year, organs)
