"""The narrative of a report: its title, and the Markdown of each of the six parts.

Wording is kept exactly as in the source (stray words and a paragraph broken
mid-sentence included): the importer moves text, it never edits it. Only the
layout becomes Markdown: a sub-head such as （一）主动公开 becomes a ``###``
heading, each paragraph stays a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from macros.format.national import PART_VARIANTS, PARTS, TABLES_BY_NUMBER

from .labels import HEADERS, is_report_title, normalise, part_heading
from .markdown import bold, escape
from .source import Location, Paragraph

# （一）主动公开, (二) 改进情况: short, and not a sentence.
_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*[^。；;，,]{1,30}$")
# Jinja in the page would be run by mkdocs-macros: text that looks like it is
# printed literally instead.
_JINJA = re.compile(r"\{[{%#]|[}%#]\}")
# A part heading run into its paragraph: at the start of the line (四、存在的主要问题及改进情况：2024年…)
# or after a sentence (…工作水平。五、其他需要报告的事项：本年度…), followed by a colon or a space.
_TITLES = sorted({t for _, t in PARTS} | {v for vs in PART_VARIANTS.values() for v in vs}, key=len, reverse=True)
_RUN_IN = re.compile(
    r"(?:^|(?<=[。；！？]))[ \u3000]*"
    r"(?P<heading>(?:第[一二三四五六七八九十]{1,2}部分|[一二三四五六七八九十]{1,2}[、.．])[ \u3000]*"
    f"(?:{'|'.join(map(re.escape, _TITLES))}))"
    r"(?:[ \u3000]*[：:][ \u3000]*|[ \u3000]+)(?=\S)"
)
# A heading numbered like a part (二、工作机制建设) that is not one of the format's parts.
_OWN_PART = re.compile(r"^[一二三四五六七八九十]{1,2}、\s*[^。；;，,]{1,30}$")
# Web-site chrome before the title: the breadcrumb (当前位置：首页 > …) is not the title it may end in.
_CHROME = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置)|[>＞›»]")


@dataclass
class Narrative:
    title: str = ""
    title_location: Location | None = None
    lead: list[str] = field(default_factory=list)
    lead_location: Location | None = None  # where the text before part 一 starts
    parts: dict[str, list[str]] = field(default_factory=dict)
    headings: dict[str, Location] = field(default_factory=dict)

    def body(self, number: str) -> str:
        return "\n\n".join(self.parts.get(number, []))

    def add_notes(self, number: str, notes: list[str]) -> None:
        """Notes read beside a table's numbers, as text of its part (above the table)."""
        self.parts.setdefault(number, []).extend(_guard(escape(note)) for note in notes)


def _guard(markdown: str) -> str:
    return _JINJA.sub(lambda m: "{{ '" + m.group(0) + "' }}", markdown)


def _markdown_offsets(markdown: str, plain: str) -> list[tuple[int, bool]] | None:
    """For each character of `plain`, where it starts in `markdown` and whether it is bold there;
    None where the two do not spell the same text (then the pieces are rebuilt from the plain text)."""
    out: list[tuple[int, bool]] = []
    i, strong = 0, False
    entities = {"&amp;": "&", "&lt;": "<"}
    while i < len(markdown):
        if markdown.startswith("**", i):
            strong, i = not strong, i + 2
            continue
        start = i
        entity = next((e for e in entities if markdown.startswith(e, i)), None)
        if entity:
            char, i = entities[entity], i + len(entity)
        elif markdown[i] == "\\" and i + 1 < len(markdown):
            char, i = markdown[i + 1], i + 2
        else:
            char, i = markdown[i], i + 1
        out.append((start, strong))
        if len(out) > len(plain) or plain[len(out) - 1] != char:
            return None
    return out if len(out) == len(plain) else None


def _piece(paragraph: Paragraph, offsets: list[tuple[int, bool]] | None, start: int, end: int) -> Paragraph:
    plain = paragraph.plain[start:end]
    if offsets is None:
        return Paragraph(escape(plain), plain, paragraph.location)
    md_start = offsets[start][0] if start < len(offsets) else len(paragraph.markdown)
    md_end = offsets[end][0] if end < len(offsets) else len(paragraph.markdown)
    markdown = paragraph.markdown[md_start:md_end]
    if start < len(offsets) and offsets[start][1] and not markdown.startswith("**"):
        markdown = "**" + markdown  # the piece starts inside a bold run
    if markdown.count("**") % 2:
        markdown += "**"
    return Paragraph(markdown.replace("****", "").strip(), plain.strip(), paragraph.location)


def split_run_in(paragraph: Paragraph) -> list[Paragraph]:
    """A paragraph with part headings run into it, as the heading(s) and the text around them."""
    plain = paragraph.plain
    matches = [m for m in _RUN_IN.finditer(plain) if part_heading(m.group("heading"))]
    if not matches:
        return [paragraph]
    offsets = _markdown_offsets(paragraph.markdown, plain)
    out: list[Paragraph] = []
    position = 0
    for match in matches:
        if plain[position : match.start()].strip():
            out.append(_piece(paragraph, offsets, position, match.start()))
        heading = match.group("heading")
        out.append(Paragraph(escape(heading), heading, paragraph.location, heading=True))
        position = match.end()
    out.append(_piece(paragraph, offsets, position, len(plain)))
    return out


_ORDER = {number: i for i, (number, _) in enumerate(PARTS)}


def in_order(number: str, text: str, current: str | None) -> bool:
    """Whether the heading `text` of part `number` starts that part, read after part `current`.

    A report may number its parts its own way, but the parts come in the format's order: a
    part's title under another number after that part (三、主动公开政府信息情况 in part 五) is
    text naming the part, not its heading. With the format's own number it is a heading.
    """
    if current is None or _ORDER[number] > _ORDER[current]:
        return True
    return normalise(text).startswith((f"{number}、", f"第{number}部分"))


def run_in_part(text: str) -> str | None:
    """The part a line ends in when part headings are run into it (None if there are none)."""
    numbers = [part_heading(m.group("heading")) for m in _RUN_IN.finditer(text)]
    return next((n for n in reversed(numbers) if n), None)


def split_narrative(paragraphs: list[Paragraph]) -> Narrative:
    narrative = Narrative()
    part: str | None = None
    for paragraph in (piece for p in paragraphs for piece in split_run_in(p)):
        plain = paragraph.plain.strip()
        number = part_heading(plain)
        if number is not None and not in_order(number, plain, part):
            number = None
        if number is not None:
            part = number
            narrative.headings.setdefault(number, paragraph.location)
            narrative.parts.setdefault(number, [])
            continue
        if part is None and not narrative.title and is_report_title(plain) and not _CHROME.search(plain):
            narrative.title, narrative.title_location = plain, paragraph.location
            continue
        if part in TABLES_BY_NUMBER and normalise(plain) in HEADERS:
            continue  # a table's caption or title printed above it: the table macro prints it
        text = _guard(paragraph.markdown.strip())
        if _OWN_PART.match(plain):
            # The report's own numbering (二、工作机制建设): as a heading the page would take it for
            # a part of the format, so it stays a paragraph, in bold where it is a heading.
            if paragraph.heading and not text.startswith("**"):
                text = bold(text)
        elif paragraph.heading or _SUBHEAD.match(plain):
            # A sub-head printed in bold is a heading, not bold text.
            text = "### " + (text[2:-2].strip() if text.startswith("**") and text.endswith("**") else text)
        if part is None and narrative.lead_location is None:
            narrative.lead_location = paragraph.location
        (narrative.lead if part is None else narrative.parts[part]).append(text)
    return narrative
