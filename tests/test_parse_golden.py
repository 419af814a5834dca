"""The parser's output, exactly, on a fixed set of documents: speed work on the parser must not change a single
item, note, line number or format. The golden file was written by the parser before that work began.

Documents: the bundled sample notes, the fixtures under tests/data, and 242 generated documents mixing every
shape the parser reads (headings, bold and labelled questions, nested lists, tables, <details>, cards,
admonitions, Mochi decks, quotes, STAR parts, key numbers, checklists, fences, front matter, hostile runs;
two over the 128 KB piece size, one with a 700-row table).
Fixture files are stored in full (a failure shows what moved); generated ones by digest.

Rewrite the golden only when a change of output is intended: `python tests/test_parse_golden.py --write`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
from importlib import resources
from pathlib import Path

import pytest

from interview_coach.notes.read import decode_notes
from interview_coach.parse import ParsedDocument, parse_document

GOLDEN = Path(__file__).parent / "data" / "parse_golden.json"
DATA = Path(__file__).parent / "data"

# Line shapes; each generated document is a random sequence of them (fixed seeds), so shapes meet in every order.
_PIECES = [
    "# Interview notes",
    "## Machine learning questions",
    "### Behavioral",
    "### System design prompts",
    "## Elevator pitch",
    "## Checklist before the interview",
    "## Demo flow",
    "## Questions to ask the interviewer",
    "#### Q: What is regularization?",
    "#### Q{n}: How does dropout help with overfitting?",
    "### Explain gradient boosting",
    "### Bagging vs boosting",
    "## Question {n}",
    '**Interviewer:** "Design a feature store for {n} teams."',
    "**Q: Why does batch norm speed up training?**",
    "**What is a p-value?** It is the chance of data this extreme under the null.",
    "**Explain beam search.**",
    "Q: What is LoRA? A: Low-rank adapters on frozen weights.",
    "Q: How would you detect drift",
    "in a model serving {n}k requests?",
    "A: Compare feature distributions weekly.",
    "**Ideal Answer:**",
    "**Sample Answer:** We cut latency by {n}% with caching.",
    "**Category:** ML",
    "**Difficulty:** Hard",
    "- Q: What is a vector index? A: A structure for nearest-neighbour search.",
    "- What is attention?",
    "  - It weighs tokens by relevance.",
    "  - Why scale by sqrt(d)?",
    "    - To keep softmax gradients stable.",
    "1. How do you pick k in k-NN?",
    "2) Describe a time you disagreed with a teammate.",
    "1. [E] What is tagged? ⭐",
    "- [What is a TOC entry?](#toc)",
    "* [ ] Review the RAG pipeline",
    "- [x] Print the CV",
    "+ First point about retrieval and its trade-offs.",
    "| Question | Answer |",
    "|---|---|",
    "| What is recall? | The share of positives found. |",
    "| What is F1? | The harmonic mean of precision and recall. |",
    "| metric | value |",
    "| latency | {n} ms |",
    "<details><summary>What is a transformer?</summary>",
    "It stacks attention and feed-forward layers.",
    "</details>",
    "<h3>What is an HTML heading question?</h3>",
    "> What does the blockquote answer?",
    "> It answers the line above.",
    "> A: quoted answer",
    "What is answered in the quote below?",
    "front::back <!--SR:!2026-01-04,3,250-->",
    "What is SGD::Stochastic gradient descent",
    "reverse front:::reverse back",
    "What is on the front of this card?",
    "?",
    "The back of the card.",
    "___",
    "---",
    "card_id: null",
    "tags: [ml]",
    '??? question "What is an admonition question?"',
    "    The indented admonition body, {n} words.",
    '!!! note "A note, not a question"',
    "Situation: our model drifted after launch.",
    "Task: find the cause within a week.",
    "Action: I added monitoring on {n} features.",
    "Result: accuracy recovered to 94.5% and latency fell to 23ms.",
    "**S – Situation:** a legacy pipeline",
    "- **Action**: rewrote the ETL",
    "- **Result**: 3x faster, $80,000 saved per year",
    "We served 2000+ req/sec with 99.9% uptime on 10M+ docs.",
    "Trained on 1,200 documents in 2021 over 3 weeks.",
    "It matters because it changes the error by {n}%.",
    "Second point with **bold**, `code` and a [link](https://example.com/x).",
    "A paragraph of plain prose that ends with a colon and has many words in it to be prose:",
    "Other Questions:",
    "```python",
    "x = 42  # 50% of the time",
    "```",
    "```",
    "   ```",
    "~~~",
    "    indented code line 12 ms",
    "Setext heading that asks why?",
    "===",
    "A prose line underlined, which is a separator.",
    "-----",
    "------ More Qs",
    "######## Too deep heading",
    "   #### Q: An indented heading question?",
    "<!-- a comment -->",
    "TODO",
    "#flashcards/ml",
    "",
    "",
    "",
    "Ã©â€™ðŸ",
    "<" * 300,
    "[" * 300,
    "_a *b " * 40,
    " " * 200 + "A: it depends",
    "**Answer:**" + " " * 200 + "x",
    "> " * 30 + "deep quote",
    "coach-questions: bold",
    # multi-line shapes a random order of single lines seldom forms
    "\n| Question | Answer |\n|---|---|\n| What is recall? | Found positives. |\n| What is bias? | Bad priors. |\n",
    "\n| Q | A |\n| :--- | ---: |\n| Why cache? | [Answer](qa_1.md) |\n| How to shard? | TODO |\n",
    "\nSituation: a churn model drifted.\nTask: fix it.\nAction: retrained weekly.\nResult: 12% fewer misses.\n",
    "\n### Tell me about a time you failed\n\n**Situation:** launch slipped\n**Action:** I replanned\n"
    "**Result:** shipped in 2 weeks\n",
    "\n**What is overfitting?**\n\nFitting noise.\n\n**What is underfitting?**\n\nMissing signal.\n",
    "\nQuestion: What is a feature store?\nAnswer: A shared store of features.\n",
    "\n- Explain bagging\n  - Bootstrap samples, averaged.\n- Explain boosting\n  - Sequential fixes.\n",
]


def generated_documents(count: int = 240) -> list[str]:
    documents = []
    for seed in range(count):
        rng = random.Random(seed)
        size = rng.choice([5, 20, 60, 150])
        lines = [rng.choice(_PIECES).replace("{n}", str(rng.randint(1, 999))) for _ in range(size)]
        if seed % 17 == 0:
            shape = rng.choice(["bold", "list", "heading"])
            lines = ["---", "title: notes", f"coach-questions: {shape}", "---", *lines]
        elif seed % 13 == 0:
            lines = ["---", "title: notes", "tags: [a, b]", "---", *lines]
        documents.append(("\r\n" if seed % 29 == 0 else "\n").join(lines))
    return documents + _big_documents()


def _big_documents() -> list[str]:
    """Files over the parser's 128 KB piece size (read in pieces), one with a table over 500 rows."""
    rng = random.Random(1000)
    big = ["\n".join(rng.choice(_PIECES).replace("{n}", str(rng.randint(1, 999))) for _ in range(9000))]
    rows = "\n".join(f"| What is term {k}? | It is {k}% of the {k} ms budget. |" for k in range(700))
    table = f"# Glossary\n\n| Question | Answer |\n|---|---|\n{rows}\n\n{big[0][:200_000]}"
    return [*big, table]


def fixture_documents() -> dict[str, str]:
    """name → text: the bundled sample notes and the notes fixtures under tests/data."""
    found: dict[str, str] = {}
    for entry in sorted(resources.files("interview_coach.sample").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".md"):
            found[f"sample/{entry.name}"] = decode_notes(Path(entry.name), entry.read_bytes()).text
    for path in sorted(DATA.iterdir()):
        if path.suffix in (".md", ".txt"):
            found[f"data/{path.name}"] = decode_notes(path, path.read_bytes()).text
    return found


def dump(document: ParsedDocument) -> dict[str, object]:
    """Everything the parser returns, as plain JSON data."""
    return json.loads(json.dumps(dataclasses.asdict(document), sort_keys=True, ensure_ascii=False))


def digest(document: ParsedDocument) -> str:
    return hashlib.sha256(json.dumps(dump(document), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def current() -> dict[str, object]:
    fixtures = {name: dump(parse_document(text)) for name, text in fixture_documents().items()}
    generated = [digest(parse_document(text)) for text in generated_documents()]
    return {"fixtures": fixtures, "generated": generated}


@pytest.fixture(scope="module")
def golden() -> dict[str, object]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_fixture_files_parse_exactly_as_before(golden: dict[str, object]) -> None:
    fixtures = golden["fixtures"]
    assert isinstance(fixtures, dict)
    texts = fixture_documents()
    assert sorted(texts) == sorted(fixtures)
    for name, text in texts.items():
        assert dump(parse_document(text)) == fixtures[name], name


def test_generated_documents_parse_exactly_as_before(golden: dict[str, object]) -> None:
    expected = golden["generated"]
    assert isinstance(expected, list)
    documents = generated_documents()
    assert len(documents) == len(expected)
    moved = [k for k, text in enumerate(documents) if digest(parse_document(text)) != expected[k]]
    assert not moved, f"generated documents whose parse changed: {moved[:20]} (see generated_documents(count))"


def test_generated_documents_cover_the_shapes() -> None:
    """The generated set reaches the parser's question shapes (a golden of documents that yield nothing would
    guard nothing)."""
    shapes: set[str] = set()
    notes: set[str] = set()
    for text in generated_documents():
        document = parse_document(text)
        shapes.update(document.formats)
        notes.update(note.note_type for note in document.notes)
    assert {"heading", "bold", "label", "list", "table", "details", "card", "admonition", "quote"} <= shapes
    assert {"key_number", "section", "star_story", "checklist", "pitch"} <= notes


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_parse_golden.py --write  (only when a change of output is intended)")
    GOLDEN.write_text(json.dumps(current(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
