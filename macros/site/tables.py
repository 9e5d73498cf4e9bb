"""HTML of the official tables, with merged header cells, from checked data.

Every text printed comes from the format declaration or is a number; all of it
is escaped. Header cells are real ``<th>`` with ``scope`` so that screen readers
announce them; wide tables sit in a focusable box that scrolls on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from macros.check.load import Report
from macros.format.headers import spans
from macros.format.national import TABLE_2, TABLE_2_ROW_HEADER, TABLE_3, TABLE_4, TABLES_BY_NUMBER, Cell, Row, Table
from macros.format.numbers import format_number
from macros.site.draftview import FINDING_ID, Flag


@dataclass(frozen=True)
class _Head:
    """A printed column: its label and the header groups above it."""

    label: str
    groups: tuple[str, ...]


def _attrs(**attrs: object) -> str:
    out = []
    for name, value in attrs.items():
        if value in (None, 1) and name in ("rowspan", "colspan"):
            continue
        if value is None:
            continue
        out.append(f' {name.rstrip("_").replace("_", "-")}="{escape(str(value))}"')
    return "".join(out)


def _th(text: str, scope: str, rowspan: int = 1, colspan: int = 1, class_: str | None = None) -> str:
    return f"<th{_attrs(scope=scope, rowspan=rowspan, colspan=colspan, class_=class_)}>{escape(text)}</th>"


def _header_rows(heads: list[_Head], corner: str = "") -> list[str]:
    """Header rows for columns with nested groups; `corner` fills the left cells."""
    merged = spans([h.groups + (h.label,) for h in heads])
    depth = max(s.level + s.depth for s in merged)
    rows: list[str] = []
    for level in range(depth):
        cells = [corner] if level == 0 and corner else []
        for span in (s for s in merged if s.level == level):
            if span.leaf:
                cells.append(_th(span.text, "col", rowspan=span.depth))
            else:
                cells.append(_th(span.text, "colgroup", colspan=span.breadth))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return rows


def _row_label_cells(rows: tuple[Row, ...]) -> list[str]:
    """The label cells of each body row: merged group cells, then its own label."""
    merged = spans([r.groups + (r.label,) for r in rows])
    out = []
    for index in range(len(rows)):
        cells = []
        for span in sorted((s for s in merged if s.index == index), key=lambda s: s.level):
            if span.leaf:
                cells.append(_th(span.text, "row", colspan=span.depth))
            else:
                cells.append(_th(span.text, "rowgroup", rowspan=span.breadth, class_="nb-group"))
        out.append("".join(cells))
    return out


Flags = dict[Cell, Flag]  # a draft's cells with errors (a preview); empty otherwise


def _value_cell(report: Report, cell: Cell, flags: Flags) -> str:
    value = report.values.get(cell)
    flag = flags.get(cell)
    if flag is None:
        # The public build refuses data with errors, so a missing value here is a bug.
        if value is None:
            raise ValueError(f"{report.path}: {cell.label()} 没有通过检查的数值，不能渲染。")
        return f'<td class="nb-num">{format_number(value)}</td>'
    # A draft's cell with an error: marked, with its rules named, and described by its findings above.
    classes = ["nb-num", "nb-flagged"] + (["nb-blank"] if flag.blank else [])
    classes += [f"nb-rule-{rule}" for rule in flag.rules]
    shown = format_number(value) if value is not None else ("未填写" if flag.blank else "有误")
    described = " ".join(FINDING_ID.format(i) for i in flag.numbers) or None
    title = "\n".join(flag.titles) or f"{cell.label()}未填写"
    marker = '<span class="nb-flag" aria-hidden="true">⚠</span>'
    attrs = _attrs(class_=" ".join(classes), title=title, aria_describedby=described)
    return f"<td{attrs}>{escape(shown)}{marker}</td>"


def _wrap(table: Table, body: str, extra_class: str) -> str:
    label = table.caption
    return (
        f'<div class="nb-table-box" role="region" aria-label="{escape(label)}" tabindex="0">'
        f'<table class="nb-table {extra_class}">{body}</table></div>'
    )


def _sr_caption(table: Table) -> str:
    return f'<caption class="nb-sr-only">{table.name} {escape(table.title)}</caption>'


def render_table_2(report: Report, flags: Flags | None = None) -> str:
    flags = flags or {}
    parts = []
    for grid in TABLE_2.grids:
        head = "".join(_th(c.label, "col") for c in grid.columns)
        body = "".join(
            "<tr>"
            + _th(row.label, "row")
            + "".join(_value_cell(report, Cell(TABLE_2.key, row.key, c.key), flags) for c in grid.columns)
            + "</tr>"
            for row in grid.rows
        )
        parts.append(
            f'<table class="nb-table nb-table-2">'
            f"<caption>{escape(grid.caption)}</caption>"
            f"<thead><tr>{_th(TABLE_2_ROW_HEADER, 'col')}{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
    label = f"{TABLE_2.caption}"
    return (
        f'<div class="nb-table-box nb-table-2-box" role="region" aria-label="{escape(label)}" tabindex="0">'
        + "".join(parts)
        + "</div>"
    )


def render_table_3(report: Report, flags: Flags | None = None) -> str:
    flags = flags or {}
    grid = TABLE_3.grids[0]
    label_depth = max(len(r.groups) for r in grid.rows) + 1
    labels = _row_label_cells(grid.rows)
    heads = [_Head(c.label, c.groups) for c in grid.columns]
    header_depth = max(len(h.groups) for h in heads) + 1
    corner = f'<td class="nb-note"{_attrs(rowspan=header_depth, colspan=label_depth)}>{escape(TABLE_3.note)}</td>'
    body = "".join(
        "<tr>"
        + labels[i]
        + "".join(_value_cell(report, Cell(TABLE_3.key, row.key, c.key), flags) for c in grid.columns)
        + "</tr>"
        for i, row in enumerate(grid.rows)
    )
    head = "".join(_header_rows(heads, corner))
    return _wrap(TABLE_3, f"{_sr_caption(TABLE_3)}<thead>{head}</thead><tbody>{body}</tbody>", "nb-table-3")


def render_table_4(report: Report, flags: Flags | None = None) -> str:
    flags = flags or {}
    grid = TABLE_4.grids[0]
    # The official layout prints the three blocks side by side in one row.
    heads: list[_Head] = []
    cells: list[Cell] = []
    for row in grid.rows:
        for column in grid.columns:
            heads.append(_Head(column.label, row.groups + (row.label,)))
            cells.append(Cell(TABLE_4.key, row.key, column.key))
    head = "".join(_header_rows(heads))
    body = "<tr>" + "".join(_value_cell(report, cell, flags) for cell in cells) + "</tr>"
    return _wrap(TABLE_4, f"{_sr_caption(TABLE_4)}<thead>{head}</thead><tbody>{body}</tbody>", "nb-table-4")


RENDERERS = {"二": render_table_2, "三": render_table_3, "四": render_table_4}


def render_table(number: str, report: Report, flags: dict[Cell, Flag] | None = None) -> str:
    """The table's HTML; with `flags` (a draft in a preview), cells with errors marked and blanks shown as such."""
    if number not in TABLES_BY_NUMBER:
        raise KeyError(f"没有表「{number}」；可用的表为：{'、'.join(TABLES_BY_NUMBER)}。")
    return RENDERERS[number](report, flags)
