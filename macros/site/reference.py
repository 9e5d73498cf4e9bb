"""Markdown for the rules reference (规则说明) and the editors' guide (编辑指南).

Everything printed comes from the rule catalogue and from real examples (see
examples.py): adding a rule adds it to the reference, with its own message.
"""

from __future__ import annotations

from pathlib import Path

from macros.authoring.scaffold import render_data, render_page
from macros.check.catalogue import CATALOGUE
from macros.check.findings import Rule
from macros.check.load import load_organs
from macros.check.paths import DOCS_DIR, ORGANS_FILE, REPORTS_DIR
from macros.site.examples import EXAMPLE_ORGAN, EXAMPLE_ORGANS, EXAMPLE_YEAR, IMPORT_BREAKAGES, Example, examples

# Where a rule's findings land, by the file its example points at; in reading order.
_GROUPS = (
    (f"{REPORTS_DIR}/", "数据文件（data/reports/机关代号/年份.yaml）"),
    (f"{DOCS_DIR}/", "报告页面（docs/机关代号/年份.md）"),
    (ORGANS_FILE, "机关名录（data/organs.yaml）"),
    ("data/published", "发布记录（data/published.lock 与 data/published/）"),
)
_IMPORT_GROUP = "导入原文（python -m macros import）"


def _level(rule: Rule) -> str:
    return "提示（显示，但不阻止发布）" if rule.advisory else "错误（不改正就不能发布）"


def _fence(text: str, lang: str = "text") -> str:
    return f"```{lang}\n{text}\n```"


def example_block(example: Example) -> str:
    """The message as the check prints it, then the line it points at."""
    lang = "yaml" if example.finding.file.endswith(".yaml") else "markdown"
    parts = [_fence(str(example.finding))]
    # Line 1 of a whole-file finding (wrong encoding, no page, …) says nothing about the line.
    if example.finding.line > 1 and example.source.strip():
        parts += [f"第 {example.finding.line} 行写的是：", _fence(example.source, lang)]
    return "\n\n".join(parts)


def rule_example(root: Path, rule_id: str) -> str:
    """One rule's real example, for the guide: how it was provoked and what the check says."""
    example = examples(root).get(rule_id)
    if example is None:  # the example report is absent or changed: say so rather than fail the build
        return f"（示例报告不可用，暂无 {rule_id} 的示例；规则说明见[规则说明](rules.md#{rule_id})。）"
    return f"例如：{example.how}检查输出：\n\n{example_block(example)}"


def _group_of(rule: Rule, example: Example | None) -> int:
    if rule.id in IMPORT_BREAKAGES:
        return len(_GROUPS)
    if example is None:
        return len(_GROUPS) + 1
    where = example.finding.file
    return next((i for i, (prefix, _) in enumerate(_GROUPS) if where.startswith(prefix)), len(_GROUPS) + 1)


def import_rules() -> dict[str, Rule]:
    """The importer's own rules (about the file being imported, not the project)."""
    try:
        from macros.importer.rules import IMPORT_RULES
    except ImportError:  # the importer's readers are not installed: nothing to document
        return {}
    return IMPORT_RULES


def rules_reference(root: Path) -> str:
    """Every rule of the catalogue, then the importer's: id, what it protects, level, a real message."""
    found = examples(root)
    rules = {**CATALOGUE, **import_rules()}
    by_group: dict[int, list[Rule]] = {}
    for rule in rules.values():
        by_group.setdefault(_group_of(rule, found.get(rule.id)), []).append(rule)
    n_advisory = sum(rule.advisory for rule in CATALOGUE.values())
    out = [
        f"检查共 {len(CATALOGUE)} 条规则：{len(CATALOGUE) - n_advisory} 条错误规则，{n_advisory} 条提示规则"
        f"；另有导入原文时的 {len(rules) - len(CATALOGUE)} 条规则（见文末）。",
        "",
        "| 规则编号 | 保护什么 | 级别 |",
        "|---|---|---|",
    ]
    out += [f"| [{r.id}](#{r.id}) | {r.title} | {'提示' if r.advisory else '错误'} |" for r in rules.values()]
    for index, title in enumerate([*(t for _, t in _GROUPS), _IMPORT_GROUP, "其他"]):
        if index not in by_group:
            continue
        out += ["", f"## {title}"]
        for rule in by_group[index]:
            out += ["", f"### {rule.id} {{#{rule.id}}}", "", f"**保护什么**：{rule.title}"]
            out += ["", f"**级别**：{_level(rule)}"]
            example = found.get(rule.id)
            if example is not None:
                out += ["", f"**示例**：{example.how}", "", example_block(example)]
    return "\n".join(out)


def blank_report(root: Path, part: str) -> str:
    """What `new` writes for the example organ, as a code block: the data file or the page."""
    organs, _ = load_organs(ORGANS_FILE, EXAMPLE_ORGANS)  # the fictional organ of the examples
    organ, year = organs[EXAMPLE_ORGAN], EXAMPLE_YEAR + 1
    if part == "data":
        return _fence(render_data(organ, year).rstrip("\n"), "yaml")
    return _fence(render_page(organ, year).rstrip("\n"), "markdown")
