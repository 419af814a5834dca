"""Fit the grader's logistic model on the public *train* splits only, and write src/interview_coach/grade/model.json.

    python bench/fit_grader.py [--shared ../shared]

Beetle and SciEntsBank train answers (2-way human labels) are pooled, each paired with its closest acceptable
reference; features are standardised; the model is a plain L2-regularised logistic regression (scikit-learn).
Test splits are never read here. Re-running reproduces the shipped file exactly (deterministic solver, fixed data
order).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from asag import CachedEmbed, Row, load
from sklearn.linear_model import LogisticRegression

from interview_coach.grade.grader import FEATURES, features_many

MODEL = Path(__file__).resolve().parents[1] / "src" / "interview_coach" / "grade" / "model.json"


def closest_reference_features(rows: list[Row], embed: CachedEmbed) -> np.ndarray:
    """One feature row per answer, against the acceptable reference it is closest to (most words and meaning in
    common): grading keeps an answer's best score over the references, so the model learns from the same pairing."""
    pairs = [(n, ref) for n, r in enumerate(rows) for ref in (r.references or (r.reference,))]
    matrix, _ = features_many([(rows[n].question, ref, rows[n].answer) for n, ref in pairs], embed)
    closeness = matrix[:, FEATURES.index("recall")] + matrix[:, FEATURES.index("similarity")]
    best: dict[int, int] = {}
    for index, (n, _) in enumerate(pairs):
        if n not in best or closeness[index] > closeness[best[n]]:
            best[n] = index
    return matrix[[best[n] for n in range(len(rows))]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    args = parser.parse_args()
    rows = [r for r in load(Path(args.shared)) if r.split == "train"]
    embed = CachedEmbed()
    matrix = closest_reference_features(rows, embed)
    embed.save()
    labels = np.array([r.correct for r in rows])
    mean, scale = matrix.mean(axis=0), matrix.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000).fit((matrix - mean) / scale, labels)
    accuracy = model.score((matrix - mean) / scale, labels)
    data = {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "fitted_on": "Beetle + SciEntsBank train splits (SemEval-2013 Task 7), 2-way labels, "
        f"{len(rows)} answers; train accuracy {accuracy:.3f}",
    }
    MODEL.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {MODEL} ({len(rows)} train answers, train accuracy {accuracy:.3f})")
    for name, coef in zip(FEATURES, model.coef_[0], strict=True):
        print(f"  {name:18} {coef:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
