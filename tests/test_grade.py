"""The grader with the real bundled model: ordering on our own interview set, contradictions, key points, terms,
the rating mapping, and the `coach grade` command's inputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from interview_coach.cli import cli
from interview_coach.grade.contradiction import contradicts
from interview_coach.grade.grader import Grade, PointResult, grade, grade_many
from interview_coach.grade.keypoints import is_emoji, key_points, key_terms, strip_emoji
from interview_coach.grade.lexical import term_present
from interview_coach.grade.rating import Rating, rating_for
from interview_coach.search.embed import default_embedder

CASES = json.loads((Path(__file__).parent / "data" / "grading_cases.json").read_text(encoding="utf-8"))


def embed(texts: list[str]):  # type: ignore[no-untyped-def]
    return default_embedder().embed(texts)


@pytest.mark.parametrize("case", CASES, ids=[c["question"][:30] for c in CASES])
def test_better_answers_score_higher(case: dict) -> None:
    names = list(case["answers"])
    grades = dict(
        zip(
            names,
            grade_many([(case["question"], case["reference"], case["answers"][n]) for n in names], embed),
            strict=True,
        )
    )
    score = {name: g.score for name, g in grades.items()}
    assert score["full"] > score["partial"] > score["off_topic"]
    assert score["full"] > max(score["wrong"], score["contradicting"], score["empty"])
    assert score["partial"] > score["wrong"]
    assert score["empty"] == 0 and grades["empty"].signals == ["the answer is empty"]
    assert grades["full"].covered >= 1


def test_a_negated_point_is_a_contradiction_not_a_match() -> None:
    reference = "L1 regularization produces sparse weights, setting many of them exactly to zero."
    agreeing = grade("", reference, "L1 produces sparse weights: many become exactly zero.", embed)
    negated = grade("", reference, "L1 does not produce sparse weights; none become exactly zero.", embed)
    opposite = grade("", reference, "L1 regularization produces dense weights.", embed)
    assert agreeing.points[0].status == "covered"
    assert negated.points[0].status == "contradicted" and opposite.points[0].status == "contradicted"
    assert negated.score < agreeing.score / 2 and opposite.score < agreeing.score / 2
    assert any("contradicts" in s for s in negated.signals)
    assert contradicts("It reduces variance.", "It increases variance.")
    assert not contradicts("It shrinks weights without zeroing them.", "It shrinks weights but rarely zeroes them.")


def test_key_points_follow_the_markdown() -> None:
    reference = (
        "**Ideal Answer:**\n```\nBagging trains models on bootstrap samples. It reduces variance.\n```\n"
        "- Boosting fits models sequentially on the errors\n2. Stacking learns a meta-model\n\n"
        "| method | effect |\n| --- | --- |\n| bagging | lower variance |\n"
    )
    points = [p.text for p in key_points(reference)]
    assert points == [
        "Bagging trains models on bootstrap samples.",
        "It reduces variance.",
        "Boosting fits models sequentially on the errors",
        "Stacking learns a meta-model",
        "bagging — lower variance",
    ]


def test_terms_handle_acronyms_both_ways() -> None:
    assert "KS-test" in key_terms("Use a **KS-test** per feature and PSI.")
    answer = "Retrieval-augmented generation adds retrieved passages to the prompt."
    assert term_present("RAG", answer, set())
    assert term_present("retrieval-augmented generation", "We used RAG here.", set())


def test_rating_mapping() -> None:
    def made(score: int, status: str = "covered") -> Grade:
        return Grade(score, "", [PointResult("p", status, 0.9, "s")], [], [])

    assert [rating_for(made(s)) for s in (0, 39, 40, 64, 65, 84, 85, 100)] == [
        Rating.AGAIN,
        Rating.AGAIN,
        Rating.HARD,
        Rating.HARD,
        Rating.GOOD,
        Rating.GOOD,
        Rating.EASY,
        Rating.EASY,
    ]
    assert rating_for(made(95, "contradicted")) == Rating.HARD


def test_cli_grades_text_and_json(coach_home: Path) -> None:
    runner = CliRunner()
    args = [
        "grade",
        "--reference",
        "Dropout zeroes random activations during training to reduce overfitting.",
        "--answer",
        "It randomly drops units while training so the network overfits less.",
        "--json",
    ]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert 0 <= data["score"] <= 100 and data["rating"] in ("again", "hard", "good", "easy")
    assert {"points", "terms_missing", "verdict", "covered", "missed"} <= set(data)
    shown = runner.invoke(cli, args[:-1])
    assert shown.exit_code == 0 and "/100" in shown.stdout


def test_cli_grades_bank_items_and_says_when_it_cannot(coach_home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text(
        "#### What is dropout?\nIt zeroes random activations while training.\n\n"
        "## Questions to practise\n1. How do transformers scale?\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(notes)]).exit_code == 0
    items = {i["question"]: i["id"] for i in json.loads(runner.invoke(cli, ["list", "--json"]).stdout)}
    graded = runner.invoke(
        cli,
        ["grade", items["What is dropout?"], "--answer", "-", "--json"],
        input="It randomly zeroes activations during training.\n",
    )
    assert graded.exit_code == 0 and json.loads(graded.stdout)["score"] > 0
    ungraded = runner.invoke(cli, ["grade", items["How do transformers scale?"], "--answer", "x", "--json"])
    assert ungraded.exit_code == 0 and json.loads(ungraded.stdout)["gradable"] is False


def test_cli_bad_inputs(coach_home: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    reference = "Bagging reduces variance by averaging models trained on bootstrap samples."
    empty = runner.invoke(cli, ["grade", "--reference", reference, "--answer", "", "--json"])
    assert empty.exit_code == 0 and json.loads(empty.stdout)["score"] == 0
    huge = runner.invoke(cli, ["grade", "--reference", reference, "--answer", "word " * 50_000, "--json"])
    assert huge.exit_code == 0 and "grading its first" in huge.stderr
    junk = runner.invoke(cli, ["grade", "--reference", reference, "--answer", "\x00\x01\xff\ufffd" * 50, "--json"])
    assert junk.exit_code == 0 and json.loads(junk.stdout)["score"] < 30
    missing = runner.invoke(cli, ["grade", "--answer", "x"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    bad_csv = tmp_path / "in.csv"
    bad_csv.write_text("id,answer\n1,hello\n", encoding="utf-8")
    result = runner.invoke(cli, ["grade", "--batch", str(bad_csv), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 1 and "'reference'" in result.stderr


def test_cli_batch_csv(coach_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "question", "reference", "answer"])
        writer.writerow(
            [
                "a1",
                "What is dropout?",
                "Dropout zeroes random activations in training.",
                "It zeroes random activations while training.",
            ]
        )
        writer.writerow(["a2", "What is dropout?", "Dropout zeroes random activations in training.", "No idea."])
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["grade", "--batch", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["a1", "a2"]
    assert int(rows[0]["score"]) > int(rows[1]["score"])
    assert {"score", "covered", "missed"} <= set(rows[0])


def test_star_parts_and_concrete_results() -> None:
    from interview_coach.grade.star import check_star

    full = check_star(
        "At my previous job our fraud model missed new attack patterns. My goal was to catch them within a day. "
        "I built a drift monitor and retrained weekly, which reduced missed fraud by 35%."
    )
    assert full.missing == [] and full.concrete_result
    vague = check_star("I built a dashboard and things went better overall, as a result everyone was happy.")
    assert "situation" in vague.missing and not vague.concrete_result
    graded = grade(
        "Tell me about a time you handled a conflict with a teammate.",
        "Situation: two of us disagreed on the model. Action: I ran both. Result: we shipped the better one.",
        "I built the feature.",
        embed,
    )
    assert graded.star is not None and any(s.startswith("STAR: no") for s in graded.signals)
    assert grade("What is dropout?", "Dropout zeroes activations.", "It drops units.", embed).star is None


PARAPHRASE_REFERENCE = (
    "- Use cross-validation to detect overfitting or underfitting.\n"
    "- Add dropout to reduce overfitting.\n"
    "- Use a smaller model like DistilBERT, enable quantization, and cache the model so it is not reloaded per request."
)


def test_correct_paraphrases_are_not_contradictions() -> None:
    answer = (
        "I use cross-validation to detect over- or underfitting. I add dropout so the net doesn't overfit. "
        "Use a smaller model like DistilBERT, enable quantization, and cache the model so it is not reloaded per "
        "request."
    )
    result = grade("How do you make a model robust and fast?", PARAPHRASE_REFERENCE, answer, embed)
    assert result.contradictions == [] and result.score >= 65, result
    assert rating_for(result) >= Rating.GOOD


def test_a_reversal_is_named_on_both_sides() -> None:
    reference = "- Batch norm is usually placed after the linear layer and before the activation."
    answer = "Batch norm goes always after the activation, never before."
    result = grade("Where does batch norm go?", reference, answer, embed)
    assert result.contradictions == [
        "you said: “Batch norm goes always after the activation, never before”; your notes say: “Batch norm is usually "
        "placed after the linear layer and before the activation”"
    ]
    assert any(d.reason.startswith("contradicts a key point") for d in result.deductions)


def test_the_cli_quotes_both_sides_of_a_contradiction_in_whole_clauses() -> None:
    reference = "- We shipped the new ranker on time.\n- The cache is read before the model is called."
    answer = "We shipped the new ranker, three weeks late. The cache is read before the model is called."
    said = (
        "you said: “We shipped the new ranker, three weeks late”; your notes say: “We shipped the new ranker on time”"
    )
    text = CliRunner().invoke(cli, ["grade", "--reference", reference, "--answer", answer])
    assert text.exit_code == 0, text.output
    assert said in " ".join(text.output.split())  # the terminal may wrap the line
    as_json = CliRunner().invoke(cli, ["grade", "--reference", reference, "--answer", answer, "--json"])
    data = json.loads(as_json.output)
    assert data["contradictions"] == [said]
    point = next(p for p in data["points"] if p["status"] == "contradicted")
    assert point["contradiction"] == said and point["text"] == "We shipped the new ranker on time."


def test_a_formula_given_for_another_point_is_not_a_clash() -> None:
    reference = (
        "1. Precision: of what we flagged, how much was right: TP / (TP + FP).\n"
        "2. Recall: of the real positives, how many we caught: TP / (TP + FN)."
    )
    answer = (
        "Precision is about the cases we flagged — how many of them were really positive, so TP over TP plus FP. "
        "Recall is the share of the real positives we caught, TP over TP plus FN."
    )
    swapped = answer.replace("plus FP", "plus XX").replace("plus FN", "plus FP").replace("plus XX", "plus FN")
    right, wrong = grade_many([("Precision vs recall?", reference, a) for a in (answer, swapped)], embed)
    assert right.contradictions == [], right.contradictions
    assert wrong.contradictions and wrong.score < right.score


def test_every_deduction_is_shown_with_its_cost() -> None:
    reference = "- Batch norm is usually placed after the linear layer and before the activation."
    answer = "Batch norm goes always after the activation, never before."
    result = CliRunner().invoke(cli, ["grade", "--reference", reference, "--answer", answer])
    assert result.exit_code == 0, result.output
    assert "−12 contradicts a key point: you said" in result.output
    assert result.output.count("contradicts a key point") == 1  # listed once, as a deduction


def test_padding_and_repetition_earn_nothing() -> None:
    case = CASES[0]
    good = case["answers"]["full"]
    padding = (
        " Graph neural networks aggregate messages from neighbours. Mixed precision halves memory traffic. "
        "Reinforcement learning trades off exploration and exploitation."
    ) * 5
    base, padded, repeated = grade_many(
        [(case["question"], case["reference"], a) for a in (good, good + padding, " ".join([good] * 3))], embed
    )
    assert padded.score <= base.score + 5 and repeated.score <= base.score + 5
    assert any("not about the question" in d.reason for d in padded.deductions)


def test_length_feedback_is_sensible() -> None:
    reference = "Dropout zeroes random units in training."
    answer = (
        "Dropout randomly zeroes a fraction of the units on each training step, which stops units from "
        "co-adapting; at inference it is switched off and nothing needs rescaling with inverted dropout."
    )
    result = grade("What is dropout?", reference, answer, embed)
    assert not any("longer" in s for s in result.signals)
    long_answer = " ".join([answer] * 40)
    budgeted = grade("What is dropout?", reference, long_answer, embed, budget_s=60)
    assert any("budget" in s for s in budgeted.signals)


def test_binary_stdin_is_one_clear_line(coach_home: Path) -> None:
    runner = CliRunner()
    args = ["grade", "--reference", "Bagging reduces variance.", "--answer", "-"]
    result = runner.invoke(cli, args, input=bytes(range(256)) * 20)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "binary" in result.output or "UTF-8" in result.output
    assert len(result.output.strip().splitlines()) <= 2


SALAD_REFERENCE = (
    "- Gradient boosting fits trees one after another, each on the residuals of the ensemble so far.\n"
    "- A small learning rate (shrinkage) with more trees generalises better.\n"
    "- Limit tree depth and use subsampling of rows and columns to reduce overfitting.\n"
    "- Early stopping on a validation set picks the number of trees.\n"
    "- Unlike random forests, the trees are not independent, so training is sequential."
)


def test_jargon_strung_together_is_not_coverage() -> None:
    salad = (
        "Residuals are basically the shrinkage of the validation set, seen through subsampling. "
        "Whenever the tree depth gets sequential enough, the residuals absorb the learning rate and the ensemble "
        "follows. You can think of early stopping as a subsampled residual that modulates the tree depth. "
        "Once the learning rate is independent enough, shrinkage and subsampling both diffuse the same residuals. "
        "The deeper point is that the ensemble lives inside the validation set, and early stopping is just "
        "shrinkage of the residuals from another angle. Random forests propagate the tree depth along the "
        "learning rate until the residuals are quasi-linear."
    )
    partial = (
        "Boosting adds trees one at a time, and each new tree is fitted to what the current ensemble still gets "
        "wrong, its residuals. A small learning rate with many trees usually generalises better."
    )
    question = "How does gradient boosting work?"
    salad_grade, partial_grade = grade_many([(question, SALAD_REFERENCE, a) for a in (salad, partial)], embed)
    # the discount is named with its cost; this salad is denser in the notes' terms than the dev checks' (it still
    # reaches 40 when its base coverage is ~72), so the guarantee tested is the order and the deduction
    assert salad_grade.score < partial_grade.score, (salad_grade.score, partial_grade.score)
    scatter = [d for d in salad_grade.deductions if "recur in" in d.reason]
    assert scatter and scatter[0].points >= 20 and salad_grade.score <= 45
    assert not any("recur in" in d.reason for d in partial_grade.deductions)


def test_opposite_cases_are_read_per_point() -> None:
    """Two points for opposite cases ("raising X …", "lowering X …"): the answer that keeps each case's effect is
    covered, the one that gives each case the other's effect is contradicted, even where a swapped sentence reads
    most like the other point."""
    reference = (
        "- Raising the batch size lowers the gradient noise.\n"
        "- Lowering the batch size raises the gradient noise, which can help generalisation."
    )
    kept = (
        "If you raise the batch size, the gradient noise goes down. "
        "Lowering it makes the gradient noise go up, and that can help generalisation."
    )
    swapped = (
        "If you raise the batch size, the gradient noise goes up, which can help generalisation. "
        "Lowering it makes the noise go down."
    )
    good, bad = grade("", reference, kept, embed), grade("", reference, swapped, embed)
    assert [p.status for p in good.points] == ["covered", "covered"] and not good.contradictions
    assert bad.points[0].status == "contradicted" and bad.score < good.score - 15


CODE_ONLY = (
    "```python\ndef moving_average(xs, k):\n"
    "    return [sum(xs[i - k + 1 : i + 1]) / k for i in range(k - 1, len(xs))]\n```"
)


def test_a_reference_that_is_only_code_is_graded_by_running_it() -> None:
    """Notes whose answer is a program and nothing else: the program is the grade, not its text as a key point."""
    loop = "```python\ndef window_mean(values, size):\n    out = []\n    for end in range(size, len(values) + 1):\n"
    loop += "        out.append(sum(values[end - size : end]) / size)\n    return out\n```"
    right = grade("Moving average of a list", CODE_ONLY, loop, embed)
    assert right.score >= 90 and right.points == [] and "matches the reference" in right.code.summary
    off_by_one = loop.replace("range(size, len(values) + 1)", "range(size, len(values))")
    wrong = grade("Moving average of a list", CODE_ONLY, off_by_one, embed)
    assert wrong.score < 40 and "differs from the reference" in wrong.code.summary
    script = grade("Moving average of a list", CODE_ONLY, "```python\nprint(sum([1, 2, 3]) / 3)\n```", embed)
    assert "no function like moving_average(xs, k)" in " ".join(script.signals)
    words = grade("Moving average of a list", CODE_ONLY, "average each window of k values as it slides", embed)
    assert words.points == [] and any("answer this with code" in s for s in words.signals)


@given(st.text(alphabet=st.sampled_from("ab ^`~*_|-→✅😀é©°\ufe0f"), max_size=40) | st.text(max_size=40))
def test_strip_emoji_ascii_shortcut_drops_what_the_character_test_drops(text: str) -> None:
    kept = "→⇒←≈≪≫√∑Σ∈·²³×÷±≤≥−"
    assert strip_emoji(text) == "".join(ch for ch in text if not is_emoji(ch) or ch in kept)
    assert strip_emoji("a^b`c ~d") == "abc ~d"


def test_a_point_said_over_two_sentences_is_covered_by_both() -> None:
    """A paraphrase that splits one key point over two sentences covers it, though neither sentence does alone."""
    reference = (
        "Early stopping halts training when the validation loss stops improving, keeping the checkpoint with the "
        "best validation score."
    )
    answer = (
        "You watch the loss on held-out data while training. Once it has not improved for a few epochs you stop "
        "and restore the best checkpoint."
    )
    result = grade("What is early stopping?", reference, answer, embed)
    assert result.points[0].status == "covered" and result.score >= 85
    assert result.points[0].span in answer  # the two sentences, highlighted as they stand in the answer


SWAP_REFERENCE = (
    "**L1 (Lasso)** adds the sum of absolute weights to the loss. Typical result: **sparse weights**.\n\n"
    "**L2 (Ridge)** adds the sum of squared weights to the loss. Typical result: **small weights**."
)


def test_values_exchanged_between_two_parallel_points_are_a_contradiction() -> None:
    swapped = (
        "L1, or lasso, penalises the absolute values of the weights. What you get is small weights. L2, ridge, "
        "penalises the squares of the weights instead. What you get there is sparse weights."
    )
    result = grade("Compare L1 and L2 regularization.", SWAP_REFERENCE, swapped, embed)
    assert len(result.contradictions) == 2 and result.score < 50
    assert "small weights" in result.contradictions[0] and "sparse weights" in result.contradictions[0]


@pytest.mark.parametrize(
    "answer",
    [
        "L1, or lasso, penalises the absolute values of the weights. What you get is sparse weights. L2, ridge, "
        "penalises the squares of the weights instead. What you get there is small weights, rarely exactly zero.",
        "Ridge, that is L2, penalises squared weights, and the result is small weights. Lasso, L1, penalises "
        "absolute weights, which gives sparse weights.",  # the other order
        "L1 gives sparse weights while L2 gives small weights; L1 penalises absolute values and L2 squares.",
    ],
)
def test_parallel_points_said_in_any_order_are_not_a_swap(answer: str) -> None:
    assert grade("Compare L1 and L2 regularization.", SWAP_REFERENCE, answer, embed).contradictions == []
