"""Small SVG charts drawn on the server, so the dashboard needs no JavaScript.

Every chart is an `<svg role="img">` named by its `<title>` and `<desc>`, with
the numbers written next to the marks: colour is never the only carrier (the
series differ in pattern, dash and marker shape too, and a legend names them).
Sizes are in viewBox units and the svg is 100 % wide, so it shrinks on a phone;
the font size is chosen so that it stays readable at 360 px. Styling goes through
presentation attributes and classes, because the CSP forbids inline styles.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from markupsafe import Markup, escape

WIDTH = 360  # viewBox units; at 360 px a phone shows the chart at about 0.9x
FONT = 14
TEXT = "#1a1a1a"  # on white: 17:1
GRID = "#6b6b6b"  # axis and grid lines: 5.3:1
# Series: dark blue solid, brown hatched/dashed, purple dotted; all >= 4.5:1 on white.
COLOURS = ("#1f4e79", "#8a4b00", "#5a2a82")
DASHES = ("", "6 3", "2 3")
MARKERS = ("circle", "square", "triangle")

_ids = count(1)


@dataclass(frozen=True)
class Series:
    """One named row of numbers; None means 'no value' and is drawn as a gap."""

    name: str
    values: Sequence[float | int | None]


def number(value: float | int | None, decimals: int = 1) -> str:
    """Dutch notation: '3,5', '12'; a dash for no value."""
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _svg(chart_id: str, title: str, desc: str, height: float, body: list[str]) -> Markup:
    """Wrap the parts; every text in them went through escape(), numbers are formatted here."""
    return Markup(  # noqa: S704 (labels escaped above, the rest is our own markup)
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-size="{FONT}" fill="{TEXT}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _empty(chart_id: str, title: str, message: str) -> Markup:
    return _svg(
        chart_id,
        title,
        message,
        40,
        [f'<text x="0" y="25">{escape(message)}</text>'],
    )


def wrap(text: str, width: int) -> list[str]:
    """Split a label on spaces into lines of at most width characters (SVG text does not wrap)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _legend(series: Sequence[Series], y: float, swatch) -> tuple[list[str], float]:
    """One legend line per series (they may be long); returns parts and the next y."""
    parts = []
    for index, item in enumerate(series):
        parts.append(swatch(index, 0, y - 10))
        parts.append(f'<text x="26" y="{y:.0f}">{escape(item.name)}</text>')
        y += FONT + 8
    return parts, y


def _pattern(chart_id: str, index: int) -> str:
    """Solid for the first series, diagonal hatching for the second, dots for the third."""
    colour = COLOURS[index % len(COLOURS)]
    if index % 3 == 0:
        return colour
    return f"url(#{chart_id}-p{index})"


def _pattern_defs(chart_id: str, n: int) -> str:
    defs = []
    for index in range(1, n):
        colour = COLOURS[index % len(COLOURS)]
        if index % 3 == 1:
            shape = f'<path d="M0 6 L6 0" stroke="{colour}" stroke-width="2.5"/>'
        else:
            shape = f'<circle cx="3" cy="3" r="1.8" fill="{colour}"/>'
        defs.append(
            f'<pattern id="{chart_id}-p{index}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse">{shape}</pattern>'
        )
    return "<defs>" + "".join(defs) + "</defs>" if defs else ""


def bar_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str = "",
    empty: str = "Geen gegevens.",
) -> Markup:
    """Horizontal bars: per label one bar per series, the value written after each bar.

    Horizontal, because category names (phases) are long and a phone is narrow:
    the label gets its own line above its bars.
    """
    chart_id = f"chart{next(_ids)}"
    values = [v for s in series for v in s.values if v is not None]
    if not labels or not values:
        return _empty(chart_id, title, empty)
    top = max(max(values), 1)
    bar_h, gap = 16, 4
    suffix = f" {unit}" if unit else ""
    longest = max(len(number(v) + suffix) for v in values)
    value_room = 12 + longest * FONT * 0.6  # room for the number after the longest bar
    scale = (WIDTH - value_room) / top
    colour_of = [COLOURS[i % len(COLOURS)] for i in range(len(series))]

    def swatch(index: int, x: float, y: float) -> str:
        return (
            f'<rect x="{x}" y="{y:.0f}" width="20" height="12" '
            f'fill="{_pattern(chart_id, index)}" stroke="{colour_of[index]}" stroke-width="1.5"/>'
        )

    body = [_pattern_defs(chart_id, len(series))]
    legend, y = _legend(series, FONT + 2, swatch)
    body += legend
    y += 6
    per_line = int(WIDTH / (FONT * 0.62))
    for row, label in enumerate(labels):
        for line in wrap(label, per_line):
            y += FONT + 3
            body.append(f'<text x="0" y="{y:.0f}" font-weight="bold">{escape(line)}</text>')
        y += 6
        for index, item in enumerate(series):
            value = item.values[row] if row < len(item.values) else None
            length = 0 if value is None else max(value * scale, 1.5)
            if value is not None:
                body.append(
                    f'<rect x="0" y="{y:.0f}" width="{length:.1f}" height="{bar_h}" '
                    f'fill="{_pattern(chart_id, index)}" stroke="{colour_of[index]}" '
                    f'stroke-width="1.5"/>'
                )
            text = number(value) + (suffix if value is not None else "")
            body.append(f'<text x="{length + 5:.1f}" y="{y + bar_h - 3:.0f}">{escape(text)}</text>')
            y += bar_h + gap
        y += 6
    return _svg(chart_id, title, desc, y + 4, body)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    empty: str = "Geen gegevens.",
    label_every: int | None = None,
) -> Markup:
    """Lines over time (labels along the x axis), a marker and its value at every point.

    Each series has its own dash pattern and marker shape besides its colour.
    With many points only every n-th x label is written so they do not overlap.
    """
    chart_id = f"chart{next(_ids)}"
    values = [v for s in series for v in s.values if v is not None]
    if not labels or not values:
        return _empty(chart_id, title, empty)
    top = max(2, -(-max(values) // 2) * 2)  # even, so the middle grid line is a whole number
    colour_of = [COLOURS[i % len(COLOURS)] for i in range(len(series))]

    def swatch(index: int, x: float, y: float) -> str:
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<line x1="{x}" y1="{y + 6:.0f}" x2="{x + 20}" y2="{y + 6:.0f}" '
            f'stroke="{colour_of[index]}" stroke-width="2.5"{dash_attr}/>'
            + _marker(MARKERS[index % len(MARKERS)], x + 10, y + 6, colour_of[index])
        )

    body, y = _legend(series, FONT + 2, swatch)
    left, right = 34, 14
    plot_top, plot_h = y + 10, 160
    bottom = plot_top + plot_h
    step = (WIDTH - left - right) / max(len(labels) - 1, 1)
    every = label_every or max(1, -(-len(labels) // 5))

    def x_of(i: int) -> float:
        return left + i * step if len(labels) > 1 else left + (WIDTH - left - right) / 2

    def y_of(v: float) -> float:
        return bottom - v / top * plot_h

    for tick in (0, top / 2, top):
        ty = y_of(tick)
        body.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{WIDTH - right}" y2="{ty:.1f}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{number(tick)}</text>'
        )
    for i, label in enumerate(labels):
        last = i == len(labels) - 1
        if (i % every == 0 and len(labels) - 1 - i >= every) or last:
            # The outer labels are anchored inwards so they are never cut off.
            anchor = "end" if last and len(labels) > 1 else "start" if i == 0 else "middle"
            body.append(
                f'<text x="{x_of(i):.1f}" y="{bottom + FONT + 6:.0f}" '
                f'text-anchor="{anchor}">{escape(label)}</text>'
            )
    for index, item in enumerate(series):
        colour = colour_of[index]
        points = [(x_of(i), y_of(v)) for i, v in enumerate(item.values) if v is not None]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
        for (px, py), v in zip(points, [v for v in item.values if v is not None], strict=True):
            body.append(_marker(MARKERS[index % len(MARKERS)], px, py, colour))
            if len(labels) <= 12 and len(series) == 1:
                body.append(
                    f'<text x="{px:.1f}" y="{py - 8:.1f}" text-anchor="middle">{number(v)}</text>'
                )
    return _svg(chart_id, title, desc, bottom + FONT + 12, body)


@dataclass(frozen=True)
class Mark:
    """One bar of a step: its length (None: no bar) and the words written after it."""

    value: float | int | None
    text: str


# The fourth series (after solid, hatched, dotted) is drawn as an outline.
STEP_COLOURS = (*COLOURS, "#2e5e2a")  # dark green: 7:1 on white
STEP_NAME_WIDTH = 78  # room for the short name in front of each bar


def step_chart(
    title: str,
    desc: str,
    steps: Sequence[str],
    names: Sequence[tuple[str, str]],
    marks: Sequence[Sequence[Mark]],
    *,
    empty: str = "Geen gegevens.",
) -> Markup:
    """The steps of a journey from top to bottom; per step one bar per series.

    names holds (short name, legend text) per series; the short name is written
    in front of every bar and the value (or why there is none) after it, so
    neither colour nor pattern is needed to read the chart. Bars share one
    scale. Series are solid, hatched, dotted and outlined.
    """
    chart_id = f"chart{next(_ids)}"
    values = [m.value for row in marks for m in row if m.value is not None]
    if not steps:
        return _empty(chart_id, title, empty)
    top = max(max(values, default=1), 1)
    longest = max((len(m.text) for row in marks for m in row), default=1)
    value_room = 10 + longest * FONT * 0.58
    scale = (WIDTH - STEP_NAME_WIDTH - value_room) / top
    bar_h, gap = 16, 4
    colour_of = [STEP_COLOURS[i % len(STEP_COLOURS)] for i in range(len(names))]

    def fill(index: int) -> str:
        if index == 3:
            return "#ffffff"
        return COLOURS[0] if index == 0 else f"url(#{chart_id}-p{index})"

    def swatch(index: int, x: float, y: float) -> str:
        return (
            f'<rect x="{x}" y="{y:.0f}" width="20" height="12" fill="{fill(index)}" '
            f'stroke="{colour_of[index]}" stroke-width="2"/>'
        )

    body = [_pattern_defs(chart_id, min(len(names), 3))]
    legend, y = _legend([Series(text, []) for _short, text in names], FONT + 2, swatch)
    body += legend
    y += 4
    per_line = int(WIDTH / (FONT * 0.62))
    for row, label in enumerate(steps):
        y += 6
        for line in wrap(label, per_line):
            y += FONT + 3
            body.append(f'<text x="0" y="{y:.0f}" font-weight="bold">{escape(line)}</text>')
        y += 6
        for index, (short, _text) in enumerate(names):
            mark = marks[row][index]
            body.append(f'<text x="0" y="{y + bar_h - 3:.0f}">{escape(short)}</text>')
            length = 0.0
            if mark.value is not None:
                length = max(mark.value * scale, 1.5)
                body.append(
                    f'<rect x="{STEP_NAME_WIDTH}" y="{y:.0f}" width="{length:.1f}" '
                    f'height="{bar_h}" fill="{fill(index)}" stroke="{colour_of[index]}" '
                    f'stroke-width="2"/>'
                )
            x = STEP_NAME_WIDTH + length + 5
            body.append(f'<text x="{x:.1f}" y="{y + bar_h - 3:.0f}">{escape(mark.text)}</text>')
            y += bar_h + gap
        if row < len(steps) - 1:
            body.append(
                f'<line x1="0" y1="{y + 4:.0f}" x2="{WIDTH}" y2="{y + 4:.0f}" '
                f'stroke="{GRID}" stroke-width="0.5"/>'
            )
    return _svg(chart_id, title, desc, y + 8, body)
