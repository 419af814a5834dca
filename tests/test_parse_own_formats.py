"""The importer on notes of our own in formats the development corpus has no public example of: `?` cards,
numbered `**Q1:**`/`**A1:**` pairs, `Question:`/`**Answer:**` lines, a question | answer table, `<details>` whose
summary is a topic over `<h4>` questions answered in blockquotes (with and without blank lines), bold `Q:` lines
over blockquotes, `**Question 1:**`, `**Q.**`/`**A.**` and `Q.1`/`Ans.` labels, a table whose header says
"Interview Question", an HTML `<table>`, Logseq `#card` bullets, `Front:`/`Back:` labels, imperative bullets and
difficulty-tagged problem headings without a "?", `<summary>Question 3</summary>` over the question, mixed formats
by section, setext question headings, plain question-line paragraphs, numbered bold lists, ❓/✅ markers, answers
behind a `<details>`, and two negatives (a tutorial README with imperative step headings, a nested checklist) that
must give nothing.

These files were written by us to probe those formats. The failures they showed (a topic <details> read as one
question; "Question 1:", "Q.1", "**A.**", Front:/Back: and ✅ markers; "Interview Question" headers; HTML tables;
unanswered imperative lists; #card tags) were fixed by general rules, so they are regression tests now, not an
unseen check: the importer-dev corpus and the seeds (bench/import_fidelity.py) stayed at F1 1.000 with those rules.
The expected questions and answer openings in truth.json were checked by hand against each file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.notes.read import read_notes
from interview_coach.parse import parse_document

FOLDER = Path(__file__).parent / "data" / "own_formats"
TRUTH: dict[str, list[dict[str, str]]] = json.loads((FOLDER / "truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_questions_and_answer_openings_match_the_hand_checked_truth(name: str) -> None:
    parsed = parse_document(read_notes(FOLDER / name).text)
    found = [{"question": item.question, "answer_start": item.answer[:40]} for item in parsed.items]
    assert found == TRUTH[name]


def test_negatives_give_no_questions() -> None:
    negatives = [name for name in TRUTH if name.startswith("n")]
    assert negatives and all(TRUTH[name] == [] for name in negatives)


def test_topic_details_give_their_summary_as_the_section() -> None:
    parsed = parse_document(read_notes(FOLDER / "h13_details_h4_tight.md").text)
    assert [item.heading_path[-1] for item in parsed.items] == ["HTTP", "HTTP", "Caching"]
    assert all("<details" not in item.answer and "</details>" not in item.answer for item in parsed.items)


def test_difficulty_tags_are_not_part_of_the_question() -> None:
    parsed = parse_document(read_notes(FOLDER / "h15_question_headings_with_difficulty.md").text)
    assert [item.question for item in parsed.items] == [
        "Reverse a linked list",
        "Find the k-th largest element in an array",
        "Detect a cycle in a directed graph",
    ]


def test_numbered_answer_labels_are_dropped() -> None:
    parsed = parse_document(read_notes(FOLDER / "h02_numbered_qa_labels.md").text)
    assert parsed.items and not any(item.answer.startswith(("**A", "A1", "A2")) for item in parsed.items)


def test_a_table_of_contents_and_back_to_top_links_are_not_questions_or_answers() -> None:
    parsed = parse_document(read_notes(FOLDER / "h28_back_to_top.md").text)
    assert [item.question for item in parsed.items] == ["What is a perceptron?", "What is backpropagation?"]
    assert all("Back to Top" not in item.answer and item.heading_path == [parsed.title] for item in parsed.items)


def test_a_technical_answer_that_mentions_behaviour_keeps_a_technical_topic() -> None:
    text = "# Recsys\n\n### What is collaborative filtering?\n\nIt learns from the behaviour of similar users.\n"
    behavioural = "# Stories\n\n### Tell me about a time you disagreed with a teammate\n\nI listened first.\n"
    assert parse_document(text).items[0].topic != "behavioral"
    assert parse_document(behavioural).items[0].topic == "behavioral"


def test_html_table_rows_keep_their_lines_and_cell_breaks() -> None:
    from interview_coach.parse.htmltable import html_table_rows

    rows = ["<tr><th>Question</th><th>Answer</th></tr>", "<tr><td>What is X?</td><td>One<br>two  &amp; three</td></tr>"]
    html = "\n".join(["<table>", *rows, "</table>"])
    assert html_table_rows(html) == [(2, ["Question", "Answer"]), (3, ["What is X?", "One\ntwo & three"])]
    assert html_table_rows("<table><tr></tr></table>") == []
    parsed = parse_document(read_notes(FOLDER / "h39_html_table.md").text)
    assert [(item.line_start, item.question) for item in parsed.items] == [
        (5, "What is a learning rate?"),
        (6, "What is momentum?"),
    ]
