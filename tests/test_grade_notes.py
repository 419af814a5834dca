"""Key points read as an interviewer reads notes; terms match across plural/singular and spellings."""

from __future__ import annotations

from interview_coach.grade.keypoints import code_blocks, key_points, key_terms, plain
from interview_coach.grade.lexical import normalise, term_present

NOTES = """**LoRA:** freeze the pretrained weights and learn a low-rank update.

**When to use:**
- adapting a large model with limited GPU memory
- many adapters per base model

| L1 (Lasso) | L2 (Ridge) |
|---|---|
| drives weights to exactly 0 | shrinks weights smoothly |

💡 Tip: you could mention QLoRA for 4-bit base weights.
🧠 Bonus Tip: You could mention DoRA as well.

```python
import numpy as np
losses = []
```
"""


def test_labels_head_points_and_tips_are_optional() -> None:
    points = key_points(NOTES)
    texts = [p.text for p in points]
    assert "freeze the pretrained weights and learn a low-rank update." in texts
    assert not any(t.rstrip(":").lower() in ("when to use", "lora") for t in texts)
    assert next(p for p in points if p.text.startswith("adapting")).label == "When to use"
    assert "L1 (Lasso): drives weights to exactly 0" in texts and "L2 (Ridge): shrinks weights smoothly" in texts
    optional = [p.text for p in points if p.optional]
    assert len(optional) == 2 and all("mention" in t for t in optional)
    assert not any("import numpy" in t or "losses" in t for t in texts)  # code is not read as sentences
    assert code_blocks(NOTES) == ["import numpy as np\nlosses = []"]


def test_terms_skip_labels_emoji_and_match_spellings() -> None:
    terms = key_terms(NOTES, "What is LoRA?")
    assert "When to use" not in terms and not any("💡" in t or "🧠" in t for t in terms)
    assert term_present("GPUs", "It fits on one GPU.", set())
    assert term_present("k-NN", "I'd try KNN first.", set())
    assert term_present("RAG", "Retrieval-augmented generation adds passages.", set())


def test_identifiers_and_notation_survive() -> None:
    assert plain("use `np.zeros_like(w)` here") == "use np.zeros_like(w) here"
    assert "gradient" in normalise("v ← μ·v − lr·∇L(w)") and "learning rate" in normalise("v ← μ·v − lr·∇L(w)")


def test_a_short_line_ending_in_a_colon_introduces_the_list_below_it() -> None:
    notes = (
        "Split the data first, then:\n- fit the scaler on the training split only\n"
        "- apply it to validation and test\n\n"
        "The scaler learns means and variances from every split it sees, which leaks the test set into training:\n"
        "- keep one pipeline object\n"
    )
    points = key_points(notes)
    texts = [p.text for p in points]
    assert "Split the data first, then" not in texts  # the lead-in is no point of its own
    assert points[0].label == "Split the data first, then" and points[0].text.startswith("fit the scaler")
    assert any(t.startswith("The scaler learns means") for t in texts)  # a long lead-in is also a claim
