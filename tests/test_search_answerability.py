"""Answerability: whether the notes cover what a query asks about, and the three outcomes of search and ask.

Pure parts with a Vocabulary and a phrase lookup made from a small text; the rest over a real SQLite bank (and
PostgreSQL when available) with the real bundled embedding model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coach.bank import Bank, open_bank
from interview_coach.bank.importer import import_paths, import_sample
from interview_coach.cli import cli
from interview_coach.search.answerability import (
    FEATURES,
    Logistic,
    Model,
    about_the_user,
    agreement,
    asks_a_fact_about_the_user,
    clauses_of,
    default_model,
    evidence,
    judge,
    missing_side,
    other_kinds,
    query_concepts,
    sensed_share,
)
from interview_coach.search.ask import ask
from interview_coach.search.embed import default_embedder
from interview_coach.search.index import index_bank
from interview_coach.search.retrieve import search
from interview_coach.search.spelling import Vocabulary, stem

NOTES = (
    "Layer normalization rescales activations per token. Data flows from the feature store to the model. "
    "Multi-head attention runs several attention heads in parallel; each projects a query, a key and a value. "
    "Backpropagation computes every gradient in one backward pass. Logistic regression is a linear classifier. "
    "A decision tree splits on impurity; a k-fold split rotates the held-out part."
)


def lookup(text: str):  # type: ignore[no-untyped-def]
    """A phrase lookup over `text` like the keyword index's: stems, two words within four of each other, a
    hyphened compound as written."""
    stems = [stem(w) for w in re.findall(r"[^\W_]+", text.lower())]

    def near(words: list[str]) -> bool:
        if len(words) == 1 and "-" in words[0]:
            return words[0] in text.lower()
        wanted = [stem(w) for w in words]
        if len(wanted) == 1:
            return wanted[0] in stems
        at = {s: [i for i, x in enumerate(stems) if x == s] for s in wanted}
        return any(abs(i - j) <= 5 for i in at[wanted[0]] for j in at[wanted[1]])

    return near


def concepts(query: str):  # type: ignore[no-untyped-def]
    return query_concepts(query, Vocabulary([NOTES]), lookup(NOTES))


def test_specific_words_weigh_more_than_everyday_ones_and_the_notes_generic_ones() -> None:
    terms = {t.word: t for t in concepts("kalman filter for the stuff in my model").terms}
    assert not terms["kalman"].present and terms["kalman"].weight == pytest.approx(1.0)
    assert terms["stuff"].weight < 0.5  # everyday English, absent from the notes: phrasing, not a topic
    assert terms["model"].present and terms["model"].weight < terms["kalman"].weight
    assert "for" not in terms and "the" not in terms


def test_words_the_notes_use_only_apart_are_a_phrase_they_lack() -> None:
    flows = concepts("normalizing flows")
    assert all(t.present for t in flows.terms)  # "normalization" by stem, "flows" in "data flows"
    assert [(p.text, p.found) for p in flows.phrases] == [("normalizing flows", False)]
    assert flows.covered() == [] and flows.missing() == ["normalizing flows"]
    covered = concepts("layer normalization")
    assert covered.phrases[0].found and [t.word for t in covered.covered()] == ["layer", "normalization"]


def test_a_word_in_a_phrase_the_notes_have_counts_even_beside_one_they_lack() -> None:
    query = concepts("logistic regression instead")
    assert "regression" in [t.word for t in query.covered()]


def test_a_word_closing_a_compound_the_notes_have_does_not_open_another() -> None:
    # "regression gradient" is the junction of "logistic regression" with the next word, not a compound.
    query = concepts("logistic regression gradient")
    assert [(p.text, p.found) for p in query.phrases] == [("logistic regression", True)]
    assert [t.word for t in query.covered()] == ["logistic", "regression", "gradient"]
    # The next pair is still a compound to look up: the notes lack "normalizing flows".
    lacking = concepts("logistic regression normalizing flows")
    assert [(p.text, p.found) for p in lacking.phrases] == [("logistic regression", True), ("normalizing flows", False)]
    # A compound the notes lack takes nothing: its second word may open one they have.
    pairs = [(p.text, p.found) for p in concepts("normalizing logistic regression").phrases]
    assert pairs == [("normalizing logistic", False), ("logistic regression", True)]


def test_an_adverb_and_the_word_it_qualifies_are_no_compound() -> None:
    notes = "Debug the pipeline stage by stage. Features are computed systematically from the raw logs."
    query = query_concepts("systematically debug a pipeline", Vocabulary([notes]), lookup(notes))
    assert "systematically debug" not in [p.text for p in query.phrases]
    assert {"systematically", "debug"} <= {t.word for t in query.covered()}


def test_abbreviations_stems_and_capitals() -> None:
    terms = {t.word: t for t in concepts("backprop GQA heads").terms}
    assert terms["backprop"].notes_stem == stem("backpropagation")  # a notes word it begins
    assert terms["heads"].present  # "head" by stem
    assert terms["gqa"].weight == pytest.approx(1.0) and not terms["gqa"].present
    # Written in capitals, an everyday word is a name: "SOLID" weighs as much as any unknown acronym.
    assert {t.word: t for t in concepts("SOLID principles").terms}["solid"].weight == pytest.approx(1.0)
    assert {t.word: t for t in concepts("solid principles").terms}["solid"].weight < 1.0


def test_a_name_beside_a_word_is_not_a_compound_the_notes_must_spell_out() -> None:
    # "LoRA" is also an English name ("Lora"); written as a name, "LoRA rank" is its rank, not a phrase.
    notes = "LoRA freezes the weights and learns a low-rank update of small rank."
    query = query_concepts("LoRA rank", Vocabulary([notes]), lookup(notes))
    assert query.phrases == [] and [t.word for t in query.covered()] == ["lora", "rank"]


def test_missing_concepts_are_named_as_written_with_the_word_they_qualify() -> None:
    assert concepts("How does a Kalman filter work?").missing() == ["Kalman filter"]
    assert concepts("grouped query attention").missing()[0] == "grouped query"
    assert concepts("B-tree splits").missing() == ["B-tree"]  # a lettered compound, looked up as written
    assert concepts("what is a B+ tree").missing() == ["B+ tree"]
    assert concepts("k-fold split").missing() == []
    of = concepts("what are flows of attention").phrases
    assert [(p.text, p.found) for p in of] == [("flows of attention", False)]  # "of" may join a phrase


def test_three_outcomes_from_one_model() -> None:
    model = Model(Logistic(("similarity",), (10.0,), -5.0), 0.5, Logistic(("similarity",), (1.0,), 0.0))
    base = {name: 0.0 for name in FEATURES}
    lacking = concepts("Kalman filter")
    refused = judge(lacking, {**base, "similarity": 0.3, "missing_term": 1.0}, model)
    assert refused.outcome == "not_in_notes" and refused.missing == ["Kalman filter"]
    assert "never mention Kalman filter" in refused.reason
    partly = judge(lacking, {**base, "similarity": 0.7, "missing_term": 1.0}, model)
    assert partly.outcome == "partly" and partly.missing == ["Kalman filter"]
    answered = judge(concepts("layer normalization"), {**base, "similarity": 0.7}, model)
    assert answered.outcome == "answered" and answered.missing == [] and answered.probability > 0.5


def test_a_word_counts_by_how_close_in_meaning_the_results_using_it_are() -> None:
    query = concepts("layer normalization")
    layer, norm = stem("layer"), stem("normalization")
    on_topic = [[[layer, norm, "rescal"]]]
    assert sensed_share(query, on_topic, [0.8]) == pytest.approx(0.8)
    # The same words only in a result about something else (far in meaning): they barely cover the query.
    assert sensed_share(query, on_topic, [0.1]) == pytest.approx(0.1)
    assert sensed_share(query, [[["unrelated"]]], [0.9]) == 0.0  # no top result uses them at all
    assert sensed_share(query, on_topic, []) == 0.0


def test_a_short_query_of_everyday_words_is_not_wholly_covered() -> None:
    everyday = evidence(concepts("what about my model"), 0.3, [], [])
    specific = evidence(concepts("backpropagation logistic regression"), 0.3, [], [])
    assert everyday["phrased"] == specific["phrased"] == pytest.approx(1.0)  # as shares, both wholly covered
    assert everyday["covered_weight"] < 0.5 and specific["covered_weight"] == pytest.approx(1.0)  # in all, not


def test_agreement_is_whether_keyword_and_dense_search_put_the_same_result_first() -> None:
    assert agreement("item-1", "item-1") == 1.0
    assert agreement("item-1", "item-2") == 0.0
    assert agreement(None, None) == 0.0  # one method found nothing (or only one ran): no agreement
    query = concepts("layer normalization")
    assert evidence(query, 0.5, [], [], 0.0, ("a", "a"))["agreement"] == 1.0
    assert evidence(query, 0.5, [], [])["agreement"] == 0.0


def test_a_question_about_the_user_far_from_every_passage_is_not_in_the_notes() -> None:
    assert about_the_user("what is my notice period") and about_the_user("when did I graduate")
    assert not about_the_user("what is a notice period") and not about_the_user("immune system")  # whole words
    model = Model(Logistic(("similarity",), (10.0,), 0.0), 0.5, Logistic(("similarity",), (1.0,), 0.0))
    base = {name: 0.0 for name in FEATURES}
    mine = concepts("my decision tree")  # words the notes use
    far = judge(mine, {**base, "similarity": 0.22, "first_person": 1.0}, model)  # p ≈ 0.9 by the model alone
    assert far.outcome == "not_in_notes" and far.probability <= 0.5
    assert "nothing about you" in far.reason and "0.22" in far.reason
    assert judge(mine, {**base, "similarity": 0.22}, model).outcome == "answered"  # not about the user
    assert judge(mine, {**base, "similarity": 0.45, "first_person": 1.0}, model).outcome == "answered"  # near


def test_a_fact_about_the_user_is_not_advice_asked_in_the_first_person() -> None:
    for query in ("why did I leave my last job", "my chess engine side project", "which city do I want to live in"):
        assert asks_a_fact_about_the_user(query), query
    for query in ("how do I split a model", "what can I do about drift", "should I fine-tune", "how I answer it"):
        assert not asks_a_fact_about_the_user(query), query
    assert not asks_a_fact_about_the_user("what is a decision tree")


def test_a_fact_about_the_user_whose_slot_the_notes_never_name_is_not_in_them() -> None:
    model = Model(Logistic(("similarity",), (10.0,), -5.0), 0.2, Logistic(("similarity",), (1.0,), 0.0))
    base = {name: 0.0 for name in FEATURES}
    chess = concepts("my chess decision tree")  # "chess" is nowhere in the notes
    values = evidence(chess, 0.45, [], [])  # p ≈ 0.38 by the model alone: above its threshold
    assert values["personal_missing"] == chess.terms[0].weight > 0.3
    refused = judge(chess, {**base, **values, "similarity": 0.45}, model)
    assert refused.outcome == "not_in_notes" and refused.missing == ["chess decision"]
    assert refused.probability <= 0.2 + 1e-9
    # The rest more likely answered than not: a paraphrase's word, not a fact the notes lack.
    assert judge(chess, {**base, **values, "similarity": 0.6}, model).outcome != "not_in_notes"
    # Advice asked in the first person is judged like any topic: its words may be a paraphrase's.
    advice = evidence(concepts("how do I chess a decision tree"), 0.45, [], [])
    assert advice["personal_missing"] == 0.0
    assert evidence(concepts("my decision tree"), 0.45, [], [])["personal_missing"] == 0.0  # all named


def test_a_comparison_with_a_side_the_notes_never_mention_is_not_partly_answered() -> None:
    # "attention" is there, but only in a phrase the notes lack ("query attention"): the left side is missing.
    assert missing_side(concepts("grouped query attention vs multi-head attention"))
    assert missing_side(concepts("the difference between a Kalman filter and logistic regression"))
    assert not missing_side(concepts("layer normalization vs logistic regression"))  # both sides covered
    assert not missing_side(concepts("decision tree versus kalman splits"))  # "splits" is covered on its side
    assert not missing_side(concepts("Kalman filter for a decision tree"))  # no comparison
    model = Model(Logistic(("similarity",), (10.0,), -5.0), 0.2, Logistic(("similarity",), (1.0,), 0.0))
    base = {name: 0.0 for name in FEATURES}
    compared = concepts("Kalman filter vs logistic regression")
    values = {**base, **evidence(compared, 0.7, [], []), "similarity": 0.7}  # p ≈ 0.88 by the model alone
    assert values["missing_term"] >= 0.9 and values["missing_side"] == 1.0
    refused = judge(compared, values, model)
    assert refused.outcome == "not_in_notes" and refused.missing[0] == "Kalman filter"
    alone = concepts("Kalman filter in logistic regression")
    assert judge(alone, {**base, **evidence(alone, 0.7, [], []), "similarity": 0.7}, model).outcome == "partly"


def test_partly_only_when_the_notes_use_most_of_the_query() -> None:
    model = Model(Logistic(("similarity",), (10.0,), -5.0), 0.2, Logistic(("similarity",), (1.0,), 0.0))
    base = {name: 0.0 for name in FEATURES}
    most = concepts("Kalman filter in logistic regression")  # the notes use most of its weight
    values = evidence(most, 0.7, [], [])
    assert values["present"] >= 0.5 and judge(most, {**base, **values, "similarity": 0.7}, model).outcome == "partly"
    little = concepts("Kalman filter for sensor fusion in regression")  # most of it is nowhere in the notes
    values = evidence(little, 0.7, [], [])
    assert values["present"] < 0.5
    assert judge(little, {**base, **values, "similarity": 0.7}, model).outcome == "not_in_notes"


def test_a_compound_naming_another_kind_of_what_the_results_name_weighs_as_its_modifier() -> None:
    keyed = concepts("key attention")  # the notes have "multi-head attention", "key" nowhere near it
    (phrase,) = keyed.phrases
    assert not phrase.found
    kinds = [clauses_of("Multi-head attention runs heads in parallel."), clauses_of("The multi-head attention")]
    assert other_kinds(keyed, kinds) == [keyed.terms[0].weight]
    once = [clauses_of("Multi-head attention runs heads in parallel."), clauses_of("We compute attention")]
    assert other_kinds(keyed, once) == []  # each pair once: maybe a verb and its object
    across = [clauses_of("Question bank (multi) attention"), clauses_of("Notes (multi) attention, again")]
    assert other_kinds(keyed, across) == []  # words either side of a bracket are not a compound
    assert other_kinds(concepts("layer normalization"), kinds) == []  # a compound the notes have


def test_clauses_split_at_punctuation_and_keep_hyphened_words_adjacent() -> None:
    assert clauses_of("Bank (sample) Retrieval-Augmented Generation. Next") == [
        ["bank"],
        ["sampl"],
        ["retriev", "augment", "generat"],
        ["next"],
    ]


def test_partly_only_when_the_rest_is_more_likely_answered_than_not() -> None:
    model = Model(Logistic(("similarity",), (10.0,), -5.0), 0.2, Logistic(("similarity",), (1.0,), 0.0))
    base = {name: 0.0 for name in FEATURES}
    lacking = concepts("Kalman filter")
    weak = judge(lacking, {**base, "similarity": 0.45, "missing_term": 1.0}, model)  # p ≈ 0.38, above 0.2
    assert weak.outcome == "not_in_notes" and weak.missing == ["Kalman filter"]
    assert judge(lacking, {**base, "similarity": 0.45}, model).outcome == "answered"  # nothing specific missing


def test_contractions_typed_without_apostrophes_are_phrasing() -> None:
    words = [t.word for t in concepts("whats your greatest weakness, hows it going").terms]
    assert "whats" not in words and "hows" not in words and "weakness" in words


def test_the_shipped_model_is_a_fitted_one() -> None:
    model = default_model()
    assert model.query.features == FEATURES and 0.0 < model.threshold < 1.0
    assert dict(zip(model.query.features, model.query.coefficients, strict=True))["similarity"] > 0


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    folder = tmp_path_factory.mktemp("answerability")
    found = open_bank(f"sqlite:///{folder / 'bank.db'}")
    import_sample(found)
    index_bank(found, default_embedder())
    return found


def test_topics_the_notes_lack_are_refused_with_what_they_never_mention(bank: Bank) -> None:
    embedder = default_embedder()
    flows = search(bank, embedder, "normalizing flows change of variables")  # the notes have batch normalization
    assert flows.outcome == "not_in_notes" and flows.refused
    assert flows.message.startswith("Your notes never mention") and "normalizing flows" in flows.message
    assert flows.as_dict()["results"] == [] and flows.as_dict()["closest"]  # the nearest, labelled apart
    kalman = search(bank, embedder, "kalman filter predict and update equations")
    assert kalman.refused and "kalman" in kalman.message.lower()


def test_questions_the_notes_answer_are_answered_with_a_calibrated_relevance(bank: Bank) -> None:
    embedder = default_embedder()
    for query in ("how does LoRA cut the memory needed to fine-tune", "what does dropout do", "lasso vs ridge"):
        result = search(bank, embedder, query)
        assert result.outcome == "answered", (query, result.evidence)
        assert all(0.0 <= hit.relevance <= 1.0 for hit in result.hits)
        assert max(hit.relevance for hit in result.hits) > 0.3
    refused = search(bank, embedder, "how long should I boil an egg for a runny yolk")
    assert refused.refused and max(hit.relevance for hit in refused.hits) < 0.15  # comparable across queries


def test_keyword_and_dense_search_agree_on_what_the_notes_answer_not_on_near_misses(bank: Bank) -> None:
    embedder = default_embedder()
    for query in ("how does the kv cache speed up llm inference", "lasso vs ridge", "what does dropout do"):
        assert search(bank, embedder, query).evidence["agreement"] == 1.0, query
    # The words' passage and the nearest paraphrase are different results when the notes lack the topic.
    for query in ("variational autoencoder reparameterization trick", "direct preference optimization vs rlhf"):
        assert search(bank, embedder, query).evidence["agreement"] == 0.0, query
    for mode in ("dense", "keyword"):  # judged the same way whichever method ranks the results shown
        assert search(bank, embedder, "what does dropout do", mode=mode).evidence["agreement"] == 1.0, mode
    weights = dict(zip(default_model().query.features, default_model().query.coefficients, strict=True))
    assert weights["agreement"] > 0  # fitted, agreement counts for answering


def test_personal_facts_the_notes_lack_are_refused_and_those_they_hold_answered(bank: Bank) -> None:
    embedder = default_embedder()
    for query in ("my manager's name", "who referred me for the role"):  # words the notes use, elsewhere
        result = search(bank, embedder, query)
        assert result.refused and "nothing about you" in result.reason, (query, result.evidence)
    for query in ("my story about disagreeing with a teammate", "how I answer salary expectations"):
        assert search(bank, embedder, query).outcome == "answered", query


def test_bad_queries_get_a_clear_outcome(bank: Bank) -> None:
    embedder = default_embedder()
    for query in ("what is the", "how do I", "x", "?", "a b c"):
        result = search(bank, embedder, query)
        assert result.refused and result.reason and result.hits == [], query
    assert "common words" in search(bank, embedder, "what is the").reason
    assert "too short" in search(bank, embedder, "x").reason
    assert "no words" in search(bank, embedder, "?!").reason
    numbers = search(bank, embedder, "2 4 8")  # names no topic: the notes' numbers would match anything
    assert numbers.refused and "only numbers" in numbers.reason and numbers.hits == []
    assert not search(bank, embedder, "dropout 0.5").refused  # a number beside a topic is a detail of it
    paragraph = " ".join(
        ["I am getting ready for an onsite loop next week and want to revise carefully."] * 4
        + ["How does LoRA reduce the memory needed to fine-tune a large language model?"]
    )
    long = search(bank, embedder, paragraph)  # searched by its most specific words
    assert long.corrected and "lora" in long.corrected.split() and len(long.corrected.split()) <= 12
    assert not long.refused and "LoRA" in long.hits[0].title


def test_ask_gives_every_bad_question_a_clear_outcome(bank: Bank) -> None:
    embedder = default_embedder()
    for question in ("what is the", "how do I", "x", "?", "1 2 3 42", "2024"):
        answer = ask(bank, embedder, question)
        assert answer.outcome in {"answered", "partly", "not_in_notes"}, question
        if answer.outcome == "not_in_notes":
            assert answer.passages == [] and answer.message, question  # says why, quotes nothing
    for question in ("what is the", "1 2 3 42", "2024"):
        assert ask(bank, embedder, question).outcome == "not_in_notes", question
    pasted = "I have an onsite next week. " * 30 + "Which metrics matter for an imbalanced classifier?"
    answer = ask(bank, embedder, pasted)
    assert answer.as_dict()["searched_for"] and answer.outcome in {"answered", "partly", "not_in_notes"}


def test_ask_is_a_core_use_case(bank: Bank) -> None:
    answer = ask(bank, default_embedder(), "what is the KV cache?")
    assert answer.outcome == "answered" and answer.passages and answer.message == ""
    assert "KV cache" in answer.passages[0].title
    lacking = ask(bank, default_embedder(), "normalizing flows change of variables")
    assert lacking.passages == [] and lacking.closest is not None
    data = lacking.as_dict()
    assert data["outcome"] == "not_in_notes" and data["covered"] is False and data["missing"]


def test_cli_json_carries_outcome_missing_and_relevance(
    bank: Bank, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", str(bank.url))
    runner = CliRunner()
    found = json.loads(runner.invoke(cli, ["search", "what does dropout do", "--json"]).stdout)
    assert found["outcome"] == "answered" and found["refused"] is False and found["missing"] == []
    first = found["results"][0]
    assert set(first) >= {"id", "score", "relevance", "similarity", "question", "passage", "source"}
    assert 0.0 <= first["relevance"] <= 1.0
    lacking = runner.invoke(cli, ["ask", "normalizing flows change of variables"])
    said = " ".join(lacking.stdout.split())
    assert (
        lacking.exit_code == 0 and "never mention" in said and "normalizing flows" in said and "not an answer" in said
    )
    asked = json.loads(runner.invoke(cli, ["ask", "normalizing flows change of variables", "--json"]).stdout)
    assert asked["outcome"] == "not_in_notes" and asked["passages"] == [] and asked["closest"]["source"]
    for query in ("what is the", "x", "42"):
        result = runner.invoke(cli, ["ask", query, "--json"])
        assert result.exit_code == 0 and "outcome" in json.loads(result.stdout), query


@pytest.mark.postgres
def test_phrases_are_looked_up_in_postgresql_full_text_too(tmp_path: Path, postgres_bank: Bank) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Deep learning\n\n#### Q: Why does layer normalization help?\n"
        "It rescales activations per token. Data flows from the feature store to the model.\n",
        encoding="utf-8",
    )
    import_paths(postgres_bank, [str(notes)])
    index_bank(postgres_bank, default_embedder())
    flows = search(postgres_bank, default_embedder(), "normalizing flows")
    assert flows.refused and flows.missing == ["normalizing flows"]
    layer = search(postgres_bank, default_embedder(), "layer normalization")
    assert not layer.refused and layer.missing == []


def test_our_own_labelled_queries_about_the_sample_notes(bank: Bank) -> None:
    """Queries written by hand for the sample notes, never used to fit the model: a regression net for it."""
    cases = json.loads((Path(__file__).parent / "data" / "answerability_cases.json").read_text(encoding="utf-8"))
    embedder = default_embedder()
    wrongly_refused = [q for q in cases["in_scope"] if search(bank, embedder, q).refused]
    assert wrongly_refused == []
    lacking = [q for queries in cases["out_of_scope"].values() for q in queries]
    refused = [q for q in lacking if search(bank, embedder, q).refused]
    assert len(refused) >= 0.9 * len(lacking), sorted(set(lacking) - set(refused))


def test_our_own_look_alikes_about_the_sample_notes(bank: Bank) -> None:
    """The second own set, written before the slot and compound rules: facts about the user the sample notes lack
    are all refused, look-alike compounds mostly, and the paraphrases refused stay the four the model refused
    before those rules (each says in other words what the notes hold)."""
    cases = json.loads((Path(__file__).parent / "data" / "answerability_lookalikes.json").read_text(encoding="utf-8"))
    embedder = default_embedder()
    wrongly_refused = [q for q in cases["in_scope"] if search(bank, embedder, q).refused]
    assert len(wrongly_refused) <= 4, wrongly_refused
    personal = cases["out_of_scope"]["personal-not-in-notes"]
    assert [q for q in personal if not search(bank, embedder, q).refused] == []
    lacking = [q for queries in cases["out_of_scope"].values() for q in queries]
    refused = [q for q in lacking if search(bank, embedder, q).refused]
    assert len(refused) >= 0.9 * len(lacking), sorted(set(lacking) - set(refused))
