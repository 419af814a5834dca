"""Near-duplicate questions across documents ("What is RAG?" asked in three files) form one group.

Two questions are duplicates when their words are the same, or when their embeddings are very close *and* they
share most content words: embeddings alone put "What is L1 regularization?" next to "What is L2 regularization?".
"""

from __future__ import annotations

import re

import numpy as np

from interview_coach.search.embed import Vectors

SAME_MEANING = 0.97  # cosine at which wording differences no longer matter
CLOSE = 0.80  # cosine at which shared content words decide
SHARED_WORDS = 0.5  # Jaccard overlap of content words needed when merely close
BLOCK = 2048

_STOP = frozenset(
    "a an the what is are was were how why when which who do does did can could would should you your i my me of in "
    "on for to and or with about explain describe tell us between vs versus difference".split()
)


def content_words(question: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", question.lower()) if w not in _STOP)


def duplicate_groups(ids: list[str], questions: list[str], vectors: Vectors) -> dict[str, str]:
    """item id → group id (the group's smallest item id), for items that have at least one duplicate."""
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = [content_words(q) for q in questions]
    for i, j in _candidate_pairs(vectors):
        if _duplicates(words[i], words[j], float(vectors[i] @ vectors[j])):
            parent[find(i)] = find(j)
    members: dict[int, list[int]] = {}
    for i in range(len(ids)):
        members.setdefault(find(i), []).append(i)
    groups: dict[str, str] = {}
    for group in members.values():
        if len(group) > 1:
            name = min(ids[i] for i in group)
            groups.update({ids[i]: name for i in group})
    return groups


def _candidate_pairs(vectors: Vectors) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for start in range(0, len(vectors), BLOCK):
        sims = vectors[start : start + BLOCK] @ vectors.T
        rows, cols = np.nonzero(sims >= CLOSE)
        pairs += [(start + int(r), int(c)) for r, c in zip(rows, cols, strict=True) if start + int(r) < int(c)]
    return pairs


def _duplicates(a: frozenset[str], b: frozenset[str], cosine: float) -> bool:
    if a == b:
        return True
    if cosine >= SAME_MEANING:
        return True
    union = a | b
    return bool(union) and len(a & b) / len(union) >= SHARED_WORDS
