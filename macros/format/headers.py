"""Merged cells of the official tables' headers, computed once for HTML and Excel.

A header is described by one *path* per printed column (or per body row, for
the row labels at the left): its group labels, outermost first, then its own
label. Items that share a prefix share the merged group cells above them; an
item's own label extends down to the last level, as in the official layout.
Where two bands of headers are stacked (the collection workbook puts a row's
labels above a column's), a path may contain ``DOWN`` to say "the cell above
extends over this level".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DOWN = None  # in a path: the label above extends over this level

Path = Sequence[str | None]


@dataclass(frozen=True)
class Span:
    """One merged header cell."""

    text: str
    level: int  # first header level it covers (a sheet row for column headers)
    index: int  # first item it covers (a printed column for column headers)
    depth: int  # number of levels it covers (rowspan for column headers)
    breadth: int  # number of items it covers (colspan for column headers)
    leaf: bool  # the item's own label, not a group


def pad(path: Sequence[str | None], depth: int) -> tuple[str | None, ...]:
    """The path extended to `depth` levels, its last label reaching down."""
    return tuple(path) + (DOWN,) * (depth - len(path))


def spans(paths: Sequence[Path]) -> list[Span]:
    """Every merged cell of a header band, level by level, left to right.

    Ragged paths are padded (the own label reaches the last level). Group
    labels merge across neighbouring items with the same groups above them;
    own labels never merge, so every item keeps its own cell.
    """
    depth = max(len(p) for p in paths)
    items = [pad(p, depth) if len(p) < depth else tuple(p) for p in paths]
    out: list[Span] = []
    for level in range(depth):
        index = 0
        while index < len(items):
            item = items[index]
            text = item[level]
            if text is DOWN:
                index += 1
                continue
            down = 1
            while level + down < depth and item[level + down] is DOWN:
                down += 1
            leaf = all(t is DOWN for t in item[level + 1 :])
            breadth = 1
            if not leaf:
                # A group spans its neighbours with the same labels above and
                # the same shape below its own level.
                prefix = item[: level + down]
                while index + breadth < len(items) and items[index + breadth][: level + down] == prefix:
                    breadth += 1
            out.append(Span(text, level, index, down, breadth, leaf))
            index += breadth
    return out
