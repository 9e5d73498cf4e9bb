"""What a page may contain of Jinja: calls of the site's own macros with literal arguments, nothing else.

mkdocs-macros renders every page as a Jinja template. Jinja can reach Python
(``lipsum.__globals__``), print the build's internals (``config``) or pull
another organ's page in (``include``), so a page is held to a closed list:
``{{ name("literal") }}`` where ``name`` is declared below. The list is the
one the site registers (site/env.py) and the one its render-time sandbox
re-checks (site/sandbox.py), so the three cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, TemplateSyntaxError, nodes

from macros.check.catalogue import PAGE_TEMPLATE
from macros.check.findings import Finding
from macros.format.figures import FIGURES, NAMED_FIGURE_MACROS
from macros.format.national import TABLES_BY_NUMBER, cell_key, cells


@dataclass(frozen=True)
class Argument:
    what: str  # in Chinese, for the editor
    choices: tuple[str | int, ...] = ()  # the values allowed; none given: any literal text


@dataclass(frozen=True)
class PageMacro:
    name: str
    report_pages: bool  # True: only on report pages (docs/<机关>/<年份>.md); False: only on the others
    arguments: tuple[Argument, ...] = ()
    required: int | None = None  # how many arguments must be written (default: all)

    def usage(self) -> str:
        shown = []
        for argument in self.arguments[: self.minimum]:
            value = argument.choices[0] if argument.choices else "…"
            shown.append(f'"{value}"' if isinstance(value, str) else str(value))
        return "{{ " + f"{self.name}({', '.join(shown)})" + " }}"

    @property
    def minimum(self) -> int:
        return len(self.arguments) if self.required is None else self.required


def _macros(*declared: PageMacro) -> dict[str, PageMacro]:
    return {m.name: m for m in declared}


# Every macro a page may call, and where. define_env registers exactly these.
PAGE_MACROS: dict[str, PageMacro] = _macros(
    PageMacro("full_title", True),
    PageMacro("check_summary", True),
    PageMacro("table", True, (Argument("表号", tuple(TABLES_BY_NUMBER)),)),
    # Table figures in sentences (format/figures.py): any cell by its key, or a named figure.
    PageMacro("figure", True, (Argument("表格数字", (*FIGURES, *(cell_key(c) for c in cells()))),)),
    *(PageMacro(name, True) for name in NAMED_FIGURE_MACROS),
    PageMacro("report_list", False),
    PageMacro("report_matrix", False),
    PageMacro("publication_status", False),
    PageMacro("rules_reference", False),
    PageMacro("rule_example", False, (Argument("规则编号"),)),
    PageMacro("blank_report", False, (Argument("模板", ("data", "page")), Argument("缩进空格数", (4,))), required=1),
    PageMacro("data_downloads", False),
    PageMacro("data_dictionary", False),
    PageMacro("data_form", False),
)

# Jinja statements, named as the editor writes them.
_STATEMENTS: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from … import",
    nodes.Extends: "extends",
    nodes.Block: "block",
    nodes.For: "for",
    nodes.If: "if",
    nodes.Assign: "set",
    nodes.AssignBlock: "set",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.FilterBlock: "filter",
    nodes.With: "with",
    nodes.ScopedEvalContextModifier: "autoescape",
}

_PARSER = Environment()  # the default delimiters: the ones the site's sandbox renders with


def macros_for(report_page: bool) -> dict[str, PageMacro]:
    return {name: m for name, m in PAGE_MACROS.items() if m.report_pages == report_page}


def _allowed(report_page: bool) -> str:
    names = "、".join(macros_for(report_page))
    return f'页面中只能写 {{{{ 宏名("参数") }}}} 这样的宏调用（本页可用：{names}），参数只能是直接写出的文字或数字'


def _problem(node: nodes.Expr, report_page: bool) -> str | None:
    """What is wrong with one {{ … }} expression, or None when it is an allowed macro call."""
    allowed = _allowed(report_page)
    if isinstance(node, nodes.Name):
        return f"不允许直接输出「{node.name}」；{allowed}。"
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return f"不允许读取属性或下标（「.」「[ ]」）；{allowed}。"
    if isinstance(node, nodes.Filter):
        return f"不允许使用过滤器「| {node.name}」；{allowed}。"
    if isinstance(node, nodes.Test):
        return f"不允许使用测试「is {getattr(node, 'name', '')}」；{allowed}。"
    if not isinstance(node, nodes.Call):
        return f"不允许写表达式；{allowed}（要原样显示 {{{{，写 {{{{ '{{{{' }}}}）。"
    if not isinstance(node.node, nodes.Name):  # what is called: x.y(), x[0](), f()() (a loop: chains can be long)
        while isinstance(node, nodes.Call) and not isinstance(node.node, nodes.Name):
            node = node.node
        return _problem(node, report_page) or f"不允许再调用宏的结果；{allowed}。"
    name = node.node.name
    macro = PAGE_MACROS.get(name)
    if macro is None:
        return f"「{name}」不是本站的宏；{allowed}。"
    if macro.report_pages != report_page:
        where = "只有报告页面（docs/<机关>/<年份>.md）" if macro.report_pages else "报告页面以外的页面才"
        return f"宏「{name}」{where}可以使用；{allowed}。"
    if node.kwargs or node.dyn_args or node.dyn_kwargs:
        return f"宏「{name}」的参数只能按顺序直接写出，不能写成「名称=值」或展开；应写成 {macro.usage()}。"
    if not macro.minimum <= len(node.args) <= len(macro.arguments):
        return f"宏「{name}」的参数个数不对；应写成 {macro.usage()}。"
    for arg, argument in zip(node.args, macro.arguments, strict=False):
        if not isinstance(arg, nodes.Const) or type(arg.value) not in (str, int):
            return f"宏「{name}」的参数（{argument.what}）只能是直接写出的文字或数字，不能是变量或表达式。"
        if argument.choices and arg.value not in argument.choices:
            choices = "、".join(str(c) for c in argument.choices)
            return f"宏「{name}」的参数（{argument.what}）只能是 {choices} 之一，实为 {arg.value!r}。"
        if not argument.choices and not isinstance(arg.value, str):
            return f"宏「{name}」的参数（{argument.what}）应是加引号的文字。"
    return None


def template_problems(template: nodes.Template, report_page: bool) -> Iterator[tuple[int, str]]:
    """(line, message) for everything in a parsed page that is not plain text or an allowed macro call."""
    allowed = _allowed(report_page)
    for statement in template.body:
        if isinstance(statement, nodes.Output):
            for node in statement.nodes:
                # A quoted text prints itself: how the importer keeps a report's literal "{{" ({{ '{{' }}).
                if isinstance(node, nodes.TemplateData) or (isinstance(node, nodes.Const) and type(node.value) is str):
                    continue
                problem = _problem(node, report_page)
                if problem:
                    yield node.lineno, problem
        else:
            tag = _STATEMENTS.get(type(statement)) or type(statement).__name__.lower()
            yield statement.lineno, f"不允许使用 {{% {tag} %}} 语句；{allowed}。"


# Jinja's reading of a page that is text and {{ … }} calls only: its line ends, its trailing newline dropped
# (keep_trailing_newline is off), a call up to the first }} outside a plain quoted string, a comment up to
# the first #}. Anything else (statements, whitespace control, escapes, braces) is left to Jinja itself.
_NEWLINE = re.compile(r"\r\n|\r|\n")
_PIECE = re.compile(r"""(\{\{(?:[^{}'"]|'[^'\\\r\n]*'|"[^"\\\r\n]*")*\}\})|\{#(.*?)#\}""", re.DOTALL)
_OPENINGS = ("{{", "{%", "{#")


def split_page(text: str) -> list[str] | None:
    """The page as Jinja reads it, [text, call, text, call, …, text] (comments dropped), or None if only Jinja can.

    The check and the render-time sandbox compile each distinct call once instead of every page whole
    (most of a region's pages hold the same few calls); what this cannot read exactly goes to Jinja.
    """
    lines = _NEWLINE.split(text)
    if lines[-1] == "":
        del lines[-1]
    pieces = [""]
    at = 0
    source = "\n".join(lines)
    for match in _PIECE.finditer(source):
        pieces[-1] += source[at : match.start()]
        if pieces[-1].endswith("{"):
            return None  # "{{{" or "{{#": Jinja's tag opens one brace earlier
        at = match.end()
        call, comment = match.group(1), match.group(2)
        inner = call[2:-2] if call else comment
        if inner[:1] in ("-", "+") or inner[-1:] in ("-", "+"):
            return None  # whitespace control: Jinja strips the text around
        if call:
            pieces += [call, ""]
    pieces[-1] += source[at:]
    if any(opening in piece for piece in pieces[::2] for opening in _OPENINGS):
        return None
    return pieces


@lru_cache(maxsize=1024)
def _call_problems(call: str, report_page: bool) -> tuple[tuple[int, str], ...] | None:
    """template_problems of one {{ … }} on its own, or None when it does not parse."""
    try:
        return tuple(template_problems(parse(call), report_page))
    except (TemplateSyntaxError, RecursionError):
        return None


def _clean(text: str, report_page: bool) -> bool:
    """Whether a page is text and allowed calls only, read call by call (False: not known so)."""
    pieces = split_page(text)
    return pieces is not None and all(_call_problems(call, report_page) == () for call in pieces[1::2])


def parse(text: str) -> nodes.Template:
    """The page as mkdocs-macros reads it (raises TemplateSyntaxError)."""
    return _PARSER.parse(text)


def check_template(path: str, text: str, report_page: bool, first_line: int = 1) -> Iterator[Finding]:
    """Findings for a page's body, as rendered (after its front matter, which starts at `first_line`)."""
    offset = first_line - 1
    if _clean(text, report_page):
        return
    try:
        template = parse(text)
    except RecursionError:  # brackets nested thousands deep: the parser gives up
        yield PAGE_TEMPLATE.finding(path, first_line, f"模板中的括号嵌套过深；{_allowed(report_page)}。")
        return
    except TemplateSyntaxError as exc:
        yield PAGE_TEMPLATE.finding(
            path,
            (exc.lineno or 1) + offset,
            f"模板语法错误（{exc.message}）；{_allowed(report_page)}。"
            "要原样显示 {{ 或 {%，请放在 {% raw %} … {% endraw %} 之间。",
        )
        return
    for line, message in template_problems(template, report_page):
        yield PAGE_TEMPLATE.finding(path, line + offset, message)
