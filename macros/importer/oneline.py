"""A report whose whole text is one line (a web page copied without its line breaks).

The format itself says where lines were: each part starts with its heading
(一、总体情况 …), each table row with its label, 表四's numbers after its
header. ``lines`` cuts the text there, and nowhere else: in the narrative
parts only at part headings and at sub-headings after a full stop (。（二）…),
so no sentence is cut where it mentions a row label (行政处罚).

Each piece keeps its offset in the original line, so a finding names the
character where the row starts (report.txt:第1行第523字).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from macros.format.national import PART_VARIANTS, PARTS, TABLE_2, TABLE_3, TABLE_4, TITLE_SUFFIX

# A file is read as one line when it has at most this many lines and one of them holds two part headings.
MAX_LINES = 3

_OPEN = {"（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]", "“": '[“"]?', "”": '[”"]?'}


def _flexible(label: str) -> str:
    """A regex for `label` as copies print it: either width of a character, quotes optional, spaces anywhere."""
    parts = []
    for ch in label:
        if ch in _OPEN:
            parts.append(_OPEN[ch])
        elif ch.isspace():
            continue
        else:
            narrow = unicodedata.normalize("NFKC", ch)
            parts.append(
                f"[{re.escape(ch)}{re.escape(narrow)}]" if narrow != ch and len(narrow) == 1 else re.escape(ch)
            )
    return r"\s*".join(parts)


def _alternatives(labels: Iterable[str]) -> re.Pattern[str]:
    # Longest first: 行政规范性文件 before 规章, （六）其他处理 before 3.其他.
    unique = sorted(set(labels), key=len, reverse=True)
    return re.compile("|".join(f"(?:{_flexible(label)})" for label in unique))


_HEADINGS = _alternatives(
    f"{number}、{title}" for number, title in PARTS for title in (title, *PART_VARIANTS.get(number, ()))
)
_PART_OF = {
    re.sub(r"\s", "", f"{number}、{title}"): number
    for number, title in PARTS
    for title in (title, *PART_VARIANTS.get(number, ()))
}
_GROUPS = {g for r in TABLE_3.rows for g in r.groups}
_NOTE = re.compile(r"（[^（）]*）$")
_TABLE_LABELS = {
    "二": _alternatives(
        [r.label for r in TABLE_2.rows] + [g.caption for g in TABLE_2.grids] + ["信息内容"],
    ),
    "三": _alternatives(
        [r.label for r in TABLE_3.rows]
        + [_NOTE.sub("", r.label) for r in TABLE_3.rows]  # （二）部分公开 without its note
        + sorted(_GROUPS)
        + [TABLE_3.note, "申请人情况"]
    ),
}
_T4_WORDS = _alternatives([c.label for c in TABLE_4.grids[0].columns] + [r.label for r in TABLE_4.rows] + ["行政诉讼"])
# A label standing alone (a group, a caption, the note): one cell, spaces and all.
_LABEL_ALONE = _alternatives(sorted(_GROUPS) + [g.caption for g in TABLE_2.grids] + [TABLE_3.note])
_SUBHEADING = re.compile(r"(?<=[。；])\s*(?=[（(][一二三四五六七八九十]+[）)])")
_TITLE_END = re.compile(re.escape(TITLE_SUFFIX))
_DIGITS = re.compile(r"[0-9０-９]")
_RUN = re.compile(r"[0-9０-９\s]+")


def is_one_line(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    return 0 < len(lines) <= MAX_LINES and any(len(_HEADINGS.findall(line)) >= 2 for line in lines)


def lines(text: str) -> list[tuple[str, int, int]]:
    """(piece, line number, offset) of each line the format's structure marks."""
    out: list[tuple[str, int, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for piece, offset in _cut(line):
            if piece.strip():
                out.append((piece, number, offset))
    return out


def _cut(line: str) -> list[tuple[str, int]]:
    headings = [m.start() for m in _HEADINGS.finditer(line)]
    bounds = [0, *headings, len(line)]
    pieces: list[tuple[str, int]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        region = line[start:end]
        heading = _HEADINGS.match(region)
        part = _PART_OF.get(re.sub(r"\s", "", heading.group(0))) if heading else None
        body_start = heading.end() if heading else 0
        if heading:
            pieces.append((region[:body_start], start))
        body = region[body_start:]
        at = start + body_start
        if part in _TABLE_LABELS:
            cuts = [m.start() for m in _TABLE_LABELS[part].finditer(body)]
            pieces += _pieces(body, at, cuts, header="rows" if part == "三" else "cells")
        elif part == "四":
            first = _DIGITS.search(body)
            header, numbers = (body[: first.start()], body[first.start() :]) if first else (body, "")
            words = [m.group(0) for m in _T4_WORDS.finditer(header)]
            pieces.append(("\t".join(re.sub(r"\s", "", w) for w in words), at))
            if first is not None:
                run = _RUN.match(numbers)
                end = run.end() if run else 0
                pieces.append(("\t".join(numbers[:end].split()), at + first.start()))
                if numbers[end:].strip():  # a note after the numbers
                    pieces.append((numbers[end:].strip(), at + first.start() + end))
        else:
            cuts = [m.end() for m in _TITLE_END.finditer(body)] if part is None else []
            cuts += [m.end() for m in _SUBHEADING.finditer(body)]
            pieces += _pieces(body, at, sorted(cuts), header="")
    return pieces


def _pieces(body: str, at: int, cuts: list[int], header: str) -> list[tuple[str, int]]:
    """The pieces between `cuts`; a header's words as cells of one row, or (表三) one row each.

    表三's header has three rows over merged cells: run into one line, its words
    come in no column order (自然人 法人或其他组织 总计 商业企业 …), so they carry
    no positions; one word a row, they only say that the table is 表三, and its
    rows' seven numbers are read in the format's order.
    """
    bounds = sorted({0, *cuts, len(body)})
    out = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = body[start:end].strip()
        if not piece:
            continue
        if header and not _DIGITS.search(piece) and not _LABEL_ALONE.fullmatch(piece):
            if header == "rows":
                out += [(m.group(0), at + start + m.start()) for m in re.finditer(r"\S+", body[start:end])]
                continue
            piece = "\t".join(piece.split())
        out.append((" ".join(piece.split()) if "\t" not in piece else piece, at + start))
    return out
