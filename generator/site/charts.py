"""Papers per year as stacked-bar SVG, drawn at build time so it shows with JavaScript off.

Plain SVG rather than a chart library: one chart type, a few dozen rectangles, colours taken
from the site's CSS (classes `series-0` ... `series-4`, so light and dark themes both apply).
The chart is an image with a title and a description; the template adds the same figures as a
table, the text alternative for readers who cannot see it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..models import Paper
from ..tags import Tag

TOP_TAGS = 4  # stacked series; the rest share one "other" series
MAX_YEARS = 25  # older years are summed into one "earlier" column


@dataclass(frozen=True)
class Series:
    name: str
    counts: tuple[int, ...]  # one per column
    css: str  # "series-N"


@dataclass(frozen=True)
class YearChart:
    """Figures and drawing of one chart. `columns` are years; papers without a year are
    counted in `undated` (shown beside the chart, not as a bar that would dwarf the years)."""

    columns: tuple[str, ...]
    series: tuple[Series, ...]
    undated: tuple[int, ...]  # per series
    svg: Markup

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(s.counts[i] for s in self.series) for i in range(len(self.columns)))

    @property
    def dated(self) -> int:
        """Papers with a year."""
        return sum(self.totals)


def _columns(papers: Sequence[Paper]) -> tuple[list[str], dict[int | None, int]]:
    """Column labels and which column each year (None: no year) falls in."""
    years = sorted({y for p in papers if (y := p.year) is not None})
    labels: list[str] = []
    where: dict[int | None, int] = {}
    if years:
        first = max(years[0], years[-1] - MAX_YEARS + 1)
        if years[0] < first:
            labels.append(f"before {first}")
            where.update({y: 0 for y in years if y < first})
        for year in range(first, years[-1] + 1):
            where[year] = len(labels)
            labels.append(str(year))
    return labels, where


def year_chart(papers: Sequence[Paper], tags: Sequence[Tag], chart_id: str, title: str,
               *, small: bool = False) -> YearChart | None:
    """Papers per year, stacked by the largest of `tags` (each paper counted once, under its
    largest tag); None when there are no papers."""
    if not papers:
        return None
    labels, where = _columns(papers)
    sizes = Counter(slug for p in papers for slug in p.tags)
    top = [t for t in sorted(tags, key=lambda t: (-sizes[t.slug], t.name)) if sizes[t.slug]]
    top = top[:TOP_TAGS] if len(tags) > 1 else top[:1]
    width = len(labels) + 1  # the last slot counts papers without a year
    counts = {t.slug: [0] * width for t in top}
    other = [0] * width
    for paper in papers:
        year = paper.year
        column = where[year] if year is not None else len(labels)
        home = next((t.slug for t in top if t.slug in paper.tags), None)
        (counts[home] if home else other)[column] += 1
    rows = [(t.name, counts[t.slug], f"series-{i}") for i, t in enumerate(top)]
    if any(other):
        rows.append(("Other tags or none" if len(tags) > 1 else "Other", other,
                     f"series-{TOP_TAGS}"))
    series = tuple(Series(name, tuple(c[:-1]), css) for name, c, css in rows)
    undated = tuple(c[-1] for _, c, _ in rows)
    chart = YearChart(tuple(labels), series, undated, Markup(""))
    svg = _svg(chart, chart_id, title, small) if labels else Markup("")
    return YearChart(chart.columns, chart.series, undated, svg)


def _svg(chart: YearChart, chart_id: str, title: str, small: bool) -> Markup:
    width, height = (320, 96) if small else (640, 220)
    left, right, top, bottom = 28, 6, 10, 20
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = chart.totals
    peak = max(totals) or 1
    slot = plot_w / len(chart.columns)
    bar = max(2.0, slot * 0.72)
    label_every = max(1, math.ceil(len(chart.columns) * 34 / plot_w))
    summary = ", ".join(f"{c}: {t}" for c, t in zip(chart.columns, totals, strict=True))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">Papers per year: {escape(summary)}.</desc>',
             f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{width - right}" '
             f'y2="{top + plot_h}"/>',
             f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>']
    for i, column in enumerate(chart.columns):
        x = left + i * slot + (slot - bar) / 2
        base = top + plot_h
        for series in chart.series:
            count = series.counts[i]
            if not count:
                continue
            h = plot_h * count / peak
            base -= h
            parts.append(f'<rect class="{series.css}" x="{x:.1f}" y="{base:.1f}" '
                         f'width="{bar:.1f}" height="{h:.1f}"><title>{escape(column)}, '
                         f'{escape(series.name)}: {count}</title></rect>')
        if i % label_every == 0 or i == len(chart.columns) - 1:
            label = "<" + column.split()[-1] if column.startswith("before") else column
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 6}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
