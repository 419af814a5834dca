"""Scores over time on the progress page (a server-rendered SVG line, one point per day with graded answers) and
in GET /api/stats, from real graded attempts in a real SQLite bank."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web import NOTES, Page  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402
from interview_coach.web.charts import score_chart  # noqa: E402

GOOD = "Reciprocal rank fusion merges ranked lists by summing 1 / (k + rank) for each document across the lists."


@pytest.fixture
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("webprogress")
    url = imported_bank(root, NOTES)
    with TestClient(create_app(Settings(), url, root / "uploads")) as test_client:
        yield test_client


def _answer(client: TestClient, start: str, text: str, days_ago: int) -> int:
    from interview_coach.bank.schema import Attempt

    ident = next(i["id"] for i in client.get("/api/items").json() if i["question"].startswith(start))
    done = client.post("/api/practice/attempts", json={"item_id": ident, "answer": text}).json()
    with client.app.state.coach.bank.transaction() as session:  # type: ignore[attr-defined]
        attempt = session.get(Attempt, done["attempt_id"])
        assert attempt is not None
        attempt.submitted_at = datetime.now(UTC) - timedelta(days=days_ago)  # as if answered then
    return int(done["grade"]["score"])


def test_scores_over_time_as_a_line_with_a_point_per_day(client: TestClient) -> None:
    empty = Page(client.get("/progress").text)
    assert "No graded answers yet" in empty.text(".no-scores")
    poor = _answer(client, "What is reciprocal", "It merges lists somehow.", days_ago=3)
    good = _answer(client, "What is reciprocal", GOOD, days_ago=0)
    other = _answer(client, "What does dropout", "Dropout zeroes random activations in training.", days_ago=0)
    assert poor < good
    page = Page(client.get("/progress").text)
    points = [(a["data-day"], float(a["data-value"])) for a in page.attrs("g") if "data-day" in a]
    today = datetime.now(UTC).date()
    assert points == [
        ((today - timedelta(days=3)).isoformat(), float(poor)),
        (today.isoformat(), round((good + other) / 2, 1)),
    ]
    assert len(page.attrs("polyline")) == 1
    scores = client.get("/api/stats").json()["scores"]
    assert [s["graded"] for s in scores] == [1, 2] and scores[1]["low"] == min(good, other)


def test_the_chart_escapes_and_keeps_to_the_scale() -> None:
    chart = str(score_chart([{"day": "2026-01-02<script>", "mean": 140.0, "low": -5, "high": 140, "graded": 1}]))
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    assert 'cy="28.0"' in chart  # 140 drawn at the top of the 0–100 scale, not above it
