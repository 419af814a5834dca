"""How much of one notes file is searched by meaning: a per-file budget of embedding work.

Embedding is most of an import's time (a 4 MB table dump is 16,000 chunks: minutes on 2 cores), so each file gets
at most DENSE_BUDGET estimated model tokens. Its questions come first, then its answer and section chunks, then
its one-line passages. In the tier that overflows the budget, texts that differ only in their numbers (the rows of
a generated table, a log's lines) count once: the first of them is embedded, so the budget goes to what the file
says differently. If that still overflows, the tier is sampled evenly through the file and later tiers get nothing.
A passage left out is still written and found by keyword search; it just has no vector. Passages that
are almost all symbols (a line of `<`, 2,000 nested `>`) are never embedded: the model cannot place them by
meaning, and their words, if any, are still keyword-searchable. Pure: passage specs in, content hashes out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from interview_coach.search.passages import PassageSpec

# ~35 CPU s of embedding (the model does ~1,850 tokens per CPU second on this machine's cores); the biggest seed
# file (222 KB, 166 questions) needs ~50,000.
DENSE_BUDGET = 65_000
_TIER = {"question": 0, "answer": 1, "section": 1, "line": 2}  # embedded in this order while the budget lasts
_TOKEN = re.compile(r"\w{1,8}|[^\w\s]")  # a rough WordPiece count: a word per 8 characters, each mark alone
_WORD = re.compile(r"\w{1,8}")  # the word tokens of _TOKEN
_DIGITS = re.compile(r"\d+")
NOISE_SHARE = 0.1  # under one token in ten is a word: symbols only, nothing the model can read


@dataclass(frozen=True)
class DenseChoice:
    left_out: frozenset[str]  # content hashes written without a vector (keyword search only)
    over_budget: bool  # some readable passage was left out for the budget (not just noise)


def estimated_tokens(text: str) -> int:
    """With the model's two special tokens. Not capped at its window: a chosen chunk too long for it is split,
    and every part is embedded."""
    return len(_TOKEN.findall(text)) + 2


def is_noise(text: str) -> bool:
    """Almost nothing but symbols: fewer than NOISE_SHARE of its tokens are words (letters or digits)."""
    text = text.replace("_", "-")  # a run of underscores is a mark, not a word
    words = len(_WORD.findall(text))
    if words and words * (1 / NOISE_SHARE - 1) >= len(text):  # more words than all its characters could make marks
        return False
    return not words or words < NOISE_SHARE * len(_TOKEN.findall(text))


def choose_dense(specs: list[PassageSpec], known: Iterable[str], budget: int = DENSE_BUDGET) -> DenseChoice:
    """Which of one file's passages go without a vector. Texts whose vector is already known cost nothing, and a
    text repeated in the file is embedded (and paid for) once."""
    free = set(known)
    tiers: list[dict[str, int]] = [{} for _ in range(3)]
    left_out: set[str] = set()
    shapes: dict[str, str] = {}  # content hash → shape
    # Texts of one shape are noise alike and cost alike: read once per shape (a table dump has few).
    seen: dict[str, tuple[bool, int]] = {}
    for spec in specs:
        digest = spec.content_hash
        if digest in free:
            continue
        if digest not in shapes:  # a text repeated in the file (17,000 chunks of 2,000 nested quotes) is read once
            shapes[digest] = _shape(spec.embedded_text)
        shape = shapes[digest]
        if shape not in seen:
            seen[shape] = (is_noise(spec.read_text), estimated_tokens(spec.embedded_text))
        noise, cost = seen[shape]
        if noise:
            left_out.add(digest)
            continue
        tiers[_TIER.get(spec.field, 2)].setdefault(digest, cost)
    # A text that is noise in one passage and readable in another of the same file is embedded.
    left_out -= {digest for tier in tiers for digest in tier}
    over_budget = False
    remaining = budget
    for tier in tiers:
        cost = sum(tier.values())
        if cost <= remaining:
            remaining -= cost
            continue
        over_budget = True
        distinct = _one_per_shape(tier, shapes)
        cost = sum(distinct.values())
        kept = set(distinct) if cost <= remaining else _even_sample(distinct, remaining)
        left_out |= tier.keys() - kept
        remaining = remaining - cost if cost <= remaining else 0
    return DenseChoice(frozenset(left_out), over_budget)


def _one_per_shape(costs: dict[str, int], shapes: dict[str, str]) -> dict[str, int]:
    """The first text (in file order) of each shape."""
    firsts: dict[str, str] = {}
    for digest in costs:
        firsts.setdefault(shapes[digest], digest)
    return {digest: costs[digest] for digest in firsts.values()}


def _shape(text: str) -> str:
    """The text with every number made the same and its spacing normalised."""
    return _DIGITS.sub("0", " ".join(text.lower().split()))


def _even_sample(costs: dict[str, int], budget: int) -> set[str]:
    """Texts spread evenly through the file (in its order) whose costs add up to at most `budget`: each text
    earns budget/total of its cost as credit, and is taken once the credit pays for it."""
    total = sum(costs.values())
    share = budget / total if total else 0.0
    kept: set[str] = set()
    credit = spent = 0.0
    for digest, cost in costs.items():
        credit += share * cost
        if credit >= cost and spent + cost <= budget:
            kept.add(digest)
            credit -= cost
            spent += cost
    return kept
