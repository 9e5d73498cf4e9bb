"""How a preview shows a draft that does not pass yet: its findings in place.

A draft is work in progress: the preview (``mkdocs serve``, ``make preview``,
the pull request's site-preview) renders it whatever its errors, with a banner
counting them, the findings listed at the top (each with the place to fix it)
and the offending cells of its tables marked. The public site never holds a
draft (prepare.py leaves them out), so none of this reaches it.

Also the page ``mkdocs serve`` shows instead of the site when an error outside
the drafts (a published report, the registry, the lock …) stops every build:
the server keeps running and shows the site again once the file is fixed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from macros.check.acknowledge import Acknowledged, describe
from macros.check.catalogue import BLANK, CATALOGUE
from macros.check.findings import Finding, summarize
from macros.check.load import Report
from macros.check.output import ACKNOWLEDGED_TITLE
from macros.format.national import TABLES, Cell

# The address of the project's files on the Git host, for links to a finding's line,
# e.g. https://github.com/<owner>/<repo>/blob/<commit> (the pull-request workflow sets it).
REPO_URL_ENV = "NIANBAO_REPO_URL"
FINDING_ID = "nb-finding-{}"


def repo_url() -> str | None:
    url = os.environ.get(REPO_URL_ENV, "").strip().rstrip("/")
    return url if url.startswith(("https://", "http://")) else None


def _text(value: str) -> str:
    """Escaped for HTML, and braces too: the page is a template of the macros."""
    return escape(value).replace("{", "&#123;").replace("}", "&#125;")


def ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then advisories; each by file and line: the order of the list and its ids."""
    return sorted(findings, key=lambda f: (f.advisory, f.file, f.line))


def place(finding: Finding, url: str | None) -> str:
    """Where to fix it: a link to the line on the Git host if known, else the path and line, as HTML."""
    return _line_link(finding.file, finding.line, finding.place, url)


def _line_link(file: str, line: int, spot: str, url: str | None) -> str:
    where = f"{file}:{spot or line}"
    if url and not spot:
        return f'<a href="{escape(url)}/{escape(file)}#L{line}"><code>{_text(where)}</code></a>'
    return f"<code>{_text(where)}</code>"


def _rule_title(rule_id: str) -> str:
    rule = CATALOGUE.get(rule_id)
    return f"[{rule_id}] {rule.title}" if rule else f"[{rule_id}]"


def render_acknowledged(acknowledged: Sequence[Acknowledged], url: str | None) -> str:
    """The advisories the editor marked as reviewed, each with its reason: they no longer count, the reviewer judges."""
    if not acknowledged:
        return ""
    items = "".join(
        f'<li class="nb-acknowledged">{_line_link(a.by.file, a.by.line, "", url)} '
        f'<span class="nb-rule" title="{_text(_rule_title(a.by.rule))}">'
        f"[{_text(a.by.rule)}]</span> {_text(describe(a))}</li>"
        for a in acknowledged
    )
    return (
        f'<p class="nb-acknowledged-title">{ACKNOWLEDGED_TITLE}（{len(acknowledged)} 条，不计入上面的提示；'
        f'审核人请确认理由）</p><ul class="nb-acknowledged-list">{items}</ul>'
    )


def render_findings(findings: list[Finding], url: str | None = None, acknowledged: Sequence[Acknowledged] = ()) -> str:
    """The draft's findings at the top of its page: a count, then each in plain Chinese with its place.

    Below them, the advisories marked as reviewed (已核对) with their reasons.
    """
    findings = ordered(findings)
    errors = sum(1 for f in findings if not f.advisory)
    if errors:
        head = f"本草稿还有 {errors} 个错误，改正之前不能发布"
    else:
        head = "本草稿已通过检查，可以发布"
    items = "".join(
        f'<li id="{FINDING_ID.format(i)}" class="nb-finding{" nb-advisory" if f.advisory else ""}">'
        f"{place(f, url)} "
        f'<span class="nb-rule" title="{_text(_rule_title(f.rule))}">{"提示" if f.advisory else "错误"}：</span>'
        f"{_text(f.message)} <small>（规则 {_text(f.rule)}）</small></li>"
        for i, f in enumerate(findings, start=1)
    )
    listing = f'<ol class="nb-findings">{items}</ol>' if findings else ""
    return (
        f'<div class="nb-draft-findings admonition {"failure" if errors else "success"}" role="status">'
        f'<p class="admonition-title">{_text(head)}（{_text(summarize(findings))[:-1]}）</p>'
        f"{listing}{render_acknowledged(acknowledged, url)}</div>"
    )


@dataclass(frozen=True)
class Flag:
    """What a table cell shows of the findings that concern it."""

    numbers: tuple[int, ...]  # the findings' numbers in the list at the top
    rules: tuple[str, ...]
    titles: tuple[str, ...]
    blank: bool


def cell_flags(report: Report, findings: list[Finding]) -> dict[Cell, Flag]:
    """The cells each error of the data file points at: on the line of a cell or its row.

    An error naming one cell (as the value checks do) marks that cell; any other
    marks every cell of its row. A cell without a value is marked even without one.
    """
    numbered = [(i, f) for i, f in enumerate(ordered(findings), start=1) if f.file == report.path and not f.advisory]
    flags: dict[Cell, Flag] = {}
    for table in TABLES:
        for row in table.rows:
            cells = [Cell(table.key, row.key, c.key) for c in table.grid_of(row.key).columns]
            lines = {report.lines[c] for c in cells if c in report.lines}
            if (table.key, row.key) in report.row_lines:
                lines.add(report.row_lines[(table.key, row.key)])
            mine: dict[Cell, list[tuple[int, Finding]]] = {c: [] for c in cells}
            for i, finding in numbered:
                if finding.line in lines:
                    named = [c for c in cells if c.label() in finding.message]
                    for cell in named or cells:
                        mine[cell].append((i, finding))
            for cell, found in mine.items():
                if found or cell not in report.values:
                    flags[cell] = Flag(
                        tuple(i for i, _ in found),
                        tuple(dict.fromkeys(f.rule for _, f in found)),
                        tuple(f"[{f.rule}] {f.message}" for _, f in found),
                        blank=cell not in report.values and all(f.rule == BLANK.id for _, f in found),
                    )
    return flags


def render_broken_site(findings: list[Finding], reason: str) -> str:
    """The only page `mkdocs serve` shows while an error outside the drafts stops the build."""
    items = "".join(
        f"<li>{place(f, None)} {_text(f.message)} <small>（规则 {_text(f.rule)}）</small></li>" for f in findings
    )
    return (
        "---\ntitle: 数据检查未通过\nsearch:\n  exclude: true\n---\n\n# 数据检查未通过\n\n"
        '<div class="admonition failure" role="alert">'
        f'<p class="admonition-title">{_text(reason)}</p>'
        "<p>预览服务仍在运行：改正下列问题并保存后，页面会自动重新加载。</p>"
        f'<ol class="nb-findings">{items}</ol></div>\n'
    )
