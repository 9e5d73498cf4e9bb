"""A page's front matter (the YAML between the two --- lines), held to a small schema.

MkDocs reads it with a plain YAML load before any check could object, and the
values land in every page's menu and <meta> tags; mkdocs-macros reads
``render_macros`` from it as an off switch. So it is read here first, the way
MkDocs finds it, bounded (no anchors or aliases, little nesting, a few KB),
and only the keys the site's pages use are allowed, with plain-text values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import yaml

from macros.check.catalogue import FRONT_MATTER
from macros.check.findings import Finding
from macros.check.yamlnodes import TAG

# As MkDocs finds front matter (mkdocs.utils.meta): YAML between --- lines, else
# MultiMarkdown-style "key: value" lines at the very top.
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_MULTIMARKDOWN = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")

MAX_BYTES = 4096
MAX_DEPTH = 3  # the page's mapping, search: {exclude: …}, hide: [...]
MAX_NODES = 64
# Markup and template characters: a title goes into every page's menu, a description into a <meta> attribute.
_NOT_PLAIN = re.compile(r"[<>&\"'`{}\\]|[\x00-\x1f\x7f]")
MAX_TEXT = 200
HIDE_CHOICES = ("navigation", "toc", "footer")
KEYS = {"title": "页面标题", "description": "页面简介", "search": "搜索设置", "hide": "隐藏的页面部分"}


@dataclass(frozen=True)
class Split:
    body: str  # what mkdocs-macros renders
    body_line: int  # the file's line the body starts at
    front: str | None  # the YAML text, None without front matter
    front_line: int = 2  # the file's line the YAML starts at


def split(text: str) -> Split:
    """The page as MkDocs splits it into front matter and body."""
    text = text.removeprefix("\ufeff")  # MkDocs reads utf-8-sig
    match = _YAML_BLOCK.match(text)
    if not match:
        return Split(text, 1, None)
    body = text[match.end() :].lstrip("\n")
    return Split(body, text[: len(text) - len(body)].count("\n") + 1, match.group(1))


def check_front_matter(path: str, text: str) -> Iterator[Finding]:
    parts = split(text)
    if parts.front is None:
        first = text.removeprefix("\ufeff").split("\n", 1)[0]
        if match := _MULTIMARKDOWN.match(first):
            yield FRONT_MATTER.finding(
                path,
                1,
                f"第一行「{match.group(1)}: …」会被 MkDocs 当作页面信息；"
                "页面信息只能写在开头两行 --- 之间，正文请从标题（# …）开始。",
            )
        return
    yield from _check_yaml(path, parts.front, parts.front_line - 1)


def _check_yaml(path: str, source: str, offset: int) -> Iterator[Finding]:
    if len(source.encode("utf-8")) > MAX_BYTES:
        yield FRONT_MATTER.finding(path, offset + 1, f"页面信息超过 {MAX_BYTES // 1024} KB；只需写标题和简介。")
        return
    problem = _bounded(source)
    if problem:
        line, message = problem
        yield FRONT_MATTER.finding(path, offset + line, message)
        return
    root = yaml.compose(source, Loader=_FAST or yaml.SafeLoader)  # safe now: no aliases, bounded size and depth
    if not isinstance(root, yaml.MappingNode):
        yield FRONT_MATTER.finding(path, offset + 1, "页面信息必须写成「键: 值」的形式，如 title: 2024 年报告。")
        return
    seen: set[str] = set()
    for key_node, value in root.value:
        line = offset + key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key in seen:
            yield FRONT_MATTER.finding(path, line, f"页面信息中「{key}」写了两次。")
            continue
        seen.add(str(key))
        if key in ("render_macros", "ignore_macros"):
            yield FRONT_MATTER.finding(
                path, line, f"页面信息中不允许写 {key}：它会关掉本页的宏，读者会看到未展开的 {{{{ … }}}}；请删去。"
            )
        elif key not in KEYS:
            yield FRONT_MATTER.finding(
                path, line, f"页面信息中不允许写「{key}」；只能写 {'、'.join(KEYS)}（{'、'.join(KEYS.values())}）。"
            )
        elif (wrong := _value_problem(str(key), value)) is not None:
            yield FRONT_MATTER.finding(path, offset + value.start_mark.line + 1, wrong)


# libyaml where installed (every supported install: PyYAML's wheels bundle it); its events carry the
# same lines. A page's front matter is read on every check, so this was a second's work on a region.
_FAST = getattr(yaml, "CSafeLoader", None)


def _bounded(source: str) -> tuple[int, str] | None:
    """(line, message) if the YAML is malformed, uses anchors/aliases/tags, or nests or grows too much."""
    if _FAST is not None:
        try:
            return _first_problem(source, _FAST)
        except yaml.YAMLError:
            pass  # told below in the Python parser's words, which the messages quote
    try:
        return _first_problem(source, yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) or exc
        return (mark.line + 1 if mark is not None else 1), f"页面信息不是合法的 YAML（{what}）。"


def _first_problem(source: str, loader: type) -> tuple[int, str] | None:
    depth = count = 0
    for event in yaml.parse(source, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return line, "页面信息中不允许使用 YAML 锚点和引用（& 和 *）。"
        if (tag := getattr(event, "tag", None)) is not None:  # only an explicit !tag sets it
            return line, f"页面信息中不允许使用 YAML 类型标记（{tag}）。"
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"页面信息嵌套超过 {MAX_DEPTH} 层；只需写标题和简介。"
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > MAX_NODES:
                return line, "页面信息的项目过多；只需写标题和简介。"
    return None


def _value_problem(key: str, node: yaml.Node) -> str | None:
    name = KEYS[key]
    if key in ("title", "description"):
        if not isinstance(node, yaml.ScalarNode) or node.tag != TAG + "str" or not node.value.strip():
            return f"{name}（{key}）必须是一行文字。"
        if len(node.value) > MAX_TEXT:
            return f"{name}（{key}）不能超过 {MAX_TEXT} 个字。"
        if bad := _NOT_PLAIN.search(node.value):
            char = bad.group(0) if bad.group(0).isprintable() else repr(bad.group(0))
            return f"{name}（{key}）只能是纯文字，不能含有网页标记或模板符号「{char}」。"
        return None
    if key == "search":
        items = node.value if isinstance(node, yaml.MappingNode) else None
        if items is None or len(items) != 1 or items[0][0].value != "exclude" or items[0][1].tag != TAG + "bool":
            return f"{name}（search）只能写成 search: {{exclude: true}}。"
        return None
    values = node.value if isinstance(node, yaml.SequenceNode) else None
    if values is None or any(not isinstance(v, yaml.ScalarNode) or v.value not in HIDE_CHOICES for v in values):
        return f"{name}（hide）只能是 {'、'.join(HIDE_CHOICES)} 组成的列表。"
    return None


def meta_problem(meta: Mapping[str, object]) -> str | None:
    """What is wrong with front matter as MkDocs parsed it (the build's second look, after the check)."""
    for key, value in meta.items():
        if key not in KEYS:
            return f"页面信息中不允许写「{key}」（只能写 {'、'.join(KEYS)}）。"
        if key in ("title", "description") and (not isinstance(value, str) or _NOT_PLAIN.search(value)):
            return f"{KEYS[key]}（{key}）只能是纯文字。"
    return None
