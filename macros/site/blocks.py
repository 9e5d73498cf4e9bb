"""Large HTML blocks the macros make (the report tables), kept out of Markdown's way.

Python-Markdown reads a raw HTML block through its HTML parser and md_in_html
walks it again: for the three report tables that was most of a report page's
conversion time. A macro instead writes a placeholder paragraph and keeps the
HTML here; the sanitizing postprocessor (sanitize.py, the last step of every
page's conversion) puts it back before cleaning the page, so the block passes
the same allow-list as everything else.

Placeholders carry a random token made per process: a page that writes one of
them itself can neither guess one nor stand in for a table; an unknown one stays
as the text it is.
"""

from __future__ import annotations

import itertools
import re
import secrets

_TOKEN = secrets.token_hex(16)
_PLACEHOLDER = re.compile(rf"<p>nianbao-block-{_TOKEN}-(\d+)</p>")
# Taken out when put back (each placeholder stands in one page): memory stays flat over a build.
_BLOCKS: dict[int, str] = {}
_NUMBERS = itertools.count(1)


def keep(html: str) -> str:
    """A paragraph standing for `html` in a page's Markdown, blank lines around it."""
    number = next(_NUMBERS)
    _BLOCKS[number] = html
    return f"\n\nnianbao-block-{_TOKEN}-{number}\n\n"


def restore(html: str) -> str:
    """The page's HTML with each placeholder replaced by its block."""
    if f"nianbao-block-{_TOKEN}-" not in html:
        return html
    return _PLACEHOLDER.sub(lambda m: _BLOCKS.pop(int(m.group(1)), m.group(0)), html)


def forget() -> None:
    """Drop the blocks of the build before (`mkdocs serve` rebuilds in one process)."""
    _BLOCKS.clear()
