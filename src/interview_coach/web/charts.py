"""Charts as server-rendered SVG: no charting library, labels escaped."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

_W, _H, _PAD = 560, 180, 28


def bar_chart(labels: Sequence[str], values: Sequence[float], title: str, unit: str = "") -> Markup:
    """Vertical bars, one per label, each with its value written above it."""
    top = max([*values, 1.0])
    step = (_W - 2 * _PAD) / max(len(values), 1)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {_W} {_H + 40}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = (_H - 2 * _PAD) * value / top
        x, y = _PAD + n * step, _H - _PAD - height
        shown = f"{value:g}{unit}"
        parts.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value:g}">'
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{max(step - 4, 1):.1f}" height="{height:.1f}"/>'
            f'<text x="{x + step / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{escape(shown)}</text>'
            f'<text class="label" x="{x + step / 2:.1f}" y="{_H - _PAD + 14}" text-anchor="middle">'
            f"{escape(label)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text inside is escaped above)


def forecast_chart(forecast: Sequence[dict[str, object]]) -> Markup:
    """The due forecast ({"day": "YYYY-MM-DD", "count": n} per day) as bars labelled MM-DD."""
    labels = [str(day["day"])[5:] for day in forecast]
    values = [float(day["count"]) for day in forecast]  # type: ignore[arg-type]
    return bar_chart(labels, values, "Reviews due per day")


def readiness_chart(topics: Sequence[dict[str, object]]) -> Markup:
    """Readiness per topic (stats' "topics"), as percentages."""
    labels = [str(topic["name"]) for topic in topics]
    values = [round(float(topic["readiness"]) * 100) for topic in topics]  # type: ignore[arg-type]
    return bar_chart(labels, values, "Readiness per topic", "%")


def score_chart(scores: Sequence[dict[str, object]]) -> Markup:
    """Scores over time (the "scores" of stats: mean per day with the day's lowest to highest), as a line on a
    0–100 scale, one labelled point per day with graded answers."""
    parts = [
        f'<svg class="chart line-chart" role="img" viewBox="0 0 {_W} {_H + 40}" xmlns="http://www.w3.org/2000/svg">',
        "<title>Mean score per day</title>",
        f'<line class="axis" x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}" stroke="#999"/>',
    ]
    for mark in (0, 50, 100):
        y = _y(mark)
        parts.append(f'<text class="tick" x="2" y="{y + 4:.1f}">{mark}</text>')
    step = (_W - 2 * _PAD) / max(len(scores) - 1, 1)
    points = [(_PAD + n * step if len(scores) > 1 else _W / 2, day) for n, day in enumerate(scores)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{_y(float(d['mean'])):.1f}" for x, d in points)  # type: ignore[arg-type]
        parts.append(f'<polyline points="{path}" fill="none" stroke="#3d6b99" stroke-width="2"/>')
    for x, day in points:
        mean, low, high = (float(day[k]) for k in ("mean", "low", "high"))  # type: ignore[arg-type]
        label = str(day["day"])[5:]
        parts.append(
            f'<g class="point" data-day="{escape(str(day["day"]))}" data-value="{mean:g}">'
            f'<line x1="{x:.1f}" y1="{_y(low):.1f}" x2="{x:.1f}" y2="{_y(high):.1f}" stroke="#b8c7d9"/>'
            f'<circle cx="{x:.1f}" cy="{_y(mean):.1f}" r="4" fill="#3d6b99"><title>{escape(label)}: {mean:g} '
            f"(lowest {low:g}, highest {high:g}, {escape(str(day['graded']))} graded)</title></circle>"
            f'<text x="{x:.1f}" y="{_y(mean) - 8:.1f}" text-anchor="middle">{mean:.0f}</text>'
            f'<text class="label" x="{x:.1f}" y="{_H - _PAD + 14}" text-anchor="middle">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text inside is escaped above)


def _y(score: float) -> float:
    return _H - _PAD - (_H - 2 * _PAD) * max(0.0, min(score, 100.0)) / 100
