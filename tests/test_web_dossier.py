"""Projects and stories in the web app and its /api/dossiers API, through the test client on a real SQLite bank
of the dossier fixtures (bold labels, two files for one project, STAR stories in a text file), read with an HTML
parser: dossiers, key numbers and the notes' disagreements, the pitch drill saved, graded and scheduled, the
theme × story coverage matrix with its gaps and a theme edit, the checklist ticked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web import Page  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402

DATA = Path(__file__).parent / "data"
FIXTURES = ["dossier_fraud.md", "dossier_portfolio.md", "dossier_portfolio_metrics.md", "dossier_stories.txt"]
PITCH = (
    "I built a real-time fraud detection engine for card payments: transactions stream through Kafka into a "
    "feature store and an XGBoost model scores each one in under 40 ms. It caught 94% of fraud at 90% precision "
    "and saved about $1.2M a year in chargebacks."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("webdossier")
    url = imported_bank(root, files=[DATA / name for name in FIXTURES])
    with TestClient(create_app(Settings(), url, root / "uploads")) as test_client:
        yield test_client


def test_projects_page_lists_each_dossier(client: TestClient) -> None:
    page = Page(client.get("/projects").text)
    shown = [a["data-project"] for a in page.attrs("tr") if "data-project" in a]
    assert sorted(shown) == ["churn predictor", "fraud detection engine", "search ranker"]
    links = [a["href"] for a in page.attrs("a") if a.get("href", "").startswith("/projects/")]
    assert "/projects/fraud%20detection%20engine" in links
    assert "0 of 6 ticked" in page.text(".hint")
    api = client.get("/api/dossiers/projects").json()
    assert sorted(p["name"] for p in api) == ["Churn Predictor", "Fraud Detection Engine", "Search Ranker"]


def test_a_dossier_shows_its_pitch_numbers_steps_and_the_notes_disagreements(client: TestClient) -> None:
    fraud = Page(client.get("/projects/fraud detection engine").text)
    assert fraud.text("h1") == "Fraud Detection Engine"
    assert "real-time fraud detection engine" in fraud.text(".pitch")
    assert "(60 s, " in fraud.text(".pitch")
    assert {"94%", "40 ms"} <= set(fraud.all(".figure"))
    assert "Replay a day of transactions" in fraud.text(".facet")
    churn = Page(client.get("/projects/churn").text)  # part of the name, as `coach project churn` takes it
    assert "auc differs between files" in churn.text(".clash")
    missing = client.get("/projects/sourdough")
    assert missing.status_code == 400 and "no project named 'sourdough'" in Page(missing.text).text(".error")
    api = client.get("/api/dossiers/projects/ner")
    assert api.status_code == 400 and "no project named" in api.json()["error"]
    numbers = client.get("/api/dossiers/projects/churn/numbers").json()
    assert numbers["inconsistencies"][0]["measure"] == "auc"


def test_the_pitch_drill_is_timed_saved_graded_and_scheduled(client: TestClient) -> None:
    drill = Page(client.get("/projects/fraud detection engine/pitch").text)
    assert drill.text("h1") == "Pitch drill: Fraud Detection Engine"
    clock = [a for a in drill.attrs("span") if a.get("id") == "pitch-clock"][0]
    assert clock["data-budget"] == "60" and "about 140 words" in drill.text("main")
    started = [a["value"] for a in drill.attrs("input", name="started")][0]
    response = client.post(
        "/projects/fraud detection engine/pitch", data={"answer": PITCH, "which": "1", "started": started}
    )
    feedback = Page(response.text)
    assert response.status_code == 200 and "Your pitch is saved" in feedback.text(".saved")
    assert "/100" in feedback.text("#score")
    assert "on time" in feedback.text(".length") or "too short" in feedback.text(".length")
    assert "94%" in feedback.text(".quoted")
    assert "you said 90% precision; your notes say 94%" in feedback.text(".misquote")
    attempt = [a["data-attempt"] for a in feedback.attrs("section") if "data-attempt" in a][0]
    rated = client.post(
        "/projects/fraud detection engine/pitch/rate", data={"attempt_id": attempt, "rating": "3"},
        follow_redirects=False,
    )  # fmt: skip
    assert rated.status_code == 303 and "rated=Good" in rated.headers["location"]
    flash = Page(client.get(rated.headers["location"]).text)
    assert "Good: next pitch drill on" in flash.text(".flash")
    empty = client.post("/projects/fraud detection engine/pitch", data={"answer": " "})
    assert empty.status_code == 400 and "the pitch is empty" in Page(empty.text).text(".error")
    api = client.post("/api/dossiers/projects/search ranker/pitch", json={"answer": "I built a search ranker."})
    assert api.status_code == 200 and api.json()["length"] == "too short" and api.json()["budget_seconds"] == 30


def test_stories_show_the_coverage_matrix_gaps_and_take_a_theme_edit(client: TestClient) -> None:
    page = Page(client.get("/stories").text)
    rows = [a["data-story"] for a in page.attrs("tr") if "data-story" in a]
    assert len(rows) == 4
    has = [(a["data-theme"]) for a in page.attrs("td") if "has" in a.get("class", "").split()]
    assert "failure" in has and "conflict" in has
    gaps = [a["data-theme"] for a in page.attrs("p") if a.get("class") == "gap"]
    assert gaps == ["leadership", "ambiguity", "influence without authority"]
    keys = {s["title"]: s["key"] for s in client.get("/api/dossiers/stories").json()["stories"]}
    story = keys["Disagreeing on the metric"]
    assert story in rows
    changed = client.post(f"/stories/{story}/themes", data={"themes": ["leadership", "conflict"]})
    assert changed.status_code == 200
    after = Page(changed.text)
    assert [a["data-theme"] for a in after.attrs("p") if a.get("class") == "gap"] == [
        "ambiguity",
        "influence without authority",
        "customer focus",  # the story's detected theme, replaced: now a gap
    ]
    api = client.get("/api/dossiers/stories").json()
    assert api["matrix"]["leadership"] == [story]
    back = client.put(f"/api/dossiers/stories/{story}/themes", json={"themes": []})
    assert back.status_code == 200
    assert client.get("/api/dossiers/stories").json()["gaps"][0] == "leadership"
    bad = client.put(f"/api/dossiers/stories/{story}/themes", json={"themes": ["bravery"]})
    assert bad.status_code == 400 and "unknown theme 'bravery'" in bad.json()["error"]


def test_the_checklist_ticks_and_unticks(client: TestClient) -> None:
    page = Page(client.get("/checklist").text)
    assert "0 of 6 ticked" in page.text(".summary")
    assert "Rehearse the pitch with a timer" in page.text("#item-1")
    ticked = Page(client.post("/checklist", data={"n": "1", "ticked": "1"}).text)
    assert "1 of 6 ticked" in ticked.text(".summary")
    assert [a["class"] for a in ticked.attrs("li") if a.get("id") == "item-1"] == ["ticked"]
    api = client.post("/api/dossiers/checklist/ticks", json={"numbers": [1], "ticked": False}).json()
    assert api["counts"]["ticked"] == 0 and api["changed"] == ["Rehearse the pitch with a timer"]
    wrong = client.post("/checklist", data={"n": "99"})
    assert wrong.status_code == 400 and "no checklist item 99" in Page(wrong.text).text(".error")


def test_a_pitch_drill_address_with_a_bad_number_says_what_to_fix(client: TestClient) -> None:
    for query, field in (("seconds=abc", "seconds"), ("seconds=2", "seconds"), ("which=7", "which")):
        response = client.get(f"/projects/fraud/pitch?{query}")
        assert response.status_code == 400, query
        assert Page(response.text).text(".error").startswith(f"{field}: ") or "has 1 pitches" in response.text
    drilled = Page(client.get("/projects/fraud").text)  # drilled above: still one pitch, not the item twice
    assert len([a for a in drilled.attrs("div") if "data-which" in a]) == 1
    timed = Page(client.get("/projects/fraud/pitch?seconds=45").text)
    assert [a["data-budget"] for a in timed.attrs("span") if a.get("id") == "pitch-clock"] == ["45"]
    assert [a["value"] for a in timed.attrs("input", name="seconds")] == ["45"]


def test_a_practice_answer_keeps_its_misquoted_figures_with_the_grade(tmp_path: Path) -> None:
    from test_dossier import _LEDGER_GUIDE, _LEDGER_QUICK

    from interview_coach.bank.schema import Attempt

    (tmp_path / "ledger_quick.md").write_text(_LEDGER_QUICK, encoding="utf-8")
    url = imported_bank(tmp_path, _LEDGER_GUIDE, files=[tmp_path / "ledger_quick.md"])
    with TestClient(create_app(Settings(), url, tmp_path / "uploads")) as web:
        ids = {i["question"]: i["id"] for i in web.get("/api/items").json()}
        answer = "It found most pairs: recall was 40%, and the latency 999 ms per batch."
        body = {"item_id": ids["How accurate was the matcher?"], "answer": answer}
        done = web.post("/api/practice/attempts", json=body).json()
        with web.app.state.coach.bank.session() as session:  # type: ignore[attr-defined]
            attempt = session.get(Attempt, done["attempt_id"])
            assert attempt is not None and attempt.grade is not None
            notes = attempt.grade["notes"]
    said = sorted((m["said"], m["notes_say"]) for m in notes["misquotes"])
    assert said == [("40%", "91%"), ("999 ms", "80 ms")]  # the project's figures from both its files
    assert notes["story_reuse"] is None
