"""Plotly figure dictionaries drawn with matplotlib, for static reports (PNG, PDF pages) and notebook
displays (inline SVG): :func:`save_png` and :func:`svg` share one drawing.

Covers what accord's figure functions emit: scatter (markers, lines), bar
(vertical or horizontal, with ``base``, ``width`` and error bars), heatmap;
stacked panels (y axes with a ``domain``) and twin axes (``overlaying``);
categorical tick labels (``tickvals``/``ticktext``) and reversed axes;
integer ticks where an axis is a count (``tickformat: "d"``), titles broken
over lines (``<br>``, and wrapped to the panel's height), the figure as tall
as the layout's ``height`` and the layout's notes (``annotations``) under it.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np


def _floats(values: Any) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _axis_key(ref: str) -> str:
    return "yaxis" + ref[1:]  # "y" -> "yaxis", "y2" -> "yaxis2"


def _title(spec: dict) -> str:
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    return re.sub(r"</?sub>", "", text.replace("<br>", "\n"))


def _fit(text: str, inches: float, fontsize: float) -> str:
    """An axis title broken into lines no longer than ``inches`` at ``fontsize`` points (about 0.55 em a
    character), so that it is not cut at the panel's edge."""
    import textwrap

    width = max(10, int(inches * 72 / (0.55 * fontsize)))
    return "\n".join(textwrap.fill(line, width) for line in text.split("\n"))


RC = {"text.parse_math": False}  # labels are the scenario's text: a "$" in a name is a dollar, not TeX
DENSE = 2_000
"""Traces of more points than this are drawn as an image inside vector output (an outcome space of 20,000
points would otherwise be 20,000 SVG elements); a PNG is an image throughout."""

SYMBOLS = {"star": "*", "diamond": "D", "square": "s", "triangle-up": "^", "cross": "P", "x": "X", "circle": "o"}
DASHES = {"dot": ":", "dash": "--", "dashdot": "-.", "longdash": (0, (8, 3)), "longdashdot": (0, (8, 3, 1, 3))}


def _draw(ax, trace: dict, slot: tuple[int, int] = (0, 1)) -> None:
    """Draw one trace; ``slot``: (k, n) for the k-th of n horizontal bar series side by side (plotly's
    ``barmode: "group"``)."""
    kind = trace.get("type", "scatter")
    name = trace.get("name") if trace.get("showlegend", True) else None  # plotly's showlegend: out of the legend
    colour = trace.get("marker", {}).get("color")
    colour = colour if isinstance(colour, str) else None
    if kind == "heatmap":
        ax.imshow(np.array(trace["z"]), cmap="RdYlGn", vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(len(trace["x"])), trace["x"], rotation=60, ha="right", fontsize=7)
        ax.set_yticks(range(len(trace["y"])), trace["y"])
        return
    if kind == "bar":
        opacity = trace.get("opacity", 0.85)
        error = trace.get("error_y") or trace.get("error_x")
        err = None
        if error and error.get("array") is not None:
            plus = _floats(error["array"])
            minus = _floats(error.get("arrayminus", error["array"]))
            err = np.vstack([minus, plus])
        if trace.get("orientation") == "h":
            k, n = slot
            names = list(trace["y"])
            rows = np.arange(len(names)) + (k - (n - 1) / 2) * 0.8 / n
            ax.barh(rows, _floats(trace["x"]), height=0.8 / n, left=trace.get("base", 0), alpha=opacity, label=name,
                    color=colour, xerr=err, capsize=3 if err is not None else 0)
            ax.set_yticks(np.arange(len(names)), names)
        else:
            width = trace.get("width", 0.8)
            ax.bar(list(trace["x"]), _floats(trace["y"]), width=width, bottom=trace.get("base", 0), alpha=opacity,
                   label=name, color=colour, yerr=err, capsize=3 if err is not None else 0,
                   edgecolor="white" if "width" in trace else None, linewidth=0.4)
        return
    x, y = list(trace["x"]), _floats(trace["y"])
    marker = trace.get("marker", {})
    if "lines" in trace.get("mode", "markers"):
        line = trace.get("line", {})
        if trace.get("fill") == "tonexty" and ax.lines:  # a band: filled down to the previous line
            below = ax.lines[-1]
            ax.fill_between(below.get_xdata(), below.get_ydata(), y, color=line.get("color", colour), alpha=0.45,
                            linewidth=0)
        symbol = SYMBOLS.get(marker.get("symbol"), "o") if "markers" in trace.get("mode", "") else None
        ax.plot(x, y, marker=symbol, label=name, markersize=3, linestyle=DASHES.get(line.get("dash"), "-"),
                color=line.get("color", colour), rasterized=len(x) > DENSE)
    else:
        symbol = SYMBOLS.get(marker.get("symbol"), "o")
        ax.scatter(x, y, s=marker.get("size", 6) * 6, marker=symbol, label=name, color=colour, zorder=3,
                   rasterized=len(x) > DENSE)


def _pyplot() -> Any:
    from ..errors import require

    matplotlib = require("matplotlib", "report", "static figures")  # an optional extra: MissingExtra if absent
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _build(figure: dict) -> tuple[Any, bool]:
    """The matplotlib figure of a figure dictionary, and whether its legend sits outside the axes (the image
    is then cut to its drawn extent). Called inside :data:`RC`."""
    plt = _pyplot()
    layout = figure.get("layout", {})
    traces = figure["data"]
    refs = list(dict.fromkeys(t.get("yaxis", "y") for t in traces)) or ["y"]
    twins = {r: layout.get(_axis_key(r), {}).get("overlaying") for r in refs}
    panels = [r for r in refs if not twins[r]]
    for r in refs:  # a twin whose host has no trace of its own still needs its panel
        if twins[r] and twins[r] not in panels:
            panels.append(twins[r])
    panels.sort(key=lambda r: -layout.get(_axis_key(r), {}).get("domain", [0, 1])[1])
    from matplotlib.ticker import MaxNLocator

    height = max(5.5, 2.4 * len(panels) + 1)
    if layout.get("height"):  # the layout's own height (bar charts sized to their bars), at 100 px an inch
        height = min(max(float(layout["height"]) / 100 + 1, 3.5), 16)
    fig, grid = plt.subplots(len(panels), 1, sharex=len(panels) > 1, squeeze=False, figsize=(8, height))
    axes = {r: grid[k][0] for k, r in enumerate(panels)}
    for r in refs:
        if twins[r]:
            host = axes[twins[r]]
            axes[r] = host.twinx()
            host.set_zorder(axes[r].get_zorder() + 1)  # the host's traces (markers) stay in front of the twin's
            host.patch.set_visible(False)
    grouped = [t for t in traces if t.get("type") == "bar" and t.get("orientation") == "h"]
    group = layout.get("barmode") == "group" and len(grouped) > 1
    for trace in traces:
        slot = (grouped.index(trace), len(grouped)) if group and trace in grouped else (0, 1)
        _draw(axes[trace.get("yaxis", "y")], trace, slot)
    for r, ax in axes.items():
        spec = layout.get(_axis_key(r), {})
        size = 8 if len(panels) > 1 else 10
        ax.set_ylabel(_fit(_title(spec), 0.85 * height / len(panels), size), fontsize=size)
        if spec.get("tickformat") == "d":
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if spec.get("tickvals") is not None:
            ax.set_yticks(spec["tickvals"], spec.get("ticktext", spec["tickvals"]), fontsize=7)
        if spec.get("range") is not None:
            ax.set_ylim(*spec["range"])
        # plotly draws a heatmap's first row at the bottom, matplotlib's imshow at the top: "reversed" is
        # plotly's way to put it at the top, where imshow already has it
        heatmap = any(t.get("type") == "heatmap" and t.get("yaxis", "y") == r for t in traces)
        if spec.get("autorange") == "reversed" and not heatmap:
            ax.invert_yaxis()
    first = axes[panels[0]]
    for shape in layout.get("shapes", []):  # reservation lines and reference lines
        if shape.get("type") == "line":
            first.plot([shape["x0"], shape["x1"]], [shape["y0"], shape["y1"]], ":", color="#7f7f7f", linewidth=1)
    xaxis = layout.get("xaxis", {})
    axes[panels[-1]].set_xlabel(_fit(_title(xaxis), 4.0, 10))
    if xaxis.get("tickformat") == "d":
        axes[panels[-1]].xaxis.set_major_locator(MaxNLocator(integer=True))
    notes = [str(a.get("text", "")).replace("<br>", " ") for a in layout.get("annotations", []) if a.get("text")]
    labels = [x for t in traces if t.get("type") != "heatmap" and t.get("orientation") != "h" for x in t.get("x", [])]
    if any(isinstance(x, str) and len(x) > 8 for x in labels):  # long category names: slant them
        axes[panels[-1]].tick_params(axis="x", labelrotation=25)
    if xaxis.get("range") is not None:
        axes[panels[-1]].set_xlim(*xaxis["range"])
    fig.suptitle(_title(layout), fontsize=11)
    outside = False
    if traces and traces[0].get("type") != "heatmap":
        handles, labels = [], []
        for ax in axes.values():
            h, lab = ax.get_legend_handles_labels()
            handles += h
            labels += lab
        if labels and layout.get("legend", {}).get("x", 0) > 1:  # plotly's legend outside the axes, right
            first.legend(handles, labels, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
            outside = True
        elif labels:
            first.legend(handles, labels, fontsize=7, loc="best")
    if notes:
        note = _fit(" ".join(notes), 7.6, 7)
        fig.text(0.02, 0.01, note, fontsize=7, va="bottom", color="#555555")
        fig.tight_layout(rect=(0, (0.14 * (note.count("\n") + 1) + 0.1) / height, 1, 1))
    else:
        fig.tight_layout()
    return fig, outside


def save_png(figure: dict, path: str) -> str:
    """Render a figure dictionary to a PNG with matplotlib (an optional extra: ``accord[report]``)."""
    plt = _pyplot()
    with plt.rc_context(RC):
        fig, outside = _build(figure)
        try:
            fig.savefig(path, dpi=110, bbox_inches="tight" if outside else None)  # an outside legend widens it
        finally:
            plt.close(fig)
    return path


def svg(figure: dict, width: int = 560) -> str:
    """Render a figure dictionary to an inline SVG element ``width`` pixels wide (its height in proportion),
    for HTML displays (an optional extra: ``accord[report]``).

    The same drawing as :func:`save_png`; the text stays text (``<text>`` elements, escaped by matplotlib's
    XML writer), dense point clouds are embedded as an image (:data:`DENSE`), and the bytes depend only on
    the figure: no date, ids hashed with a fixed salt. The XML prolog and doctype are dropped and the
    drawing's own style rule is scoped to the element (``svg.accord-figure``), so it can sit in a page.
    """
    import io

    plt = _pyplot()
    out = io.StringIO()
    # text as text in the font matplotlib measured it with (DejaVu Sans, its own), with short fallbacks
    with plt.rc_context({**RC, "svg.fonttype": "none", "svg.hashsalt": "accord",
                         "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"]}):
        fig, outside = _build(figure)
        try:
            fig.savefig(out, format="svg", bbox_inches="tight" if outside else None,
                        metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        finally:
            plt.close(fig)
    text = out.getvalue()
    text = text[text.index("<svg"):]
    head = re.match(r'<svg[^>]*?width="([0-9.]+)pt" height="([0-9.]+)pt"', text)
    if head is None:  # matplotlib writes both sizes in points: anything else is a change to look at
        raise RuntimeError("unexpected SVG header from matplotlib")
    high = round(width * float(head.group(2)) / float(head.group(1)))
    text = text.replace(f'width="{head.group(1)}pt" height="{head.group(2)}pt"',
                        f'width="{width}" height="{high}" class="accord-figure"', 1)
    text = re.sub(r">\s+<", "><", text.strip())  # the indentation between elements (text content has none)
    return text.replace("*{stroke-linejoin", "svg.accord-figure *{stroke-linejoin", 1)


__all__ = ["DENSE", "save_png", "svg"]
