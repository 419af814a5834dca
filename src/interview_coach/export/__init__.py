"""Stage: report. Items → JSONL, CSV or markdown that imports back into the same questions."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from interview_coach.parse.interop import EXPORT_MARKER, ITEM_CLOSE, meta_comment, question_in_heading
from interview_coach.textsafe import clean

FORMATS = ("jsonl", "csv", "markdown")
CSV_COLUMNS = [
    "id",
    "question",
    "answer",
    "kind",
    "topic",
    "heading_path",
    "source_path",
    "line_start",
    "line_end",
    "star_situation",
    "star_task",
    "star_action",
    "star_result",
    "note",
]


def export_items(items: Iterable[dict[str, Any]], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if fmt == "csv":
        return _csv(shown_as_text(item) for item in items)
    if fmt == "markdown":
        return _markdown(shown_as_text(item) for item in items)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def shown_as_text(value: Any) -> Any:
    """Every string inside `value` with terminal escapes removed and control characters made visible
    (JSONL escapes them itself; CSV and markdown are read in terminals and editors)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {key: shown_as_text(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [shown_as_text(v) for v in value]
    return value


def _csv(items: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for item in items:
        star = item["star"] or {}
        writer.writerow(
            {
                **{k: item[k] for k in ("id", "question", "answer", "kind", "topic")},
                "heading_path": " > ".join(item["heading_path"]),
                "source_path": item["source"]["path"],
                "line_start": item["source"]["line_start"],
                "line_end": item["source"]["line_end"],
                **{f"star_{part}": star.get(part, "") for part in ("situation", "task", "action", "result")},
                "note": item.get("note", ""),
            }
        )
    return out.getvalue()


def _markdown(items: Iterable[dict[str, Any]]) -> str:
    """One "## topic" section per topic and a "#### Q:" heading per question, with a comment holding what the
    markdown alone cannot say; `coach import` reads each item back as it was (parse/interop.py)."""
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        by_topic.setdefault(item["topic"], []).append(item)
    parts = [f"{EXPORT_MARKER} 1: each question heading and the comment under it is one item -->\n"]
    parts.append("# Interview question bank\n")
    for topic, group in by_topic.items():
        parts.append(f"\n## {' '.join(topic.split())}\n")
        parts.extend(_markdown_item(item) for item in group)
    return "".join(parts)


def _markdown_item(item: dict[str, Any]) -> str:
    heading = "#### Q: " + " ".join(item["question"].split())
    source = item["source"]
    meta: dict[str, object] = {
        "kind": item["kind"],
        "topic": item["topic"],
        "heading_path": item["heading_path"],
        "star": item["star"],
        "note": item.get("note", ""),
        "id": item["id"],
        "source": f"{source['path']}:{source['line_start']}",
    }
    if question_in_heading(heading) != item["question"]:  # a question the heading cannot hold as it is
        meta["question"] = item["question"]
    body = f"\n{item['answer']}\n" if item["answer"] else ""
    return f"\n{heading}\n{meta_comment(meta)}\n{body}\n{ITEM_CLOSE}\n"
