"""Findings: what every check produces, and how they are printed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is, which rule, what is wrong (in Chinese).

    An advisory is shown to the editor but does not fail the build. `place`
    names a spot in a file that has no lines (e.g. 表3 第24行 of a Word file, 第2页
    of a PDF); when given it is printed instead of the line.
    """

    file: str
    line: int
    rule: str
    message: str
    advisory: bool = False
    place: str = ""

    def __str__(self) -> str:
        tag = "提示：" if self.advisory else ""
        return f"{self.file}:{self.place or self.line}: [{self.rule}] {tag}{self.message}"


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.advisory]


def summarize(findings: list[Finding]) -> str:
    n_err = len(errors(findings))
    return f"{n_err} 个错误，{len(findings) - n_err} 条提示。"
