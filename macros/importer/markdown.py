"""Turning runs of formatted text (Word, web page) into Markdown, losing no character."""

from __future__ import annotations

import re

# Backslash-escaped: Markdown's inline syntax (a [ opens a link, so a pasted
# [x](javascript:…) stays text; a { an attribute list, so {: onclick=…} stays text).
_SPECIAL = re.compile(r"([\\`*_\[{])")
_RUNS = re.compile(r"[ \t\r\n\xa0]+")


def escape(text: str) -> str:
    """Text printed literally in Markdown (an asterisk in a report is not emphasis).

    < and & become entities: Python-Markdown passes raw HTML through, and a
    backslash does not escape < (\\<script> would still run).
    """
    return _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))


def bold(markdown: str) -> str:
    core = markdown.strip()
    if not core:
        return markdown
    lead = markdown[: len(markdown) - len(markdown.lstrip())]
    trail = markdown[len(markdown.rstrip()) :]
    return f"{lead}**{core}**{trail}"


def squeeze(text: str) -> str:
    """Whitespace as a browser shows it: runs become one space; indentation (全角空格) goes."""
    return _RUNS.sub(" ", text).strip(" \u3000")
