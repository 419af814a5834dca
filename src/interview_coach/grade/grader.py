"""(question, reference, answer) → Grade: score 0–100, verdict, key points covered/partly/missed/contradicted with
the answer span that covers each, key terms present/missing, and the signals an interviewer notices.

The score is a small logistic model over ten signals (semantic similarity, key-point coverage, word overlap,
contradiction, length, restating the question), fitted on public human-graded training data by
bench/fit_grader.py and shipped as grade/model.json: the same answer always gets the same score, offline. Each
contradicted key point then removes its share of the score (an embedding model alone scores "does not" as a match).
Everything is computed for many answers at once: texts are embedded in one batch.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Protocol

import numpy as np

from interview_coach.grade.keypoints import KeyPoint, key_points, key_terms, plain, split_sentences
from interview_coach.grade.lexical import content_stems, contradicts, overlap, term_present, words
from interview_coach.grade.star import StarCheck, check_star
from interview_coach.parse.classify import kind_of
from interview_coach.parse.star import parse_star
from interview_coach.search.embed import Vectors

FEATURES = (
    "similarity",
    "points_mean",
    "points_min",
    "recall",
    "recall_new",
    "precision",
    "contradiction",
    "length",
    "restates_question",
    "empty",
)
COVERED, PARTLY = 0.62, 0.45  # cosine of a key point with its best answer span
MAX_SENTENCES = 120  # a longer answer is graded on its first sentences
SAME_POINT = 0.5  # a span this close to a point is about it, so an opposite polarity there is a contradiction
VERDICTS = ((85, "excellent"), (65, "good"), (40, "partial"), (15, "weak"), (0, "missing"))


class Embed(Protocol):
    def __call__(self, texts: list[str]) -> Vectors: ...


@dataclass
class PointResult:
    text: str
    status: str  # covered | partly | missed | contradicted
    similarity: float
    span: str  # the part of the answer that covers it ("" when missed)


@dataclass
class Grade:
    score: int
    verdict: str
    points: list[PointResult]
    terms_present: list[str]
    terms_missing: list[str]
    signals: list[str] = field(default_factory=list)  # what an interviewer would notice
    features: dict[str, float] = field(default_factory=dict)
    star: StarCheck | None = None  # for behavioral questions: which STAR parts the answer has

    @property
    def covered(self) -> int:
        return sum(p.status == "covered" for p in self.points)

    @property
    def missed(self) -> int:
        return sum(p.status in ("missed", "contradicted") for p in self.points)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["covered"], data["missed"] = self.covered, self.missed
        return data


@dataclass(frozen=True)
class GradeModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def shipped_model() -> GradeModel:
    data = json.loads(resources.files("interview_coach.grade").joinpath("model.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError("grade/model.json was fitted on other features; run bench/fit_grader.py")
    return GradeModel(np.array(data["mean"]), np.array(data["scale"]), np.array(data["coef"]), float(data["intercept"]))


@dataclass
class _Case:
    question: str
    reference: str
    answer: str
    points: list[KeyPoint]
    sentences: list[str]


def features_many(cases: list[tuple[str, str, str]], embed: Embed) -> tuple[np.ndarray, list[dict[str, object]]]:
    """The signal matrix (one row per case) plus per-case details for the report."""
    prepared = [_prepare(q, r, a) for q, r, a in cases]
    texts = sorted({t for c in prepared for t in _texts(c)})
    vectors = dict(zip(texts, embed(texts), strict=True)) if texts else {}
    rows, details = [], []
    for case in prepared:
        row, detail = _features(case, vectors)
        rows.append(row)
        details.append(detail)
    return np.array(rows, dtype=np.float64).reshape(len(cases), len(FEATURES)), details


def grade_many(cases: list[tuple[str, str, str]], embed: Embed, model: GradeModel | None = None) -> list[Grade]:
    matrix, details = features_many(cases, embed)
    probabilities = (model or shipped_model()).probability(matrix) if len(cases) else np.zeros(0)
    grades = []
    for (question, reference, answer), row, detail, p in zip(cases, matrix, details, probabilities, strict=True):
        grades.append(_grade(question, reference, answer, row, detail, float(p)))
    return grades


def grade(question: str, reference: str, answer: str, embed: Embed) -> Grade:
    return grade_many([(question, reference, answer)], embed)[0]


def _prepare(question: str, reference: str, answer: str) -> _Case:
    points = key_points(reference) or [KeyPoint(plain(reference), "sentence")]
    answer_plain = plain(answer)
    sentences = _spans(answer_plain)
    return _Case(plain(question), plain(reference), answer_plain, points, sentences)


def _spans(answer: str) -> list[str]:
    return [s for s in split_sentences(answer) if s.strip()][:MAX_SENTENCES]


def _texts(case: _Case) -> list[str]:
    # Whole texts are not embedded: their vector is the mean of their sentences' (see _whole), which keeps one
    # grade to one short batch of sentences.
    texts = [*(p.text for p in case.points), *case.sentences]
    if case.question:
        texts.append(case.question)
    return [t for t in texts if t.strip()]


def _whole(vectors: dict[str, Vectors], parts: list[str]) -> Vectors | None:
    found = [vectors[p] for p in parts if p in vectors]
    if not found:
        return None
    mean = np.mean(found, axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


def _cos(vectors: dict[str, Vectors], a: str, b: str) -> float:
    if a not in vectors or b not in vectors:
        return 0.0
    return float(vectors[a] @ vectors[b])


def _features(case: _Case, vectors: dict[str, Vectors]) -> tuple[list[float], dict[str, object]]:
    answer_stems = content_stems(case.answer)
    if not answer_stems:
        empty_points = [(p, 0.0, "", False) for p in case.points]
        return [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -3.0, 0.0, 1.0], {"points": empty_points}
    spans = case.sentences or [case.answer]
    point_results = []
    for point in case.points:
        sims = [_cos(vectors, point.text, span) for span in spans]
        best = int(np.argmax(sims))
        span = spans[best]
        point_results.append((point, sims[best], span, sims[best] >= SAME_POINT and contradicts(point.text, span)))
    answer_set = set(answer_stems)
    reference_stems = content_stems(case.reference)
    question_stems = set(content_stems(case.question))
    new_stems = [s for s in reference_stems if s not in question_stems] or reference_stems
    known = set(reference_stems) | question_stems
    reference_vector = _whole(vectors, [p.text for p in case.points])
    answer_vector = _whole(vectors, spans)
    similarity = (
        float(reference_vector @ answer_vector) if reference_vector is not None and answer_vector is not None else 0.0
    )
    asked = vectors.get(case.question)
    restates = float(asked @ answer_vector) - similarity if asked is not None and answer_vector is not None else 0.0
    point_sims = [s for _, s, _, _ in point_results]
    row = [
        similarity,
        float(np.mean(point_sims)),
        float(np.min(point_sims)),
        overlap(reference_stems, answer_set),
        overlap(new_stems, answer_set),
        sum(1 for s in answer_stems if s in known) / len(answer_stems),
        sum(1 for *_, c in point_results if c) / len(point_results),
        math.log((len(words(case.answer)) + 1) / (len(words(case.reference)) + 1)),
        restates,
        0.0,
    ]
    return row, {"points": point_results}


def _grade(question: str, reference: str, answer: str, row: np.ndarray, detail: dict[str, object], p: float) -> Grade:
    raw = detail["points"]
    assert isinstance(raw, list)
    points = [_point(point, sim, span, contradicted) for point, sim, span, contradicted in raw]
    answer_plain = plain(answer)
    answer_stems = set(content_stems(answer_plain))
    terms = key_terms(reference, question)
    present = [t for t in terms if term_present(t, answer_plain, answer_stems)]
    missing = [t for t in terms if t not in present]
    features = dict(zip(FEATURES, (round(float(v), 4) for v in row), strict=True))
    # Saying the opposite of a key point is worse than leaving it out: each contradicted point takes its share off.
    contradicted = sum(point.status == "contradicted" for point in points) / max(1, len(points))
    score = 0 if row[FEATURES.index("empty")] else round(100 * p * (1 - contradicted))
    signals = _signals(features, points)
    star = check_star(answer_plain) if _behavioral(question, reference) else None
    if star is not None and answer_plain.strip():
        if star.missing:
            signals.append(f"STAR: no {', '.join(star.missing)}")
        elif not star.concrete_result:
            signals.append("STAR: the result has no number or measurable outcome")
    return Grade(score, verdict(score), points, present, missing, signals, features, star)


def _behavioral(question: str, reference: str) -> bool:
    """A behavioral question, or a reference written as a STAR story."""
    return kind_of(question, [], False) == "behavioral" or parse_star(reference) is not None


def _point(point: KeyPoint, similarity: float, span: str, contradicted: bool) -> PointResult:
    if contradicted:
        status = "contradicted"
    elif similarity >= COVERED:
        status = "covered"
    elif similarity >= PARTLY:
        status = "partly"
    else:
        status, span = "missed", ""
    return PointResult(point.text, status, round(similarity, 3), span)


def verdict(score: int) -> str:
    return next(name for floor, name in VERDICTS if score >= floor)


def _signals(features: dict[str, float], points: list[PointResult]) -> list[str]:
    signals = []
    if features["empty"]:
        return ["the answer is empty"]
    if features["length"] < math.log(0.35):
        signals.append("much shorter than the reference: say more")
    elif features["length"] > math.log(3.0):
        signals.append("much longer than the reference: get to the point")
    if any(p.status == "contradicted" for p in points):
        signals.append("contradicts the reference on a point (check the negation or the direction)")
    if features["restates_question"] > 0.1 and features["recall_new"] < 0.2:
        signals.append("mostly restates the question")
    elif features["similarity"] < 0.25 and features["recall"] < 0.15:
        signals.append("seems to answer a different question")
    return signals


class RememberingEmbed:
    """Embeds through `embed`, remembering recent texts: a reference's key points are embedded once per session,
    so grading another answer to the same question embeds only the new answer's sentences."""

    def __init__(self, embed: Embed, size: int = 4096) -> None:
        self.embed = embed
        self.size = size
        self.known: dict[str, Vectors] = {}

    def __call__(self, texts: list[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if missing:
            for text, vector in zip(missing, self.embed(missing), strict=True):
                self.known[text] = vector
            while len(self.known) > self.size:
                self.known.pop(next(iter(self.known)))
        return np.stack([self.known[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


@lru_cache(maxsize=1)
def default_embed() -> RememberingEmbed:
    from interview_coach.search.embed import default_embedder

    return RememberingEmbed(default_embedder().embed)
