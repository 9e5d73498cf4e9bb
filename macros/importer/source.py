"""What every reader turns its input into: paragraphs and table rows in reading order.

Each item keeps its location in the source file, so that anything the importer
cannot place is reported where the editor can find it (seed.txt:75,
report.docx:表3 第24行, report.pdf:第2页).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from macros.check.findings import Finding, Rule


@dataclass(frozen=True)
class Location:
    file: str  # the source's file name, as the editor knows it
    line: int = 0  # line in a text or HTML file; 0 where the format has no lines
    place: str = ""  # 表3 第24行, 第2页 … where there are no lines

    def finding(self, rule: Rule, message: str) -> Finding:
        return rule.finding(self.file, self.line, message, self.place)

    def __str__(self) -> str:
        return f"{self.file}:{self.place or self.line}"


@dataclass(frozen=True)
class Paragraph:
    markdown: str  # the paragraph as Markdown (bold kept as **…**)
    plain: str  # the same text without markup: for recognising headings
    location: Location
    heading: bool = False  # the source marks it as a heading (h2, Word heading style)


@dataclass(frozen=True)
class TableRow:
    # Cell texts left to right; None where a merged cell continues (it holds no value).
    cells: tuple[str | None, ...]
    location: Location
    # True where cell positions are exact (a real table); False for text copied
    # with tabs, where empty cells may be padding from merged cells.
    exact: bool = True


@dataclass
class Source:
    name: str
    items: list[Paragraph | TableRow] = field(default_factory=list)
    # Reasons the whole file cannot be imported (scanned PDF, unreadable file…).
    refusals: list[Finding] = field(default_factory=list)
