"""The distinct-valued test report: every cell a different number, every rule satisfied.

The golden tables, the workbook and the open data tests read this report so
that a swapped row or column changes what they see. These tests keep it so: if
an edit made two cells equal, a swap of those two would pass unnoticed again.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from conftest import (
    DISTINCT_DATA,
    DISTINCT_FORCED_EQUALITIES,
    DISTINCT_KEY,
    DISTINCT_PAGE,
    add_distinct_report,
    distinct_organ,
    distinct_report,
)

from macros.check.project import check_project
from macros.check.rules import check_report
from macros.format.national import LEVELS_WITHOUT_RULES, Cell, cells


def test_every_cell_of_the_distinct_report_holds_a_different_number():
    """Assert that the report's values have as many members as it has cells, less the forced equalities."""
    values = distinct_report().values
    assert list(values) == cells()
    repeated = {value: n for value, n in Counter(values.values()).items() if n > 1}
    forced = {values[a] for a, b in DISTINCT_FORCED_EQUALITIES if values[a] == values[b]}
    assert set(repeated) <= forced, f"cells that share a number (a swap of them would go unseen): {repeated}"
    assert len(set(values.values())) == len(cells()) - len(DISTINCT_FORCED_EQUALITIES)


def test_distinct_report_has_one_zero_at_most_and_a_decimal_fee():
    """Assert that at most one cell of the report is 0 and that the fee has decimals."""
    values = distinct_report().values
    assert sum(1 for v in values.values() if v == 0) <= 1
    assert values[Cell("proactive", "fees", "amount")] % 1, "the fee keeps decimals (an exact-decimal check)"


def test_distinct_report_passes_every_rule():
    """Assert that the report satisfies every rule of the format, advisories included."""
    organ = distinct_organ()
    assert organ.level not in LEVELS_WITHOUT_RULES  # its 规章 row is not zero
    assert check_report(distinct_report(), organ) == []


def test_distinct_report_checks_clean_in_a_project(project_copy: Path):
    """Assert that, added to a copy of the project, its data file and page raise no finding at all."""
    add_distinct_report(project_copy)
    project = check_project(project_copy)
    assert project.findings_for(DISTINCT_KEY) == []
    assert not project.errors
    assert {f.file for f in project.findings}.isdisjoint({DISTINCT_DATA, DISTINCT_PAGE, "data/organs.yaml"})
