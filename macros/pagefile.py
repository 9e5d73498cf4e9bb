"""Writing a report's Markdown page in the one shape every report page has.

Front matter (title, description), the title macro, the check summary, the six
part headings of the format in order, and the table macros in parts 二, 三 and
四. The importer writes pages through here; a scaffold for a new report can
too, so that every page looks the same.
"""

from __future__ import annotations

from collections.abc import Mapping

from .format import PARTS, TABLES_BY_NUMBER, report_title


def dump_page(organ_name: str, year: int, bodies: Mapping[str, str] | None = None, lead: str = "") -> str:
    """The Markdown text of a report page.

    `bodies` maps a part number (一 … 六) to its Markdown; in parts 二 to 四 the
    body goes above the table macro. `lead` is text before part 一 (many reports
    open with an untitled paragraph on the legal basis and the period).
    """
    bodies = bodies or {}
    out = [
        "---",
        f"title: {year} 年报告",
        f"description: {report_title(organ_name, year)}",
        "---",
        "",
        "# {{ full_title() }}",
        "",
        "{{ check_summary() }}",
        "",
    ]
    if lead.strip():
        out += [lead.strip(), ""]
    for number, title in PARTS:
        out += [f"## {number}、{title}", ""]
        body = bodies.get(number, "").strip()
        if body:
            out += [body, ""]
        if number in TABLES_BY_NUMBER:
            out += [f'{{{{ table("{number}") }}}}', ""]
    return "\n".join(out).rstrip("\n") + "\n"
