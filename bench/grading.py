"""Grading benchmark on the public human-graded sets in ../shared/asag (Beetle, SciEntsBank).

For each test split, four scorers side by side — word overlap, MiniLM cosine, their sum, and the grader's score —
each as 2-way macro-F1 at a threshold chosen on a *train* split only, and Pearson r of the score with the human
label (threshold-free). Two threshold sources:
- in-domain: the split's own dataset's train split (the SemEval set-up);
- transfer: the *other* dataset's train split (Beetle → SciEntsBank and the reverse), the proxy for a subject the
  grader never saw — the product's real situation with a new user's notes.
Then speed (warm p95 for a 150-word answer against a 300-word reference, a coding check with execution, cold
`coach grade`).

    python bench/grading.py [--shared ../shared] [--no-speed] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from asag import CachedEmbed, Row, load
from rich.console import Console
from rich.table import Table

from interview_coach.grade.grader import FEATURES, features_many

SPLITS = [
    ("beetle", "test_ua"),
    ("beetle", "test_uq"),
    ("scientsbank", "test_ua"),
    ("scientsbank", "test_uq"),
    ("scientsbank", "test_ud"),
]
METHODS = ("word overlap", "cosine", "overlap+cosine", "grader")
OTHER = {"beetle": "scientsbank", "scientsbank": "beetle"}


def macro_f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    scores = []
    for cls in (0, 1):
        tp = np.sum((predicted == cls) & (labels == cls))
        fp = np.sum((predicted == cls) & (labels != cls))
        fn = np.sum((predicted != cls) & (labels == cls))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    candidates = np.unique(np.quantile(scores, np.linspace(0.02, 0.98, 97)))
    return float(max(candidates, key=lambda t: macro_f1(labels, (scores >= t).astype(int))))


def method_scores(rows: list[Row], embed: CachedEmbed) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each answer against every acceptable reference, keeping its best score per method (a human grader accepts
    any of the listed answers); and whether the grade it keeps (the best-scoring reference) flags a contradiction."""
    pairs = [(n, ref) for n, r in enumerate(rows) for ref in (r.references or (r.reference,))]
    matrix, grades = features_many([(rows[n].question, ref, rows[n].answer) for n, ref in pairs], embed)
    owner = np.array([n for n, _ in pairs])
    overlap, cosine = matrix[:, FEATURES.index("recall")], matrix[:, FEATURES.index("similarity")]
    per_pair = {
        "word overlap": overlap,
        "cosine": cosine,
        "overlap+cosine": overlap + cosine,
        "grader": np.array([g.score for g in grades], dtype=float),
    }
    scores = {}
    for method, values in per_pair.items():
        best = np.full(len(rows), -np.inf)
        np.maximum.at(best, owner, values)
        scores[method] = best
    flagged = np.zeros(len(rows), dtype=bool)
    kept = np.full(len(rows), -1.0)
    for n, grade in zip(owner, grades, strict=True):
        if grade.score > kept[n]:  # the first of equal best scores
            kept[n], flagged[n] = grade.score, bool(grade.contradictions)
    return scores, flagged


def flag_rates(rows: list[Row], flagged: np.ndarray) -> dict[str, dict[str, float]]:
    """How often a contradiction is flagged per dataset, split and human label: on correct answers every flag is
    false; Beetle's `contradictory` label is the one a flag should catch."""
    out: dict[str, dict[str, float]] = {}
    for n, row in enumerate(rows):
        label = row.label_5way if row.dataset == "beetle" else ("correct" if row.correct else "incorrect")
        entry = out.setdefault(f"{row.dataset} {row.split} {label}", {"answers": 0, "flagged": 0})
        entry["answers"] += 1
        entry["flagged"] += int(flagged[n])
    return dict(sorted(out.items()))


def evaluate(
    rows: list[Row], embed: CachedEmbed
) -> tuple[dict[tuple[str, str], dict[str, dict[str, float]]], dict[str, dict[str, float]]]:
    scores, flagged = method_scores(rows, embed)
    labels = np.array([r.correct for r in rows])
    results: dict[tuple[str, str], dict[str, dict[str, float]]] = {}
    for dataset, split in SPLITS:
        own = np.array([r.dataset == dataset and r.split == "train" for r in rows])
        other = np.array([r.dataset == OTHER[dataset] and r.split == "train" for r in rows])
        test = np.array([r.dataset == dataset and r.split == split for r in rows])
        results[(dataset, split)] = {}
        for method, values in scores.items():
            entry = {"pearson_2way": float(np.corrcoef(values[test], labels[test])[0, 1])}
            for name, train in (("", own), ("transfer_", other)):
                predicted = (values[test] >= best_threshold(values[train], labels[train])).astype(int)
                entry[f"{name}macro_f1"] = macro_f1(labels[test], predicted)
                entry[f"{name}accuracy"] = float(np.mean(predicted == labels[test]))
            results[(dataset, split)][method] = entry
    return results, flag_rates(rows, flagged)


def speed() -> dict[str, float]:
    """Warm latency as in a practice session: the model is loaded and the reference's key points were embedded at
    the first attempt; every answer is new text (no sentence of it was seen before)."""
    from interview_coach.grade.grader import default_embed, grade

    embed = default_embed()
    reference = " ".join(
        f"Regularization adds a penalty on the weights to the loss so the model prefers simpler functions, which "
        f"reduces variance and overfitting at the cost of some bias (point {k})."
        for k in range(11)
    )

    def answer(n: int) -> str:
        return " ".join(
            f"In attempt {n} I said a penalty on large weights is added to the training loss, keeping the model "
            f"simpler and variance lower, part {k}."
            for k in range(6)
        )

    grade("What is regularization?", reference, answer(-1), embed)
    times = []
    for n in range(30):
        t0 = time.perf_counter()
        grade("What is regularization?", reference, answer(n), embed)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    code_reference = "```python\ndef clip(xs, lo, hi):\n    return [min(max(x, lo), hi) for x in xs]\n```"
    code_answer = "```python\ndef clip(values, low, high):\n    return [max(low, min(v, high)) for v in values]\n```"
    t0 = time.perf_counter()
    grade("Clip a list.", code_reference, code_answer, embed)
    coding = time.perf_counter() - t0
    return {
        "cold_s": cold_grade(),
        "p50_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "coding_s": coding,
        "reference_words": len(reference.split()),
        "answer_words": len(answer(0).split()),
    }


def cold_grade() -> float:
    """A fresh `coach grade` process, model load included (best of three, as a user's second run would be)."""
    coach = str(Path(sys.executable).with_name("coach"))
    args = [coach, "grade", "--reference", "L1 adds the absolute weights to the loss.", "--answer", "It adds |w|."]
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def _cell(entry: dict[str, float], key: str, best: float) -> str:
    mark = "*" if entry[key] >= best - 1e-9 else " "
    return f"{entry[key]:.3f}{mark}"


def print_tables(results: dict[tuple[str, str], dict[str, dict[str, float]]]) -> None:
    console = Console()
    for key, title in (
        ("macro_f1", "2-way macro-F1, threshold from the same dataset's train split"),
        ("transfer_macro_f1", "2-way macro-F1, threshold from the OTHER dataset's train split (transfer)"),
        ("pearson_2way", "Pearson r of the score with the 2-way human label"),
    ):
        table = Table(title=title + "   (* = best on the split)")
        table.add_column("split")
        for method in METHODS:
            table.add_column(method, justify="right")
        for (dataset, split), methods in results.items():
            best = max(methods[m][key] for m in METHODS)
            table.add_row(f"{dataset} {split}", *(_cell(methods[m], key, best) for m in METHODS))
        console.print(table)


def print_flags(flags: dict[str, dict[str, float]]) -> None:
    table = Table(title="Contradiction flags by human label (on correct answers every flag is false)")
    for column in ("dataset split label", "answers", "flagged", "rate"):
        table.add_column(column, justify="left" if column.startswith("dataset") else "right")
    for name, entry in flags.items():
        table.add_row(name, str(entry["answers"]), str(entry["flagged"]), f"{entry['flagged'] / entry['answers']:.3f}")
    Console().print(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "asag").is_dir():
        print(f"no ASAG data at {shared}/asag; pass --shared", file=sys.stderr)
        return 2
    embed = CachedEmbed()
    results, flags = evaluate(load(shared), embed)
    embed.save()
    timing = {} if args.no_speed else speed()
    if args.json:
        quality = {f"{d}/{s}": v for (d, s), v in results.items()}
        print(json.dumps({"quality": quality, "contradiction_flags": flags, "speed": timing}, indent=2))
        return 0
    print_tables(results)
    print_flags(flags)
    if timing:
        Console().print(
            f"Speed: one {timing['answer_words']}-word answer vs a {timing['reference_words']}-word reference "
            f"p50 {timing['p50_ms']:.0f} ms / p95 {timing['p95_ms']:.0f} ms (target p95 ≤ 50 ms); coding check with "
            f"execution {timing['coding_s']:.2f} s (target ≤ 2 s); cold `coach grade` {timing['cold_s']:.2f} s "
            "(target ≤ 2 s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
