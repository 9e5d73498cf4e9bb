"""Projects with non-trivial numbers for the open data tests, and readers of the files."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

from conftest import DISTINCT_KEY, add_distinct_report, distinct_report, seed_values

from macros.authoring.datafile import dump_report
from macros.cli import main
from macros.format.national import AMOUNT, TABLES, Cell

# A fee with four decimals (as seen in real reports) and one whose trailing
# zero must survive: the round trip must give back exactly these.
FEE_2024 = Decimal("12.3456")
FEE_2023 = Decimal("0.50")
PUBLISHED_2023, PUBLISHED_2024, CORRECTED_2024 = "2024-01-25", "2025-01-22", "2025-03-01"
LICENSING = Cell("proactive", "licensing", "decisions")

Values = dict[Cell, int | Decimal]
COLUMN_KINDS = {c.key: c.kind for t in TABLES for g in t.grids for c in g.columns}


def _zhanyi_2023() -> Values:
    values = seed_values()
    values[Cell("proactive", "fees", "amount")] = FEE_2023
    values[Cell("proactive", "normative", "issued")] = 3
    values[Cell("proactive", "normative", "repealed")] = 1
    values[Cell("proactive", "normative", "in_force")] = 10
    # One application carried in and still open at the year's end: 一+二 = （七）+四.
    for row in ("carried_in", "carried_over"):
        values[Cell("requests", row, "natural")] = 1
        values[Cell("requests", row, "total")] = 1
    values[Cell("appeals", "direct", "corrected")] = 3
    values[Cell("appeals", "direct", "total")] = 3
    return values


def _zhanyi_2024() -> Values:
    values = seed_values()
    values[Cell("proactive", "fees", "amount")] = FEE_2024
    values[LICENSING] = 1204
    values[Cell("proactive", "normative", "in_force")] = 10  # unchanged since 2023
    # Last year's open application, disclosed this year.
    for row in ("carried_in", "disclosed", "results_total"):
        values[Cell("requests", row, "natural")] = 1
        values[Cell("requests", row, "total")] = 1
    values[Cell("appeals", "review", "upheld")] = 1
    values[Cell("appeals", "review", "total")] = 1
    values[Cell("appeals", "after_review", "pending")] = 2
    values[Cell("appeals", "after_review", "total")] = 2
    return values


def _write(root: Path, organ: str, year: int, values: Values) -> None:
    path = root / "data" / "reports" / organ / f"{year}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_report(values, header=f"{organ} {year}"), encoding="utf-8")
    page = root / "docs" / organ / f"{year}.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "docs" / "xiping" / "2024.md", page)


def _run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


def make_rich_project(root: Path) -> dict[tuple[str, int], Values]:
    """Public reports with decimals and non-zero counts, one corrected, plus a draft.

    沾益区 2023 and 2024 are published with the project's own commands, 2024 is
    then corrected (行政许可 1204 → 1205), and 2025 stays a draft. Returns the
    numbers of every public report, as the site must publish them.
    """
    r = str(root)
    _write(root, "zhanyi", 2023, _zhanyi_2023())
    _write(root, "zhanyi", 2024, _zhanyi_2024())
    _run("--root", r, "publish", "zhanyi", "2023", "--date", PUBLISHED_2023)
    _run("--root", r, "publish", "zhanyi", "2024", "--date", PUBLISHED_2024)
    path = root / "data" / "reports" / "zhanyi" / "2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("licensing: 1204", "licensing: 1205"), encoding="utf-8")
    _run("--root", r, "correct", "zhanyi", "2024", "--date", CORRECTED_2024, "--reason", "更正行政许可数量")
    _write(root, "zhanyi", 2025, seed_values())  # a draft: not public, so no data file
    corrected = _zhanyi_2024()
    corrected[LICENSING] = 1205
    return {("xiping", 2024): seed_values(), ("zhanyi", 2023): _zhanyi_2023(), ("zhanyi", 2024): corrected}


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a CSV for Excel must start with the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def number(text: str, column: str) -> int | Decimal:
    """A CSV value read strictly: the fee as an exact decimal, every count as an integer (\"1.0\" fails)."""
    return Decimal(text) if COLUMN_KINDS[column] == AMOUNT else int(text)


DISTINCT_PUBLISHED = "2025-03-20"


def make_distinct_project(root: Path) -> Values:
    """Add the distinct report (every cell a different number) to the project, published.

    Returns its numbers: whatever file is made of it, each number must sit
    under its own labels, since no two are alike.
    """
    add_distinct_report(root)
    _run("--root", str(root), "publish", *map(str, DISTINCT_KEY), "--date", DISTINCT_PUBLISHED)
    return distinct_report().values
