"""(question, reference, answer) → Grade: one score 0–100 driven by how many of the reference's key points the
answer covers, with every deduction named.

How a score is made (the same answer always gets the same score, offline):
1. The reference becomes key points (keypoints.py): required points, and optional extras (tips).
2. The answer becomes spans: its sentences, and the clauses of long sentences. Each point's match with a span is
   a blend of meaning (MiniLM cosine, both sides read through the same notation glossary) and wording (share of
   the point's content stems in the span); a point's coverage is its best span's match, mapped to 0–1. Two
   adjacent sentences also count as one span for coverage (a point said over two sentences), read only for it.
3. Coverage of the required points (extras add a bonus) gives the base score. Repeating a point or adding text on
   other topics cannot raise it: a point is covered once, by its best span.
4. Deductions, each named in `deductions`: a key point the aligned span contradicts (contradiction.py), an
   answer that is mostly about something else, repeating itself, a STAR story without a (concrete) result, code
   that disagrees with the reference when run (code.py).
Everything is computed for many answers at once: texts are embedded in one batch.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np

from interview_coach.grade.code import CodeCheck, check_code
from interview_coach.grade.contradiction import Clash, clashes, opposite_cases
from interview_coach.grade.keypoints import (
    KeyPoint,
    code_blocks,
    key_points,
    key_terms,
    plain,
    split_sentences,
    without_code,
)
from interview_coach.grade.lexical import content_stems, normalise, overlap, term_present, words
from interview_coach.grade.star import StarCheck, check_star
from interview_coach.grade.swap import swapped_values
from interview_coach.parse.classify import kind_of
from interview_coach.parse.star import parse_star
from interview_coach.search.embed import Vectors

FEATURES = ("coverage", "similarity", "recall", "contradiction", "relevance", "length", "restates_question", "empty")
MEANING, WORDING = 0.6, 0.4  # a point's match with a span: cosine and share of its content stems
MATCH_NONE, MATCH_FULL = 0.28, 0.62  # match → coverage 0 … 1 (chosen on the odd dev cases, checked on the even)
COVERED, PARTLY = 0.7, 0.35  # coverage → status
NO_WORDS = 0.85  # a span sharing none of the point's own words (beyond the question's) keeps this share of its match
ALIGNED = 0.3  # a span this close to a point is about it (so it can contradict it)
CANDIDATES = 3  # a point's best spans read for a clash
TIE = 0.0  # a span is read against a point only when no other point matches it better (by more than this)
RELEVANT = 0.42  # a span matching some point (or the question) this well is on the question
CURVE = 0.8  # score = 100 · coverage^CURVE: the first points count most
OPTIONAL_WEIGHT = 0.5
CONTRADICTION_COST = 12
SCATTER_FREE = 1.8  # sentences per key term before coverage is discounted (chosen on the odd dev cases)
SCATTER_MIN_SENTENCES = 4
SCATTER_MIN_WORDS = 80
SCATTER_POWER = 3
MAX_SENTENCES = 120
LONG_SENTENCE = 18  # words; a longer sentence's clauses also count for coverage (every clause is read for clashes)
WORDS_PER_MINUTE = 150
VERDICTS = ((85, "excellent"), (65, "good"), (40, "partial"), (15, "weak"), (0, "missing"))
_CLAUSE = re.compile(r"\s*(?:;|—|–|:|\(|\)|, (?:and|but|whereas|while|so|which|because)\b)\s*")
_DONT_KNOW = re.compile(
    r"\b(?:i don'?t know|not sure|no idea|i'?d have to (?:look|check)|can'?t remember|don'?t remember|"
    r"blanking|come back to (?:it|this)|pass on this)\b",
    re.IGNORECASE,
)


class Embed(Protocol):
    def __call__(self, texts: list[str]) -> Vectors: ...


@dataclass
class PointResult:
    text: str
    status: str  # covered | partly | missed | contradicted
    similarity: float  # the best span's match with the point, 0–1
    span: str  # the part of the answer that covers it ("" when missed)
    optional: bool = False  # a tip or "you could mention": a bonus, never a fault
    label: str = ""  # the label heading it in the notes ("When to use")
    contradiction: str = ""  # "you said …, your notes say …" when contradicted


@dataclass
class Deduction:
    points: int
    reason: str


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
    deductions: list[Deduction] = field(default_factory=list)  # every point taken off, with its reason
    contradictions: list[str] = field(default_factory=list)  # "you said X, your notes say Y"
    code: CodeCheck | None = None  # for coding items: structure and, when runnable, outputs against the reference

    @property
    def covered(self) -> int:
        return sum(p.status == "covered" for p in self.points if not p.optional)

    @property
    def missed(self) -> int:
        return sum(p.status in ("missed", "contradicted") for p in self.points if not p.optional)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["covered"], data["missed"] = self.covered, self.missed
        return data


@dataclass
class _Case:
    question: str
    reference: str
    answer: str  # plain prose of the answer (code removed)
    points: list[KeyPoint]
    spans: list[str]
    sentences: list[str]
    scoring: list[bool]  # per span: counts for coverage (sentences, and clauses of long sentences)
    reference_code: list[str]
    answer_code: list[str]
    budget_s: float | None = None


@dataclass
class _Reading:
    """What grading found in one answer before it is turned into a score."""

    coverage: list[float]
    best_span: list[str]
    match: list[float]
    clash: list[Clash | None]
    relevance: float
    repeated: float
    row: list[float]
    scatter: float = 1.0  # sentences per key term the answer uses (word salad: the same terms in every sentence)


def grade_many(cases: list[tuple[str, str, str]], embed: Embed, budget_s: float | None = None) -> list[Grade]:
    """Grade many (question, reference, answer) triples in one embedding batch: the score is the documented
    formula above, no fitted model."""
    prepared = [_prepare(q, r, a, budget_s) for q, r, a in cases]
    vectors = _embed_all(prepared, embed)
    return [_grade(case, _read(case, vectors)) for case in prepared]


def grade(question: str, reference: str, answer: str, embed: Embed, budget_s: float | None = None) -> Grade:
    return grade_many([(question, reference, answer)], embed, budget_s=budget_s)[0]


def features_many(cases: list[tuple[str, str, str]], embed: Embed) -> tuple[np.ndarray, list[Grade]]:
    """The signal matrix (one row per case, columns FEATURES) and the grades, for the benchmarks."""
    prepared = [_prepare(q, r, a, None) for q, r, a in cases]
    vectors = _embed_all(prepared, embed)
    readings = [_read(case, vectors) for case in prepared]
    grades = [_grade(case, reading) for case, reading in zip(prepared, readings, strict=True)]
    matrix = np.array([r.row for r in readings], dtype=np.float64).reshape(len(cases), len(FEATURES))
    return matrix, grades


def _prepare(question: str, reference: str, answer: str, budget_s: float | None) -> _Case:
    prose = plain(without_code(reference))
    points = key_points(reference) or [KeyPoint(prose, "sentence") if prose else KeyPoint(plain(reference), "code")]
    answer_code = code_blocks(answer)
    answer_plain = plain(without_code(answer)) if answer_code else plain(answer)
    sentences = [s for s in split_sentences(answer_plain) if s.strip()][:MAX_SENTENCES]
    spans = dict.fromkeys(sentences, True)
    for sentence in sentences:
        clauses = [c for c in _CLAUSE.split(sentence) if len(c.split()) >= 3]
        if len(clauses) > 1:
            long = len(sentence.split()) > LONG_SENTENCE
            for clause in clauses:
                spans[clause] = spans.get(clause, False) or long
    return _Case(
        plain(question),
        plain(without_code(reference)),
        answer_plain,
        points,
        list(spans),
        sentences,
        list(spans.values()),
        code_blocks(reference),
        answer_code,
        budget_s,
    )


def _embed_all(prepared: list[_Case], embed: Embed) -> dict[str, Vectors]:
    texts = sorted({normalise(t) for c in prepared for t in _texts(c) if t.strip()})
    return dict(zip(texts, embed(texts), strict=True)) if texts else {}


def _texts(case: _Case) -> list[str]:
    return [*(p.text for p in case.points), *case.spans, case.question]


def _cos(vectors: dict[str, Vectors], a: str, b: str) -> float:
    va, vb = vectors.get(normalise(a)), vectors.get(normalise(b))
    return float(va @ vb) if va is not None and vb is not None else 0.0


def _coverage(match: float) -> float:
    return min(1.0, max(0.0, (match - MATCH_NONE) / (MATCH_FULL - MATCH_NONE)))


def _read(case: _Case, vectors: dict[str, Vectors]) -> _Reading:
    n_points = len(case.points)
    if not content_stems(case.answer) or not case.spans:
        empty = [0.0, 0.0, 0.0, 0.0, 0.0, -3.0, 0.0, 1.0]
        return _Reading([0.0] * n_points, [""] * n_points, [0.0] * n_points, [None] * n_points, 0.0, 0.0, empty, 1.0)
    question_stems = set(content_stems(case.question))
    span_stems = [set(content_stems(normalise(s))) for s in case.spans]
    match = np.zeros((n_points, len(case.spans)))
    for i, point in enumerate(case.points):
        told = _told(point, question_stems)
        for j, span in enumerate(case.spans):
            match[i, j] = _match(_cos(vectors, point.text, span), overlap(told, span_stems[j]))
    best = np.where(case.scoring, match, -1.0).argmax(axis=1)  # coverage: sentences and long sentences' clauses
    paired = _pair_match(case, vectors, question_stems)
    coverage, best_span, best_match, found = [], [], [], []
    for i, point in enumerate(case.points):
        j = int(best[i])
        value, span = float(match[i, j]), case.spans[j]
        if paired[0].shape[1] and paired[0][i].max() > value:  # said over two sentences, better than in one
            k = int(paired[0][i].argmax())
            value, span = float(paired[0][i, k]), paired[1][k]
        coverage.append(_coverage(value))
        best_span.append(span)
        best_match.append(value)
        found.append(_clash(case, match, i, point) if not point.optional else None)
    swaps = swapped_values([p.text for p in case.points], case.sentences, lambda t: vectors.get(normalise(t)))
    found = [
        clash or (swaps.get(i) if not p.optional else None)
        for i, (clash, p) in enumerate(zip(found, case.points, strict=True))
    ]
    relevance, repeated = _relevance(case, match, vectors), _repetition(case, vectors)
    required = [c for c, p in zip(coverage, case.points, strict=True) if not p.optional] or coverage
    reference_stems = content_stems(normalise(case.reference))
    answer_stems = set(content_stems(normalise(case.answer)))
    mean_vector = _mean(vectors, case.sentences)
    reference_vector = _mean(vectors, [p.text for p in case.points])
    similarity = (
        float(mean_vector @ reference_vector) if mean_vector is not None and reference_vector is not None else 0.0
    )
    asked = vectors.get(normalise(case.question)) if case.question else None
    restates = float(asked @ mean_vector) - similarity if asked is not None and mean_vector is not None else 0.0
    row = [
        float(np.mean(required)),
        similarity,
        overlap(reference_stems, answer_stems),
        sum(c is not None for c in found) / max(1, n_points),
        relevance,
        math.log((len(words(case.answer)) + 1) / (len(words(case.reference)) + 1)),
        restates,
        0.0,
    ]
    return _Reading(coverage, best_span, best_match, found, relevance, repeated, row, _scatter(case, question_stems))


def _pair_match(case: _Case, vectors: dict[str, Vectors], question_stems: set[str]) -> tuple[np.ndarray, list[str]]:
    """Each point against every two adjacent sentences read as one: a point the answer says over two sentences
    ("X does A. That is why B.") is covered by both together. The pair's meaning is the mean of the two sentence
    vectors (no extra embedding), its words the union of theirs."""
    sentences = case.sentences
    pairs = list(zip(sentences, sentences[1:], strict=False))
    out = np.zeros((len(case.points), len(pairs)))
    if not pairs:
        return out, []
    told = [_told(point, question_stems) for point in case.points]
    point_vectors = [vectors.get(normalise(point.text)) for point in case.points]
    sentence_stems = [set(content_stems(normalise(s))) for s in sentences]
    for k, (a, b) in enumerate(pairs):
        va, vb = vectors.get(normalise(a)), vectors.get(normalise(b))
        if va is None or vb is None:
            continue
        mean = (va + vb) / max(float(np.linalg.norm(va + vb)), 1e-12)
        stems = sentence_stems[k] | sentence_stems[k + 1]
        for i, point_vector in enumerate(point_vectors):
            cosine = float(point_vector @ mean) if point_vector is not None else 0.0
            out[i, k] = _match(cosine, overlap(told[i], stems))
    return out, [f"{a} {b}" for a, b in pairs]


def _match(cosine: float, words_shared: float) -> float:
    """A point's match with a span: meaning and wording blended; a span sharing none of the point's own words
    keeps only NO_WORDS of its meaning."""
    meaning = MEANING * cosine
    return meaning + WORDING * words_shared if words_shared else NO_WORDS * meaning


def _told(point: KeyPoint, question_stems: set[str]) -> list[str]:
    """The point's content stems beyond the question's (all of them when the question says them all)."""
    stems = content_stems(normalise(point.text))
    return [s for s in stems if s not in question_stems] or stems


def _scatter(case: _Case, question_stems: set[str]) -> float:
    """How many sentences each of the notes' terms the answer uses appears in, on average. A point is said in
    one place (about 1.1–1.5 in real answers, the same question's words not counted); jargon strung together
    without a claim puts the same few terms in nearly every sentence, each time with other partners (≥ 1.9)."""
    if len(case.sentences) < SCATTER_MIN_SENTENCES or len(words(case.answer)) < SCATTER_MIN_WORDS:
        return 1.0  # a short answer on a narrow topic says its few terms again: that is not jargon
    terms = {s for p in case.points for s in content_stems(normalise(p.text))} - question_stems
    per_sentence = [set(content_stems(normalise(s))) & terms for s in case.sentences]
    used = set().union(*per_sentence)
    return sum(sum(t in s for s in per_sentence) for t in used) / len(used) if used else 1.0


def _clash(case: _Case, match: np.ndarray, i: int, point: KeyPoint) -> Clash | None:
    """A clash between the point and a span aligned to it: the span is about this point more than any other."""
    order = np.argsort(-match[i])[:CANDIDATES]
    for rank, j in enumerate(order):
        if match[i, j] < ALIGNED:
            break
        span = case.spans[int(j)]
        other = int(np.argmax(match[:, j]))
        if match[other, j] > match[i, j] + TIE and not opposite_cases(case.points[other].text, span):
            continue  # the span is about another point (not when it states the opposite case of that point)
        found = [
            c
            for c in clashes(point.text, span)
            if (rank == 0 or c.kind != "number") and not _quotes_other_point(case, i, c, span)
        ]
        if found:
            return found[0]
    return None


def _quotes_other_point(case: _Case, i: int, clash: Clash, span: str) -> bool:
    """The answer's side of the clash is what another point of the notes says, and nothing in the span ties it
    to this point rather than that one ("TP over TP plus FP" said of precision is not a wrong recall)."""
    if clash.kind != "antonym":  # a plain claim another point also makes can still be negated here
        return False
    said = set(content_stems(normalise(clash.said_words or clash.said)))
    mine = set(content_stems(normalise(case.points[i].text)))
    span_stems = set(content_stems(normalise(span)))
    for k, other in enumerate(case.points):
        theirs = set(content_stems(normalise(other.text)))
        if k != i and said and said <= theirs and not (span_stems & (mine - theirs)):
            return True
    return False


def _relevance(case: _Case, match: np.ndarray, vectors: dict[str, Vectors]) -> float:
    """Share of the answer's words in sentences that are about the question (match a point, or the question)."""
    total = relevant = 0
    for sentence in case.sentences:
        n = len(sentence.split())
        total += n
        j = case.spans.index(sentence)
        about_point = float(match[:, j].max()) >= RELEVANT
        about_question = bool(case.question) and _cos(vectors, case.question, sentence) >= 0.5
        relevant += n if about_point or about_question else 0
    return relevant / total if total else 0.0


def _repetition(case: _Case, vectors: dict[str, Vectors]) -> float:
    """Share of sentences that say an earlier sentence again."""
    if len(case.sentences) < 2:
        return 0.0
    repeats = sum(
        1
        for k, sentence in enumerate(case.sentences)
        if any(_cos(vectors, sentence, earlier) >= 0.9 for earlier in case.sentences[:k])
    )
    return repeats / len(case.sentences)


def _mean(vectors: dict[str, Vectors], parts: list[str]) -> np.ndarray | None:
    found = [vectors[normalise(p)] for p in parts if normalise(p) in vectors]
    if not found:
        return None
    mean = np.mean(found, axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


def _grade(case: _Case, reading: _Reading) -> Grade:
    points = [
        _point(point, coverage, match, span, clash)
        for point, coverage, match, span, clash in zip(
            case.points, reading.coverage, reading.match, reading.best_span, reading.clash, strict=True
        )
    ]
    # A program is compared as a program (the code check), never shown as one long sentence to cover.
    shown = [p for p, k in zip(points, case.points, strict=True) if k.source != "code"]
    answer_stems = set(content_stems(case.answer + " " + " ".join(case.answer_code)))
    terms = key_terms(case.reference, case.question)
    whole_answer = case.answer + " " + " ".join(case.answer_code)
    present = [t for t in terms if term_present(t, whole_answer, answer_stems)]
    missing = [t for t in terms if t not in present]
    features = dict(zip(FEATURES, (round(float(v), 4) for v in reading.row), strict=True))
    star = check_star(case.answer) if _behavioral(case.question, case.reference) and case.answer.strip() else None
    code = check_code(case.reference_code, case.answer_code) if case.reference_code and case.answer_code else None
    if reading.row[FEATURES.index("empty")] and code is None:
        return Grade(0, verdict(0), shown, present, missing, ["the answer is empty"], features, star)
    base, deductions = _score(case, reading, points, star, code)
    score = max(0, min(100, round(base - sum(d.points for d in deductions))))
    signals = _signals(case, reading, shown, score) + [d.reason for d in deductions]
    contradictions = [p.contradiction for p in shown if p.contradiction]
    return Grade(
        score, verdict(score), shown, present, missing, signals, features, star, deductions, contradictions, code
    )


def _score(
    case: _Case, reading: _Reading, points: list[PointResult], star: StarCheck | None, code: CodeCheck | None
) -> tuple[float, list[Deduction]]:
    required = [
        c for c, p in zip(reading.coverage, points, strict=True) if not p.optional and p.status != "contradicted"
    ]
    n_required = sum(not p.optional for p in points) or 1
    extras = [c for c, p in zip(reading.coverage, points, strict=True) if p.optional]
    coverage = min(1.0, (sum(required) + OPTIONAL_WEIGHT * sum(extras)) / n_required)
    base = 100 * coverage**CURVE
    deductions: list[Deduction] = []
    if reading.scatter > SCATTER_FREE and reading.repeated < 0.3 and code is None:
        # terms scattered over sentences that tie them to nothing: coverage counts for less
        cost = round(base - 100 * (coverage * (SCATTER_FREE / reading.scatter) ** SCATTER_POWER) ** CURVE)
        if cost:
            reason = (
                f"the notes' terms recur in {reading.scatter:.1f} sentences each without a claim tying them together"
            )
            deductions.append(Deduction(cost, reason))
    if code is not None:
        if _code_only(case):
            base = 100 * code.score  # the notes' answer is a program and nothing else: the program is the grade
        elif code.runs_ok is not False:
            base = max(base, 0.35 * base + 0.65 * 100 * code.score)
        else:
            base = min(base, 100 * code.score)
        deductions += [Deduction(0, code.summary)] if code.summary else []
    for point in points:
        if point.status == "contradicted":
            deductions.append(Deduction(CONTRADICTION_COST, f"contradicts a key point: {point.contradiction}"))
    if reading.relevance < 0.5 and len(case.sentences) >= 3 and code is None:
        cost = round(20 * (0.5 - reading.relevance) / 0.5)
        if cost:
            share = round(100 * (1 - reading.relevance))
            deductions.append(Deduction(cost, f"{share}% of the answer is not about the question"))
    if reading.repeated >= 0.3:
        deductions.append(Deduction(5, "repeats itself: saying a point again does not cover more"))
    if star is not None:
        if not star.result:
            deductions.append(Deduction(10, "STAR: no result in the story (say what changed, with a number)"))
        elif not star.concrete_result:
            deductions.append(Deduction(6, "STAR: the result has no number or measurable outcome"))
    return base, [d for d in deductions if d.points or d.reason]


def _behavioral(question: str, reference: str) -> bool:
    """A behavioral question, or a reference written as a STAR story."""
    return kind_of(question, [], False) == "behavioral" or parse_star(reference) is not None


def _point(point: KeyPoint, coverage: float, match: float, span: str, clash: Clash | None) -> PointResult:
    if clash is not None:
        status = "contradicted"
    elif coverage >= COVERED:
        status = "covered"
    elif coverage >= PARTLY:
        status = "partly"
    else:
        status, span = "missed", ""
    said = clash.message() if clash is not None else ""
    return PointResult(point.text, status, round(match, 3), span, point.optional, point.label, said)


def verdict(score: int) -> str:
    return next(name for floor, name in VERDICTS if score >= floor)


def _code_only(case: _Case) -> bool:
    """The notes' answer is a program and nothing else (its one key point stands for the code)."""
    return bool(case.points) and all(p.source == "code" for p in case.points)


def _signals(case: _Case, reading: _Reading, points: list[PointResult], score: int) -> list[str]:
    signals = []
    if _DONT_KNOW.search(case.answer) and score < 15:
        signals.append("says it does not know: name what you remember, even partly")
    if not case.answer_code and _code_only(case):
        # Words are compared with a program's text here, which says little: only code can be run against it.
        return [*signals, "your notes answer this with code: write yours in a ``` block to have it run against them"]
    signals += _length_feedback(case, points)
    if reading.relevance < 0.35 and score < 30 and case.sentences and not case.answer_code:
        signals.append("seems to answer a different question")
    return signals


def _length_feedback(case: _Case, points: list[PointResult]) -> list[str]:
    """Length against the time budget and the reference: short is fine when the points are there."""
    n = len(words(case.answer))
    reference_words = len(words(case.reference))
    missed = sum(p.status == "missed" for p in points if not p.optional)
    required = sum(not p.optional for p in points) or 1
    if case.budget_s:
        allowed = case.budget_s / 60 * WORDS_PER_MINUTE
        if n > 1.3 * allowed:
            minutes = n / WORDS_PER_MINUTE
            return [f"about {minutes:.1f} min spoken, over your {case.budget_s / 60:g}-min budget: get to the point"]
    elif n > max(3 * reference_words, 250):
        return ["much longer than your notes: lead with the key points"]
    if n < 0.35 * reference_words and missed / required > 0.5:
        return ["short, and misses most key points: say more"]
    return []


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
