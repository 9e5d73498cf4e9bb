"""Pieces every overview page shares: its front matter, and what its columns mean."""

from __future__ import annotations

import json
from html import escape

from macros.overview.figures import KEY_FIGURES, RATIOS
from macros.site.markup import plain


def front_matter(title: str, description: str) -> str:
    # JSON strings are YAML strings: no organ's name can break the front matter.
    return (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"description: {json.dumps(description, ensure_ascii=False)}\n---\n\n"
    )


def scroll_box(label: str, table: str) -> str:
    """A wide table in its own box that scrolls sideways (a phone), reachable and named for the keyboard."""
    return f'<div class="nb-scroll" tabindex="0" role="region" aria-label="{escape(label)}">{table}</div>'


def definitions() -> str:
    """A collapsible list: the official cells of each key figure, and each ratio's definition (Markdown)."""
    lines = ['??? info "各项目的含义"', ""]
    lines += [f"    - {plain(kf.short)}：{plain(kf.figure.label)}" for kf in KEY_FIGURES]
    lines += [f"    - {plain(r.label)}：{plain(r.definition)}；只在分母不少于 {r.minimum} 件时计算" for r in RATIOS]
    return "\n".join(lines)
