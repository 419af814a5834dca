"""Question formats inferred per document (issue 14), on fixtures written for these tests: each format, the
traps beside it, documents with no questions, and the user's override."""

from __future__ import annotations

import pytest

from interview_coach.parse import parse_document


def qa(text: str, **kw: str) -> list[tuple[str, str]]:
    return [(i.question, i.answer) for i in parse_document(text, **kw).items]


def questions(text: str, **kw: str) -> list[str]:
    return [i.question for i in parse_document(text, **kw).items]


def test_inline_and_reversed_cards_drop_sr_comments_and_placeholders() -> None:
    text = """#flashcards/stats

Deck for the plugin: one-liners are `front::back`.

Bias of an estimator::E[θ̂] − θ <!--SR:!2026-01-04,3,250-->

Why bootstrap?:::Resampling gives a sampling distribution without a formula <!--SR:!2026-01-05,4,250-->

Standard error::TODO
"""
    got = qa(text)
    assert got == [
        ("Bias of an estimator", "E[θ̂] − θ"),
        ("Why bootstrap?", "Resampling gives a sampling distribution without a formula"),
        ("Standard error", ""),
    ]
    assert parse_document(text).formats == ["card"]


def test_multiline_cards_split_by_a_lone_question_mark_or_underscores() -> None:
    text = """# Cards

What does a p-value measure?
(hint: assume the null)
?
The chance of data at least this extreme if the null hypothesis were true.
<!--SR:!2026-01-08,7,270-->

Type II error
?
Failing to reject a false null.

Power of a test
___
1 − β
2nd line of the back
"""
    got = qa(text)
    assert got[0] == (
        "What does a p-value measure? (hint: assume the null)",
        "The chance of data at least this extreme if the null hypothesis were true.",
    )
    assert got[1] == ("Type II error", "Failing to reject a false null.")
    assert got[2] == ("Power of a test", "1 − β\n2nd line of the back")


def test_one_stray_question_mark_line_is_not_a_deck() -> None:
    text = "Is this a card?\n?\nNo, one shape once is prose.\n"
    assert all(i.shape != "card" for i in parse_document(text).items)


def test_a_separator_line_ends_the_front_of_the_next_card() -> None:
    # Found by the hostile property test: two "?" lines in a row made the second card's front swallow the first
    # separator, so a card claimed lines whose text it did not hold.
    text = "Front one\n?\n?\nback\n\nFront two\n?\nback two\n"
    items = parse_document(text).items
    assert [(i.question, i.line_start) for i in items] == [("Front one", 1), ("Front two", 6)]


def test_a_card_without_a_back_still_claims_every_line_of_its_front() -> None:
    # found by the hostile property test: a back with nothing left after its scheduling comment is dropped
    text = "First front\n?\nfirst back\n\nSecond front\nwrapped onto a second line\n?\n<!--SR:!2024-01-01,3,250-->\n"
    second = parse_document(text).items[-1]
    assert second.question == "Second front wrapped onto a second line"
    assert (second.line_start, second.line_end) == (5, 6)


def test_mochi_deck_with_metadata_segments_and_multi_paragraph_backs() -> None:
    cards = "".join(
        f"---\ncard_id: null\n---\nWhat is **term {n}**?\n---\nBack {n}, first paragraph.\n\nSecond paragraph.\n"
        for n in range(3)
    )
    got = qa(cards + "---\n")
    assert [q for q, _ in got] == ["What is term 0?", "What is term 1?", "What is term 2?"]
    assert got[1][1] == "Back 1, first paragraph.\n\nSecond paragraph."


def test_mkdocs_question_admonitions() -> None:
    text = """??? question "What is hinge loss?"

    max(0, 1 − y·f(x)): zero once the margin is met.

??? question  "Log loss vs hinge loss"
    Log loss keeps pushing; hinge stops at the margin.
        nested detail

!!! note "Not a question"
    Just a note.
"""
    got = qa(text)
    assert got == [
        ("What is hinge loss?", "max(0, 1 − y·f(x)): zero once the margin is met."),
        ("Log loss vs hinge loss", "Log loss keeps pushing; hinge stops at the margin.\n    nested detail"),
    ]


def test_full_line_bold_questions_accept_imperatives_once_bold_is_the_format() -> None:
    text = """# DL notes

**What does weight decay do? 🎯**

Shrinks weights each step.

**Bias** is not a question even though it is bold.

<br/>

**Why warm up the learning rate?**

Early steps are noisy.

**Explain gradient checkpointing**

Recompute activations in the backward pass.

**Don't forget: eval mode matters!**
"""
    got = qa(text)
    assert [q for q, _ in got] == [
        "What does weight decay do?",
        "Why warm up the learning rate?",
        "Explain gradient checkpointing",
    ]
    assert got[0][1].startswith("Shrinks weights each step.\n\n**Bias** is not")
    assert "<br/>" not in got[0][1]


def test_one_bold_imperative_alone_is_prose() -> None:
    assert questions("# Notes\n\n**Explain the plan to the team**\n\nWe meet on Monday.\n") == []


def test_bold_question_with_its_answer_in_the_same_paragraph() -> None:
    text = """**TL;DR of the loop:** RAG and evals.

**What is top-p?** Sample from the smallest set with mass ≥ p; T < 1 and T > 1 change it too.

**Q: What is beam search?** Keep the k best prefixes.

**Explain KV caching.** Store past keys and values.

**When is greedy decoding enough?** TODO
"""
    got = qa(text)
    assert got == [
        ("What is top-p?", "Sample from the smallest set with mass ≥ p; T < 1 and T > 1 change it too."),
        ("What is beam search?", "Keep the k best prefixes."),
        ("Explain KV caching.", "Store past keys and values."),
        ("When is greedy decoding enough?", ""),
    ]


def test_list_questions_with_nested_answers_labels_and_imperatives() -> None:
    text = """## Serving

- Tip: start from the business goal.
- What is model drift?
  - **Answer:** the input distribution moves away from training.
- Latency budget blown in prod. Why?
  - cold caches
- Explain shadow deployment
  - the new model sees a copy of traffic, answers discarded
- How do you roll back?
- Numbers worth knowing 👇
  - SSD read: ~1 ms
"""
    got = qa(text)
    assert [q for q, _ in got] == [
        "What is model drift?",
        "Latency budget blown in prod. Why?",
        "Explain shadow deployment",
        "How do you roll back?",
    ]
    assert got[0][1] == "the input distribution moves away from training."
    assert got[3][1] == ""


def test_question_bank_of_nested_tagged_lists_and_checkboxes() -> None:
    text = """# Question bank

## Study plan

1. Week 1 – fundamentals
2. Week 2 – deep learning

## 1. Fundamentals

1. [E] What is regularization?
2. Metrics
    1. [M] When is accuracy misleading?
    1. [H] Explain PR-AUC to a manager.
3. [H] Why does L1 give sparse weights? Draw it. ⭐

## Misc

- [ ] [M] What is label smoothing?
- [x] Tell me about a model you shipped.
"""
    assert questions(text) == [
        "What is regularization?",
        "When is accuracy misleading?",
        "Explain PR-AUC to a manager.",
        "Why does L1 give sparse weights? Draw it.",
        "What is label smoothing?",
        "Tell me about a model you shipped.",
    ]
    assert all(i.answer == "" for i in parse_document(text).items)


def test_question_list_continuing_a_prose_sentence_is_not_a_question_bank() -> None:
    text = """## The problem

Before the protocol, every application had to answer the same questions on its own:

- How does the model find the tools?
- How are inputs validated?
- How are results returned?

Each one did it differently.

## Interview questions

**Q: What does the protocol standardise?**

Tool discovery, schemas and transport.

**Q: Who executes a tool call?**

The host, never the model.
"""
    assert questions(text) == ["What does the protocol standardise?", "Who executes a tool call?"]


def test_question_lines_answered_in_blockquotes_next_to_question_headings() -> None:
    text = """# Retrieval

> "Retrieval is most of RAG." — a quote, not an answer

### What is an embedding?
> A dense vector whose geometry means similarity.

Cosine vs dot product — when does it matter?
> Only when vectors are not normalised.

Explain reciprocal rank fusion
> Sum 1/(k + rank) over the lists.

### What is HNSW?
> A layered proximity graph.
> > A: nested quote stays.
"""
    got = qa(text)
    assert [q for q, _ in got] == [
        "What is an embedding?",
        "Cosine vs dot product — when does it matter?",
        "Explain reciprocal rank fusion",
        "What is HNSW?",
    ]
    assert got[1][1] == "> Only when vectors are not normalised."


def test_html_and_setext_question_headings_among_topic_headings() -> None:
    text = """<h1>Experiments</h1>

Trees
=====

<h3 id="x">What is bagging?</h3>

Bootstrap and average.

Explain boosting in simple terms
--------------------------------

Fit the residuals, again and again.

Why is a histogram split finder so much faster than exact splits?
---

- fewer candidate thresholds

<h3>Resources</h3>

<ul><li>a book</li></ul>
"""
    got = qa(text)
    assert [q for q, _ in got] == [
        "What is bagging?",
        "Explain boosting in simple terms",
        "Why is a histogram split finder so much faster than exact splits?",
    ]
    assert got[0][1] == "Bootstrap and average."


def test_labels_metadata_and_wrapped_questions() -> None:
    text = """### Q1: Why do n-gram metrics fail for open-ended output?

**Category:** Evals
**Difficulty:** Beginner

**Sample Answer:**
Many valid outputs share few n-grams.

---

Q: You shipped a model with 99% accuracy. Your manager is
thrilled. What do you check first?
A: - class balance

Q. What is a confusion matrix? A. A 2x2 table of predicted vs actual.

## Design

**Question**: [Acme] Design a feature store for fraud scoring.

**Answer**:

Offline and online stores share one definition.
"""
    got = qa(text)
    assert got[0] == ("Why do n-gram metrics fail for open-ended output?", "Many valid outputs share few n-grams.")
    assert got[1] == (
        "You shipped a model with 99% accuracy. Your manager is thrilled. What do you check first?",
        "- class balance",
    )
    assert got[2][1].startswith("A 2x2 table")
    assert got[3] == ("Design a feature store for fraud scoring.", "Offline and online stores share one definition.")


def test_table_whose_answer_cells_only_link_elsewhere_has_no_answers() -> None:
    text = "| # | Question | Answer |\n|---|---|---|\n| Q1 | Explain attention. | [Answer](qa/1.md) |\n"
    assert qa(text) == [("Explain attention.", "")]


def test_qa_titled_document_whose_entries_are_topic_headings() -> None:
    text = """# Statistics Questions and Answers

## Basics

* [Variance](#variance)

### Variance

How far values spread from the mean.

[back to top](#top)

### Would more data reduce variance

Usually, yes.

### Bias

Systematic error.

## Resume

Keep it to one page.
"""
    assert questions(text) == ["Variance", "Would more data reduce variance", "Bias"]


@pytest.mark.parametrize(
    "text",
    [
        # lecture notes: bold terms, rhetorical questions, a paper title asked as a question
        "# Activation functions\n\n**Sigmoid.** Squashes inputs to (0, 1).\n\n**ReLU.** max(0, x).\n\n"
        "Why go deeper? The answer is that depth helps.\n\n## References\n\n- [Do Deep Nets Need Depth?](x)\n",
        # a guide with headings and bold run-in labels
        "# Interview guide\n\n## Before\n\n**Research:** read the team's papers.\n\n## During\n\nBe concrete.\n",
        # a README with a TOC
        "# Project\n\n- [Install](#install)\n- [Usage](#usage)\n\n## Install\n\npip install x\n\n## Usage\n\nrun it\n",
    ],
)
def test_documents_without_questions_give_none(text: str) -> None:
    assert parse_document(text).items == []


def test_the_user_names_the_format_for_a_run_or_in_front_matter() -> None:
    text = """# Glossary

## Overfitting

Fitting noise.

## Underfitting

Too simple.

- What is a list question?
  - one answered under it
"""
    assert questions(text) == ["What is a list question?"]
    assert questions(text, questions="heading") == ["Overfitting", "Underfitting"]
    front = "---\ntitle: glossary\ncoach-questions: heading\n---\n" + text
    doc = parse_document(front)
    assert [i.question for i in doc.items] == ["Overfitting", "Underfitting"]
    assert doc.items[0].line_start == 7 and doc.formats == ["heading"]
    with pytest.raises(ValueError, match="unknown question format"):
        parse_document(text, questions="tabel")


def test_formats_are_reported_most_items_first() -> None:
    text = "# Bank\n\n#### What is A?\nA.\n\n#### What is B?\nB.\n\n## More\n\n- What is C?\n  - C.\n"
    assert parse_document(text).formats == ["heading", "list"]
