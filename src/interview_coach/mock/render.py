"""The interview report as a self-contained HTML page (inline CSS and SVG charts, no scripts, nothing fetched)
and as markdown. Every piece of note or answer text goes through html.escape (`_e`)."""

from __future__ import annotations

from html import escape
from typing import Any

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left;
vertical-align:top}.score{font-weight:600}.muted{color:#666}.missed{color:#a31515}code{background:#f4f4f4;
padding:.1rem .3rem;border-radius:3px}.answer{white-space:pre-wrap;color:#333}svg text{font:11px sans-serif}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _mmss(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def time_chart(answers: list[dict[str, Any]]) -> str:
    """Horizontal bars per answer: time used over the budget (a red bar when over), as inline SVG."""
    row, label_w, width = 22, 70, 520
    longest = max([1.0, *(max(a["seconds"], a["budget"]) for a in answers)])
    scale = (width - label_w - 60) / longest
    parts = [
        f'<svg id="time-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(answers) + 24}" '
        'role="img" aria-label="time used against budget per answer">'
    ]
    for n, a in enumerate(answers):
        y = 18 + n * row
        used, budget = a["seconds"] * scale, a["budget"] * scale
        colour = "#c0392b" if a["seconds"] > a["budget"] else "#2e86de"
        parts.append(f'<text x="0" y="{y + 12}">{_e(a["step"])}</text>')
        parts.append(f'<rect class="budget" x="{label_w}" y="{y}" width="{budget:.1f}" height="14" fill="#e5e8ec"/>')
        parts.append(
            f'<rect class="used" x="{label_w}" y="{y + 3}" width="{used:.1f}" height="8" fill="{colour}">'
            f"<title>{_e(a['step'])}: {_mmss(a['seconds'])} of {_mmss(a['budget'])}</title></rect>"
        )
        parts.append(
            f'<text x="{label_w + max(used, budget) + 6:.1f}" y="{y + 12}">'
            f"{_mmss(a['seconds'])} / {_mmss(a['budget'])}</text>"
        )
    parts.append('<text x="0" y="11" class="muted">answer · time used (bar) against budget (grey)</text></svg>')
    return "".join(parts)


def progress_chart(progress: list[dict[str, Any]]) -> str:
    """Overall score per interview, oldest first, as an inline SVG line."""
    scored = [p for p in progress if p["score"] is not None]
    width, height = 520, 140
    parts = [
        f'<svg id="progress-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        'aria-label="score per interview">',
        f'<line x1="30" y1="{height - 20}" x2="{width - 10}" y2="{height - 20}" stroke="#999"/>',
    ]
    step = (width - 60) / max(1, len(scored) - 1)
    points = [(30 + n * step, height - 20 - p["score"] / 100 * (height - 40), p) for n, p in enumerate(scored)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#2e86de" stroke-width="2"/>')
    for x, y, p in points:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2e86de"><title>#{p["id"]}</title></circle>')
        parts.append(f'<text x="{x - 8:.1f}" y="{y - 8:.1f}">{p["score"]:.0f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(data: dict[str, Any]) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Mock interview #{data['id']}</title><style>{_CSS}</style></head><body>"
        + report_body(data)
        + "</body></html>\n"
    )


def report_body(data: dict[str, Any]) -> str:
    """The report's content (headings, tables, charts), for a page of its own or inside the web app's."""
    answers = [a for s in data["sections"] for a in s["answers"]]
    body = [
        f"<h1>Mock interview #{data['id']}: {_e(data['title'])}</h1>",
        f'<p class="muted">{_e(data["started"])} · plan <code>{_e(data["plan"])}</code> · time used '
        f"{_mmss(data['used'])} of {_mmss(data['budget'])}</p>",
        f'<p>Overall score: <span class="score" id="overall-score">{_score(data["score"])}</span>/100</p>',
        '<section id="sections"><h2>Sections</h2><table><tr><th>Section</th><th>Score</th><th>Time</th></tr>',
        *(
            f'<tr class="section-row"><td>{_e(s["title"])}</td><td class="score">{_score(s["score"])}</td>'
            f"<td>{_mmss(s['used'])} / {_mmss(s['budget'])}</td></tr>"
            for s in data["sections"]
        ),
        "</table></section>",
        f'<section id="time"><h2>Time per answer</h2>{time_chart(answers)}</section>',
        '<section id="answers"><h2>Answers</h2>',
        *(_answer_html(a) for a in answers),
        "</section>",
        '<section id="missed"><h2>Key points missed</h2><ul>',
        *(
            f'<li class="missed-point">{_e(m["point"])} <span class="muted">({_e(m["question"])})</span></li>'
            for m in data["missed"]
        ),
        "</ul></section>" if data["missed"] else "<li>None: every key point was covered.</li></ul></section>",
        _delivery_html(data["delivery"]),
        _follow_ups_html(data["follow_ups"]),
        _your_questions_html(data["your_questions"]),
        _drill_html(data["drill"]),
        f'<section id="progress"><h2>Progress over interviews</h2>{progress_chart(data["progress"])}<table>'
        "<tr><th>#</th><th>Date</th><th>Plan</th><th>Score</th></tr>",
        *(
            f"<tr><td>{p['id']}</td><td>{_e(p['started'][:10])}</td><td>{_e(p['plan'])}</td>"
            f"<td>{_score(p['score'])}</td></tr>"
            for p in data["progress"]
        ),
        "</table></section>",
    ]
    return "\n".join(body)


def _answer_html(a: dict[str, Any]) -> str:
    label = "Follow-up" if a["role"] == "follow-up" else "Your questions" if a["role"] == "your-questions" else "Q"
    rating = f" · self-rated {a['rating']}" if a["rating"] else ""
    return (
        f'<article class="answer-block" data-step="{_e(a["step"])}"><h3>{label} {_e(a["step"])}: {_e(a["prompt"])}</h3>'
        f'<p class="muted">score <span class="score">{_score(a["score"])}</span>{rating} · '
        f'{_mmss(a["seconds"])} of {_mmss(a["budget"])}</p><p class="answer">{_e(a["answer"])}</p></article>'
    )


def _delivery_html(d: dict[str, Any]) -> str:
    fillers = ", ".join(f"{_e(k)} ×{v}" for k, v in d["fillers"].items()) or "none"
    hedges = ", ".join(f"{_e(k)} ×{v}" for k, v in d["hedges"].items()) or "none"
    rows = "".join(
        f"<li>{_e(n['question'])}<ul>{''.join(f'<li>{_e(x)}</li>' for x in n['notes'])}</ul></li>" for n in d["notes"]
    )
    return (
        f'<section id="delivery"><h2>Delivery</h2><p>Filler words: {fillers}. Hedges: {hedges}. '
        f"{d['over_budget']} answers over budget, {d['too_short']} too short.</p><ul>{rows}</ul></section>"
    )


def _follow_ups_html(follow_ups: list[dict[str, Any]]) -> str:
    if not follow_ups:
        return '<section id="follow-ups"><h2>Follow-ups</h2><p>None were needed.</p></section>'
    rows = "".join(
        f'<tr><td>{_e(f["question"])}</td><td>{_e(f["follow_up"])}<br><span class="muted">{_e(f["reason"])}'
        f'</span></td><td>{_score(f["before"])} → {_score(f["score"])}</td><td class="answer">'
        f"{_e(f['answer'] or 'not answered')}</td></tr>"
        for f in follow_ups
    )
    return (
        '<section id="follow-ups"><h2>Follow-ups</h2><table><tr><th>Question</th><th>Follow-up</th>'
        f"<th>Score</th><th>Your answer</th></tr>{rows}</table></section>"
    )


def _your_questions_html(q: dict[str, Any]) -> str:
    yours = "".join(f"<li>{_e(x)}</li>" for x in q.get("yours", [])) or "<li>none asked</li>"
    unasked = "".join(f"<li>{_e(x)}</li>" for x in q.get("not_asked", []))
    matched = len(q.get("matched", []))
    return (
        f'<section id="your-questions"><h2>Your questions for the interviewer</h2><ul>{yours}</ul>'
        f"<p>{matched} matched the questions in your notes."
        + (f" From your notes, not asked:</p><ul>{unasked}</ul>" if unasked else "</p>")
        + "</section>"
    )


def _drill_html(drill: dict[str, Any]) -> str:
    items = "".join(
        f'<li><code>{_e(i["id"])}</code> {_e(i["question"])} <span class="muted">({_score(i["score"])})</span></li>'
        for i in drill["items"]
    )
    command = f'<p>Drill them: <code id="drill-command">{_e(drill["command"])}</code></p>' if drill["command"] else ""
    return f'<section id="drill"><h2>Drill next</h2><ol>{items}</ol>{command}</section>'


def render_markdown(data: dict[str, Any]) -> str:
    lines = [
        f"# Mock interview #{data['id']}: {data['title']}",
        "",
        f"{data['started']} · plan `{data['plan']}` · time {_mmss(data['used'])} of {_mmss(data['budget'])} · "
        f"overall score **{_score(data['score'])}**/100",
        "",
        "## Sections",
        "",
        "| Section | Score | Time |",
        "| --- | --- | --- |",
        *(
            f"| {s['title']} | {_score(s['score'])} | {_mmss(s['used'])} / {_mmss(s['budget'])} |"
            for s in data["sections"]
        ),
        "",
        "## Answers",
        "",
    ]
    for section in data["sections"]:
        for a in section["answers"]:
            timing = f"score {_score(a['score'])} · {_mmss(a['seconds'])} of {_mmss(a['budget'])}"
            quoted = [f"> {x}" for x in a["answer"].splitlines()]
            notes = [f"- {n}" for n in a["delivery"].get("notes", [])]
            lines += [f"### {a['step']} {a['prompt']}", "", timing, "", *quoted, "", *notes, ""]
    lines += ["## Key points missed", "", *(f"- {m['point']} ({m['question']})" for m in data["missed"]), ""]
    lines += ["## Follow-ups", ""] + [
        f"- {f['follow_up']} ({f['reason']}): {_score(f['before'])} → {_score(f['score'])}" for f in data["follow_ups"]
    ]
    yours = data["your_questions"]
    lines += ["", "## Your questions for the interviewer", "", *(f"- {q}" for q in yours.get("yours", []))]
    if yours.get("not_asked"):
        lines += ["", "From your notes, not asked:", *(f"- {q}" for q in yours["not_asked"])]
    lines += ["", "## Drill next", "", *(f"1. `{i['id']}` {i['question']}" for i in data["drill"]["items"])]
    if data["drill"]["command"]:
        lines += ["", f"    {data['drill']['command']}"]
    lines += [
        "",
        "## Progress",
        "",
        *(f"- #{p['id']} {p['started'][:10]} {p['plan']}: {_score(p['score'])}" for p in data["progress"]),
    ]
    return "\n".join(lines) + "\n"
