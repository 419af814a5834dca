"""One practice day through the JSON API on each backend: upload and import notes, search and ask them, practise a
question (saved, graded, rated into FSRS) and read the stats. The same flow on SQLite and on the throwaway
PostgreSQL that `make test` starts (skipped without one), with the real grader and embedding model."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web import NOTES, Page  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bank.db'}"
    else:
        request.getfixturevalue("postgres_bank")  # skips without a server; empties the bank
        url = os.environ["COACH_TEST_POSTGRES_URL"]
    with TestClient(create_app(Settings(), url, tmp_path / "uploads")) as test_client:
        yield test_client


def test_import_search_practise_and_stats_through_the_api(client: TestClient) -> None:
    upload = [("files", ("notes.md", NOTES.encode(), "text/markdown"))]
    preview = client.post("/api/import/preview", files=upload).json()
    assert not preview["problems"] and [Path(f["path"]).name for f in preview["files"]] == ["notes.md"]
    assert preview["files"][0]["status"] == "ok" and preview["files"][0]["questions"] == 3
    assert client.get("/api/items").json() == []  # a preview stores nothing
    done = client.post(f"/api/import/{preview['token']}/commit").json()
    assert done["ok"] and not done["problems"]
    items = client.get("/api/items").json()
    assert len(items) == 3

    found = client.get("/api/search", params={"q": "how does reciprocal rank fusion merge lists"}).json()
    assert not found["refused"] and found["results"][0]["question"] == "What is reciprocal rank fusion?"
    asked = client.get("/api/ask", params={"q": "what does dropout do to activations"}).json()
    assert asked["outcome"] != "not_in_notes" and "zeroes random activations" in asked["passages"][0]["passage"]

    ident = next(i["id"] for i in items if i["question"].startswith("What is reciprocal"))
    answer = "It merges ranked lists by summing 1 / (k + rank) for each document across the lists."
    attempt = client.post("/api/practice/attempts", json={"item_id": ident, "answer": answer}).json()
    assert attempt["grade"]["score"] >= 60 and attempt["suggested_rating"] in (3, 4)
    rated = client.post(f"/api/practice/attempts/{attempt['attempt_id']}/rating", json={"rating": 3}).json()
    assert rated["rating"] == 3

    stats = client.get("/api/stats").json()
    assert stats["attempts"] == 1
    assert sum(day["count"] for day in stats["forecast"]) == 1  # the rated item is due again within 14 days
    library = Page(client.get("/").text)  # and the pages read the same bank
    assert "What is reciprocal rank fusion?" in library.text(".items")
