"""The web app in real headless Chromium (Debian's, through Playwright's executable_path; no browser download):
practise a question end to end and see the feedback, reload mid-answer and find the text kept, search and ask,
import through the upload form. A screenshot of each page goes to tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from browser_support import chromium_path, launched_chromium, screenshot, serving  # noqa: E402
from web_support import imported_bank  # noqa: E402

from interview_coach.config import Settings  # noqa: E402
from interview_coach.web import create_app  # noqa: E402

NOTES = """# Notes

## Regularization

#### Q: How do L1 and L2 regularization differ?

- L1 (lasso) adds the sum of absolute weights to the loss and drives many weights to exactly zero.
- L2 (ridge) adds the sum of squared weights and shrinks all weights smoothly.

## Retrieval

#### Q: What is reciprocal rank fusion?

Reciprocal rank fusion merges ranked lists by summing 1 / (k + rank) for each document across the lists.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium_path()
    root = tmp_path_factory.mktemp("webui")
    url = imported_bank(root, NOTES)
    with serving(create_app(Settings(), url, root / "uploads")) as address:
        yield address


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


def test_practise_a_question_end_to_end_and_keep_the_draft_over_a_reload(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/")
    screenshot(page, "library")
    page.get_by_role("link", name="How do L1 and L2 regularization differ?").click()
    assert "drives many weights to exactly zero" in page.locator(".reference").inner_text()
    screenshot(page, "item")
    page.get_by_role("link", name="Practise this question").click()
    assert page.locator("#question-text").inner_text() == "How do L1 and L2 regularization differ?"
    draft = "L1 (lasso) adds absolute weights and makes many of them exactly zero."
    page.locator("#answer").press_sequentially(draft[:30])
    page.locator("#answer").fill(draft)  # fires input: the draft is kept in the browser
    first_shown = page.locator("input[name=started]").input_value()
    page.reload()
    assert page.locator("#answer").input_value() == draft
    assert page.locator("input[name=started]").input_value() == first_shown  # the clock goes on
    assert "restored" in page.locator("#draft-status").inner_text()
    page.locator("#answer").press("End")
    page.locator("#answer").type(" L2 (ridge) adds squared weights and shrinks them all smoothly.")
    page.get_by_role("button", name="Submit answer").click()
    page.wait_for_selector("#score")
    assert "/100" in page.locator("#score").inner_text()
    assert page.locator(".points li").count() >= 2
    assert "Your answer is saved" in page.locator(".saved").inner_text()
    screenshot(page, "feedback")
    page.keyboard.press("g")  # the terminal's rating keys work here too
    page.wait_for_selector(".flash")
    assert "Good: next review on" in page.locator(".flash").inner_text()
    page.goto(f"{server}/progress")
    assert page.locator(".forecast svg.chart g.bar").count() == 14
    assert page.locator(".readiness-chart g.bar").count() == 2  # two topics
    screenshot(page, "progress")
    page.close()


def test_the_submitted_draft_is_cleared(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{server}/")
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('coach-draft:'))")
    assert kept == []  # the feedback page dropped the draft it had sent
    page.close()


def test_search_and_ask_from_the_header_box(server: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/")
    box = page.get_by_label("Search your notes")
    box.fill("how does reciprocal rank fusion merge ranked lists")
    page.locator("header").get_by_role("button", name="Ask my notes").click()
    page.wait_for_selector("[data-outcome]")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "answered"
    assert "1 / (k + rank)" in page.locator(".passages").inner_text()
    screenshot(page, "ask")
    page.get_by_label("Query").fill("sourdough bread baking with rye flour")
    page.locator("main").get_by_role("button", name="Ask my notes").click()
    page.wait_for_selector("[data-outcome]")
    assert "Not in your notes" in page.locator(".answer h2").inner_text()
    page.close()


def test_import_a_notes_file_through_the_upload_form(server: str, browser: Any, tmp_path: Path) -> None:
    notes = tmp_path / "vectors.md"
    notes.write_text(
        "# V\n\n#### Q: What is a vector database?\n\nIt indexes embeddings for search.\n", encoding="utf-8"
    )
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{server}/import")
    page.set_input_files("#files", str(notes))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector(".preview")
    assert "What is a vector database?" in page.locator(".preview").inner_text()
    screenshot(page, "import-preview")
    page.get_by_role("button", name="Import these files").click()
    page.wait_for_selector(".import-report")
    assert "1 added" in page.locator(".import-report").inner_text()
    page.goto(f"{server}/")
    assert page.get_by_role("link", name="What is a vector database?").count() == 1
    page.close()
