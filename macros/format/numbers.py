"""The values of the tables' cells, and how every output prints them.

Counts are integers, the 万元 fee a Decimal exactly as written: never a float.
"""

from __future__ import annotations

from decimal import Decimal

Number = int | Decimal


def format_number(value: Number) -> str:
    # Decimals print as written in the data (0.50 stays 0.50, 0.0000001 never
    # becomes 1E-7); never via float.
    return format(value, "f") if isinstance(value, Decimal) else f"{value:d}"
