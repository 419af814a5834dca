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
