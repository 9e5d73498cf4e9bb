"""Where a project's files live, and which report a path belongs to.

Layout (relative to the project root):

    data/organs.yaml                   the organ registry
    data/reports/<organ>/<year>.yaml   one report's numbers
    docs/<organ>/<year>.md             the same report's page
"""

from __future__ import annotations

import re
from pathlib import Path

from macros.format.national import YEAR_PATTERN

ORGANS_FILE = "data/organs.yaml"
REPORTS_DIR = "data/reports"
DOCS_DIR = "docs"
_YEAR = re.compile(YEAR_PATTERN)

ReportKey = tuple[str, int]  # (organ slug, year)


def data_path(organ: str, year: int) -> str:
    return f"{REPORTS_DIR}/{organ}/{year}.yaml"


def page_path(organ: str, year: int) -> str:
    return f"{DOCS_DIR}/{organ}/{year}.md"


def report_key_of_page(src_path: str) -> ReportKey | None:
    """(organ, year) for a page path relative to docs/, e.g. 'xiping/2024.md'."""
    parts = Path(src_path).parts
    if len(parts) == 2 and parts[1].endswith(".md") and _YEAR.fullmatch(parts[1][:-3]):
        return parts[0], int(parts[1][:-3])
    return None


def report_key_of_path(relpath: str) -> ReportKey | None:
    """(organ, year) for a report's data file or page, relative to the project root."""
    parts = Path(relpath).parts
    if len(parts) == 4 and parts[:2] == tuple(REPORTS_DIR.split("/")) and parts[3].endswith(".yaml"):
        year = parts[3][: -len(".yaml")]
        return (parts[2], int(year)) if _YEAR.fullmatch(year) else None
    if len(parts) == 3 and parts[0] == DOCS_DIR:
        return report_key_of_page("/".join(parts[1:]))
    return None


def scan(root: Path, base: str, suffix: str) -> list[ReportKey]:
    keys = []
    for path in sorted((root / base).glob(f"*/*{suffix}")):
        if _YEAR.fullmatch(path.name[: -len(suffix)]):
            keys.append((path.parent.name, int(path.name[: -len(suffix)])))
    return keys
