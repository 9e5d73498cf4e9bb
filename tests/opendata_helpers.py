"""Projects with non-trivial numbers for the open data tests, and readers of the files."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

from conftest import seed_values

from macros.datafile import dump_report
from macros.format import Cell

# A fee with four decimals (as seen in real reports) and one whose trailing
# zero must survive: the round trip must give back exactly these.
FEE_XIPING = Decimal("12.3456")
FEE_ZHANYI = Decimal("0.50")


def _xiping_values() -> dict[Cell, int | Decimal]:
    values = seed_values()
    values[Cell("proactive", "normative", "issued")] = 3
    values[Cell("proactive", "normative", "repealed")] = 1
    values[Cell("proactive", "normative", "in_force")] = 10
    values[Cell("proactive", "fees", "amount")] = FEE_XIPING
    # One application carried in from last year, disclosed: every rule of 三 holds.
    for row in ("carried_in", "disclosed", "results_total"):
        values[Cell("requests", row, "natural")] = 1
        values[Cell("requests", row, "total")] = 1
    values[Cell("appeals", "review", "upheld")] = 1
    values[Cell("appeals", "review", "total")] = 1
    values[Cell("appeals", "after_review", "pending")] = 2
    values[Cell("appeals", "after_review", "total")] = 2
    return values


def _zhanyi_values() -> dict[Cell, int | Decimal]:
    values = seed_values()
    values[Cell("proactive", "licensing", "decisions")] = 1204
    values[Cell("proactive", "fees", "amount")] = FEE_ZHANYI
    values[Cell("appeals", "direct", "corrected")] = 3
    values[Cell("appeals", "direct", "total")] = 3
    return values


def make_rich_project(root: Path) -> dict[tuple[str, int], dict[Cell, int | Decimal]]:
    """Two reports (西平街道 and 沾益区, 2024) with decimals and non-zero counts; returns their values."""
    reports = {("xiping", 2024): _xiping_values(), ("zhanyi", 2024): _zhanyi_values()}
    for (organ, year), values in reports.items():
        path = root / "data" / "reports" / organ / f"{year}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_report(values, header=f"{organ} {year}"), encoding="utf-8")
    page = root / "docs" / "zhanyi" / "2024.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "docs" / "xiping" / "2024.md", page)
    return reports


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a CSV for Excel must start with the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def number(text: str) -> int | Decimal:
    """A number as written in a CSV: integers stay int, decimals exact."""
    return Decimal(text) if "." in text else int(text)
