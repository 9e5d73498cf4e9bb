"""The key figures an overview shows of a report, and the ratios evaluators compute from them, declared once.

Each key figure is a sum of cells named by the format's keys (so the labels and
the cells come from format/national.py); a ratio is a quotient of key figures
shown only where its denominator reaches a minimum.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from macros.format.figures import FIGURES, Figure, figure_value
from macros.format.national import TABLE_2, TABLE_3, TABLE_4, Cell, Table
from macros.format.numbers import Number, format_number

_T2, _T3, _T4 = TABLE_2.key, TABLE_3.key, TABLE_4.key
_TOTAL = "total"


@dataclass(frozen=True)
class KeyFigure:
    """One figure of the overviews: a short column head, and the cells it adds up (with their official labels)."""

    name: str
    short: str  # the column head: the format's own words, without their numbering
    figure: Figure  # the cells, and their official labels (figure.label)
    chart: bool = False  # drawn over the years on an organ's page


def _row_label(table: Table, row: str) -> str:
    return table.row(row).label


def _bare(label: str) -> str:
    """A label without its numbering and its note: （二）部分公开（区分处理的…） → 部分公开."""
    for mark in ("、", "）"):
        head, found, rest = label.partition(mark)
        if found and len(head) <= 4:
            label = rest
            break
    return label.split("（")[0]


def _group(row: str) -> tuple[str, tuple[Cell, ...]]:
    """The group a result row of table 三 belongs to （三）不予公开 …, and the 总计 cells of all its rows."""
    group = TABLE_3.row(row).groups[-1]
    rows = [r.key for r in TABLE_3.rows if r.groups and r.groups[-1] == group]
    return group, tuple(Cell(_T3, r, _TOTAL) for r in rows)


def _cell_figure(name: str, table: Table, row: str, column: str) -> Figure:
    cell = Cell(table.key, row, column)
    return Figure(name, cell.label(), (cell,))


def _t3_figure(row: str) -> Figure:
    return _cell_figure(row, TABLE_3, row, _TOTAL)


def _group_figure(name: str, row: str) -> tuple[str, Figure]:
    group, cells = _group(row)
    return group, Figure(name, f"{TABLE_3.name}「{group}」下各行「总计」之和", cells)


_REFUSED_GROUP, _REFUSED = _group_figure("refused", "refused_secret")
_UNABLE_GROUP, _UNABLE = _group_figure("unable", "unable_not_held")
_IGNORED_GROUP, _IGNORED = _group_figure("ignored", "ignored_petition")
_CORRECTED = "corrected"
_REVIEW, _DIRECT, _AFTER = "review", "direct", "after_review"
_LITIGATION = TABLE_4.row(_DIRECT).groups[-1]  # 行政诉讼
_CORRECTED_LABEL = next(c.label for c in TABLE_4.grids[0].columns if c.key == _CORRECTED)  # 结果纠正

# In the order the overviews print them: applications and their results, appeals, then table 二.
KEY_FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure("new_requests", "新收申请", FIGURES["new_requests"], chart=True),
    KeyFigure("disclosed", _bare(_row_label(TABLE_3, "disclosed")), _t3_figure("disclosed")),
    KeyFigure("partial", _bare(_row_label(TABLE_3, "partial")), _t3_figure("partial")),
    KeyFigure("refused", _bare(_REFUSED_GROUP), _REFUSED),
    KeyFigure("unable", _bare(_UNABLE_GROUP), _UNABLE),
    KeyFigure("ignored", _bare(_IGNORED_GROUP), _IGNORED),
    KeyFigure("results_total", "办理结果总计", FIGURES["results_total"]),
    KeyFigure("review_total", _row_label(TABLE_4, _REVIEW), FIGURES["review_total"], chart=True),
    KeyFigure(
        "review_corrected",
        f"{_row_label(TABLE_4, _REVIEW)}{_CORRECTED_LABEL}",
        _cell_figure("review_corrected", TABLE_4, _REVIEW, _CORRECTED),
    ),
    KeyFigure("litigation_total", _LITIGATION, FIGURES["litigation_total"], chart=True),
    KeyFigure(
        "litigation_corrected",
        f"{_LITIGATION}{_CORRECTED_LABEL}",
        Figure(
            "litigation_corrected",
            f"{TABLE_4.name}「{_LITIGATION}」两项「{_CORRECTED_LABEL}」之和"
            f"（{_row_label(TABLE_4, _DIRECT)} + {_row_label(TABLE_4, _AFTER)}）",
            (Cell(_T4, _DIRECT, _CORRECTED), Cell(_T4, _AFTER, _CORRECTED)),
        ),
    ),
    KeyFigure("penalty", _row_label(TABLE_2, "penalty"), FIGURES["penalty_total"], chart=True),
    KeyFigure("licensing", _row_label(TABLE_2, "licensing"), FIGURES["licensing_total"], chart=True),
    KeyFigure("coercion", _row_label(TABLE_2, "coercion"), FIGURES["coercion_total"]),
)
KEY_FIGURES_BY_NAME: dict[str, KeyFigure] = {f.name: f for f in KEY_FIGURES}


@dataclass(frozen=True)
class Ratio:
    """A quotient evaluators use, shown as a percentage beside its counts."""

    name: str
    label: str
    numerator: tuple[str, ...]  # key figures added up
    denominator: str  # a key figure
    # Below this denominator the ratio is not shown. 1: a ratio of 0 cases is no
    # number at all (0/0), while from one case on it is the true share; the counts
    # are always printed beside it, so a reader sees how few cases a rate rests on.
    minimum: int
    definition: str  # how the pages explain it


RATIOS: tuple[Ratio, ...] = (
    Ratio(
        "substantive",
        "实质公开率",
        ("disclosed", "partial"),
        "results_total",
        1,
        f"（{KEY_FIGURES_BY_NAME['disclosed'].short} + {KEY_FIGURES_BY_NAME['partial'].short}）÷ 办理结果总计"
        f"（{FIGURES['results_total'].label}）",
    ),
    Ratio(
        "review_corrected",
        "复议纠错率",
        ("review_corrected",),
        "review_total",
        1,
        f"{_CORRECTED_LABEL} ÷ {_row_label(TABLE_4, _REVIEW)}总计"
        f"（{FIGURES['review_total'].label}；尚未审结的也计入总数）",
    ),
)


def key_values(values: dict[Cell, Number]) -> dict[str, Number | None]:
    """Every key figure of one report's cells (None where a cell is not filled)."""
    return {f.name: figure_value(values, f.figure) for f in KEY_FIGURES}


@dataclass(frozen=True)
class RatioValue:
    numerator: Number
    denominator: Number

    @property
    def percent(self) -> Decimal:
        """The share in per cent, one decimal, rounded half up (as a reader rounds, not to even)."""
        share = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def text(self) -> str:
        return f"{self.percent}%（{format_number(self.numerator)}/{format_number(self.denominator)}）"


def ratio_value(ratio: Ratio, figures: dict[str, Number | None]) -> RatioValue | None:
    """The ratio of one report's key figures, or None where it is not meaningful (or a count is missing)."""
    parts = [figures.get(name) for name in ratio.numerator]
    denominator = figures.get(ratio.denominator)
    if denominator is None or any(p is None for p in parts) or denominator < ratio.minimum:
        return None
    return RatioValue(sum(p for p in parts if p is not None), denominator)


def change_text(value: Number | None, previous: Number | None) -> str:
    """The change from last year: +3（+25.0%）, −2, 0; — where either year is missing."""
    if value is None or previous is None:
        return "—"
    delta = Decimal(value) - Decimal(previous)
    sign = "+" if delta > 0 else ("−" if delta < 0 else "")
    text = f"{sign}{format_number(abs(delta))}"
    if delta and previous:
        share = (abs(delta) * 100 / Decimal(previous)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        text += f"（{sign}{share}%）"
    return text
