"""A report page read as prose: sentences with their line and column, paragraphs.

Comments, macros and inline code are masked (blanked with spaces, so columns
stay right); fenced code, front matter and tables are not prose. An editor's
acknowledgement comments (「已核对」) are read by ``acknowledge.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

CJK = "\u4e00-\u9fff"
_MASK = re.compile(r"\{#.*?#\}|<!--.*?-->|\{\{.*?\}\}|\{%.*?%\}|`[^`\n]*`", re.DOTALL)
HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_PART_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+([一二三四五六])、")
_SENTENCE = re.compile(r"[^。！？；]+[。！？；]*")
_CJK_END = re.compile(r"[\u4e00-\u9fff，。、；：！？“”（）]$")
_CJK_START = re.compile(r"[\u4e00-\u9fff，。、；：！？“”（）]")
# Lines that are not running text: tables, admonitions, HTML, block quotes of markup.
_NOT_TEXT = re.compile(r"^\s*(?:\||!!!|\?\?\?|<|---\s*$|\*\*\*\s*$)")
COMMENT_LINE = re.compile(r"^\s*(?:<!--.*-->|\{#.*#\})\s*$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str  # masked: comments and macros blanked, same length as the line
    part: str | None  # 一 … 六, the part the line is in
    heading: bool


@dataclass(frozen=True)
class Sentence:
    line: int
    column: int  # 1-based
    text: str
    part: str | None

    def quoted(self, limit: int = 60) -> str:
        text = self.text.strip()
        return text if len(text) <= limit else text[: limit - 1] + "…"


def _mask(text: str) -> str:
    return _MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


@lru_cache(maxsize=2)
def lines(text: str) -> tuple[Line, ...]:
    """The page's lines of prose and headings (masked), without front matter, fenced code and tables.

    Kept for the last pages: its sentences, its paragraphs and the prose lint all read them.
    """
    raw = text.splitlines()
    masked = _mask(text).splitlines()
    found: list[Line] = []
    start = 0
    if raw and raw[0].strip() == "---":  # front matter
        start = next((i + 1 for i in range(1, len(raw)) if raw[i].strip() == "---"), 0)
    fenced = False
    part: str | None = None
    for index in range(start, len(raw)):
        line = raw[index]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or _NOT_TEXT.match(line):
            continue
        heading = bool(HEADING.match(line))
        if match := _PART_HEADING.match(line):
            part = match.group(1)
        found.append(Line(index + 1, masked[index] if index < len(masked) else "", part, heading))
    return tuple(found)


def sentences(text: str) -> Iterator[Sentence]:
    """Every sentence of running text (not headings), split at 。！？；, with the line and column it starts at.

    A paragraph wrapped over several lines is read as one text (the lines joined
    as a reader sees them), so a sentence may start on one line and end on the next.
    """
    block: list[Line] = []

    def flush() -> Iterator[Sentence]:
        # Where each line's text begins in the joined text: (offset, line number, its first column).
        joined, starts, segments = "", list[int](), list[tuple[int, int]]()
        for line in block:
            stripped = line.text.rstrip()
            # A line break between Chinese characters is no space to the reader; elsewhere it is one.
            if joined and not (_CJK_END.search(joined) and _CJK_START.match(stripped.lstrip())):
                joined += " "
            lead = len(stripped) - len(stripped.lstrip()) if joined else 0
            starts.append(len(joined))
            segments.append((line.number, lead + 1))
            joined += stripped[lead:]
        block.clear()
        for match in _SENTENCE.finditer(joined):
            if match.group(0).strip():
                start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
                at = bisect_right(starts, start) - 1
                number, first = segments[at]
                yield Sentence(number, first + start - starts[at], match.group(0).strip(), lines_by_number[number].part)

    lines_by_number: dict[int, Line] = {}
    previous = 0
    for line in lines(text):
        lines_by_number[line.number] = line
        if line.heading or not line.text.strip() or line.number != previous + 1:
            yield from flush()
        if not line.heading and line.text.strip():
            block.append(line)
        previous = line.number
    yield from flush()


@dataclass(frozen=True)
class Paragraph:
    first: int
    last: int
    text: str  # masked, lines joined


def paragraphs(text: str) -> list[Paragraph]:
    """Blocks of consecutive prose lines (headings and blank lines end a block; a heading is its own block)."""
    found: list[Paragraph] = []
    block: list[Line] = []

    def close() -> None:
        if block:
            found.append(Paragraph(block[0].number, block[-1].number, "\n".join(b.text for b in block)))
            block.clear()

    previous = 0
    for line in lines(text):
        if line.heading or not line.text.strip() or line.number != previous + 1:
            close()
        if line.heading:
            found.append(Paragraph(line.number, line.number, line.text))
        elif line.text.strip():
            block.append(line)
        previous = line.number
    close()
    return found


# Part 六 must state how 信息处理费 was handled (pages.py's part6-fee): the wordings reports use.

_FEE = re.compile(
    r"信息(?:公开)?(?:处理)?费|处理费|收费情况|(?:未|没有|不|无)(?:收取|收)(?:任何)?(?:费用|费)|(?:收取|收)(?:了)?(?:任何)?费用"
)


def states_fee(text: str) -> bool:
    """Whether part 六's prose says how 信息处理费 was handled, in any of the wordings reports use."""
    return bool(_FEE.search(text))
