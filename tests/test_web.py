"""The web app through FastAPI's test client on a real SQLite bank: what each page shows, read with an HTML
parser, and what the JSON API returns. The real grader and embedding model run underneath."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402

NOTES = """# Interview notes

## Regularization

#### Q: How do L1 and L2 regularization differ?

- L1 (lasso) adds the sum of absolute weights to the loss and drives many weights to exactly zero.
- L2 (ridge) adds the sum of squared weights and shrinks all weights smoothly.

#### Q: What does dropout do?

Dropout zeroes random activations during training so units cannot co-adapt; it acts as a regularizer.
<script>alert("from my notes")</script>

## Retrieval

#### Q: What is reciprocal rank fusion?

Reciprocal rank fusion merges ranked lists by summing 1 / (k + rank) for each document across the lists.
"""


class Page(HTMLParser):
    """The text of each element with a given class or id, and every element's attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {}
        self.open: list[list[str]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        self.elements.append((tag, named))
        if tag in ("input", "meta", "link", "br", "img"):
            return
        keys = [f".{c}" for c in named.get("class", "").split()] + ([f"#{named['id']}"] if "id" in named else [])
        self.stack.append((tag, named))
        self.open.append([tag, *keys])
        for key in [tag, *keys]:
            self.texts.setdefault(key, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts.append(data)
        for keys in self.open:
            for key in keys:
                self.texts[key][-1] += data

    def text(self, key: str) -> str:
        return " ".join(" ".join(t.split()) for t in self.texts.get(key, []))

    def all(self, key: str) -> list[str]:
        return [" ".join(t.split()) for t in self.texts.get(key, [])]

    def attrs(self, tag: str, **match: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in match.items())]


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    root = tmp_path_factory.mktemp("web")
    url = imported_bank(root, NOTES)
    with TestClient(create_app(Settings(), url, root / "uploads")) as client:
        yield client, root


@pytest.fixture
def client(app_env: tuple[TestClient, Path]) -> TestClient:
    return app_env[0]


def _item_id(client: TestClient, question_start: str) -> str:
    items = client.get("/api/items").json()
    return next(i["id"] for i in items if i["question"].startswith(question_start))


def test_library_lists_items_and_filters_by_topic(client: TestClient) -> None:
    page = Page(client.get("/").text)
    assert "How do L1 and L2 regularization differ?" in page.text(".items")
    assert "What is reciprocal rank fusion?" in page.text(".items")
    topics = [a["value"] for a in page.attrs("option") if a.get("value")]
    assert "notes.md" not in topics  # sources are offered by path, shown by name
    topic = client.get("/api/items").json()[0]["topic"]
    filtered = Page(client.get("/", params={"topic": topic}).text)
    shown = [a["data-id"] for a in filtered.attrs("tr") if "data-id" in a]
    expected = [i["id"] for i in client.get("/api/items", params={"topic": topic}).json()]
    assert shown == expected and shown


def test_item_page_renders_the_reference_and_escapes_notes_html(client: TestClient) -> None:
    ident = _item_id(client, "What does dropout")
    response = client.get(f"/items/{ident}")
    page = Page(response.text)
    assert "What does dropout do?" in page.text("h1")
    assert "zeroes random activations" in page.text(".reference")
    assert "notes.md:" in page.text(".source")
    assert not any("from my notes" in s for s in page.scripts)  # the note's <script> is text, never run
    assert '&lt;script&gt;alert("from my notes")' in response.text or "&lt;script&gt;" in response.text


def test_item_page_for_an_unknown_id_says_what_to_do(client: TestClient) -> None:
    response = client.get("/items/zzzzzzzz")
    assert response.status_code == 404
    assert "coach list" in Page(response.text).text(".error")
    assert client.get("/api/items/zzzzzzzz").json()["error"].startswith("no item with id")


def test_ask_shows_cited_passages_when_the_notes_answer(client: TestClient) -> None:
    page = Page(client.get("/search", params={"q": "how does reciprocal rank fusion merge lists", "mode": "ask"}).text)
    outcome = [a["data-outcome"] for a in page.attrs("section") if "data-outcome" in a]
    assert outcome == ["answered"]
    assert "1 / (k + rank)" in page.text(".passages")
    assert "notes.md:" in page.text(".passages")


def test_ask_says_not_in_your_notes_and_quotes_nothing(client: TestClient) -> None:
    data = client.get("/api/ask", params={"q": "how do I bake sourdough bread with rye flour"}).json()
    assert data["outcome"] == "not_in_notes" and data["passages"] == []
    page = Page(client.get("/search", params={"q": "how do I bake sourdough bread with rye flour", "mode": "ask"}).text)
    assert "Not in your notes" in page.text("h2")
    assert page.text(".passages") == ""


def test_search_page_lists_results(client: TestClient) -> None:
    page = Page(client.get("/search", params={"q": "how do L1 and L2 regularization differ"}).text)
    assert "How do L1 and L2 regularization differ?" in page.text(".passages")


def test_practice_answer_is_saved_graded_and_rated_into_fsrs(client: TestClient) -> None:
    ident = _item_id(client, "How do L1")
    page = Page(client.get("/practice", params={"item": ident}).text)
    assert "How do L1 and L2 regularization differ?" in page.text("#question-text")
    started = [a["value"] for a in page.attrs("input", name="started")][0]
    answer = "L1 or lasso adds absolute weights and drives weights to zero; L2 or ridge squares them and shrinks them."
    response = client.post("/practice/answer", data={"item_id": ident, "answer": answer, "started": started})
    feedback = Page(response.text)
    assert response.status_code == 200
    assert "/100" in feedback.text("#score")
    statuses = [a["data-status"] for a in feedback.attrs("li") if "data-status" in a]
    assert statuses and set(statuses) <= {"covered", "partly", "missed", "contradicted"}
    assert answer in feedback.text(".your-answer")  # the whole answer, the highlighted parts included
    assert "covered" in [a.get("class") for a in feedback.attrs("mark")]
    attempt = int([a["data-attempt"] for a in feedback.attrs("section") if "data-attempt" in a][0])
    history = [h for h in _attempts(client) if h == attempt]
    assert history  # saved in the bank
    rated = client.post("/practice/rate", data={"attempt_id": attempt, "rating": "3"}, follow_redirects=False)
    assert rated.status_code == 303 and "rated=Good" in rated.headers["location"]
    again = client.post("/practice/rate", data={"attempt_id": attempt, "rating": "3"})
    assert again.status_code == 400 and "already rated" in Page(again.text).text(".error")


def _attempts(client: TestClient) -> list[int]:
    """Attempt ids in the bank, read back through the app's own bank."""
    from sqlalchemy import select

    from interview_coach.bank.schema import Attempt

    with client.app.state.coach.bank.session() as session:  # type: ignore[attr-defined]
        return list(session.scalars(select(Attempt.id)))


def test_an_empty_answer_is_refused_with_one_line(client: TestClient) -> None:
    ident = _item_id(client, "What is reciprocal")
    response = client.post("/practice/answer", data={"item_id": ident, "answer": "   "})
    assert response.status_code == 400
    assert "the answer is empty" in Page(response.text).text(".error")


def test_api_practice_attempt_then_suggested_rating(client: TestClient) -> None:
    ident = _item_id(client, "What is reciprocal")
    started = (datetime.now(UTC) - timedelta(seconds=40)).isoformat()
    body = {"item_id": ident, "answer": "It sums 1 over k plus rank across the ranked lists.", "started": started}
    done = client.post("/api/practice/attempts", json=body).json()
    assert done["grade"]["score"] >= 0 and done["suggested_rating"] in (1, 2, 3, 4)
    assert 35 <= done["seconds"] <= 600
    rated = client.post(f"/api/practice/attempts/{done['attempt_id']}/rating", json={}).json()
    assert rated["rating"] == done["suggested_rating"]
    assert datetime.fromisoformat(rated["due"]) > datetime.now(UTC)
    bad = client.post(f"/api/practice/attempts/{done['attempt_id']}/rating", json={"rating": 9})
    assert bad.status_code == 422


def test_progress_shows_readiness_and_a_forecast_chart(client: TestClient) -> None:
    ident = _item_id(client, "What does dropout")
    done = client.post("/api/practice/attempts", json={"item_id": ident, "answer": "It drops units at random."}).json()
    client.post(f"/api/practice/attempts/{done['attempt_id']}/rating", json={"rating": 1})
    page = Page(client.get("/progress").text)
    topics = [a["data-topic"] for a in page.attrs("tr") if "data-topic" in a]
    assert topics
    counts = [int(n) for n in page.all(".items-count")]
    assert sum(counts) == len(client.get("/api/items").json())
    bars = page.attrs("g", **{"class": "bar"})[len(topics) :]  # readiness bars first, then the forecast
    assert len(bars) == 14 and sum(float(b["data-value"]) for b in bars) >= 1
    stats = client.get("/api/stats").json()
    assert sum(day["count"] for day in stats["forecast"]) >= 1 and stats["attempts"] >= 1


def test_api_grade_names_every_deduction(client: TestClient) -> None:
    body = {
        "question": "What does dropout do?",
        "reference": "Dropout zeroes random activations during training; it regularizes the network.",
        "answer": "Dropout is a learning rate schedule.",
    }
    data = client.post("/api/grade", json=body).json()
    assert 0 <= data["score"] <= 100
    assert all(d["reason"] for d in data["deductions"])
    assert client.post("/api/grade", json={**body, "reference": " "}).json()["error"].startswith("the reference")


def test_import_previews_then_commits_an_upload(app_env: tuple[TestClient, Path]) -> None:
    client = app_env[0]
    notes = (
        b"# More\n\n#### Q: What is a vector database?\n\n"
        b"A store that indexes embeddings for nearest-neighbour search.\n"
    )
    page = Page(client.post("/import", files=[("files", ("more.md", notes, "text/markdown"))]).text)
    assert "Preview" in page.text("h2") and "more.md" in page.text(".preview")
    assert "What is a vector database?" in page.text(".first")
    assert not any("vector database" in i["question"] for i in client.get("/api/items").json())  # not yet
    action = [a["action"] for a in page.attrs("form") if a.get("action", "").startswith("/import/")][0]
    done = Page(client.post(action).text)
    assert "Imported" in done.text("h2") and "1 added" in done.text(".import-report")
    assert any("vector database" in i["question"] for i in client.get("/api/items").json())


def test_import_refuses_a_file_that_is_not_notes(client: TestClient) -> None:
    response = client.post("/api/import/preview", files=[("files", ("photo.png", b"\x89PNG", "image/png"))])
    assert response.status_code == 400 and "not a notes file" in response.json()["error"]
    assert client.post("/api/import/../../etc/commit").status_code == 404
    assert "no staged upload" in client.post("/api/import/0123456789abcdef/commit").json()["error"]


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/items", "/api/search", "/api/ask", "/api/grade", "/api/practice/attempts", "/api/stats"):
        assert path in paths
    assert "/practice" not in paths  # pages are not part of the API


def test_serve_help_says_why_it_is_local(runner) -> None:  # type: ignore[no-untyped-def]
    from interview_coach.cli import cli

    result = runner.invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "Example:" in result.output and "anyone" in result.output


def test_coach_serve_serves_the_library_on_loopback(app_env: tuple[TestClient, Path]) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = app_env[1]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = "from interview_coach.cli import main; main()"
    args = [sys.executable, "-c", command, "--db", f"sqlite:///{root / 'bank.db'}", "serve", "--port", str(port)]
    server = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = ""
        for _ in range(150):  # bounded: up to 30 s for it to listen
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "How do L1 and L2 regularization differ?" in Page(body).text(".items")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert f"http://localhost:{port}/" in output


def test_concurrent_answers_are_all_saved_without_locking_errors(app_env: tuple[TestClient, Path]) -> None:
    """Several browsers submitting at once to one SQLite bank (WAL, busy timeout): every answer lands."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    import uvicorn

    client, root = app_env
    ident = _item_id(client, "What is reciprocal")
    before = len(_attempts(client))
    config = uvicorn.Config(client.app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: up to 20 s for it to listen
        if server.started:
            break
        threading.Event().wait(0.1)
    port = server.servers[0].sockets[0].getsockname()[1]

    def submit(n: int) -> int:
        body = {"item_id": ident, "answer": f"Answer {n}: it sums 1 / (k + rank) over the lists."}
        return httpx.post(f"http://127.0.0.1:{port}/api/practice/attempts", json=body, timeout=120).status_code

    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(submit, range(18)))
    finally:
        server.should_exit = True
        thread.join(timeout=20)
    assert statuses == [200] * 18
    assert len(_attempts(client)) == before + 18
