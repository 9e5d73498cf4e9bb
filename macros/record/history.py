"""What a report page says about its record: status banners, dates, 更正记录.

``python -m macros prepare`` (site/prepare.py) writes these blocks into every
report page of the tree the site is built from, so editors never write them; the
page for the report as first published is generated from the copy kept by
``python -m macros publish``. Everything here is plain text in, Markdown/HTML
out, escaped, and testable without MkDocs.
"""

from __future__ import annotations

import json
import os
import re
from html import escape

from macros.check.load import Report
from macros.check.paths import ReportKey
from macros.format.national import DRAFT, ORGAN_SLUG_PATTERN, WITHDRAWN, YEAR_PATTERN
from macros.format.numbers import format_number
from macros.record.lock import History
from macros.site.markup import plain

# The switch of the pull-request preview: drafts are built, with a banner.
PREVIEW_ENV = "NIANBAO_PREVIEW"
# Where the report as first published is shown, next to the report's own page.
FIRST_PUBLISHED = "first-published"
_FIRST_URI = re.compile(f"({ORGAN_SLUG_PATTERN})/({YEAR_PATTERN})/" + FIRST_PUBLISHED + r"\.md")
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
CORRECTIONS_HEADING = "更正记录"
# Front matter lines keeping a page out of the site's search.
SEARCH_EXCLUDED = ["search:", "  exclude: true"]


def is_preview() -> bool:
    return os.environ.get(PREVIEW_ENV, "") not in ("", "0")


def first_published_uri(key: ReportKey) -> str:
    """Source path (relative to docs/) of the generated page of the report as first published."""
    return f"{key[0]}/{key[1]}/{FIRST_PUBLISHED}.md"


def first_published_files(key: ReportKey) -> tuple[str, str]:
    """Site paths of the kept original files (data, page text), offered for download as they are."""
    folder = f"{key[0]}/{key[1]}/{FIRST_PUBLISHED}"
    return f"{folder}/{key[0]}-{key[1]}-data.yaml", f"{folder}/{key[0]}-{key[1]}-text.md.txt"


def first_published_key(src_uri: str) -> ReportKey | None:
    match = _FIRST_URI.fullmatch(src_uri)
    return (match.group(1), int(match.group(2))) if match else None


def split_front_matter(text: str) -> tuple[str, str]:
    """A page's front matter block (with its --- lines; empty if none) and its body."""
    match = _FRONT_MATTER.match(text)
    return (text[: match.end()], text[match.end() :]) if match else ("", text)


def with_meta(text: str, entries: dict[str, list[str]]) -> str:
    """The page with these top-level front matter keys set, each to its lines (a key's old lines dropped)."""
    front, body = split_front_matter(text)
    kept: list[str] = []
    dropping = False
    for line in front.split("\n")[1:-2]:
        # Indented lines and "- " items belong to the key above them.
        if not line.startswith((" ", "\t", "-")):
            dropping = line.split(":", 1)[0].strip() in entries
        if not dropping:
            kept.append(line)
    return "---\n" + "\n".join([*(line for lines in entries.values() for line in lines), *kept]) + "\n---\n" + body


def first_published_markdown(history: History, organ_short: str | None = None) -> str:
    """The kept page as first published: titled and bannered as such, left out of search (the current page is).

    `organ_short` names the organ in the title (the browser tab), as on the report's own page.
    """
    title = f"{history.key[1]} 年报告（{history.lock.published} 首次发布版本）"
    if organ_short:
        title = f"{organ_short} {title}"
    # Quoted as JSON (a YAML double-quoted scalar): a name is one line of text, whatever it holds.
    meta = {"title": [f"title: {json.dumps(title, ensure_ascii=False)}"], "search": SEARCH_EXCLUDED}
    text = with_meta(history.first_page.replace("\r\n", "\n"), meta)
    front, body = split_front_matter(text)
    return front + insert_after_title(body, render_first_published_banner(history))


# The class of a report's title: centred, as the official documents print it (assets/nianbao.css).
REPORT_TITLE_CLASS = "nb-report-title"


def insert_after_title(markdown: str, block: str, title_class: str | None = None) -> str:
    """Put `block` right under the page's first H1 (or at the top if it has none).

    `title_class`: a class given to that H1 (Markdown's attribute list), e.g. to centre it.
    """
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    if at and title_class:
        lines[at - 1] = f"{lines[at - 1].rstrip()} {{: .{title_class} }}"
    return "\n".join([*lines[:at], "", block, "", *lines[at:]])


def _text(value: object) -> str:
    """An editor's words (a reason, the parts changed) as text on one line: no HTML, no Markdown.

    On one line because a line break would end the admonition or HTML block it
    stands in, and what followed would be read as the page's own Markdown; braces
    escaped too, since the page it goes into is a template of the macros.
    """
    return plain(" ".join(str(value).split())).replace("{", "&#123;").replace("}", "&#125;")


def _date(value: object) -> str:
    return f'<time datetime="{value}">{value}</time>'


def _fact(label: str, value: str) -> str:
    return f"<div><dt>{label}</dt><dd>{value}</dd></div>"


def render_facts(report: Report, history: History | None, organ_name: str) -> str:
    """The report's information block under its title: 发布机构, 年度, 索引号, 发布日期, 最近更正.

    One line of HTML (it may stand where a line break would end a block); every
    value from the data is escaped. A draft has no dates yet, and says so.
    """
    facts = [_fact("发布机构", _text(organ_name)), _fact("年度", f"{report.year} 年")]
    if report.record.index_no:
        facts.append(_fact("索引号", _text(report.record.index_no)))
    if history is None:
        facts.append(_fact("发布日期", "尚未发布"))
    else:
        facts.append(_fact("发布日期", _date(history.lock.published)))
        if history.steps:
            last = history.steps[-1].correction.date
            corrected = (
                f"{_date(last)}（共 {history.corrections} 次，见"
                f'<a href="#{CORRECTIONS_HEADING}">{CORRECTIONS_HEADING}</a>）'
            )
        else:
            corrected = "发布以来未作更正"
        facts.append(_fact("最近更正", corrected))
    return f'<dl class="nb-facts nb-record">{"".join(facts)}</dl>'


def render_banner(report: Report, history: History | None, draft: bool = False, organ_name: str | None = None) -> str:
    """What a reader must know before reading: draft or withdrawn, then the report's facts.

    `draft`: a report never published, whatever its file says (it may not be readable yet).
    `organ_name`: the publishing organ's 全称; without it (a page the preview cannot render) no facts.
    """
    record = report.record
    facts = "" if organ_name is None else render_facts(report, None if draft else history, organ_name)
    if draft or record.status == DRAFT:
        warning = '!!! warning nb-draft "草稿"\n\n    本报告是草稿，尚未发布：它只出现在预览中，公开网站上没有这一页。'
        return f"{warning}\n\n{facts}" if facts else warning
    if record.status == WITHDRAWN and record.withdrawn is not None:
        withdrawn = record.withdrawn
        notice = (
            '!!! danger "本报告已撤回"\n\n'
            f"    本报告于 {_date(withdrawn.date)} 撤回。撤回理由：{_text(withdrawn.reason)}\n\n"
            "    以下是撤回前发布的内容，仅作为公开记录保留，请勿引用。"
        )
        return f"{notice}\n\n{facts}" if facts else notice
    return facts


def render_first_published_banner(history: History) -> str:
    # Links are relative to the generated page, <organ>/<year>/first-published.md.
    later = f"此后更正 {history.corrections} 次，" if history.steps else "此后未作更正，"
    return (
        '!!! note "首次发布版本"\n\n'
        f"    这是本报告 {_date(history.lock.published)} 首次发布时的原文，"
        f"{later}现行版本见[报告页面](../{history.key[1]}.md)。\n\n"
        f"    首次发布的原始文件：{kept_files_links(history, '')}。"
    )


def _change_rows(history: History, number: int) -> str:
    step = history.steps[number - 1]
    rows = "".join(
        f'<tr><th scope="row">{escape(cell.label())}</th>'
        f'<td class="nb-num">{escape(format_number(before))}</td>'
        f'<td class="nb-num">{escape(format_number(after))}</td></tr>'
        for cell, before, after in step.changes
    )
    return (
        '<table class="nb-corrections"><thead><tr><th scope="col">更正的数字</th>'
        '<th scope="col">更正前</th><th scope="col">更正后</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def has_first_published_page(history: History) -> bool:
    """Whether the report as first published gets a page of its own: only if corrected since.

    A report never corrected is its own first version: its page links the kept
    files, and a second page of the same text would only double the site.
    """
    return bool(history.steps)


def kept_files_links(history: History, base: str) -> str:
    """Links to the kept original files, relative to a page in folder `base` of the report's folder."""
    data, text = (path.split("/", 2)[2] for path in first_published_files(history.key))
    return f"[数据（YAML）]({base}{data})、[正文（Markdown）]({base}{text})"


def render_corrections(history: History) -> str:
    """The 更正记录 section at the end of a report page: every correction, before and after."""
    published = _date(history.lock.published)
    lines = [f"## {CORRECTIONS_HEADING}", ""]
    kept = f"首次发布的原始文件：{kept_files_links(history, f'{history.key[1]}/')}。"
    if not has_first_published_page(history):
        lines.append(f"本报告于 {published} 发布，发布以来未作更正，本页即首次发布的版本。{kept}")
        return "\n".join(lines) + "\n"
    first_link = f"[查看首次发布的原文]({history.key[1]}/{FIRST_PUBLISHED}.md)"
    lines.append(f"本报告于 {published} 首次发布，此后更正 {history.corrections} 次，列出如下。{first_link}。{kept}")
    for step in history.steps:
        correction = step.correction
        parts = [
            f'<div class="nb-correction"><p><strong>第 {step.number} 次更正</strong>　{_date(correction.date)}</p>',
            f"<p>说明：{_text(correction.reason)}</p>",
        ]
        if step.changes:
            parts.append(_change_rows(history, step.number))
        if step.page_changed:
            where = f"：{_text('、'.join(step.parts))}" if step.parts else ""
            parts.append(f"<p>正文有更正{where}（内容见说明；更正前的原文见首次发布版本）。</p>")
        parts.append("</div>")
        lines += ["", "\n".join(parts)]
    return "\n".join(lines) + "\n"
