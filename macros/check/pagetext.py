"""Every page under docs/ is text: no script, no event handler, no javascript: link.

The site removes all of these when it builds (macros/site/sanitize.py); the
check tells the editor where they were written, file and line, so that what is
published is what was meant. Code (``` fences, `spans`) and comments are not
looked at: the editors' guide shows markup as examples there.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from macros.check.catalogue import PAGE_HTML
from macros.check.findings import Finding
from macros.check.frontmatter import split
from macros.check.paths import DOCS_DIR

# Elements that run or load something, or can pretend to be the site (forms).
_ACTIVE_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math|template"
    r"|noscript|input|button|textarea|select)\b",
    re.IGNORECASE,
)
# An on* attribute inside an HTML tag, or in an attribute list {: onclick=… }.
_HANDLER = re.compile(r"(?:<[a-z][^>]*?|(?<!\\)\{[^}\n]*?)[\s/\"'](on[a-z]+)\s*=", re.IGNORECASE)
# Where a page writes an address: Markdown links and images (not an escaped \\[), reference definitions.
_TARGETS = (
    re.compile(r"(?<!\\)\[(?:[^\[\]\\]|\\.)*\]\(\s*<?([^)>\s]*)"),
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+)"),
)
# ... and the address attributes of an HTML tag.
_TAG = re.compile(r"<[a-z][^>]*", re.IGNORECASE)
_ADDRESS = re.compile(
    r"\b(?:href|src|action|formaction|srcset|poster|data|xlink:href|background)\s*=\s*(\"[^\"]*|'[^']*|[^\s>]*)",
    re.IGNORECASE,
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Characters browsers drop from an address before reading its scheme (java\tscript:).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->|\{#.*?#\}", re.DOTALL)
# What each pattern below needs: a tag or comment (<), an attribute (=), a link ([).
_MARKUP = re.compile(r"[<=\[]")


def unsafe_scheme(address: str) -> str | None:
    """The scheme of an address the site would not link to (javascript:, data:, …), or None."""
    match = _SCHEME.match(_URL_NOISE.sub("", html.unescape(address)).lower())
    if match is None or match.group(1) in SAFE_SCHEMES:
        return None
    return match.group(1)


def _blank(match: re.Match[str]) -> str:
    """A comment or code span replaced by spaces, keeping its line breaks (and so the line numbers)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """(line number within body, text) of the lines a reader sees, code and comments blanked."""
    fenced = False
    for number, line in enumerate(_COMMENT.sub(_blank, body).split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, _CODE_SPAN.sub(_blank, line)


def check_page_text(path: str, text: str) -> Iterator[Finding]:
    """Scripts, event handlers, unsafe links and unclosed comments in a page's text (after its front matter)."""
    parts = split(text)
    body, offset = parts.body, parts.body_line - 1
    for number, line in _prose_lines(body):
        if not _MARKUP.search(line):
            continue  # nearly every line: plain text, which none of the patterns below can match
        where = number + offset
        if tag := _ACTIVE_TAG.search(line):
            yield PAGE_HTML.finding(
                path,
                where,
                f"正文中写了网页代码 <{tag.group(1).lower()}>；页面只能写文字，发布时这段代码会被删除。"
                "如要展示代码本身，请放在 ``` 代码块中。",
            )
        if "<!--" in line:  # closed comments are blanked already
            yield PAGE_HTML.finding(
                path, where, "HTML 注释“<!--”没有结束（缺少“-->”）：它之后的全部内容，包括更正记录，都不会显示。"
            )
        if handler := _HANDLER.search(line):
            yield PAGE_HTML.finding(
                path, where, f"正文中写了网页事件属性 {handler.group(1).lower()}=（点击、加载时运行脚本），不允许使用。"
            )
        addresses = [m.group(1) for pattern in _TARGETS for m in pattern.finditer(line)]
        addresses += [m.group(1).lstrip("\"'") for tag in _TAG.finditer(line) for m in _ADDRESS.finditer(tag.group(0))]
        # One finding per scheme and line, however often it is written there.
        for scheme in dict.fromkeys(s for s in map(unsafe_scheme, addresses) if s):
            yield PAGE_HTML.finding(
                path,
                where,
                f"链接地址以「{scheme}:」开头；链接只能指向 http(s)、mailto 或本站页面，发布时这个链接会被去掉。",
            )


# Files MkDocs copies from docs/ to the site as they are, and a browser runs when opened:
# only the site's own script may be one.
ACTIVE_FILES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".xml", ".xsl", ".xslt"})
OWN_FILES = frozenset(
    {
        f"{DOCS_DIR}/assets/nianbao.js",
        f"{DOCS_DIR}/assets/nianbao-form.js",
        f"{DOCS_DIR}/assets/nianbao-overview.js",
        f"{DOCS_DIR}/assets/nianbao-search.js",
    }
)


def active_files(root: Path) -> list[Finding]:
    """Web pages, SVG images and scripts under docs/: published byte for byte, never through the sanitizer."""
    return [
        PAGE_HTML.finding(
            path,
            1,
            f"docs/ 中的 {Path(path).suffix} 文件会原样发布，浏览器打开时会运行其中的脚本；"
            "报告只写 Markdown 页面，图片请用 PNG 或 JPEG。",
        )
        for path in sorted(p.relative_to(root).as_posix() for p in (root / DOCS_DIR).rglob("*") if p.is_file())
        if Path(path).suffix.lower() in ACTIVE_FILES and path not in OWN_FILES
    ]
