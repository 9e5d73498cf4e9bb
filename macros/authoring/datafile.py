"""Writing a report's data file: one line per table row, labels in comments.

The scaffold (blank values) and the importer both write through here, so every
data file has the same shape as the format declaration.
"""

from __future__ import annotations

import yaml

from macros.format.national import DRAFT, STATUSES, TABLES, Cell, report_title
from macros.format.numbers import Number, format_number

SCHEMA_PATH = "schema/report.schema.json"
# The comment above the status line: what the statuses mean, where publishing happens.
STATUS_COMMENT = f"# 发布状态：{' / '.join(STATUSES)}。草稿只在预览中可见；发布由 python -m macros publish 完成。"
# The same schema as a data file names it: data/reports/<organ>/<year>.yaml is three levels down.
SCHEMA_REF = "../../../" + SCHEMA_PATH


def data_header(organ_name: str, year: int, imported_from: str = "") -> str:
    """The first comment of a report's data file: the report's title, and the file it was imported from."""
    origin = f"（由 {imported_from} 导入）" if imported_from else ""
    return f"{report_title(organ_name, year)}：表二、三、四的数据{origin}。"


def _value(values: dict[Cell, Number] | None, cell: Cell) -> str:
    # A blank stays blank (null), never 0: the check then reports 「未填写」.
    if values is None or cell not in values:
        return "null"
    return format_number(values[cell])


# One line of a data file's layout: a text as is, or a table row (text before
# its values, the cells in order, the label of its comment).
LayoutRow = tuple[str, tuple[Cell, ...], str]
# Blocks of lines; the comments of a block's rows line up.
Layout = list[list[str | LayoutRow]]


def report_layout(header: str = "", schema: str | None = SCHEMA_REF) -> Layout:
    """The lines of a report's data file without its values: what dump_report fills in.

    The 填报 page fills in the same layout (site/form.py hands it over), so the
    file it makes is the file this module writes.
    """
    lines: list[str | LayoutRow] = []
    if schema:
        lines.append(f"# yaml-language-server: $schema={schema}")
    lines += [f"# {text}" for text in header.splitlines()]
    # A new file is a draft: only `python -m macros publish` makes a report public.
    lines += ["", STATUS_COMMENT, f"status: {DRAFT}"]
    layout: Layout = [lines]
    for table in TABLES:
        block: list[str | LayoutRow] = ["", f"# {table.number}、{table.title}", f"{table.key}:"]
        key_width = max(len(r.key) for r in table.rows) + 1
        for grid in table.grids:
            note = f"{grid.caption}：" if grid.caption else "每行数值依次为："
            block.append(f"  # {note}{'、'.join(c.label for c in grid.columns)}")
            for row in grid.rows:
                row_cells = tuple(Cell(table.key, row.key, c.key) for c in grid.columns)
                block.append((f"  {row.key + ':':<{key_width}} ", row_cells, " / ".join(row.groups + (row.label,))))
        layout.append(block)
    return layout


def render_layout(layout: Layout, values: dict[Cell, Number] | None) -> str:
    lines: list[str] = []
    for block in layout:
        rows: list[tuple[str, str | None]] = []  # line, label (None: a text)
        for line in block:
            if isinstance(line, str):
                rows.append((line, None))
                continue
            prefix, row_cells, label = line
            items = [_value(values, cell) for cell in row_cells]
            rows.append((prefix + (items[0] if len(items) == 1 else "[" + ", ".join(items) + "]"), label))
        width = max((len(text) for text, label in rows if label is not None), default=0)
        lines += [text if label is None else f"{text:<{width}}  # {label}" for text, label in rows]
    return "\n".join(lines).lstrip("\n") + "\n"


def dump_report(values: dict[Cell, Number] | None = None, *, header: str = "", schema: str | None = SCHEMA_REF) -> str:
    """The YAML text of a report; cells absent from `values` are written as null.

    The first line names the JSON Schema so that editors' tools autocomplete
    keys and flag wrong types; `header` may have several lines of comment.
    """
    return render_layout(report_layout(header, schema), values)


def quoted(text: str) -> str:
    """`text` as a double-quoted YAML scalar on one line.

    An editor's words (a correction's reason) may hold `: `, ` #`, quotes or a
    leading `-`, any of which breaks or cuts a plain scalar; characters YAML may
    not hold raw (DEL, C1 controls) are escaped.
    """
    return yaml.dump(text, allow_unicode=True, default_style='"', width=float("inf")).rstrip("\n")
