"""Findings (what every check produces, made through its rule) and refusals (what a command declines)."""

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


@dataclass(frozen=True)
class Rule:
    """A check's stable id, what it protects (in Chinese, for the rules reference) and its level."""

    id: str
    title: str
    advisory: bool = False

    def finding(self, file: str, line: int, message: str, place: str = "") -> Finding:
        return Finding(file, line, self.id, message, advisory=self.advisory, place=place)


# Every rule of the project's checks, in the order the rules reference lists them.
CATALOGUE: dict[str, Rule] = {}


def declare(rule_id: str, title: str, advisory: bool = False, registry: dict[str, Rule] = CATALOGUE) -> Rule:
    if rule_id in registry:
        raise ValueError(f"rule {rule_id} declared twice")
    rule = registry[rule_id] = Rule(rule_id, title, advisory)
    return rule


# How many findings of one rule one file shows; the rest are counted in one more finding.
# More than the format has cells (200), so a new, blank report still lists every blank.
FINDINGS_PER_RULE = 250


def capped(
    findings: list[Finding], limit: int = FINDINGS_PER_RULE, registry: dict[str, Rule] = CATALOGUE
) -> list[Finding]:
    """The first `limit` findings of each rule in each file, then one saying how many more there are.

    A file of a million unknown keys makes a screenful, not a million lines.
    """
    counts: dict[tuple[str, str], int] = {}
    kept: list[Finding] = []
    for finding in findings:
        key = (finding.file, finding.rule)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= limit or finding.rule not in registry:
            kept.append(finding)
    for (file, rule_id), count in counts.items():
        if count > limit and rule_id in registry:
            kept.append(
                registry[rule_id].finding(
                    file, 1, f"还有 {count - limit:,} 处同类问题（[{rule_id}]）未列出；请先改正上面列出的问题。"
                )
            )
    return kept


class Refusal(Exception):
    """A command declines and writes nothing; the message says why, in Chinese, for the editor.

    Every command raises this one type; the CLI prints it and exits with status 1.
    """


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.advisory]


def summarize(findings: list[Finding]) -> str:
    n_err = len(errors(findings))
    return f"{n_err} 个错误，{len(findings) - n_err} 条提示。"
