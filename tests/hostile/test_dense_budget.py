"""The per-file embedding budget: a file too big to embed whole is searched by meaning over its questions and an
even sample of the rest, by keyword over all of it, and the user is told so in one line; symbol-only passages are
never embedded. Pure choice tests, then real SQLite banks with the real bundled model and a small budget."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CLASSES
from sqlalchemy import func, select

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.bank.schema import Document, Passage
from interview_coach.search.budget import DENSE_BUDGET, choose_dense, estimated_tokens, is_noise
from interview_coach.search.embed import default_embedder
from interview_coach.search.freshness import ensure_index
from interview_coach.search.index import KEYWORD_ONLY, _specs_for, index_status
from interview_coach.search.passages import PassageSpec, item_passages, section_passages
from interview_coach.search.retrieve import search

SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def table_section(rows: int) -> list[PassageSpec]:
    """A table whose rows say different things (a word of their own), not only different numbers."""
    body = "\n".join(f"| row {i} | {_word(i)} latency {i} ms on shard {i % 7} |" for i in range(rows))
    return section_passages(1, "Latency table", body, ["Dump"], (1, rows))


def _word(n: int) -> str:
    return "".join(chr(97 + n // 26**k % 26) for k in range(3))


def test_symbol_runs_are_noise_and_words_are_not() -> None:
    assert is_noise("<" * 5000)
    assert is_noise("> " * 2000 + "q")  # 2,000 nested quotes and one letter
    assert is_noise("_" * 300)
    assert is_noise("")
    assert not is_noise("It zeroes activations at random during training.")
    assert not is_noise("| row 3 | 12 ms | p95 |")
    assert not is_noise("x[i][j] = f(*a, **k)")


def test_under_the_budget_nothing_is_left_out() -> None:
    specs = item_passages("i1", "What is dropout?", "It zeroes activations.", [], 1, 2) + table_section(30)
    choice = choose_dense(specs, known=set())
    assert choice.left_out == frozenset() and not choice.over_budget


def test_over_the_budget_questions_come_first_then_an_even_sample() -> None:
    questions = [s for n in range(20) for s in item_passages(f"i{n}", f"What is knob {n}?", "", [], n, n)]
    sections = table_section(3000)  # ~600 chunks of one table
    specs = questions + sections
    budget = sum(estimated_tokens(s.embedded_text) for s in questions) + 2000
    choice = choose_dense(specs, known=set(), budget=budget)
    assert choice.over_budget
    assert not {s.content_hash for s in questions} & choice.left_out
    kept = [n for n, s in enumerate(sections) if s.content_hash not in choice.left_out]
    assert sum(estimated_tokens(sections[n].embedded_text) for n in kept) <= 2000
    assert len(kept) >= 5
    # Spread through the file, not the first rows only: the kept ones reach the last tenth of it.
    assert kept[0] < len(sections) // 10 and kept[-1] > len(sections) * 9 // 10


def test_over_the_budget_texts_that_differ_only_in_numbers_are_embedded_once() -> None:
    body = "\n".join(f"| host {i} | {i * 7} ms | shard {i % 5} |" for i in range(3000))  # a generated table
    sections = section_passages(1, "Hosts", body, ["Dump"], (1, 3000))
    questions = item_passages("i1", "What is knob 1?", "It turns.", [], 1, 1)
    budget = sum(estimated_tokens(s.embedded_text) for s in questions + sections) // 3
    choice = choose_dense(questions + sections, known=set(), budget=budget)
    kept = [s for s in sections if s.content_hash not in choice.left_out]
    assert choice.over_budget and not {s.content_hash for s in questions} & choice.left_out
    # one chunk per shape of chunk (rows cut at different places), not a third of the table
    assert 1 <= len(kept) <= 20 < len(sections) // 3


def test_what_the_number_only_variants_leave_of_the_budget_goes_to_the_next_tier() -> None:
    questions = [s for n in range(500) for s in item_passages(f"i{n}", f"What is knob {n}?", "", [], n, n)]
    sections = table_section(40)
    budget = sum(estimated_tokens(s.embedded_text) for s in sections) + 100
    choice = choose_dense(questions + sections, known=set(), budget=budget)
    assert choice.over_budget
    assert len({s.content_hash for s in questions} - choice.left_out) == 1
    assert not {s.content_hash for s in sections} & choice.left_out


def test_a_known_vector_costs_nothing_and_a_repeated_text_is_paid_once() -> None:
    sections = table_section(400)
    first = sections[0]
    repeated = [first] * 500
    cost = estimated_tokens(first.embedded_text)
    assert choose_dense(repeated, known=set(), budget=cost).left_out == frozenset()
    known = {s.content_hash for s in sections}
    assert choose_dense(sections, known=known, budget=0).left_out == frozenset()


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared is not beside this checkout")
def test_every_seed_file_is_embedded_whole(tmp_path: Path) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(SHARED_SEEDS)])
    with bank.session() as session:
        for doc_id in session.scalars(select(Document.id)).all():
            specs = _specs_for(session, doc_id)
            cost = sum(estimated_tokens(s.embedded_text) for s in {s.content_hash: s for s in specs}.values())
            assert cost < 0.85 * DENSE_BUDGET, doc_id  # the biggest (seed 001) is ~50,000: room to spare
            assert not choose_dense(specs, known=set()).left_out


def _import(tmp_path: Path, data: bytes) -> Bank:
    notes = tmp_path / "big.md"
    notes.write_bytes(data)
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(notes)])
    return bank


def _vectors(bank: Bank) -> tuple[int, int, int]:
    """(passages, with a real vector, keyword-only)."""
    with bank.session() as session:
        total = session.scalar(select(func.count(Passage.id))) or 0
        real = session.scalar(select(func.count(Passage.id)).where(func.length(Passage.vector) > 0)) or 0
        empty = session.scalar(select(func.count(Passage.id)).where(Passage.vector == KEYWORD_ONLY)) or 0
    return int(total), int(real), int(empty)


def test_a_file_over_its_budget_is_indexed_in_part_said_once_and_found_by_keyword(tmp_path: Path) -> None:
    rows = "\n".join(
        f"| q{i} | the {'sharded' if i == 977 else 'plain'} cache number {i} warms up |" for i in range(1200)
    )
    data = f"## Q: What is the table about?\n\nCaches.\n\n## Cache table\n\n| a | b |\n|---|---|\n{rows}\n".encode()
    bank = _import(tmp_path, data)
    heard: list[str] = []
    embedder = default_embedder()
    fresh = ensure_index(bank, embedder, notify=heard.append, dense_budget=1500)
    total, real, empty = _vectors(bank)
    assert real + empty == total and empty > real > 0  # nothing left waiting: the rest is keyword-only for good
    assert fresh.after.current and not fresh.partial
    [line] = [h for h in heard if "too big" in h]
    assert "big.md is too big to search all of it by meaning" in line
    assert f"{real:,} of its {total:,} passages are embedded" in line
    # The row that says "sharded" is found by keyword whether or not its chunk was embedded.
    result = search(bank, embedder, "sharded cache 977")
    assert result.hits and "977" in result.hits[0].passage
    # Nothing left to do, and nothing said again: the next run finds the index current.
    again: list[str] = []
    assert ensure_index(bank, embedder, notify=again.append, dense_budget=1500).report is None and not again
    assert index_status(bank, embedder.model_id).current


def test_symbol_only_passages_are_never_embedded(tmp_path: Path) -> None:
    bank = _import(tmp_path, CLASSES["line-of-lt"](1.0) + b"\n\n" + CLASSES["deep-quote-lines"](1.0))
    heard: list[str] = []
    ensure_index(bank, default_embedder(), notify=heard.append)
    with bank.session() as session:
        texts = session.execute(select(Passage.text, Passage.vector)).all()
    noise = [vector for text, vector in texts if text.startswith(("<<<<", "> > > > > > > > > >"))]
    assert noise and all(vector == KEYWORD_ONLY for vector in noise)
    assert any(vector for text, vector in texts if "ordinary question" in text)  # the rest is embedded
    assert not [h for h in heard if "too big" in h]  # leaving out noise is not a budget cut
