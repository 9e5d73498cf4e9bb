"""YAML nodes, read strictly: parsing, mappings without duplicate keys, one cell's value.

Every data file (reports, the registry, the lock file, record entries) is read
through here, so every value keeps its line and nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

import yaml

from macros.check.catalogue import (
    BLANK,
    DUPLICATE_KEY,
    INPUT_LIMIT,
    NEGATIVE,
    NOT_INTEGER,
    NOT_NUMBER,
    WRONG_SHAPE,
    YAML_SYNTAX,
)
from macros.check.findings import Finding
from macros.check.reader import FILE_LIMIT
from macros.format.national import AMOUNT, Column
from macros.format.numbers import Number

_INT = re.compile(r"-?(0|[1-9][0-9]*)")


_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
# The same, for the 填报 page's script (site/form.py): a cell's text as the checker reads it.
INT_PATTERN, DECIMAL_PATTERN = _INT.pattern, _DECIMAL.pattern


TAG = "tag:yaml.org,2002:"


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _ResolvingOnce(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (ten times faster), resolving each distinct scalar's tag once.

    It gives the same nodes, tags and marks as the Python parser. A scalar's
    implicit tag depends only on its text and style, and a data file repeats the
    same few numbers, so the resolver's regular expressions run once per text.
    """

    _tags: dict[tuple[str, tuple[bool, bool]], str] = {}

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            if len(self._tags) > 100_000:  # bounded: free text would otherwise accumulate
                self._tags.clear()
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


_FAST_LOADER = _ResolvingOnce if hasattr(yaml, "CSafeLoader") else None

# Limits of what is parsed at all. A data file nests four levels (a table, a row,
# its list; a correction's numbers); libyaml composes recursively in C and
# crashes the interpreter on some 30,000 levels, so no text that might nest
# deeper than MAX_DEPTH reaches it.
MAX_DEPTH = 64
# The largest number a report holds has some ten digits; more cannot be a count
# (and past 4,300 digits Python refuses to print an integer at all).
MAX_DIGITS = 15
# Above this size a syntax error is reported from libyaml's own message rather
# than re-parsed by the (ten times slower) Python parser for its wording.
_REPARSE_LIMIT = 100_000
# Text that might nest too deep goes to the Python parser only up to this size: its
# scanner looks ahead over every open bracket, slow on a long run of them.
_DEEP_LIMIT = 20_000
_BRACKET = re.compile(r"[\[\]{}]")
_LEAD = re.compile(r"^[ \t?:-]*", re.MULTILINE)


class _TooDeep(yaml.MarkedYAMLError):
    pass


class _Bounded(yaml.SafeLoader):
    """The Python composer, refusing to nest deeper than MAX_DEPTH (before Python's recursion limit)."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooDeep(problem="too deep", problem_mark=self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def depth_bound(text: str) -> int:
    """A cheap upper bound of the text's nesting depth, from its brackets and indentation.

    A block collection nests only by indenting further (or by a `- ` / `? `
    indicator on the same line, and a sequence may sit at its key's column), so
    twice the widest leading run bounds the block nesting; the brackets open and
    not yet closed bound the flow nesting. Brackets inside quotes only raise it.
    """
    lead = max((len(m) for m in _LEAD.findall(text)), default=0)
    flow = depth = 0
    for bracket in _BRACKET.findall(text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        flow = max(flow, depth)
    return 2 * lead + 2 + flow


def _first_shared(root: yaml.Node) -> int | None:
    """The line where a node is reached a second time (an alias: `*name`), walking without recursion.

    A shared node keeps the marks of its anchor; the line given is that of the
    key (or the list) that refers to it again.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, line_of(root))]
    while stack:
        node, line = stack.pop()
        if id(node) in seen:
            return line
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, line_of(node)) for item in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack += [(value, line_of(key)), (key, line_of(key))]
    return None


def _bounded(path: str, text: str, root: yaml.Node | None) -> tuple[yaml.Node | None, list[Finding]]:
    if root is None:
        return None, []
    # An alias needs an anchor (`&name`): without one in the text, no node is shared.
    shared = _first_shared(root) if "&" in text else None
    if shared is not None:
        return None, [
            INPUT_LIMIT.finding(
                path,
                shared,
                "数据文件不能使用 YAML 的锚点和别名（& 与 *）：每个数值都要写在它自己的位置上。",
            )
        ]
    return root, []


def compose(path: str, text: str, limit: int = FILE_LIMIT) -> tuple[yaml.Node | None, list[Finding]]:
    """Parse YAML into nodes; a syntax error or a limit passed becomes a finding with its line.

    Never raises and never recurses without bound: text longer than `limit`
    characters is not parsed, and text that might nest deeper than MAX_DEPTH
    goes to the depth-limited Python composer only.
    """
    if len(text) > limit:
        return None, [INPUT_LIMIT.finding(path, 1, f"文件过大（{len(text):,} 字），超过上限 {limit:,} 字，不予解析。")]
    if _FAST_LOADER is not None and depth_bound(text) <= MAX_DEPTH:
        try:
            return _bounded(path, text, yaml.compose(text, Loader=_FAST_LOADER))
        except yaml.MarkedYAMLError as exc:
            if len(text) > _REPARSE_LIMIT:
                return None, [_syntax(path, exc, text)]
        except yaml.YAMLError:
            pass  # reported below by the Python parser, whose messages and lines the tests pin
    elif len(text) > _DEEP_LIMIT:
        return None, [_deep(path, text)]
    try:
        return _bounded(path, text, yaml.compose(text, Loader=_Bounded))
    except _TooDeep as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        return None, [
            INPUT_LIMIT.finding(path, line, f"嵌套超过 {MAX_DEPTH} 层，不是报告数据的结构（报告数据最多嵌套 4 层）。")
        ]
    except RecursionError:
        return None, [_deep(path, text)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax(path, exc, text)]
    except yaml.YAMLError as exc:  # e.g. a reader error on invalid characters
        return None, [YAML_SYNTAX.finding(path, 1, f"YAML 无法读取：{exc}。")]


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _syntax(path: str, exc: yaml.MarkedYAMLError, text: str) -> Finding:
    """A syntax error in Chinese: line, column, likely cause; the parser's own words after them."""
    line, column = syntax_cause(text, exc)[:2]
    cause = syntax_cause(text, exc)[2]
    problem = exc.problem or exc.context or "无法解析"
    return YAML_SYNTAX.finding(
        path, line, f"YAML 语法错误（第 {line} 行第 {column} 列）：{cause}（解析器原文：{_short(problem)}）"
    )


def _deep(path: str, text: str) -> Finding:
    return INPUT_LIMIT.finding(
        path,
        _deep_line(text),
        f"嵌套（括号或缩进）可能超过 {MAX_DEPTH} 层，不是报告数据的结构（报告数据最多嵌套 4 层）。",
    )


def _deep_line(text: str) -> int:
    """The first line where depth_bound's count passes MAX_DEPTH."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        lead = 2 * len(_LEAD.match(line).group(0)) + 2  # type: ignore[union-attr]
        for bracket in _BRACKET.findall(line):
            depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
            if lead + depth > MAX_DEPTH:
                return number
        if lead + depth > MAX_DEPTH:
            return number
    return 1


# Full-width punctuation an input method leaves in a data file, and what to type instead.
FULL_WIDTH = {"，": ",", "：": ":", "［": "[", "］": "]", "、": ",", "；": ",", "　": " "}
_KEY_FULL_COLON = re.compile(r"^\s*[A-Za-z_][\w-]*\s*(：)")


def full_width_hint(char: str) -> str:
    return f"全角的「{char}」应为半角的「{FULL_WIDTH[char]}」（输入法切换到英文状态再输入）"


def syntax_cause(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Where a syntax error most likely comes from (line, column, 1-based) and what to do, in Chinese.

    The parser stops where it notices the problem, often a line after the cause:
    a tab or a full-width colon above that spot is named as the cause.
    """
    mark = exc.problem_mark or exc.context_mark
    at = (mark.line, mark.column) if mark else (0, 0)
    lines = text.splitlines()
    start = exc.context_mark.line if exc.context_mark else at[0]
    for index in range(max(0, min(start, at[0]) - 1), min(at[0], len(lines) - 1) + 1):
        raw = lines[index].split("#", 1)[0] if "#" in lines[index] else lines[index]
        if "\t" in raw:
            return index + 1, raw.index("\t") + 1, "这一行有制表符（Tab）；YAML 只能用空格缩进和分隔，请把 Tab 换成空格"
        if match := _KEY_FULL_COLON.match(raw):
            return index + 1, match.start(1) + 1, f"键后面的冒号是全角的：{full_width_hint('：')}，冒号后再空一格"
        if (char := next((c for c in raw if c in "［］"), None)) is not None:
            return index + 1, raw.index(char) + 1, f"列表的方括号是全角的：{full_width_hint(char)}"
    problem = exc.problem or ""
    line, column = at[0] + 1, at[1] + 1
    if "expected ',' or ']'" in problem and exc.context_mark:
        opened = exc.context_mark
        return (
            opened.line + 1,
            opened.column + 1,
            "这一行的列表没有结束：缺少右方括号「]」，或数值之间缺少半角逗号「,」",
        )
    if "mapping values are not allowed" in problem:
        return line, column, "这里不能有冒号「:」：可能是上一行缩进不对，或值中的冒号需要加引号"
    if "could not find expected ':'" in problem:
        return line, column, "缺少冒号：每一行应写成「键: 值」（半角冒号，冒号后空一格）"
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return line, column, "缩进不一致：同一层的键必须用同样多的空格对齐"
    if "quoted" in (exc.context or "") and exc.context_mark:
        opened = exc.context_mark
        return opened.line + 1, opened.column + 1, "引号没有配对：这里开始的引号缺少结尾的引号"
    if "cannot start any token" in problem:
        return line, column, "这里有 YAML 不能识别的字符，请删去"
    return line, column, "无法解析这一行，请对照上下几行的写法检查缩进、冒号和方括号"


def mapping_items(
    node: yaml.Node, path: str, where: str, findings: list[Finding]
) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
    """Yield (key, key node, value node), reporting duplicate keys.

    PyYAML would silently keep the last of two equal keys: that is lost data.
    """
    if not isinstance(node, yaml.MappingNode):
        findings.append(WRONG_SHAPE.finding(path, line_of(node), f"{where}应为“键: 值”的映射，实为{describe(node)}。"))
        return
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in seen:
            findings.append(
                DUPLICATE_KEY.finding(
                    path,
                    line_of(key_node),
                    f"{where}的键「{clip(key)}」重复出现（第 {seen[key]} 行已有）；"
                    "重复的键会使其中一个值丢失，请删除或合并。",
                )
            )
            continue
        seen[key] = line_of(key_node)
        yield key, key_node, value_node


def clip(text: str, limit: int = 40) -> str:
    """Text as echoed in a message: a hostile file's megabyte-long value is not printed whole."""
    return text if len(text) <= limit else f"{text[:limit]}…（共 {len(text):,} 字）"


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "映射"
    if isinstance(node, yaml.SequenceNode):
        return "列表"
    if node.tag == TAG + "null":
        return "空值"
    return f"「{clip(str(node.value))}」"


def parse_value(node: yaml.Node, column: Column, what: str, path: str) -> tuple[Number | None, Finding | None]:
    """Convert one cell. Returns the value or the finding that rejects it."""
    line = line_of(node)
    if not isinstance(node, yaml.ScalarNode):
        return None, NOT_NUMBER.finding(path, line, f"{what}应为一个数字，实为{describe(node)}。")
    tag, text = node.tag, node.value.strip()
    shown = clip(text)
    if tag == TAG + "null":
        return None, BLANK.finding(path, line, f"{what}未填写；没有发生的事项请填 0。")
    if tag == TAG + "bool":
        return None, NOT_NUMBER.finding(path, line, f"{what}应为数字，实为布尔值「{shown}」。")
    if tag == TAG + "str":
        if node.style in ("'", '"'):
            hint = "数字不要加引号"
        elif unicodedata.normalize("NFKC", text) != text:
            hint = "请用半角数字（输入法切换到英文状态）"
        else:
            hint = "只能填写十进制数字"
        return None, NOT_NUMBER.finding(path, line, f"{what}应为数字，实为文字「{shown}」；{hint}。")
    pattern = _DECIMAL if column.kind == AMOUNT else _INT
    if tag not in (TAG + "int", TAG + "float") or not pattern.fullmatch(text):
        if column.kind != AMOUNT and tag == TAG + "float" and _DECIMAL.fullmatch(text):
            return None, NOT_INTEGER.finding(path, line, f"{what}是件数，应为整数，实为「{shown}」。")
        return None, NOT_NUMBER.finding(path, line, f"{what}应为十进制数字，实为「{shown}」。")
    digits = sum(c.isdigit() for c in text) if len(text) > MAX_DIGITS else 0
    if digits > MAX_DIGITS:
        return None, INPUT_LIMIT.finding(
            path, line, f"{what}的数字有 {digits} 位，超过上限 {MAX_DIGITS} 位，不可能是真实的件数或金额：「{shown}」。"
        )
    value: Number = Decimal(text) if column.kind == AMOUNT else int(text)
    if value < 0:
        return None, NEGATIVE.finding(path, line, f"{what}不能为负数，实为 {text}。")
    return value, None
