"""Wrong-shaped input through the test client: pages answer with the error page (404 for an address that cannot
exist, 422 for a bad form field), while the JSON API keeps FastAPI's 422 body for scripts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web import NOTES, Page  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("web_errors")
    url = imported_bank(root, NOTES)
    with TestClient(create_app(Settings(), url, Path(root / "uploads"))) as test_client:
        yield test_client


@pytest.mark.parametrize("address", ["/mock/abc", "/mock/0", "/mock/abc/report"])
def test_a_page_address_of_the_wrong_type_is_a_404_page(client: TestClient, address: str) -> None:
    response = client.get(address)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    assert "That did not work" in page.text("h1")
    message = page.text(".error")
    assert f"There is no page at {address}" in message and "session_id" in message
    assert page.attrs("a", href="/")  # a way back to the library


def test_a_page_form_field_of_the_wrong_type_is_a_422_page_naming_it(client: TestClient) -> None:
    response = client.post("/practice/rate", data={"attempt_id": "many", "rating": "3"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    message = Page(response.text).text(".error")
    assert "attempt_id" in message and "Go back, correct it" in message


def test_the_api_keeps_json_for_the_same_mistakes(client: TestClient) -> None:
    response = client.get("/api/mock/sessions/abc")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["path", "session_id"]
    rating = client.post("/api/practice/attempts/1/rating", json={"rating": 9})
    assert rating.status_code == 422 and rating.json()["detail"][0]["loc"][-1] == "rating"
