"""The table figures a report's prose may state, by name: what the page macros print and the lint compares.

A figure is one cell of the tables or the sum of a few (行政诉讼 is 未经复议直接起诉
plus 复议后起诉). Pages write ``{{ figure("requests.new.total") }}`` (any cell, by
its <table>.<row>.<column> key) or a named macro such as ``{{ new_requests() }}``;
the narrative lint (check/narrative.py) compares a number written by hand with
the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from macros.format.national import Cell, cell_key, cell_of_key
from macros.format.numbers import Number


@dataclass(frozen=True)
class Figure:
    name: str  # the page macro's name
    label: str  # how a message names it, in Chinese
    cells: tuple[Cell, ...]

    def key(self) -> str:
        return " + ".join(cell_key(c) for c in self.cells)


def _cells(*keys: str) -> tuple[Cell, ...]:
    cells = tuple(cell_of_key(key) for key in keys)
    assert all(cells), keys
    return cells  # type: ignore[return-value]


# Every named figure: figure("<name>") on a page, and the narrative lint's topics.
FIGURES: dict[str, Figure] = {
    f.name: f
    for f in (
        Figure("new_requests", "表三「一、本年新收政府信息公开申请数量」「总计」", _cells("requests.new.total")),
        Figure("carried_in", "表三「二、上年结转政府信息公开申请数量」「总计」", _cells("requests.carried_in.total")),
        Figure(
            "results_total", "表三「三、本年度办理结果」「（七）总计」「总计」", _cells("requests.results_total.total")
        ),
        Figure("carried_over", "表三「四、结转下年度继续办理」「总计」", _cells("requests.carried_over.total")),
        Figure("review_total", "表四「行政复议」「总计」", _cells("appeals.review.total")),
        Figure(
            "litigation_total",
            "表四「行政诉讼」两项「总计」之和（未经复议直接起诉 + 复议后起诉）",
            _cells("appeals.direct.total", "appeals.after_review.total"),
        ),
        Figure("direct_total", "表四「行政诉讼」「未经复议直接起诉」「总计」", _cells("appeals.direct.total")),
        Figure("after_review_total", "表四「行政诉讼」「复议后起诉」「总计」", _cells("appeals.after_review.total")),
        Figure("penalty_total", "表二「行政处罚」「本年处理决定数量」", _cells("proactive.penalty.decisions")),
        Figure("licensing_total", "表二「行政许可」「本年处理决定数量」", _cells("proactive.licensing.decisions")),
        Figure("coercion_total", "表二「行政强制」「本年处理决定数量」", _cells("proactive.coercion.decisions")),
        Figure("fees_total", "表二「行政事业性收费」「本年收费金额（单位：万元）」", _cells("proactive.fees.amount")),
        Figure("normative_issued", "表二「行政规范性文件」「本年制发件数」", _cells("proactive.normative.issued")),
        Figure("normative_repealed", "表二「行政规范性文件」「本年废止件数」", _cells("proactive.normative.repealed")),
        Figure("normative_in_force", "表二「行政规范性文件」「现行有效件数」", _cells("proactive.normative.in_force")),
        Figure("rules_issued", "表二「规章」「本年制发件数」", _cells("proactive.rules.issued")),
        Figure("rules_repealed", "表二「规章」「本年废止件数」", _cells("proactive.rules.repealed")),
        Figure("rules_in_force", "表二「规章」「现行有效件数」", _cells("proactive.rules.in_force")),
    )
}

# The figures with a page macro of their own ({{ new_requests() }}); the others through figure("…").
NAMED_FIGURE_MACROS: tuple[str, ...] = (
    "new_requests",
    "carried_in",
    "results_total",
    "carried_over",
    "review_total",
    "litigation_total",
    "penalty_total",
    "licensing_total",
    "coercion_total",
)


def figure_of(name: str) -> Figure:
    """A named figure, or any single cell by its <table>.<row>.<column> key; KeyError otherwise."""
    if name in FIGURES:
        return FIGURES[name]
    cell = cell_of_key(name)
    if cell is None:
        raise KeyError(name)
    return Figure(name, cell.label(), (cell,))


def figure_value(values: dict[Cell, Number], figure: Figure) -> Number | None:
    """The figure's value, or None when one of its cells is not filled."""
    found = [values.get(c) for c in figure.cells]
    if any(v is None for v in found):
        return None
    return sum(found)  # type: ignore[arg-type]
