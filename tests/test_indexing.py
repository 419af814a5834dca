"""Resumable indexing on real SQLite banks with the real bundled model: passages first, vectors in committed windows,
duplicate groups last; interrupted work is continued and said so; a search on a partial index uses what is there."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from alembic.config import Config
from click.testing import CliRunner
from sqlalchemy import create_engine, func, select, text, update

from interview_coach.bank import MIGRATIONS, Bank, open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.bank.remove import plan_removal, remove_documents
from interview_coach.bank.schema import IndexState, Item, Passage
from interview_coach.cli import cli
from interview_coach.search import embed as embed_module
from interview_coach.search import index as index_module
from interview_coach.search.embed import (
    ATTENTION_BUDGET,
    TOKEN_BUDGET,
    MiniLMEmbedder,
    Vectors,
    _token_batches,
    default_embedder,
    locate_model,
)
from interview_coach.search.freshness import ensure_index
from interview_coach.search.index import index_bank, index_status
from interview_coach.search.retrieve import search

FAQ_A = """# Retrieval

#### What is RAG?
Retrieval-augmented generation fetches passages from a document store and adds them to the prompt.

#### What is L1 regularization?
It adds the absolute value of the weights to the loss and pushes many weights to exactly zero.
"""

FAQ_B = """# More

#### What is RAG?
Retrieval-augmented generation fetches passages from a document store and adds them to the prompt.

#### How does dropout work?
It zeroes random activations during training, so the network cannot rely on any single unit.
"""


class Counting:
    """The real model, counting the texts it is given; optionally interrupted (Ctrl-C) at a given call."""

    def __init__(self, interrupt_at_call: int | None = None) -> None:
        self.real = default_embedder()
        self.model_id = self.real.model_id
        self.dimensions = self.real.dimensions
        self.texts: list[str] = []
        self.calls = 0
        self.interrupt_at_call = interrupt_at_call

    def embed(self, texts: list[str]) -> Vectors:
        self.calls += 1
        if self.calls == self.interrupt_at_call:
            raise KeyboardInterrupt
        self.texts += texts
        return self.real.embed(texts)

    def fits(self, texts: list[str]) -> list[bool]:
        return self.real.fits(texts)


def bank_with(tmp_path: Path, *notes: str) -> Bank:
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    for n, content in enumerate(notes):
        (folder / f"faq{n}.md").write_text(content, encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(folder)])
    return bank


def counts(bank: Bank) -> tuple[int, int]:
    with bank.session() as session:
        total, embedded = session.execute(select(func.count(Passage.id), func.count(Passage.vector))).one()
    return int(total), int(embedded)


def many_questions(n: int) -> str:
    lines = ["# Many"]
    for i in range(n):
        lines += ["", f"#### What does setting number {i} control?", f"It controls knob {i} of the training run."]
    return "\n".join(lines) + "\n"


def test_token_batches_stay_within_the_budget_and_vectors_do_not_depend_on_batching() -> None:
    lengths = [3, 250, 40, 40, 7, 128, 256, 12] * 20
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches = _token_batches(order, lengths)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        width = max(lengths[i] for i in batch)
        assert len(batch) * width <= TOKEN_BUDGET and len(batch) * width * width <= ATTENTION_BUDGET
    assert len(batches) < len(lengths) / 4  # short texts still go many to a batch
    embedder = default_embedder()
    texts = ["What is LoRA?", "", "A long answer about low-rank adapters. " * 40, "dropout", "x y z"]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.allclose(np.linalg.norm(together, axis=1), 1, atol=1e-5)


def test_one_embedder_shared_by_server_threads_gives_each_its_own_vectors() -> None:
    # coach serve grades in a thread pool over one embedder per process: runs are serialised, none mixed up
    embedder = MiniLMEmbedder(locate_model())  # fresh: its session is first built by the threads themselves
    texts = [f"question {n} about {word}" for n, word in enumerate(["lora", "dropout", "bm25", "drift"] * 4)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        vectors = list(pool.map(lambda text: embedder.embed([text])[0], texts))
    assert np.allclose(np.stack(vectors), embedder.embed(texts), atol=1e-5)


def test_identical_text_in_two_files_is_embedded_once(tmp_path: Path) -> None:
    bank = bank_with(tmp_path, FAQ_A, FAQ_B)
    embedder = Counting()
    report = index_bank(bank, embedder)
    total, embedded = counts(bank)
    assert total == embedded == report.passages
    assert len(embedder.texts) == len(set(embedder.texts)) == report.embedded < report.passages
    bank.close()


def test_passages_are_written_first_so_keywords_search_everything_before_any_vector(tmp_path: Path) -> None:
    bank = bank_with(tmp_path, FAQ_A, FAQ_B)
    report = index_bank(bank, default_embedder(), embed_limit=0)
    assert not report.complete and report.passages > 0 and report.embedded == 0
    assert counts(bank) == (report.passages, 0)
    status = index_status(bank, default_embedder().model_id)
    assert status.stale_documents == 0 and status.embedded == 0 and status.ungrouped == 2 and status.interrupted
    result = search(bank, default_embedder(), "dropout random activations", mode="keyword")
    assert result.hits and result.hits[0].title == "How does dropout work?"
    # The next run embeds what waits and only then groups the duplicates.
    again = index_bank(bank, default_embedder())
    assert again.documents == 0 and again.grouped and again.complete
    assert index_status(bank, default_embedder().model_id).current
    with bank.session() as session:
        groups = session.scalars(select(Item.duplicate_group).where(Item.question == "What is RAG?")).all()
    assert len(groups) == 2 and groups[0] is not None and len(set(groups)) == 1
    bank.close()


def test_removing_a_file_marks_its_duplicate_partners_for_regrouping(tmp_path: Path) -> None:
    bank = bank_with(tmp_path, FAQ_A, FAQ_B)
    assert index_bank(bank, default_embedder()).grouped
    remove_documents(bank, plan_removal(bank, [str(tmp_path / "notes" / "faq1.md")]), datetime.now(UTC))
    status = index_status(bank, default_embedder().model_id)
    assert status.ungrouped == 1 and not status.current
    assert index_bank(bank, default_embedder()).grouped
    with bank.session() as session:
        groups = session.scalars(select(Item.duplicate_group).where(Item.question == "What is RAG?")).all()
    assert groups == [None, None]  # the one left is in no group; the removed one (retired) keeps none either
    bank.close()


def test_ctrl_c_keeps_committed_windows_and_the_next_run_embeds_only_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "WINDOW", 10)
    bank = bank_with(tmp_path, many_questions(30))
    interrupted = Counting(interrupt_at_call=3)
    with pytest.raises(KeyboardInterrupt):
        index_bank(bank, interrupted)
    total, embedded = counts(bank)
    assert embedded == 20 and total == 60  # two windows of 10 texts committed, one passage each
    progress: list[tuple[int, int]] = []
    resumed = Counting()
    messages: list[str] = []
    fresh = ensure_index(bank, resumed, lambda done, all_: progress.append((done, all_)), messages.append)
    assert messages == ["Resuming indexing: 20 of 60 passages already embedded."]
    assert len(resumed.texts) == 40 and not set(resumed.texts) & set(interrupted.texts)
    assert progress[0] == (0, 40) and progress[-1] == (40, 40)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert fresh.after.current and fresh.report is not None and fresh.report.grouped
    bank.close()


def test_groups_missing_after_a_crash_are_rebuilt_and_said_so(tmp_path: Path) -> None:
    bank = bank_with(tmp_path, FAQ_A, FAQ_B)
    index_bank(bank, default_embedder())
    with bank.transaction() as session:  # killed after the vectors, before the groups
        session.execute(update(Item).values(duplicate_group=None))
        session.execute(update(IndexState).values(grouped=False))
    messages: list[str] = []
    embedder = Counting()
    ensure_index(bank, embedder, notify=messages.append)
    assert messages == ["Rebuilding duplicate groups (the last indexing stopped before them)."]
    assert embedder.texts == []
    with bank.session() as session:
        assert session.scalar(select(func.count()).where(Item.duplicate_group.is_not(None))) == 2
    bank.close()


def test_a_search_on_a_partial_index_answers_from_keywords_and_says_how_far(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = bank_with(tmp_path, FAQ_A, FAQ_B)
    index_bank(bank, default_embedder(), embed_limit=0)
    total, _ = counts(bank)
    bank.close()
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'bank.db'}")
    monkeypatch.setattr("interview_coach.search.freshness.SEARCH_FINISHES", 2)  # "a large remainder"
    result = CliRunner().invoke(cli, ["search", "dropout random activations", "--json"])
    assert result.exit_code == 0, result.output
    assert f"The index is partly built: 0 of {total} passages embedded" in result.stderr
    assert "coach index" in result.stderr
    assert '"How does dropout work?"' in result.stdout
    # A small remainder is finished before answering, and the search says it resumed.
    monkeypatch.setattr("interview_coach.search.freshness.SEARCH_FINISHES", 2000)
    result = CliRunner().invoke(cli, ["search", "dropout random activations"])
    assert result.exit_code == 0, result.output
    assert f"Resuming indexing: 0 of {total} passages already embedded." in result.stderr
    assert "partly built" not in result.stderr
    result = CliRunner().invoke(cli, ["index", "--json"])
    assert '"embedded": 0' in result.stdout and f'"passages": {total}' in result.stdout


def test_ctrl_c_in_coach_index_says_what_was_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = bank_with(tmp_path, many_questions(30))
    bank.close()
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'bank.db'}")
    monkeypatch.setattr(index_module, "WINDOW", 10)
    interrupted = Counting(interrupt_at_call=2)
    monkeypatch.setattr(embed_module, "default_embedder", lambda: interrupted)
    result = CliRunner().invoke(cli, ["index"])
    assert result.exit_code == 130
    assert "Indexing stopped: 10 of 60 passages embedded, all kept." in result.stderr
    assert "Traceback" not in result.output


def test_the_model_loads_only_when_there_is_work(tmp_path: Path) -> None:
    bank = bank_with(tmp_path, FAQ_A)
    embedder = embed_module.MiniLMEmbedder(embed_module.locate_model())
    index_bank(bank, embedder)
    fresh = embed_module.MiniLMEmbedder(embed_module.locate_model())
    ensure_index(bank, fresh)
    assert "_session" not in vars(fresh) and "_tokenizer" not in vars(fresh)
    bank.close()


def test_a_bank_indexed_before_resumable_indexing_counts_as_grouped(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.execute(
            text(
                "INSERT INTO documents (source_key, path, title, content_hash, encoding, repairs, "
                "line_count, imported_at) VALUES ('k', 'p', 't', 'h', 'utf-8', 0, 1, '2026-01-01')"
            )
        )
        connection.execute(text("INSERT INTO index_state VALUES (1, 'x', 'm')"))
    engine.dispose()
    bank = open_bank(url)
    with bank.session() as session:
        assert session.scalars(select(IndexState.grouped)).all() == [True]
        plan = session.execute(text("EXPLAIN QUERY PLAN SELECT count(id) FROM passages WHERE vector IS NULL")).all()
    assert "ix_passages_unembedded" in str(plan)
    bank.close()
