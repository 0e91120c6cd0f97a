"""Shared settings of the report's figures, so that every chart reads well at the size it is shown.

- **Counts** (packages, draws, rounds) get integer ticks: :func:`count_axis`
  (plotly ``tickformat: "d"`` and an integer ``dtick``; the matplotlib
  renderer reads ``tickformat: "d"`` as an integer locator).
- **Bar charts with one bar per row** (the tornado, the Sobol indices) are as
  tall as their bars: :func:`bar_height` gives a fixed frame (title, axis
  title, legend, note) plus a fixed height per bar, with explicit margins, so
  that three bars are not squashed under a large blank area and forty are
  not crammed.
- **Axis titles** longer than the axis is high are broken over lines
  (:func:`wrap_title`, ``<br>`` for plotly and a new line for matplotlib)
  instead of being cut (``"Wage increase (percen"``).
- **Parties** keep one style across the figures (:func:`party_styles`): a colour
  from :data:`PARTY_COLOURS` (20 distinct colours) and, past 20 parties, the next
  marker and line dash as well, so that no two parties share a (colour, marker)
  pair up to 120 parties. Figures that would draw one series per party name at
  most :data:`NAMED_MAX` of them and summarise the others (a grey band, with
  their number in its name).
- **Legends** sit outside the axes (:func:`legend_outside`), never over the data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

UNIT_INTERVAL = "0 to 1"  # how utilities, probabilities and indices are labelled

BAR_TOP = 70       # px above the bars: the title
BAR_BOTTOM = 150   # px below the bars: the x axis, its title, the legend and a note
BAR_BOTTOM_NO_NOTE = 110  # the same without a note
PER_BAR = 22       # px per bar (a row of a grouped chart holds one bar per series)
CHAR_PX = 7.0      # px per character of an axis title at plotly's default font size


# Ten colours of plotly's default sequence, then ten more of a hue or lightness none of those has
PARTY_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
                 "#17becf", "#000075", "#aaffc3", "#f032e6", "#9a6324", "#800000", "#469990", "#ffe119", "#4363d8",
                 "#a9a9a9", "#808000")
PARTY_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x")  # plotly marker symbols
PARTY_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")  # plotly line dashes
NAMED_MAX = 8      # parties drawn one by one in a figure that summarises the others
OTHERS_COLOUR = "#c7c7c7"


def party_styles(parties: Sequence[str]) -> dict[str, dict[str, str]]:
    """Each party's ``color``, ``symbol`` (marker) and ``dash`` (line), in the parties' order: party ``k`` gets
    colour ``k mod 20``, and marker and dash ``k div 20``; the (colour, marker) pairs are all different up to
    ``20 x 6`` parties, and the first twenty parties have twenty different colours.

    >>> styles = party_styles([f"p{k}" for k in range(30)])
    >>> styles["p0"]["color"] == styles["p20"]["color"], styles["p0"]["symbol"], styles["p20"]["symbol"]
    (True, 'circle', 'square')
    >>> len({(s["color"], s["symbol"]) for s in styles.values()})
    30
    """
    n = len(PARTY_COLOURS)
    return {party: {"color": PARTY_COLOURS[k % n], "symbol": PARTY_SYMBOLS[(k // n) % len(PARTY_SYMBOLS)],
                    "dash": PARTY_DASHES[(k // n) % len(PARTY_DASHES)]} for k, party in enumerate(parties)}


def legend_outside() -> dict[str, Any]:
    """A plotly legend right of the plot area, outside the axes (a vertical list; plotly scrolls a long one)."""
    return {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top", "font": {"size": 11}}


def count_axis(largest: float | int | None = None, title: str | None = None) -> dict[str, Any]:
    """Plotly axis settings for a count: integer tick labels, from 0, at most about 6 ticks.

    >>> count_axis(7)["dtick"], count_axis(7)["tickformat"]
    (2, 'd')
    >>> count_axis(0)["dtick"]
    1
    """
    top = max(float(largest or 0), 1.0)
    step = 1
    for candidate in (1, 2, 5):
        step = candidate
        if top / candidate <= 6:
            break
    else:
        magnitude = 10 ** math.floor(math.log10(top / 6))
        step = next((m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= 6), 10 * magnitude)
    axis: dict[str, Any] = {"tickformat": "d", "rangemode": "tozero", "tick0": 0, "dtick": int(step)}
    if title is not None:
        axis["title"] = {"text": title}
    return axis


def bar_height(bars: int, bottom: int = BAR_BOTTOM) -> int:
    """Figure height in px for ``bars`` horizontal bars: ``BAR_TOP + bottom + PER_BAR * bars``."""
    return BAR_TOP + bottom + PER_BAR * max(int(bars), 1)


def bar_margins(bottom: int = BAR_BOTTOM) -> dict[str, Any]:
    """The explicit margins :func:`bar_height` counts on (left: automatic, for the input names)."""
    return {"t": BAR_TOP, "b": bottom, "r": 30, "pad": 2}


def below_plot(pixels: float, plot_pixels: float) -> float:
    """The paper y coordinate ``pixels`` below the plot area of height ``plot_pixels`` (for a legend or a note
    in the bottom margin)."""
    return -float(pixels) / max(float(plot_pixels), 1.0)


def wrap_title(text: str, pixels: float) -> str:
    """``text`` broken with ``<br>`` into lines that fit ``pixels`` (at :data:`CHAR_PX` per character, never
    fewer than 12 characters a line).

    >>> wrap_title("Wage increase over the contract (percent)", 150)
    'Wage increase over<br>the contract<br>(percent)'
    """
    width = max(12, int(pixels / CHAR_PX))
    lines: list[str] = []
    for word in text.split(" "):  # at single spaces only: the text is kept exactly, "<br>" for the spaces broken at
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


__all__ = ["BAR_BOTTOM", "BAR_BOTTOM_NO_NOTE", "BAR_TOP", "NAMED_MAX", "OTHERS_COLOUR", "PARTY_COLOURS", "PARTY_DASHES",
           "PARTY_SYMBOLS", "PER_BAR", "UNIT_INTERVAL", "bar_height", "bar_margins", "below_plot", "count_axis",
           "legend_outside", "party_styles", "wrap_title"]
