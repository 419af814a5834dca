"""The mock-interview and projects pages in real headless Chromium (Debian's, through Playwright's
executable_path): a two-question mock on a fast clock (COACH_TEST_CLOCK_SPEED's setting) with the nudge shown, a
reload mid-answer that finds the typed text again (kept on the server), the report opened at the end; the pitch
drill's timer. A screenshot of each page goes to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from browser_support import chromium_path, launched_chromium, screenshot, serving  # noqa: E402
from test_web_mock import GOOD, NOTES, PLANS  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402

FRAUD = Path(__file__).parent / "data" / "dossier_fraud.md"
SPEED = 20.0  # each real second counts as 20 on the interview's clock


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium_path()
    root = tmp_path_factory.mktemp("webpages")
    home = root / "home"
    home.mkdir()
    (home / "mock-plans.toml").write_text(PLANS, encoding="utf-8")
    url = imported_bank(root, NOTES, files=[FRAUD])  # the fraud project: no questions
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COACH_HOME", str(home))
        with serving(create_app(Settings(clock_speed=SPEED), url, root / "uploads")) as address:
            yield address


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


def test_a_two_question_mock_on_a_fast_clock_survives_a_reload_and_opens_its_report(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/mock")
    screenshot(page, "mock-start")
    page.select_option("#plan", "two")
    page.fill("#seed", "5")
    page.get_by_role("button", name="Start the interview").click()
    page.wait_for_selector("#prompt")
    first = page.locator("#prompt").inner_text()
    assert first in GOOD
    # 120 s budget, nudged 30 s before the end: 4.5 real seconds at 20x
    page.wait_for_function("document.getElementById('nudge').textContent.includes('30 s left')", timeout=15_000)
    screenshot(page, "mock-step")
    typed = GOOD[first][:60]
    page.locator("#answer").press_sequentially(typed[:20])
    page.locator("#answer").fill(typed)
    page.wait_for_function("document.getElementById('draft-status').textContent.includes('on the server')")
    page.evaluate("localStorage.clear()")  # the browser's copy gone: the text must come from the server
    page.reload()
    assert page.locator("#answer").input_value() == typed
    assert "kept on the server" in page.locator("#draft-status").inner_text()
    clock = page.locator("#answer-clock").inner_text()
    assert clock != "0:00"  # the answer's clock went on over the reload
    page.locator("#answer").fill(GOOD[first])
    with page.expect_navigation():
        page.get_by_role("button", name="Submit answer").click()
    for _ in range(6):  # the second question, and any follow-up the interviewer asks
        if "/report" in page.url:
            break
        assert "Answer saved" in page.locator(".flash").inner_text()
        prompt = page.locator("#prompt").inner_text()
        page.locator("#answer").fill(GOOD.get(prompt, "Because statistics learned in training are used as fixed."))
        with page.expect_navigation():
            page.keyboard.press("Control+Enter")  # the keyboard shortcut submits
    assert "/report" in page.url
    assert page.locator("#overall-score").inner_text().isdigit()
    assert page.locator("#time-chart rect.used").count() >= 2
    assert first in page.locator("#answers").inner_text()
    screenshot(page, "mock-report")
    page.goto(f"{server}/progress")  # the mock's graded answers are practice attempts: a point on today
    assert page.locator(".scores-chart g.point").count() == 1
    screenshot(page, "progress-scores")
    page.close()


def test_library_filters_and_editing_an_item(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/?weak=1")
    assert page.get_by_label("weak").is_checked()
    screenshot(page, "library-weak")
    page.goto(f"{server}/")
    page.get_by_role("link", name="Why use a validation set?").click()
    page.get_by_text("Edit this item").click()
    page.fill("#edit-topic", "evaluation")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_selector(".flash")
    assert page.locator(".topic").inner_text() == "evaluation"
    screenshot(page, "item-edit")
    page.close()


def test_the_pitch_drill_times_the_pitch_and_grades_it(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/projects")
    screenshot(page, "projects")
    page.get_by_role("link", name="Fraud Detection Engine").click()
    assert "94%" in page.locator(".numbers").inner_text()
    screenshot(page, "project")
    page.get_by_role("link", name="Drill this pitch").click()
    page.wait_for_selector("#pitch")
    assert page.locator("#pitch-clock").get_attribute("data-budget") == "60"
    page.wait_for_function("document.getElementById('pitch-clock').textContent !== '0:00'", timeout=5_000)
    page.locator("#pitch").press_sequentially("I built a real-time fraud detection engine")
    assert page.locator("#pitch-words").inner_text() == "7 words ≈ 3 s spoken"
    page.reload()  # the draft is kept over a reload
    assert page.locator("#pitch").input_value() == "I built a real-time fraud detection engine"
    screenshot(page, "pitch")
    page.locator("#pitch").press("End")
    page.locator("#pitch").type(" for card payments; it caught 94% of fraud and saved $1.2M a year.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#score")
    assert "/100" in page.locator("#score").inner_text()
    assert "94%" in page.locator(".quoted").inner_text()
    # the sent pitch's draft and its first-shown time are forgotten: the next drill starts its clock afresh
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('coach-pitch:'))") == []
    screenshot(page, "pitch-feedback")
    page.keyboard.press("g")
    page.wait_for_selector(".flash")
    assert "Good: next pitch drill on" in page.locator(".flash").inner_text()
    page.close()


def test_stories_and_checklist_pages(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/checklist")
    page.get_by_role("button", name="Tick item 1").click()
    page.wait_for_selector("#item-1.ticked")
    assert page.locator(".summary").inner_text().startswith("1 of")
    screenshot(page, "checklist")
    page.goto(f"{server}/stories")
    assert "No STAR stories" in page.locator("main").inner_text()  # none in these notes: says how to add one
    page.close()
