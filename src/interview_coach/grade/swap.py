"""Values exchanged between two parallel key points: the notes say "Bagging … Main effect: reduces variance" and
"Boosting … Main effect: reduces bias", the answer says the bagging part "cuts bias" and the boosting part "attacks
variance". Each sentence alone is a true statement about *some* point, so no single-point reading catches it;
what is wrong is which part of the answer says which value.

Two points are parallel when they share most of their words and differ in a word or two each (their values). A
sentence that names one value and not the other belongs to the part of the answer whose context — the sentence
itself with the one before it — reads most like the context of one of the two points in the notes (the point just
before it). A swap is both exchanges at once: one point's value said in the other's context, and the reverse,
with neither value said in its own context. Pure: texts and vectors in, clashes out.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from interview_coach.grade.contradiction import Clash
from interview_coach.grade.lexical import content_stems, normalise

MAX_VALUE_WORDS = 2  # words each side of a parallel pair may have of its own
CONTEXT_MARGIN = 0.05  # a sentence's context must read this much closer to one point's than to the other's

VectorOf = Callable[[str], "np.ndarray | None"]


def swapped_values(points: list[str], sentences: list[str], vector_of: VectorOf) -> dict[int, Clash]:
    """Point index → the clash, for each point of a parallel pair whose value the answer exchanged."""
    stems = [set(content_stems(normalise(p))) for p in points]
    sentence_stems = [set(content_stems(normalise(s))) for s in sentences]
    found: dict[int, Clash] = {}
    for i, k in _parallel_pairs(stems):
        if i == 0 or k == 0 or {i - 1, k - 1} & {i, k}:
            continue  # each needs a point of its own before it, as its context
        own_i, own_k = stems[i] - stems[k], stems[k] - stems[i]
        said_i = [j for j, s in enumerate(sentence_stems) if s & own_i and not s & own_k]
        said_k = [j for j, s in enumerate(sentence_stems) if s & own_k and not s & own_i]
        if not said_i or not said_k:
            continue
        contexts = (vector_of(points[i - 1]), vector_of(points[k - 1]))
        where_i = {_context(j, sentences, contexts, vector_of) for j in said_i}
        where_k = {_context(j, sentences, contexts, vector_of) for j in said_k}
        if where_i == {1} and where_k == {0}:  # i's value only in k's part, k's only in i's
            j_i, j_k = said_i[0], said_k[0]
            found[i] = Clash("swap", sentences[j_k], points[i], _words(sentences[j_k], own_k), _words(points[i], own_i))
            found[k] = Clash("swap", sentences[j_i], points[k], _words(sentences[j_i], own_i), _words(points[k], own_k))
    return found


def _parallel_pairs(stems: list[set[str]]) -> list[tuple[int, int]]:
    pairs = []
    for i, a in enumerate(stems):
        for k in range(i + 1, len(stems)):
            b = stems[k]
            shared, own_a, own_b = a & b, a - b, b - a
            if own_a and own_b and max(len(own_a), len(own_b)) <= MAX_VALUE_WORDS and len(shared) >= len(own_a):
                pairs.append((i, k))
    return pairs


def _context(j: int, sentences: list[str], contexts: tuple[np.ndarray | None, ...], vector_of: VectorOf) -> int:
    """0 or 1: which point's context sentence j (read with the one before it) is in; -1 when neither clearly."""
    parts = [vector_of(s) for s in sentences[max(0, j - 1) : j + 1]]
    found = [v for v in parts if v is not None]
    if not found or any(c is None for c in contexts):
        return -1
    mean = np.mean(found, axis=0)
    mean = mean / max(float(np.linalg.norm(mean)), 1e-12)
    first, second = (float(mean @ c) for c in contexts if c is not None)
    if abs(first - second) < CONTEXT_MARGIN:
        return -1
    return 0 if first > second else 1


def _words(text: str, own: set[str]) -> str:
    """The words of text whose stems are the value (what the clash is about)."""
    return " ".join(w for w in text.split() if set(content_stems(normalise(w))) & own)
