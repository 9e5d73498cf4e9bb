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

from macros.check.catalogue import BLANK, DUPLICATE_KEY, NEGATIVE, NOT_INTEGER, NOT_NUMBER, WRONG_SHAPE, YAML_SYNTAX
from macros.check.findings import Finding
from macros.format.national import AMOUNT, Column
from macros.format.numbers import Number

_INT = re.compile(r"-?(0|[1-9][0-9]*)")


_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


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


def compose(path: str, text: str) -> tuple[yaml.Node | None, list[Finding]]:
    """Parse YAML into nodes; a syntax error becomes a finding with its line."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER), []
        except yaml.YAMLError:
            pass  # reported below by the Python parser, whose messages and lines the tests pin
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "无法解析"
        return None, [YAML_SYNTAX.finding(path, line, f"YAML 语法错误：{problem}。")]
    except yaml.YAMLError as exc:  # e.g. a reader error on invalid characters
        return None, [YAML_SYNTAX.finding(path, 1, f"YAML 无法读取：{exc}。")]


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
                    f"{where}的键「{key}」重复出现（第 {seen[key]} 行已有）；"
                    "重复的键会使其中一个值丢失，请删除或合并。",
                )
            )
            continue
        seen[key] = line_of(key_node)
        yield key, key_node, value_node


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "映射"
    if isinstance(node, yaml.SequenceNode):
        return "列表"
    if node.tag == TAG + "null":
        return "空值"
    return f"「{node.value}」"


def parse_value(node: yaml.Node, column: Column, what: str, path: str) -> tuple[Number | None, Finding | None]:
    """Convert one cell. Returns the value or the finding that rejects it."""
    line = line_of(node)
    if not isinstance(node, yaml.ScalarNode):
        return None, NOT_NUMBER.finding(path, line, f"{what}应为一个数字，实为{describe(node)}。")
    tag, text = node.tag, node.value.strip()
    if tag == TAG + "null":
        return None, BLANK.finding(path, line, f"{what}未填写；没有发生的事项请填 0。")
    if tag == TAG + "bool":
        return None, NOT_NUMBER.finding(path, line, f"{what}应为数字，实为布尔值「{text}」。")
    if tag == TAG + "str":
        if node.style in ("'", '"'):
            hint = "数字不要加引号"
        elif unicodedata.normalize("NFKC", text) != text:
            hint = "请用半角数字（输入法切换到英文状态）"
        else:
            hint = "只能填写十进制数字"
        return None, NOT_NUMBER.finding(path, line, f"{what}应为数字，实为文字「{text}」；{hint}。")
    pattern = _DECIMAL if column.kind == AMOUNT else _INT
    if tag not in (TAG + "int", TAG + "float") or not pattern.fullmatch(text):
        if column.kind != AMOUNT and tag == TAG + "float" and _DECIMAL.fullmatch(text):
            return None, NOT_INTEGER.finding(path, line, f"{what}是件数，应为整数，实为「{text}」。")
        return None, NOT_NUMBER.finding(path, line, f"{what}应为十进制数字，实为「{text}」。")
    value: Number = Decimal(text) if column.kind == AMOUNT else int(text)
    if value < 0:
        return None, NEGATIVE.finding(path, line, f"{what}不能为负数，实为 {text}。")
    return value, None
