"""Mock interviews in the web app and its JSON API, through the test client on a real SQLite bank with the real
grader: the page shows the step, its clock and nudges, the draft typed so far comes back from the server on a
reload, every step is answered to the end and the report page shows its scores and charts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web import Page  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402

NOTES = """# Prep

## Technical screen

#### What does batch normalization do?
It normalizes each mini-batch's activations to zero mean and unit variance, then rescales them with learned
parameters; it steadies and speeds up training.

#### Why use a validation set?
To tune hyperparameters and pick a model on data the model was not trained on, so the test set stays untouched.

## Behavioral questions

- Tell me about a time you missed a deadline.
- Describe a disagreement with your manager.

## Questions to ask the interviewer

- How do you deploy models to production?
"""
PLANS = """
[plans.two]
title = "Two technical questions"
[[plans.two.sections]]
name = "screen"
title = "Technical screen"
minutes = 4
questions = 2
kinds = ["technical"]

[plans.story]
title = "One story and your questions"
[[plans.story.sections]]
name = "behavioral"
title = "Behavioral"
minutes = 3
questions = 1
kinds = ["behavioral"]
[[plans.story.sections]]
name = "yours"
title = "Questions for us"
role = "your-questions"
minutes = 2
kinds = ["ask_interviewer"]
"""
STORIES = ("Tell me about a time you missed a deadline.", "Describe a disagreement with your manager.")
GOOD = {
    "What does batch normalization do?": "Batch normalization normalizes each mini-batch's activations to zero "
    "mean and unit variance, then rescales them with learned parameters, which steadies and speeds up training.",
    "Why use a validation set?": "A validation set is used to tune hyperparameters and pick a model on data it "
    "was not trained on, so the test set stays untouched for the final estimate.",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("webmock")
    home = root / "home"
    home.mkdir()
    (home / "mock-plans.toml").write_text(PLANS, encoding="utf-8")
    url = imported_bank(root, NOTES)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COACH_HOME", str(home))
        with TestClient(create_app(Settings(), url, root / "uploads")) as test_client:
            yield test_client


def _start(client: TestClient, plan: str, seed: str = "1") -> int:
    started = client.post("/mock", data={"plan": plan, "seed": seed}, follow_redirects=False)
    assert started.status_code == 303, started.text
    return int(started.headers["location"].rsplit("/", 1)[1])


def _step(page: Page) -> str:
    return next(a["data-step"] for a in page.attrs("section") if "data-step" in a)


def test_the_mock_page_offers_the_plans_file(client: TestClient) -> None:
    page = Page(client.get("/mock").text)
    plans = [a["value"] for a in page.attrs("option")]
    assert plans == ["two", "story"]  # the user's mock-plans.toml, as `coach mock --plan` reads it
    assert "Technical screen (4 min)" in page.text(".plans")


def test_a_two_question_mock_keeps_the_draft_on_the_server_and_ends_in_its_report(client: TestClient) -> None:
    session = _start(client, "two")
    page = Page(client.get(f"/mock/{session}").text)
    first = page.text("#prompt")
    assert first in GOOD and page.text(".section-title") == "Technical screen"
    assert "/ 2:00" in page.text(".clock") and "/ 4:00" in page.text(".clock")  # answer and interview budgets
    nudges = [a for a in page.attrs("p") if a.get("id") == "nudge"][0]
    assert nudges["data-text1"] == "30 s left for this one" and nudges["data-at1"] == "90"
    step = _step(page)
    typed = "Batch normalization normalizes <b>activations</b> per mini-batch"
    saved = client.put(f"/api/mock/sessions/{session}/draft", json={"step": step, "answer": typed})
    assert saved.status_code == 200 and saved.json()["saved"]
    reloaded = Page(client.get(f"/mock/{session}").text)
    assert reloaded.text("textarea") == typed  # from the server, escaped, not from the browser
    assert "kept on the server" in reloaded.text("#draft-status")
    answered: list[str] = []
    while True:  # every step the interviewer asks, follow-ups included
        response = client.get(f"/mock/{session}", follow_redirects=False)
        if response.status_code == 303:
            break
        page = Page(response.text)
        prompt = page.text("#prompt")
        answered.append(prompt)
        text = GOOD.get(prompt, "It fits because the statistics are learned during training and fixed after.")
        done = client.post(f"/mock/{session}/answer", data={"step": _step(page), "answer": text})
        last = done.url.path.endswith("/report")  # the last answer leads to the report
        assert done.status_code == 200 and (last or "Answer saved" in Page(done.text).text(".flash"))
        assert len(answered) < 6
    assert set(GOOD) <= set(answered)
    report = Page(client.get(f"/mock/{session}/report").text)
    assert report.text("h1").startswith(f"Mock interview #{session}: Two technical questions")
    score = report.text("#overall-score")
    assert score.isdigit() and 0 <= int(score) <= 100
    assert len([a for a in report.attrs("article") if "data-step" in a]) == len(answered)
    assert [a for a in report.attrs("svg") if a.get("id") == "time-chart"]
    assert "Technical screen" in report.text(".section-row")
    data = client.get(f"/api/mock/sessions/{session}/report").json()
    assert data["finished"] and data["score"] is not None and round(data["score"]) == int(score)
    past = Page(client.get("/mock").text)
    assert f"/mock/{session}/report" in [a.get("href") for a in past.attrs("a")]


def test_a_stale_page_or_an_empty_answer_gets_one_line(client: TestClient) -> None:
    session = _start(client, "two", seed="2")
    step = _step(Page(client.get(f"/mock/{session}").text))
    empty = client.post(f"/mock/{session}/answer", data={"step": step, "answer": "  "})
    assert empty.status_code == 400 and "the answer is empty" in Page(empty.text).text(".error")
    stale = client.post(f"/mock/{session}/answer", data={"step": "9.9", "answer": "something"})
    assert stale.status_code == 400
    assert "not the one being asked (now: question 1.1); reload" in Page(stale.text).text(".error")
    missing = client.get("/mock/999999")
    assert missing.status_code == 404 and "no mock interview 999999" in Page(missing.text).text(".error")
    api = client.get("/api/mock/sessions/999999")
    assert api.status_code == 404 and "no mock interview" in api.json()["error"]
    unknown = client.post("/mock", data={"plan": "nope"})
    assert unknown.status_code == 400 and "no such plan" in Page(unknown.text).text(".error")
    ended = client.post(f"/mock/{session}/finish", follow_redirects=False)
    assert ended.headers["location"] == f"/mock/{session}/report"
    report = Page(client.get(f"/mock/{session}/report").text)
    assert report.text("#overall-score") == "–"  # ended before any answer


def test_self_ratings_and_your_questions_through_the_api(client: TestClient) -> None:
    started = client.post("/api/mock/sessions", json={"plan": "story", "seed": 3})
    assert started.status_code == 200, started.text
    session = started.json()["session_id"]
    now = client.get(f"/api/mock/sessions/{session}").json()
    assert now["step"]["prompt"] in STORIES and now["step"]["role"] == "question"
    story = "We shipped late once; I split the work, told the client early and we delivered a week later."
    given = client.post(f"/api/mock/sessions/{session}/answers", json={"step": now["step"]["key"], "answer": story})
    assert given.status_code == 200 and given.json()["score"] is None  # no reference: rated by you at the end
    now = client.get(f"/api/mock/sessions/{session}").json()
    if now["step"]["role"] == "follow-up":
        reply = "I now plan buffers and flag risks in the first week."
        client.post(f"/api/mock/sessions/{session}/answers", json={"step": now["step"]["key"], "answer": reply})
        now = client.get(f"/api/mock/sessions/{session}").json()
    assert now["step"]["role"] == "your-questions"
    asked = "How do you deploy models to production?\nWhat does a normal week look like?"
    client.post(f"/api/mock/sessions/{session}/answers", json={"step": now["step"]["key"], "answer": asked})
    page = Page(client.get(f"/mock/{session}").text)
    assert "Rate yourself" in page.text(".self-rating") and story in page.text(".self-rating")
    unrated = client.get(f"/api/mock/sessions/{session}").json()["unrated"]
    assert unrated and unrated[0]["answer"] == story
    for one in unrated:
        rated = client.post(f"/mock/{session}/rate", data={"answer_id": one["answer_id"], "rating": "3"})
        assert rated.status_code == 200
    report = client.get(f"/api/mock/sessions/{session}/report").json()
    assert report["finished"]  # nothing left to answer or rate: finished
    assert report["your_questions"]["matched"][0]["notes"] == "How do you deploy models to production?"
    assert [a["rating"] for s in report["sections"] for a in s["answers"] if a["role"] == "question"] == [3]
