"""The narrative of a report: its title, and the Markdown of each of the six parts.

Wording is kept exactly as in the source (stray words and a paragraph broken
mid-sentence included): the importer moves text, it never edits it. Only the
layout becomes Markdown: a sub-head such as （一）主动公开 becomes a ``###``
heading, each paragraph stays a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from macros.format.national import TABLES_BY_NUMBER

from .labels import HEADERS, is_report_title, normalise, part_heading
from .source import Location, Paragraph

# （一）主动公开, (二) 改进情况: short, and not a sentence.
_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*[^。；;，,]{1,30}$")
# Jinja in the page would be run by mkdocs-macros: text that looks like it is
# printed literally instead.
_JINJA = re.compile(r"\{[{%#]|[}%#]\}")


@dataclass
class Narrative:
    title: str = ""
    title_location: Location | None = None
    lead: list[str] = field(default_factory=list)
    parts: dict[str, list[str]] = field(default_factory=dict)
    headings: dict[str, Location] = field(default_factory=dict)

    def body(self, number: str) -> str:
        return "\n\n".join(self.parts.get(number, []))


def _guard(markdown: str) -> str:
    return _JINJA.sub(lambda m: "{{ '" + m.group(0) + "' }}", markdown)


def split_narrative(paragraphs: list[Paragraph]) -> Narrative:
    narrative = Narrative()
    part: str | None = None
    for paragraph in paragraphs:
        plain = paragraph.plain.strip()
        number = part_heading(plain)
        if number is not None:
            part = number
            narrative.headings.setdefault(number, paragraph.location)
            narrative.parts.setdefault(number, [])
            continue
        if part is None and not narrative.title and is_report_title(plain):
            narrative.title, narrative.title_location = plain, paragraph.location
            continue
        if part in TABLES_BY_NUMBER and normalise(plain) in HEADERS:
            continue  # a table's caption or title printed above it: the table macro prints it
        text = _guard(paragraph.markdown.strip())
        if paragraph.heading or _SUBHEAD.match(plain):
            # A sub-head printed in bold is a heading, not bold text.
            text = "### " + (text[2:-2].strip() if text.startswith("**") and text.endswith("**") else text)
        (narrative.lead if part is None else narrative.parts[part]).append(text)
    return narrative
