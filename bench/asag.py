"""Shared by bench/grading.py and bench/cross_encoder.py: the public ASAG sets in ../shared/asag and an on-disk
cache of their embeddings (the model is deterministic, so re-embedding 16k answers on every run is waste)."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interview_coach.search.embed import Vectors, default_embedder

CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Row:
    dataset: str
    split: str
    question: str
    reference: str
    answer: str
    correct: int  # 2-way label
    label_5way: str
    references: tuple[str, ...] = ()  # every acceptable reference answer (Beetle has ~4.4 per question)


def load(shared: Path) -> list[Row]:
    rows: list[Row] = []
    for dataset in ("beetle", "scientsbank"):
        with open(shared / "asag" / f"{dataset}.csv", encoding="utf-8", newline="") as handle:
            for r in csv.DictReader(handle):
                rows.append(
                    Row(
                        dataset,
                        r["split"],
                        r["question"],
                        r["reference_answer"],
                        r["student_answer"],
                        int(r["label_2way"] == "correct"),
                        r["label_5way"],
                        tuple(x.strip() for x in r["reference_answers_all"].split(" ||| ") if x.strip()),
                    )
                )
    return rows


class CachedEmbed:
    """The bundled model, with vectors kept in bench/.cache between runs."""

    def __init__(self) -> None:
        self.model = default_embedder()
        CACHE.mkdir(exist_ok=True)
        self.path = CACHE / f"embeddings-{hashlib.sha1(self.model.model_id.encode()).hexdigest()[:10]}.npz"
        self.vectors: dict[str, Vectors] = {}
        if self.path.exists():
            data = np.load(self.path, allow_pickle=False)
            self.vectors = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
        self.dirty = False

    def __call__(self, texts: list[str]) -> Vectors:
        missing = [t for t in texts if t not in self.vectors]
        if missing:
            for text, vector in zip(missing, self.model.embed(missing), strict=True):
                self.vectors[text] = vector
            self.dirty = True
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def save(self) -> None:
        if self.dirty:
            texts = list(self.vectors)
            np.savez(self.path, texts=np.array(texts), vectors=np.stack([self.vectors[t] for t in texts]))
            self.dirty = False
