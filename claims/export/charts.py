"""Bar-chart geometry for the report's server-rendered SVG (no inline styles: classes only)."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 260
BAR_SPACE = 360
MAX_LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    """One bar: its label, count and position in the SVG."""

    label: str
    short_label: str
    count: int
    y: int
    width: int


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart's bars and overall size."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH


def bar_chart(counts: list[tuple[str, int]]) -> Chart:
    """Lay out one bar per (label, count), widths proportional to the largest count."""
    top = max((count for _label, count in counts), default=0) or 1
    bars = []
    for index, (label, count) in enumerate(counts):
        short = label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
        width = max(1, round(BAR_SPACE * count / top)) if count else 0
        bars.append(Bar(label, short, count, index * (BAR_HEIGHT + GAP), width))
    height = max(len(bars), 1) * (BAR_HEIGHT + GAP)
    return Chart(bars=bars, width=LABEL_WIDTH + BAR_SPACE + 60, height=height)
