"""The library's due and weak filters and editing or retiring an item, through the test client on a real SQLite
bank with the real grader, read with an HTML parser (the page) and as JSON (the API)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web import NOTES, Page  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402


@pytest.fixture
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("weblib")
    url = imported_bank(root, NOTES)
    with TestClient(create_app(Settings(), url, root / "uploads")) as test_client:
        yield test_client


def _ids(client: TestClient) -> dict[str, str]:
    return {i["question"]: i["id"] for i in client.get("/api/items").json()}


def _shown(html: str) -> list[str]:
    return [a["data-id"] for a in Page(html).attrs("tr") if "data-id" in a]


def test_weak_and_due_filters(client: TestClient) -> None:
    ids = _ids(client)
    l1, rrf = ids["How do L1 and L2 regularization differ?"], ids["What is reciprocal rank fusion?"]
    poor = client.post("/api/practice/attempts", json={"item_id": l1, "answer": "They are both penalties."}).json()
    assert poor["grade"]["score"] < 60
    client.post(f"/api/practice/attempts/{poor['attempt_id']}/rating", json={"rating": 1})
    good = "Reciprocal rank fusion merges ranked lists by summing 1 / (k + rank) for each document across lists."
    fine = client.post("/api/practice/attempts", json={"item_id": rrf, "answer": good}).json()
    assert fine["grade"]["score"] >= 60
    client.post(f"/api/practice/attempts/{fine['attempt_id']}/rating", json={"rating": 3})
    weak = client.get("/", params={"weak": "1"}).text
    assert _shown(weak) == [l1]
    assert "weak" in Page(weak).text(".last-score")
    assert [i["id"] for i in client.get("/api/items", params={"weak": True}).json()] == [l1]
    assert _shown(client.get("/", params={"due": "1"}).text) == []  # both scheduled in the future
    assert "Nothing is due now" in Page(client.get("/", params={"due": "1"}).text).text(".empty")
    _make_due(client, rrf)
    assert _shown(client.get("/", params={"due": "1"}).text) == [rrf]
    assert [i["id"] for i in client.get("/api/items", params={"due": True}).json()] == [rrf]
    assert _shown(client.get("/", params={"due": "1", "weak": "1"}).text) == []  # both filters at once
    everything = Page(client.get("/").text)
    assert len(_shown(client.get("/").text)) == 3 and "new" in everything.text(".next-review")


def _make_due(client: TestClient, item_id: str) -> None:
    """Yesterday's due date on the card: what a day passing would do."""
    from interview_coach.bank.schema import Card

    with client.app.state.coach.bank.transaction() as session:  # type: ignore[attr-defined]
        card = session.get(Card, item_id)
        assert card is not None
        card.due = datetime.now(UTC) - timedelta(days=1)


def test_edit_an_item_from_its_page_and_through_the_api(client: TestClient) -> None:
    ident = _ids(client)["What does dropout do?"]
    page = Page(client.get(f"/items/{ident}").text)
    assert [a["value"] for a in page.attrs("option") if "selected" in a] == ["technical"]
    saved = client.post(
        f"/items/{ident}/edit",
        data={"question": "What does dropout do in training?", "answer": "It zeroes random units.", "kind": "technical",
              "topic": "deep learning"},
    )  # fmt: skip
    after = Page(saved.text)
    assert saved.status_code == 200 and "Saved." in after.text(".flash")
    assert after.text("h1") == "What does dropout do in training?"
    assert "It zeroes random units." in after.text(".reference") and "deep learning" in after.text(".topic")
    assert "What does dropout do in training?" in Page(client.get("/").text).text(".items")
    bad = client.post(f"/items/{ident}/edit", data={"question": "Q?", "kind": "poetry", "topic": "x"})
    assert bad.status_code == 400 and "kind: 'poetry' is not one of technical" in Page(bad.text).text(".error")
    empty = client.patch(f"/api/items/{ident}", json={"question": "  "})
    assert empty.status_code == 400 and "question: empty" in empty.json()["error"]
    patched = client.patch(f"/api/items/{ident}", json={"topic": "regularization"}).json()
    assert patched["topic"] == "regularization" and patched["question"] == "What does dropout do in training?"
    assert client.patch("/api/items/zzzzzz", json={"topic": "x"}).status_code == 404


def test_retire_and_restore_an_item(client: TestClient) -> None:
    ident = _ids(client)["What is reciprocal rank fusion?"]
    retired = client.post(f"/items/{ident}/retire", data={"retired": "1"})
    page = Page(retired.text)
    assert "Retired:" in page.text(".retired") and "Restore this item" in page.text(".retire")
    assert ident not in _shown(client.get("/").text)
    assert ident not in _ids(client)
    back = client.post(f"/api/items/{ident}/retire", json={"retired": False})
    assert back.status_code == 200 and back.json() == {"id": ident, "retired": False}
    assert ident in _shown(client.get("/").text)


def test_a_large_library_is_shown_a_page_at_a_time_and_keeps_its_filter(tmp_path: Path) -> None:
    from interview_coach.bank.library import PAGE_SIZE

    notes = "".join(
        f"## Topic {n % 3}\n\n### What is concept number {n}?\n\nIt is the {n}th idea.\n\n" for n in range(450)
    )
    url = imported_bank(tmp_path, "# Many\n\n" + notes)
    with TestClient(create_app(Settings(), url, tmp_path / "uploads")) as many:
        first = Page(many.get("/").text)
        assert len(_shown(many.get("/").text)) == PAGE_SIZE
        assert "450 items, showing 1–200" in first.text(".count")
        third = many.get("/", params={"page": 3}).text
        assert len(_shown(third)) == 450 - 2 * PAGE_SIZE and "showing 401–450" in Page(third).text(".count")
        assert _shown(many.get("/", params={"page": 99}).text) == _shown(third)  # past the end: the last page
        every = [i["id"] for i in many.get("/api/items").json()]
        pages = [_shown(many.get("/", params={"page": n}).text) for n in (1, 2, 3)]
        assert sum(pages, []) == every  # every item on exactly one page, in library order
        links = [a["href"] for a in Page(many.get("/", params={"weak": "1", "page": 1}).text).attrs("a") if "href" in a]
        assert not any("page=" in link for link in links)  # a filter with one page of rows has no page links
        assert [a["href"] for a in first.attrs("a") if a.get("rel") == "next"] == ["/?page=2"]
        by_kind = Page(many.get("/", params={"kind": "technical", "page": 2}).text)
        assert [a["href"] for a in by_kind.attrs("a") if a.get("rel") in ("prev", "next")] == [
            "/?kind=technical&page=1",
            "/?kind=technical&page=3",
        ]
