"""Large HTML blocks the macros make (the report tables), kept out of Markdown's way.

Python-Markdown reads a raw HTML block through its HTML parser and md_in_html
walks it again: for the three report tables that was most of a report page's
conversion time. A macro instead writes a placeholder paragraph and keeps the
HTML here; the sanitizing postprocessor (sanitize.py, the last step of every
page's conversion) puts it back before cleaning the page, so the block passes
the same allow-list as everything else.

Pages prepare writes (an organ's figures and charts, a year's table) are made in
another process, so their blocks are in the page's text: each on one line of its
own. ``sanitize.StashBlocks`` hands such a line to Markdown's stash as it is, which is what
Markdown's own HTML block step would do with it after scanning it tag by tag.

Placeholders carry a random token made per process: a page that writes one of
them itself can neither guess one nor stand in for a table; an unknown one stays
as the text it is.

No Markdown import here: the page check (pre-commit, PyYAML and Jinja2 only) imports this module.
"""

from __future__ import annotations

import itertools
import re
import secrets

_TOKEN = secrets.token_hex(16)
_PLACEHOLDER = re.compile(rf"<p>nianbao-block-{_TOKEN}-(\d+)</p>")
# Taken out when put back (each placeholder stands in one page): memory stays flat over a build.
_BLOCKS: dict[int, tuple[str, bool]] = {}
_NUMBERS = itertools.count(1)


def keep(html: str, clean: bool = False) -> str:
    """A paragraph standing for `html` in a page's Markdown, blank lines around it.

    `clean`: the block is already as the allow-list leaves it (a public table, sanitized once as a
    layout, tables.py): it goes back after the page is sanitized, not before.
    """
    number = next(_NUMBERS)
    _BLOCKS[number] = (html, clean)
    return f"\n\nnianbao-block-{_TOKEN}-{number}\n\n"


def restore(html: str, clean: bool = False) -> str:
    """The page's HTML with each placeholder of a block kept with this `clean` replaced by its block."""
    if f"nianbao-block-{_TOKEN}-" not in html:
        return html

    def block(match: re.Match[str]) -> str:
        number = int(match.group(1))
        kept = _BLOCKS.get(number)
        if kept is None or kept[1] != clean:
            return match.group(0)
        del _BLOCKS[number]
        return kept[0]

    return _PLACEHOLDER.sub(block, html)


def forget() -> None:
    """Drop the blocks of the build before (`mkdocs serve` rebuilds in one process)."""
    _BLOCKS.clear()


# One line that is one HTML block: it opens with a block tag and closes the same tag at its end.
_BLOCK_LINE = re.compile(r"<(div|dl|table|figure)[\s>].*</\1>\Z")


def one_block(line: str) -> bool:
    """Whether a line of a page is one whole HTML block (sanitize.StashBlocks stashes it)."""
    match = _BLOCK_LINE.match(line)
    if match is None:
        return False
    tag = match.group(1)
    return len(re.findall(rf"<{tag}[\s>]", line)) == line.count(f"</{tag}>")
