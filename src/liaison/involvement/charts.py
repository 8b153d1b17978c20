"""Geometry of the survey bar chart (inline SVG, no script, no style attributes).

One row per line of the aggregate (overall first, then each category that has answers): a
stacked bar of the support shares, yes → undecided → no, on a 0–100 % scale.
"""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 220
BAR_WIDTH = 360
ROW_HEIGHT = 28
BAR_HEIGHT = 18
COLOURS = {"yes": "#1b5e20", "undecided": "#78909c", "no": "#b71c1c"}


@dataclass(frozen=True)
class Segment:
    key: str
    count: int
    share: float
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class Bar:
    code: str
    name: str
    answers: int
    y: int
    text_y: int
    segments: list[Segment]


def support_bars(aggregate: dict) -> tuple[list[Bar], int]:
    """The bars and the chart's height in pixels."""
    rows = [aggregate["overall"], *(r for r in aggregate["categories"] if r["answers"])]
    bars = []
    for i, row in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for key in ("yes", "undecided", "no"):
            share = row["support_share"][key]
            width = round(share * BAR_WIDTH, 2)
            segments.append(Segment(key, row["support"][key], share, round(x, 2), width,
                                    COLOURS[key]))
            x += width
        y = i * ROW_HEIGHT + 4
        bars.append(Bar(row["code"], row["name"], row["answers"], y, y + BAR_HEIGHT - 4, segments))
    return bars, len(rows) * ROW_HEIGHT + 8
