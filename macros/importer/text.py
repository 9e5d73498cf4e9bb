"""Plain text copied from a report: paragraphs one per line, tables as tab-separated lines."""

from __future__ import annotations

import re

from macros.importer.rules import IMPORT_UNREADABLE

from .labels import HEADERS, ROWS, TRIAL_2019, normalise, part_heading
from .markdown import bold, escape
from .narrative import in_order, run_in_part
from .oneline import is_one_line
from .oneline import lines as one_line
from .source import Location, Paragraph, Source, TableRow
from .tables import is_number

# Where tabs were lost, two or more spaces (or an ideographic space) still
# separate cells; single spaces occur inside labels (结果 维持).
_WIDE_GAP = re.compile(r"(?: {2,}|\u3000+)")
# Numbers at the end of a line, each after a space (or at the start): 规章 0 0 0.
_NUMBER_TAIL = re.compile(r"(?:^|\s)[0-9０-９][0-9０-９,，.．]*(?:\s+[0-9０-９][0-9０-９,，.．]*)*$")
_PROSE_END = ("。", "；", "！", "？")
_TABLE_PARTS = ("二", "三", "四")
# **bold** as a report copied out of an editor marks it: a pair around some text.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def decode(data: bytes) -> str | None:
    """The text of a file: UTF-8 (with or without BOM), else GB18030 as Chinese Windows saves it."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# A Markdown pipe-table row (| a | b |) and the separator under its header (|---|:--:|).
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def _pipe_cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip()[1:-1].replace("\\|", "\x00").split("|"))


def read_text(name: str, data: bytes, markdown: bool = False) -> Source:
    """Lines of text; with `markdown`, # headings lose their marks (the text reader reads pipe tables anyway)."""
    source = Source(name)
    text = decode(data)
    if text is None:
        source.refusals.append(
            Location(name, 1).finding(IMPORT_UNREADABLE, "文件既不是 UTF-8 也不是 GB18030 编码的文本，无法读取。")
        )
        return source
    part = ""
    if is_one_line(text):
        # The whole report on one line: cut where the format's headings and labels start.
        pieces = [(piece, Location(name, n, f"第{n}行第{offset + 1}字")) for piece, n, offset in one_line(text)]
    else:
        pieces = [(raw, Location(name, n)) for n, raw in enumerate(text.splitlines(), start=1)]
    for raw, location in pieces:
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        stripped = line.strip()
        if markdown:
            stripped = _MD_HEADING.sub("", stripped)
        if _PIPE_RULE.match(stripped):
            continue  # the line under a pipe table's header
        named = part_heading(stripped)
        # A part's title out of order names the part in the text; it does not start it.
        heading = named if named and in_order(named, stripped, part or None) else None
        run_in = None if named else run_in_part(stripped)
        if named or run_in:
            # A heading, or a line with one run into it (…水平。五、其他需要报告的事项：…): prose.
            part = heading or run_in or part
            source.items.append(_paragraph(stripped, location))
        elif _PIPE_ROW.match(stripped) and (part in _TABLE_PARTS or _tabular(list(_pipe_cells(stripped)))):
            # A Markdown table: each cell between pipes, blanks in their place.
            piped = tuple(c.replace("\x00", "|") for c in _pipe_cells(stripped))
            source.items.append(TableRow(piped, location, exact=True))
        elif "\t" in stripped and (part in _TABLE_PARTS or _tabular(line.split("\t"))):
            source.items.append(TableRow(tuple(line.split("\t")), location, exact=False))
        elif part in _TABLE_PARTS and _NUMBER_TAIL.search(stripped) and not _WIDE_GAP.search(stripped):
            # Copied from a PDF, cells are often one space apart: a label, then its numbers.
            tail = _NUMBER_TAIL.search(stripped)
            label = stripped[: tail.start()].strip()  # type: ignore[union-attr]
            cells = _split_label(label) + tail.group(0).split()  # type: ignore[union-attr]
            source.items.append(TableRow(tuple(cells), location, exact=False))
        elif part in _TABLE_PARTS and _glued(stripped):
            # Copied from a web page, a row's cells can lose every separator: 一、本年新收…数量120100316.
            source.items.append(TableRow(tuple(_WIDE_GAP.split(stripped)), location, exact=False))
        elif part in _TABLE_PARTS and not _is_prose(line):
            cells = _WIDE_GAP.split(stripped)
            source.items.append(TableRow(tuple(cells), location, exact=False))
        else:
            source.items.append(_paragraph(stripped, location))
    return source


def _paragraph(text: str, location: Location) -> Paragraph:
    """A line as Markdown: **bold** stays bold, everything else is printed literally, as the other readers do."""
    markdown: list[str] = []
    plain: list[str] = []
    end = 0
    for match in _BOLD.finditer(text):
        markdown += [escape(text[end : match.start()]), bold(escape(match.group(1)))]
        plain += [text[end : match.start()], match.group(1)]
        end = match.end()
    markdown.append(escape(text[end:]))
    plain.append(text[end:])
    return Paragraph("".join(markdown), "".join(plain), location)


def _split_label(label: str) -> list[str]:
    """Group labels and the row's own label, where one space separates them (三、本年度办理结果 (一) 予以公开)."""
    words = label.split()
    for start in range(len(words)):
        if normalise(" ".join(words[start:])) in ROWS:
            return ([" ".join(words[:start])] if start else []) + [" ".join(words[start:])]
    return [label] if label else []


_GLUED = re.compile(r"^(.*[^0-9０-９\s])\s*[0-9０-９]+$")


def _glued(text: str) -> bool:
    """A row label with its digits run on, however long the label (the placer splits it)."""
    match = _GLUED.match(text)
    return bool(match) and normalise(match.group(1).split()[-1] if match.group(1).split() else "") in ROWS  # type: ignore[union-attr]


def _tabular(cells: list[str]) -> bool:
    """Outside the table parts, a line with tabs is a table row only if it looks like one."""
    keys = [normalise(c) for c in cells if c.strip()]
    known = any(k in ROWS or k in HEADERS or k in TRIAL_2019 for k in keys)
    return known or sum(is_number(c) for c in cells) >= 2


def _is_prose(line: str) -> bool:
    text = line.strip()
    return text.endswith(_PROSE_END) or (len(text) > 40 and not _WIDE_GAP.search(text))
