"""Geometry of the pictures (drawn as inline SVG by the templates, each with a <title>, a
<desc> and a table or list that says the same in words).

* support and opposition by category for one draft: a diverging bar per category, support to
  the right of the middle, opposition to the left, the opposition threshold θ marked; every
  category name is shown whole (wrapped over as many lines as it needs, the row growing with
  it) and the values have their own column, wide enough for "100% / 100%", so nothing is cut;
* the opinion map: each participant's PCA projection, coloured by opinion group.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from liaison.core.consensus import Tally

BAR_HALF = 150.0
LABEL_WIDTH = 170.0
#: Characters of a category name per line at 12 px in the label column (about 6.3 px each).
LABEL_CHARS = 26
LINE_HEIGHT = 14.0
ROW_HEIGHT = 26.0
#: Room right of the bars for "100% / 100%" at 11 px, and a margin.
VALUE_WIDTH = 90.0
#: Colour-blind-safe palette (Okabe–Ito), in group order; "not clustered" is grey.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
UNGROUPED = "#8a8a8a"


def _n(x: float) -> str:
    """A coordinate as SVG wants it (a dot, never a decimal comma; at most one decimal), made
    here once so the template prints a string rather than localizing a float."""
    return f"{x:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class Bar:
    label: str
    lines: list[str]
    y: float
    svg: dict[str, str]
    support_width: float
    opposition_x: float
    opposition_width: float
    support: str
    opposition: str
    sustained: bool


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    middle: float
    theta_x: float
    value_x: float
    bars: list[Bar]
    svg: dict[str, str]


def pct(x: float | None) -> str:
    """A share as a whole percentage, "—" when nobody took a position."""
    return "—" if x is None else f"{100 * x:.0f}%"


def category_bars(rows: list[tuple[str, Tally, bool]], theta: float) -> BarChart:
    """``rows``: (label, tally, sustained opposition?) per category, overall first."""
    middle = LABEL_WIDTH + BAR_HALF
    bars = []
    y = 10.0
    for label, tally, sustained in rows:
        lines = textwrap.wrap(str(label), LABEL_CHARS) or [""]
        s = tally.support_share or 0.0
        o = tally.opposition_share or 0.0
        bars.append(Bar(label=str(label), lines=lines, y=y,
                        svg={"y": _n(y), "bar_y": _n(y + 2), "text_y": _n(y + 14),
                             "opposition_x": _n(middle - o * BAR_HALF),
                             "opposition_width": _n(o * BAR_HALF),
                             "support_width": _n(s * BAR_HALF)},
                        support_width=s * BAR_HALF,
                        opposition_x=middle - o * BAR_HALF, opposition_width=o * BAR_HALF,
                        support=pct(tally.support_share),
                        opposition=pct(tally.opposition_share), sustained=sustained))
        y += max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 8)
    width = LABEL_WIDTH + 2 * BAR_HALF + VALUE_WIDTH
    theta_x = middle - theta * BAR_HALF
    value_x = middle + BAR_HALF + 6
    return BarChart(width=width, height=y + 10, middle=middle, theta_x=theta_x,
                    value_x=value_x, bars=bars,
                    svg={"width": _n(width), "height": _n(y + 10), "middle": _n(middle),
                         "theta_x": _n(theta_x), "value_x": _n(value_x)})


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    group: int
    colour: str


def map_points(coords, labels, size: float = 320.0, margin: float = 16.0) -> list[Point]:
    """Projections scaled into a ``size`` square (aspect kept), coloured by group."""
    if len(coords) == 0:
        return []
    xs, ys = coords[:, 0], coords[:, 1]
    span = max(float(xs.max() - xs.min()), float(ys.max() - ys.min()), 1e-9)
    scale = (size - 2 * margin) / span
    cx, cy = float(xs.min() + xs.max()) / 2, float(ys.min() + ys.max()) / 2
    out = []
    for (x, y), g in zip(coords, labels, strict=True):
        g = int(g)
        out.append(Point(x=round(size / 2 + (float(x) - cx) * scale, 1),
                         y=round(size / 2 - (float(y) - cy) * scale, 1), group=g,
                         colour=PALETTE[g % len(PALETTE)] if g >= 0 else UNGROUPED))
    return out
