"""The distribution of pair scores as an inline SVG: no image file, no script, no network.

Most pairs of a class score near 0 and a few copies score high, so the bar heights are on a log
scale (a bar of 1 pair is still visible next to one of 40,000) and the highest pairs are also drawn
as red ticks under the axis: outliers stand out at a glance.
"""

from __future__ import annotations

import math

BINS = 20
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 52


def bin_counts(scores: list[float], bins: int = BINS) -> list[int]:
    """How many scores fall in each of ``bins`` equal bins over [0, 1] (1.0 goes in the last)."""
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score * bins)))] += 1
    return counts


def histogram_svg(scores: list[float], highlighted: list[float], bins: int = BINS) -> str:
    """An ``<svg>`` element: bars per bin (log-scaled heights, exact counts on top), ticks for ``highlighted``."""
    counts = bin_counts(scores, bins)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = math.log10(max(counts + [1]) + 1)
    bar_w = plot_w / bins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="histogram of pair similarities">',
             f'<text x="{LEFT}" y="18" font-size="13">{len(scores)} pairs by similarity (log scale)</text>']
    for decade in range(int(top) + 1):
        y = TOP + plot_h - plot_h * math.log10(10 ** decade + 1) / top
        parts.append(f'<line x1="{LEFT - 4}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e6ea"/>'
                     f'<text x="{LEFT - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{10 ** decade}</text>')
    for index, count in enumerate(counts):
        if not count:
            continue
        height = plot_h * math.log10(count + 1) / top
        x, y = LEFT + index * bar_w, TOP + plot_h - height
        colour = "#d8573b" if (index + 1) / bins > 0.5 else "#3b7dd8"
        parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{height:.1f}" '
                     f'fill="{colour}"><title>{index / bins:.2f}-{(index + 1) / bins:.2f}: {count} pairs</title></rect>'
                     f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle">'
                     f'{count}</text>')
    axis_y = TOP + plot_h
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{axis_y}" y2="{axis_y}" stroke="#1d232a"/>')
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = LEFT + tick * plot_w
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#1d232a"/>'
                     f'<text x="{x:.1f}" y="{axis_y + 30}" font-size="11" text-anchor="middle">{tick:g}</text>')
    for score in highlighted:
        x = LEFT + min(max(score, 0.0), 1.0) * plot_w
        parts.append(f'<line class="top-pair" x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y + 6}" y2="{axis_y + 18}" '
                     'stroke="#d8573b" stroke-width="2"/>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 4}" font-size="12" text-anchor="middle">'
                 'similarity (red ticks: the pairs listed below)</text></svg>')
    return "".join(parts)
