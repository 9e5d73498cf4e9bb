"""Build-time inline SVG bar charts of a figure over the years: no script, no image file, readable without colour.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by
its ``<desc>`` (every year and its number, for screen readers); each bar has its
number printed above it and its year below, so the chart reads in black and
white. The numbers are also in the page's table. Only elements and attributes
that macros/site/sanitize.py allows are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from macros.format.numbers import Number, format_number

# The drawing's own units (the viewBox); CSS scales it to the column's width.
WIDTH, HEIGHT = 480, 200
TOP, BOTTOM, SIDE = 24, 28, 16  # room for the numbers above and the years below the bars
PLOT = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    label: str  # the year, as printed below the bar
    value: Number | None  # None: not reported that year (no bar, a dash)


def _n(value: float) -> str:
    # Two decimals at most, no trailing zeros: stable text, so two builds are byte-identical.
    return f"{value:.2f}".rstrip("0").rstrip(".")


def render_chart(chart_id: str, title: str, unit: str, bars: list[Bar], caption: str) -> str:
    """One chart as a <figure> of raw HTML on one block; `chart_id` makes its ids unique on the page."""
    top = max((b.value for b in bars if b.value is not None), default=0)
    step = (WIDTH - 2 * SIDE) / max(len(bars), 1)
    width = step * 0.6
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    described = "；".join(
        f"{b.label} {format_number(b.value)} {unit}" if b.value is not None else f"{b.label} 无数据" for b in bars
    )
    parts = [
        f'<svg class="nb-chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(described)}。</desc>',
        f'<line class="nb-chart-axis" x1="{SIDE}" y1="{TOP + PLOT}" x2="{WIDTH - SIDE}" y2="{TOP + PLOT}"></line>',
    ]
    for i, bar in enumerate(bars):
        centre = SIDE + step * i + step / 2
        value = bar.value if bar.value is not None else 0
        height = PLOT * float(value) / float(top) if top else 0
        shown = format_number(bar.value) if bar.value is not None else "—"
        parts.append(
            '<g class="nb-chart-bar">'
            f'<rect x="{_n(centre - width / 2)}" y="{_n(TOP + PLOT - height)}" width="{_n(width)}" '
            f'height="{_n(height)}"></rect>'
            f'<text class="nb-chart-value" x="{_n(centre)}" y="{_n(TOP + PLOT - height - 6)}" '
            f'text-anchor="middle">{escape(shown)}</text>'
            f'<text class="nb-chart-label" x="{_n(centre)}" y="{HEIGHT - 8}" text-anchor="middle">'
            f"{escape(bar.label)}</text></g>"
        )
    parts.append("</svg>")
    return f'<figure class="nb-chart">{"".join(parts)}<figcaption>{escape(caption)}</figcaption></figure>'
