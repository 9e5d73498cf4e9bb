"""HTML of the official tables, with merged header cells, from checked data.

Every text printed comes from the format declaration or is a number; all of it
is escaped. Header cells are real ``<th>`` with ``scope`` so that screen readers
announce them; wide tables sit in a focusable box that scrolls on a phone.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from macros.check.load import Report
from macros.format.headers import spans
from macros.format.national import TABLE_2, TABLE_2_ROW_HEADER, TABLE_3, TABLE_4, TABLES_BY_NUMBER, Cell, Row, Table
from macros.format.numbers import format_number
from macros.site.draftview import FINDING_ID, Flag
from macros.site.search import ROW_WEIGHT, row_id


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


def _th(
    text: str, scope: str, rowspan: int = 1, colspan: int = 1, class_: str | None = None, id_: str | None = None
) -> str:
    inner = escape(text)
    if scope == "colgroup":
        # A group's label stays in view while its columns scroll sideways under it (a phone).
        inner = f'<span class="nb-stick">{inner}</span>'
    # A row's own label has an id and a search weight: a search for it lands on the row (site/search.py).
    weight = ROW_WEIGHT if id_ else None
    attrs = _attrs(id=id_, scope=scope, rowspan=rowspan, colspan=colspan, class_=class_, data_pagefind_weight=weight)
    return f"<th{attrs}>{inner}</th>"


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


def _row_label_cells(table: Table, rows: tuple[Row, ...]) -> list[str]:
    """The label cells of each body row: merged group cells, then its own label (with the row's id)."""
    merged = spans([r.groups + (r.label,) for r in rows])
    out = []
    for index in range(len(rows)):
        cells = []
        for span in sorted((s for s in merged if s.index == index), key=lambda s: s.level):
            # The label columns stay in view while the figures scroll (a phone): each level is
            # frozen at its own offset from the left, so the CSS needs the level it starts at.
            level = f"nb-label nb-label-{span.level}"
            if span.leaf:
                cells.append(
                    _th(span.text, "row", colspan=span.depth, class_=level, id_=row_id(table.key, rows[index].key))
                )
            else:
                cells.append(_th(span.text, "rowgroup", rowspan=span.breadth, class_=f"nb-group {level}"))
        out.append("".join(cells))
    return out


Flags = dict[Cell, Flag]  # a draft's cells with errors (a preview); empty otherwise


# A figure's place in a table's layout (see _layout): letters and digits only, so it passes the allow-list as is.
_SLOT = f"nbslot{secrets.token_hex(8)}"
_SLOTS = re.compile(rf"{_SLOT}(\d+){_SLOT}")


@dataclass
class _Layout:
    """Stands in for a report while a table's layout is made: each figure's place is marked, in order."""

    cells: list[Cell] = field(default_factory=list)

    def slot(self, cell: Cell) -> str:
        self.cells.append(cell)
        return f"{_SLOT}{len(self.cells) - 1}{_SLOT}"


def _value_cell(report: Report | _Layout, cell: Cell, flags: Flags, **attrs: object) -> str:
    """One figure's <td>; `attrs` (colspan, headers) place it in a table's layout."""
    if isinstance(report, _Layout):
        return f"<td{_attrs(class_='nb-num', **attrs)}>{report.slot(cell)}</td>"
    value = report.values.get(cell)
    flag = flags.get(cell)
    if flag is None:
        # The public build refuses data with errors, so a missing value here is a bug.
        if value is None:
            raise ValueError(f"{report.path}: {cell.label()} 没有通过检查的数值，不能渲染。")
        return f"<td{_attrs(class_='nb-num', **attrs)}>{format_number(value)}</td>"
    # A draft's cell with an error: marked, with its rules named, and described by its findings above.
    classes = ["nb-num", "nb-flagged"] + (["nb-blank"] if flag.blank else [])
    classes += [f"nb-rule-{rule}" for rule in flag.rules]
    shown = format_number(value) if value is not None else ("未填写" if flag.blank else "有误")
    described = " ".join(FINDING_ID.format(i) for i in flag.numbers) or None
    title = "\n".join(flag.titles) or f"{cell.label()}未填写"
    marker = '<span class="nb-flag" aria-hidden="true">⚠</span>'
    marked = _attrs(class_=" ".join(classes), title=title, aria_describedby=described, **attrs)
    return f"<td{marked}>{escape(shown)}{marker}</td>"


def _wrap(table: Table, body: str, extra_class: str) -> str:
    label = table.caption
    return (
        f'<div class="nb-table-box {extra_class}-box" role="region" aria-label="{escape(label)}" tabindex="0">'
        f'<table class="nb-table {extra_class}">{body}</table></div>'
    )


def _sr_caption(table: Table) -> str:
    return f'<caption class="nb-sr-only">{table.name} {escape(table.title)}</caption>'


# Ids of table 二's header cells, for the `headers` of its figures (one table 二 per page).
_T2_ID = "nb-t2-{}"


def _column_spans(count: int, width: int) -> list[int]:
    """How `count` columns of a part share the table's `width` figure columns (the last takes the rest)."""
    share = width // count
    return [share] * (count - 1) + [width - share * (count - 1)]


def render_table_2(report: Report | _Layout, flags: Flags | None = None) -> str:
    """Table 二 as the format prints it: one table, each 第二十条 part a row group with its own header row.

    The parts have one or three figure columns; all share the widest part's
    columns (a one-column part's figures span them). Scopes alone would give a
    figure the column headers of the parts above it, so every figure names its
    headers (part, row, column) with `headers`.
    """
    flags = flags or {}
    width = max(len(grid.columns) for grid in TABLE_2.grids)
    groups = []
    for grid in TABLE_2.grids:
        part = _T2_ID.format(grid.key)
        head = _T2_ID.format(f"{grid.key}-head")
        column_ids = [_T2_ID.format(f"{grid.key}-{c.key}") for c in grid.columns]
        colspans = _column_spans(len(grid.columns), width)
        rows = [
            f'<tr class="nb-part-head"><th{_attrs(scope="rowgroup", colspan=width + 1, id=part)}>'
            f"{escape(grid.caption)}</th></tr>",
            '<tr class="nb-col-head">'
            + f"<th{_attrs(scope='col', id=head, headers=part)}>{escape(TABLE_2_ROW_HEADER)}</th>"
            + "".join(
                f"<th{_attrs(scope='col', colspan=span, id=ident, headers=part)}>{escape(c.label)}</th>"
                for c, span, ident in zip(grid.columns, colspans, column_ids, strict=True)
            )
            + "</tr>",
        ]
        for row in grid.rows:
            # The row's id is the search's anchor too (site/search.py), and its figures name it in `headers`.
            label_id = row_id(TABLE_2.key, row.key)
            cells = "".join(
                _value_cell(
                    report,
                    Cell(TABLE_2.key, row.key, c.key),
                    flags,
                    colspan=span,
                    headers=f"{part} {label_id} {ident}",
                )
                for c, span, ident in zip(grid.columns, colspans, column_ids, strict=True)
            )
            attrs = _attrs(scope="row", id=label_id, headers=f"{part} {head}", data_pagefind_weight=ROW_WEIGHT)
            label = f"<th{attrs}>{escape(row.label)}</th>"
            rows.append(f"<tr>{label}{cells}</tr>")
        groups.append(f'<tbody class="nb-part">{"".join(rows)}</tbody>')
    return _wrap(TABLE_2, _sr_caption(TABLE_2) + "".join(groups), "nb-table-2")


def render_table_3(report: Report | _Layout, flags: Flags | None = None) -> str:
    flags = flags or {}
    grid = TABLE_3.grids[0]
    label_depth = max(len(r.groups) for r in grid.rows) + 1
    labels = _row_label_cells(TABLE_3, grid.rows)
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


def render_table_4(report: Report | _Layout, flags: Flags | None = None) -> str:
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


@lru_cache(maxsize=2 * len(RENDERERS))
def _layout(number: str, clean: bool) -> tuple[tuple[str, ...], tuple[Cell, ...]]:
    """A table's HTML around its figures (len(cells) + 1 pieces) and the cells in between, made once.

    `clean`: the HTML through the allow-list (sanitize.py). A figure is digits, a sign and a point,
    which the allow-list leaves as they are, so the filled layout is what sanitizing each table gives.
    """
    from macros.site.sanitize import sanitize  # here: the page check imports this module without nh3 or Markdown

    layout = _Layout()
    html = RENDERERS[number](layout, None)
    pieces = _SLOTS.split(sanitize(html) if clean else html)
    assert [int(i) for i in pieces[1::2]] == list(range(len(layout.cells)))
    return tuple(pieces[::2]), tuple(layout.cells)


def render_table(number: str, report: Report, flags: dict[Cell, Flag] | None = None, *, clean: bool = False) -> str:
    """The table's HTML; with `flags` (a draft in a preview), cells with errors marked and blanks shown as such.

    `clean` (no flags): as the allow-list leaves it, so the page's sanitizer need not read it again.
    The layout is made once per table; a report fills in its figures.
    """
    if number not in TABLES_BY_NUMBER:
        raise KeyError(f"没有表「{number}」；可用的表为：{'、'.join(TABLES_BY_NUMBER)}。")
    if flags:
        if clean:
            raise ValueError("a draft's marked table is sanitized with its page")
        return RENDERERS[number](report, flags)
    pieces, cells = _layout(number, clean)
    out = [pieces[0]]
    for cell, piece in zip(cells, pieces[1:], strict=True):
        value = report.values.get(cell)
        if value is None:  # the public build refuses data with errors, so this is a bug
            raise ValueError(f"{report.path}: {cell.label()} 没有通过检查的数值，不能渲染。")
        out += [format_number(value), piece]
    return "".join(out)
