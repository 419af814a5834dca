"""Each notes format the importer must understand, on fixtures written for these tests."""

from __future__ import annotations

from interview_coach.parse import parse_document


def items_of(text: str):  # type: ignore[no-untyped-def]
    return parse_document(text).items


def test_heading_question_owns_nested_subheadings_lists_tables_and_code() -> None:
    text = """# Bank

## Basics

#### Q: What is a confusion matrix?
###### Cells
- TP, FP, FN, TN counts.

| pred | actual |
| --- | --- |
| 1 | 0 |

```python
confusion_matrix(y, p)
```

#### Q: Why use F1?

F1 balances precision and recall.
"""
    first, second = items_of(text)
    assert first.question == "What is a confusion matrix?"
    assert first.answer.startswith("###### Cells") and "confusion_matrix(y, p)" in first.answer
    assert first.answer_lines == (6, 14)  # fence lines are not content
    assert first.heading_path == ["Bank", "Basics"]
    assert second.answer == "F1 balances precision and recall."


def test_heading_variants_numbering_emoji_and_no_question_mark() -> None:
    text = """## Prep

#### 1. What is dropout?
It zeroes activations.

### 🧠 Q4- Explain weight decay
Shrinks weights.

##### Tell me about a time you shipped late?
It happened once.

### Tips
Sleep well.
"""
    questions = [i.question for i in items_of(text)]
    assert questions == ["What is dropout?", "Explain weight decay", "Tell me about a time you shipped late?"]


def test_mock_interview_format_takes_the_fence_content_as_the_answer() -> None:
    text = """# Mock

### Question 1: Trees
**Interviewer:** "How does tree depth affect variance?"

**Ideal Answer:**
```
Deeper trees fit noise.
   ```
   pseudo
   ```
So depth raises variance.
```

### Question 2: Code
**Interviewer:** "Implement softmax."

**Ideal Solution:**
```python
def softmax(x): ...
```
"""
    first, second = items_of(text)
    assert first.question == "How does tree depth affect variance?"
    assert first.line_start == 4
    assert first.answer.startswith("Deeper trees fit noise.")
    assert first.answer.endswith("So depth raises variance.")
    assert "```" not in first.answer.split("\n")[0]
    assert second.kind == "coding" and "def softmax" in second.answer


def test_bold_questions_with_italic_answers_and_bullet_pairs() -> None:
    text = """## Project

**Q: Why SQLite?**

*"Zero setup and fast enough for one user."*

**"Tell me about a hard bug."**

*"A race in the cache; fixed with a lock."*

- Q: How do you version data?
  A: Hash snapshots and log the hash with each run.
- How to speed up inference? Quantise and cache the model.
- Model not found: How do you recover gracefully?
"""
    items = items_of(text)
    assert [i.question for i in items] == [
        "Why SQLite?",
        "Tell me about a hard bug.",
        "How do you version data?",
        "How to speed up inference?",
        "Model not found: How do you recover gracefully?",
    ]
    assert items[0].answer == '*"Zero setup and fast enough for one user."*'
    assert items[2].answer == "Hash snapshots and log the hash with each run."
    assert items[3].answer == "Quantise and cache the model."
    assert items[4].answer == ""
    assert items[1].kind == "behavioral"


def test_question_lists_without_answers_and_non_questions() -> None:
    text = """## Advanced Technical Questions

1. Explain how attention works.
2. How would you shard a vector index?

## Deployment Checklist

- Dockerize the service.
- Add health checks.

## Demo Flow

1. Start the app.
2. Show a prediction.

```mermaid
flowchart TD
  A[What is this?] --> B
```
"""
    items = items_of(text)
    assert [(i.question, i.answer) for i in items] == [
        ("Explain how attention works.", ""),
        ("How would you shard a vector index?", ""),
    ]
    notes = parse_document(text).notes
    assert {"checklist", "demo_flow"} <= {n.note_type for n in notes}
    demo = next(n for n in notes if n.note_type == "demo_flow")
    assert demo.data["items"] == ["Start the app.", "Show a prediction."]


def test_star_story_parts_with_several_label_styles() -> None:
    text = """## Behavioral

#### Q: Tell me about a time you fixed a pipeline.

S – Situation:
Nightly jobs failed.
T – Task:
Make them reliable.
A – Action:
Added retries and alerts.
R – Result:
Zero failures for 3 months.

#### Q: Describe a time you led a project.

**Situation:** New team.
**Task:** Ship v1.
**Action:** Weekly demos.
**Result:** Shipped 2 weeks early.
"""
    first, second = items_of(text)
    assert first.star is not None and first.star.situation == "Nightly jobs failed."
    assert first.star.result == "Zero failures for 3 months."
    assert second.star is not None and second.star.action == "Weekly demos."
    assert first.kind == second.kind == "behavioral"


def test_details_summary_tables_bold_faq_and_nested_answers() -> None:
    text = """# FAQ

<details>
<summary>What is early stopping?</summary>

Stop when validation loss stops improving.

</details>

| Question | Answer |
| --- | --- |
| What is AUC? | Area under the ROC curve. |

**What is a feature store?**
A service that serves the same features to training and inference.

## Stats

- What is a p-value?
  - The probability of data at least this extreme under the null.
"""
    items = {i.question: i for i in items_of(text)}
    assert items["What is early stopping?"].answer == "Stop when validation loss stops improving."
    assert items["What is AUC?"].answer == "Area under the ROC curve."
    assert items["What is a feature store?"].answer.startswith("A service that serves")
    assert "probability of data" in items["What is a p-value?"].answer


def test_questions_to_ask_and_hr_kinds() -> None:
    text = """## Questions to ask the interviewer

- "How do you measure model success?"

## HR screen

#### Q: What is your notice period?
Four weeks.
"""
    ask, hr = items_of(text)
    assert ask.kind == "ask_interviewer" and ask.answer == ""
    assert hr.kind == "hr"


def test_document_without_questions_yields_notes_only() -> None:
    text = """# Project summary

## Elevator pitch
I built a ranking service at 23ms p95 serving 2000+ req/sec.

## Highlights
- 99.9% uptime
"""
    doc = parse_document(text)
    assert [i.question for i in doc.items] == ["Elevator pitch"]
    assert {"23ms", "99.9%"} <= {n.title for n in doc.notes if n.note_type == "key_number"}
    assert any(n.note_type == "pitch" for n in doc.notes)


def test_prose_with_a_dashed_underline_is_not_a_heading() -> None:
    text = """#### Q: What is MAE?
Mean absolute error, robust to outliers.
------
## Next section
"""
    (item,) = items_of(text)
    assert item.answer == "Mean absolute error, robust to outliers."
