"""``python -m macros new <organ> <year>``: a new report's data file and page.

The data file lists every row of every table with its official label and a
blank (null) in every cell: the check reports each blank as 「未填写」, so a
report nobody filled can never be published as all zeros. The page has the six
parts in order, the table macros in place and a hint for each narrative part,
written as a Jinja comment so that it never reaches a reader. Nothing existing
is ever overwritten.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path

import yaml

from macros.authoring.datafile import data_header, dump_report
from macros.check.catalogue import ORGAN_SLUG
from macros.check.findings import Finding, Refusal
from macros.check.load import Organ, load_organs, read_organs
from macros.check.paths import ORGANS_FILE, data_path, page_path
from macros.check.reader import exists, read_text
from macros.check.rules import year_problem
from macros.format.national import (
    ORGAN_FIELDS,
    PARTS,
    RECORD_FIELDS_BY_KEY,
    REVIEW_REASON_LIMIT,
    TABLES_BY_NUMBER,
    report_title,
)
from macros.record.lock import LOCK_FILE, read_lock, snapshot_paths

# What to write under each narrative part (the parts without a table).
HINTS: dict[str, str] = {
    "一": "概述本年度政府信息公开工作。通常分为（一）主动公开、（二）依申请公开、（三）政府信息管理、"
    "（四）政府信息公开平台建设、（五）监督保障五个小标题，每个小标题单独一行，以“### ”开头。"
    "正文中的数字（如收到申请的件数）必须与下面的表格一致，最好用表格数字宏直接引用，例如："
    "本年新收政府信息公开申请 {{ new_requests() }} 件，上年结转 {{ carried_in() }} 件，"
    "办结 {{ results_total() }} 件，结转下年度继续办理 {{ carried_over() }} 件；"
    "因政府信息公开被申请行政复议 {{ review_total() }} 件，被提起行政诉讼 {{ litigation_total() }} 件；"
    "作出行政处罚决定 {{ penalty_total() }} 件。数字随数据文件自动更新。",
    "五": "写明本年度工作存在的主要问题，以及上一年度报告所列问题的改进情况。",
    "六": "必须说明依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况，"
    "没有收取也要写明；其他需要报告的事项一并写在这里。",
}


def render_page(organ: Organ, year: int, bodies: Mapping[str, str] | None = None, lead: str = "") -> str:
    """The Markdown page of a report: same shape as every bundled report page.

    `bodies` (given by the importer) maps a part number to its Markdown: a
    narrative part without one gets its hint; in parts 二 to 四 a body goes above
    the table macro. `lead` is text before part 一 (many reports open with an
    untitled paragraph on the legal basis and the period).
    """
    bodies = bodies or {}
    front = yaml.safe_dump(
        {"title": f"{year} 年报告", "description": report_title(organ.name, year)},
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    lines = ["---", front.rstrip("\n"), "---", "", "# {{ full_title() }}", "", "{{ check_summary() }}"]
    if lead.strip():
        lines += ["", lead.strip()]
    for number, title in PARTS:
        lines += ["", f"## {number}、{title}", ""]
        body = bodies.get(number, "").strip()
        if number in TABLES_BY_NUMBER:
            if body:
                lines += [body, ""]
            lines.append(f'{{{{ table("{number}") }}}}')
        elif body:
            lines.append(body)
        else:
            # A Jinja comment: visible to the editor, removed from the built page.
            lines.append(f"{{# 填写提示：{HINTS[number]}请删去本提示，写入正文。 #}}")
    return "\n".join(lines) + "\n"


def render_data(organ: Organ, year: int) -> str:
    """The data file of a new report: every row present, every cell blank."""
    header = f"{data_header(organ.name, year)}\nnull 表示未填写，检查会报「未填写」；没有发生的事项请填 0，不要留空。"
    return dump_report(None, header=header) + REVIEWED_HINT


# Where an editor marks an advisory as reviewed: shown once, at the end of a new data file.
_REVIEWED = RECORD_FIELDS_BY_KEY["reviewed"]
REVIEWED_HINT = (
    f"\n# {_REVIEWED.label}（{_REVIEWED.key}）：检查给出的「提示：」核对后确认没有问题的，在下面写一行"
    "「规则编号: 理由」\n"
    f"# （规则编号是提示中方括号里的编号，理由用中文写明，不超过 {REVIEW_REASON_LIMIT} 字）；"
    "此后本报告不再重复这条提示，审核人仍能看到理由。错误不能这样标注，必须改正。例如：\n"
    f"# {_REVIEWED.key}:\n"
    "#   t2-rules-local: 表二所填规章为区政府转发的文件，已与区司法局核实。\n"
)


def check_year(year: int) -> None:
    """Refuse a year the 2021 format does not cover (raises Refusal); the importer uses it too."""
    # A year of four digits (an int has no leading zeros): 24 is a typo for 2024, not a 2019-format year.
    if not 1900 <= year <= 2099:
        raise Refusal(f"年份「{year}」应为四位数字，例如 2024。")
    # The same limits as the project check's report-year rule.
    problem = year_problem(year, datetime.date.today().year)
    if problem:
        raise Refusal(problem)


def _organ_block(slug: str, fields: dict[str, str | None]) -> str:
    return yaml.safe_dump({slug: fields}, allow_unicode=True, sort_keys=False, width=1000)


def add_organ(root: Path, slug: str, fields: dict[str, str | None]) -> Organ:
    """Append an organ to the registry, after checking the result with the registry's own loader."""
    registry = root / ORGANS_FILE
    text = ""
    if exists(root, ORGANS_FILE):
        read, problems = read_text(root, ORGANS_FILE)
        if read is None:
            raise Refusal("\n".join(str(f) for f in problems))
        text = read
    organs, findings = load_organs(ORGANS_FILE, text) if text.strip() else ({}, [])
    if slug in organs:
        raise Refusal(f"机关「{slug}」已在名录 {ORGANS_FILE} 中，无需 --add-organ。")
    missing = [f"--{key}（{label}）" for key, label in ORGAN_FIELDS.items() if key != "parent" and not fields.get(key)]
    if missing:
        raise Refusal(f"用 --add-organ 添加机关「{slug}」时还需要：{'、'.join(missing)}。")
    new_text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + _organ_block(slug, fields)
    organs, new_findings = load_organs(ORGANS_FILE, new_text)
    # Only problems the new entry brings count; the registry's own are the check's business.
    added = [f for f in new_findings if f not in findings]
    if added or slug not in organs:
        raise Refusal(f"不能把机关「{slug}」加入名录：\n" + "\n".join(str(f) for f in added or _slug_problem(slug)))
    registry.parent.mkdir(parents=True, exist_ok=True)
    registry.write_text(new_text, encoding="utf-8")
    return organs[slug]


def _slug_problem(slug: str) -> list[Finding]:
    return [ORGAN_SLUG.finding(ORGANS_FILE, 1, f"机关代号「{slug}」无效。")]


def scaffold_report(root: Path, slug: str, year: int, new_organ: dict[str, str | None] | None = None) -> list[str]:
    """Create a report's data file and page; return their paths. Raises Refusal on refusal."""
    check_year(year)
    targets = [data_path(slug, year), page_path(slug, year)]
    existing = [path for path in targets if exists(root, path)]
    if existing:
        raise Refusal(f"报告已存在，不会覆盖：{'、'.join(existing)}。要修改它，请直接编辑这些文件。")
    entry = read_lock(root)[0].get((slug, year))
    if entry is not None:
        # A published report whose files are gone must come back as published, not as a blank.
        raise Refusal(
            f"该报告已于 {entry.published} 发布（见 {LOCK_FILE}），但它的文件不见了；"
            f"请恢复被删除的文件（首次发布的原文在 {snapshot_paths(slug, year)[0]} 与 .md），不要新建空白报告。"
        )
    organs: dict[str, Organ] = {}
    if exists(root, ORGANS_FILE):
        organs, problems = read_organs(root)
        if not organs and problems:
            raise Refusal("机关名录无法读取：\n" + "\n".join(str(f) for f in problems))
    if new_organ is not None:
        organ = add_organ(root, slug, new_organ)
    elif slug in organs:
        organ = organs[slug]
    else:
        known = "\n".join(f"  {o.slug}：{o.name}" for o in organs.values()) or "  （名录为空）"
        raise Refusal(
            f"机关代号「{slug}」不在机关名录 {ORGANS_FILE} 中。已有的机关：\n{known}\n"
            "如果这是一个新机关，请加上 --add-organ 及 --name、--short、--level（可选 --parent）把它加入名录。"
        )
    for path, text in zip(targets, (render_data(organ, year), render_page(organ, year)), strict=True):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        # "x" mode: even a file that appeared since the check above is never overwritten.
        with open(root / path, "x", encoding="utf-8") as handle:
            handle.write(text)
    return targets
