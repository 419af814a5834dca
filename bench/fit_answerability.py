"""Fit the answerability model on the dev queries and write src/interview_coach/search/answerability.json.

    python bench/fit_answerability.py [--shared ../shared]

Labelled data: the 132 dev queries (`queries/dev.jsonl`, 120 the notes answer, 12 they don't) and the 60
out-of-scope dev queries (`queries/oos-dev.jsonl`), searched over a bank imported from the seeds. Two plain
logistic regressions (scikit-learn, L2):
- the query's answerability from the eight evidence numbers search computes (answerability.FEATURES), with the
  threshold placed to refuse FALSE_REFUSALS of the in-scope queries, between two of their probabilities;
- each result's relevance (the probability that it answers the query: it holds one of the query's targets) from
  the query's answerability logit and the result's similarity, fused score and matched share, over the top five
  results of every query (out-of-scope ones have none that answer).
The held-out query sets are never read. `cross_validate` (used by bench/retrieval.py too) repeats the whole fit —
model and threshold — on one half of the queries and measures on the other, both ways, over several splits.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from interview_coach.bank import open_bank
from interview_coach.search.answerability import FEATURES, RESULT_FEATURES, decide, model_from, sigmoid

MODEL = Path(__file__).resolve().parents[1] / "src" / "interview_coach" / "search" / "answerability.json"
# Of the in-scope queries the threshold is chosen on, this share may be refused (interpolated: _threshold). Looser
# budgets refuse more out-of-scope queries but overshoot ≤ 0.03 held out.
FALSE_REFUSALS = 0.01
REGULARISATION = 10.0  # scikit-learn's C: features are all 0..1, so only mild shrinkage is needed
SPLITS = 20  # random halvings: with 12-25 queries per style, fewer leave the figures noisy


@dataclass
class QueryRow:
    query: str
    in_scope: bool
    style: str  # dev styles for in-scope queries; out-of-scope ones: "dev-oos" or oos-dev.jsonl's style
    evidence: dict[str, float]
    hits: list[tuple[float, float, float, bool]]  # (similarity, score, matched, answers the query) per result
    answerable_by_rule: bool = True  # False when search refused before judging (no words, another language)
    outcome: str = ""  # what search decided with the shipped model


def query_matrix(rows: list[QueryRow]) -> np.ndarray:
    return np.array([[row.evidence.get(name, 0.0) for name in FEATURES] for row in rows])


def fit(rows: list[QueryRow]) -> dict[str, object]:
    judged = [row for row in rows if row.answerable_by_rule]
    x = query_matrix(judged)
    y = np.array([row.in_scope for row in judged], dtype=int)
    query_model = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(x, y)
    logits = query_model.decision_function(x)
    threshold = _threshold(1 / (1 + np.exp(-logits[y == 1])))
    result_x, result_y = _result_rows(judged, logits)
    result_model = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(result_x, result_y)
    return {
        "query": _logistic(FEATURES, query_model),
        "threshold": round(float(threshold), 4),
        "result": _logistic(RESULT_FEATURES, result_model),
    }


def _threshold(in_scope_probabilities: np.ndarray) -> float:
    """The threshold that refuses FALSE_REFUSALS of the in-scope queries, read between the two probabilities at
    that rank (on the logit scale): of 60 queries, 0.6 of the way from the lowest to the next; of 120, 0.2 of the
    way from the second lowest to the third. A threshold just below one query's probability, as before, would
    make the budget a whole query and leave no margin for the next, unseen query."""
    ordered = np.sort(in_scope_probabilities)
    if len(ordered) < 2:
        return float(ordered[0]) - 1e-6 if len(ordered) else 0.5
    at = FALSE_REFUSALS * len(ordered)
    rank = min(int(np.floor(at)), len(ordered) - 2)
    if at == rank:
        return float(ordered[rank]) - 1e-6
    low, high = np.log(ordered[rank : rank + 2] / (1 - ordered[rank : rank + 2]))
    return float(1 / (1 + np.exp(-(low + (at - rank) * (high - low)))))


def _result_rows(rows: list[QueryRow], logits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    features, labels = [], []
    for row, logit in zip(rows, logits, strict=True):
        for similarity, score, matched, answers in row.hits:
            features.append([logit, similarity, score, matched])
            labels.append(int(answers))
    return np.array(features), np.array(labels)


def _logistic(names: tuple[str, ...], model: LogisticRegression) -> dict[str, object]:
    return {
        "features": list(names),
        "coefficients": [round(float(c), 4) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 4),
    }


def outcome(model: dict[str, object], row: QueryRow) -> str:
    """What search decides for a query, from its evidence and a fitted model."""
    if not row.answerable_by_rule:
        return "not_in_notes"
    return decide(row.evidence, model_from(model))[0]


def refusal_rates(model: dict[str, object], rows: list[QueryRow]) -> dict[str, float]:
    """Per out-of-scope style: share refused; plus "in-scope refused" and "in-scope partly"."""
    rates: dict[str, float] = {}
    styles = sorted({row.style for row in rows if not row.in_scope})
    for style in styles:
        group = [row for row in rows if not row.in_scope and row.style == style]
        rates[style] = sum(outcome(model, row) == "not_in_notes" for row in group) / len(group)
    out_scope = [row for row in rows if not row.in_scope]
    rates["all out-of-scope"] = sum(outcome(model, row) == "not_in_notes" for row in out_scope) / max(1, len(out_scope))
    rates["out-of-scope partly"] = sum(outcome(model, row) == "partly" for row in out_scope) / max(1, len(out_scope))
    in_scope = [row for row in rows if row.in_scope]
    rates["in-scope refused"] = sum(outcome(model, row) == "not_in_notes" for row in in_scope) / max(1, len(in_scope))
    rates["in-scope partly"] = sum(outcome(model, row) == "partly" for row in in_scope) / max(1, len(in_scope))
    return rates


def cross_validate(rows: list[QueryRow], splits: int = SPLITS) -> dict[str, float]:
    """Fit (model and threshold) on one half, measure on the other, both ways; averaged over `splits` random
    halvings, each stratified by style so every half has every kind of query. Also the relevance's calibration
    on the held-out half: Brier score and expected calibration error over RELEVANCE_BINS bins."""
    totals: dict[str, float] = {}
    runs = 0
    predicted: list[float] = []
    observed: list[int] = []
    for seed in range(splits):
        first, second = _halves(rows, seed)
        for fitted_on, measured_on in ((first, second), (second, first)):
            model = fit(fitted_on)
            for name, value in refusal_rates(model, measured_on).items():
                totals[name] = totals.get(name, 0.0) + value
            p, y = relevances(model, measured_on)
            predicted += p
            observed += y
            runs += 1
    scores = {name: value / runs for name, value in totals.items()}
    scores.update(calibration(np.array(predicted), np.array(observed)))
    return scores


RELEVANCE_BINS = 5


def relevances(model: dict[str, object], rows: list[QueryRow]) -> tuple[list[float], list[int]]:
    """Each shown result's relevance under `model`, and whether it answers its query (refused queries show none)."""
    fitted = model_from(model)
    predicted, observed = [], []
    for row in rows:
        if not row.answerable_by_rule or outcome(model, row) == "not_in_notes":
            continue
        _, logit = decide(row.evidence, fitted)
        for similarity, score, matched, answers in row.hits:
            values = {"query_logit": logit, "similarity": similarity, "score": score, "matched": matched}
            predicted.append(sigmoid(fitted.result.logit(values)))
            observed.append(int(answers))
    return predicted, observed


def calibration(predicted: np.ndarray, observed: np.ndarray) -> dict[str, float]:
    if not len(predicted):
        return {}
    bins = np.minimum((predicted * RELEVANCE_BINS).astype(int), RELEVANCE_BINS - 1)
    gap = sum(
        abs(predicted[bins == b].mean() - observed[bins == b].mean()) * (bins == b).mean()
        for b in range(RELEVANCE_BINS)
        if (bins == b).any()
    )
    return {"relevance Brier": float(((predicted - observed) ** 2).mean()), "relevance ECE": float(gap)}


def _halves(rows: list[QueryRow], seed: int) -> tuple[list[QueryRow], list[QueryRow]]:
    rng = np.random.default_rng(seed)
    first: list[QueryRow] = []
    second: list[QueryRow] = []
    for key in sorted({(row.in_scope, row.style) for row in rows}):
        group = [row for row in rows if (row.in_scope, row.style) == key]
        order = rng.permutation(len(group))
        for rank, index in enumerate(order):
            (first if rank % 2 == seed % 2 else second).append(group[index])
    return first, second


def main() -> int:
    from retrieval import collect_rows, load_queries, seed_bank

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--bank", help="a SQLite file already imported and indexed from the seeds (skips that step)")
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "queries" / "oos-dev.jsonl").is_file():
        print(f"no queries at {shared}/queries; pass --shared", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        bank = open_bank(f"sqlite:///{args.bank}") if args.bank else seed_bank(shared, Path(tmp))[0]
        rows = collect_rows(bank, load_queries(shared))
        bank.close()
    model = fit(rows)
    MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(model, indent=2))
    print("all dev:", json.dumps({k: round(v, 3) for k, v in refusal_rates(model, rows).items()}))
    print("cross-validated:", json.dumps({k: round(v, 3) for k, v in cross_validate(rows).items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
