"""Planning a mock interview, pure: a plan, the bank's items (with how well and how recently each was answered),
the time and a seed in → sections with budgets and chosen questions out. The same inputs always give the same
interview.

Per section, questions come from the section's kinds, in tiers: items whose headings or file name the round
(`prefer` words, strongest first: notes organised by round are used round by round) before the rest, and within
a tier a seeded weighted draw that favours weak, overdue and gradable items, a new topic for the section before a
repeated one. One item per near-duplicate group in an interview, and no two questions that share most of their
words. Budgets always add up to at most the interview's minutes.
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from interview_coach.mock.plans import PlanSpec, SectionSpec
from interview_coach.mock.text import similarity, stems

FOLLOW_UP_SECONDS = 60
MIN_QUESTION_SECONDS = 45
SAME_QUESTION = 0.7  # word overlap above which two questions count as the same question


@dataclass(frozen=True)
class PoolItem:
    item_id: str
    question: str
    kind: str
    topic: str
    context: str  # "file.md › heading › …"
    reference: str
    group: str
    due: datetime | None = None
    last_score: int | None = None  # the latest graded score (None: never graded)
    reviews: int = 0


@dataclass(frozen=True)
class Pitch:
    """An elevator-pitch note from the notes: a project's name (its headings) and the pitch itself."""

    note_id: int
    project: str
    body: str
    context: str


@dataclass
class PlannedQuestion:
    key: str  # "2.1": section 2, question 1 (a follow-up is "2.1f")
    prompt: str
    kind: str
    topic: str
    context: str
    reference: str
    budget: int  # seconds
    item_id: str | None = None

    @property
    def self_rated(self) -> bool:
        return not self.reference.strip()


@dataclass
class PlannedSection:
    number: int
    name: str
    title: str
    role: str
    budget: int  # seconds
    questions: list[PlannedQuestion] = field(default_factory=list)


@dataclass
class InterviewPlan:
    plan: str
    title: str
    seed: int
    budget: int  # seconds, the whole interview
    sections: list[PlannedSection]
    ask_interviewer: list[str] = field(default_factory=list)  # the notes' questions to ask, for the comparison

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InterviewPlan:
        sections = [
            PlannedSection(**{**s, "questions": [PlannedQuestion(**q) for q in s["questions"]]})
            for s in data["sections"]
        ]
        return cls(data["plan"], data["title"], data["seed"], data["budget"], sections, data.get("ask_interviewer", []))

    def questions(self) -> list[PlannedQuestion]:
        return [q for s in self.sections for q in s.questions]


def plan_interview(
    spec: PlanSpec,
    pool: list[PoolItem],
    now: datetime,
    seed: int,
    minutes: float | None = None,
    topics: tuple[str, ...] = (),
    pitches: tuple[Pitch, ...] = (),
) -> InterviewPlan:
    rng = random.Random(seed)
    scale = (minutes / spec.minutes) if minutes else 1.0
    used_groups: set[str] = set()
    chosen: list[PoolItem] = []
    sections = []
    for number, section in enumerate(spec.sections, start=1):
        seconds = int(section.minutes * scale * 60)
        count = _count(section, seconds, scale)
        planned = PlannedSection(number, section.name, section.title, section.role, seconds)
        budget = (seconds // count) // 5 * 5
        if section.role == "your-questions":
            planned.questions.append(
                PlannedQuestion(
                    f"{number}.1", "Do you have any questions for us?", "ask_interviewer", "", "", "", seconds
                )
            )
        elif section.role == "pitch" and pitches:
            pitch = pitches[rng.randrange(len(pitches))]
            prompt = f"Tell me about yourself, and give me the elevator pitch of {pitch.project}."
            planned.questions.append(
                PlannedQuestion(f"{number}.1", prompt, "project", "", pitch.context, pitch.body, budget)
            )
        else:
            picks = _pick(section, pool, now, rng, count, used_groups, chosen, topics)
            planned.questions.extend(_planned(number, n, item, budget) for n, item in enumerate(picks, start=1))
        sections.append(planned)
    asks = [item.question for item in pool if item.kind == "ask_interviewer"]
    return InterviewPlan(spec.name, spec.title, seed, sum(s.budget for s in sections), sections, asks)


def _count(section: SectionSpec, seconds: int, scale: float) -> int:
    """Fewer questions when the interview is shortened, never below one or below a minimum time each."""
    if section.role != "answer":
        return 1
    count = max(1, round(section.questions * min(1.0, scale)))
    return max(1, min(count, seconds // MIN_QUESTION_SECONDS))


def _planned(number: int, n: int, item: PoolItem, budget: int) -> PlannedQuestion:
    return PlannedQuestion(
        f"{number}.{n}", item.question, item.kind, item.topic, item.context, item.reference, budget, item.item_id
    )


def _pick(
    section: SectionSpec,
    pool: list[PoolItem],
    now: datetime,
    rng: random.Random,
    count: int,
    used_groups: set[str],
    chosen: list[PoolItem],
    topics: tuple[str, ...],
) -> list[PoolItem]:
    eligible = [item for item in pool if item.kind in section.kinds]
    if topics and section.role == "answer":
        narrowed = [item for item in eligible if item.topic in topics]
        eligible = narrowed or eligible  # a round with nothing on these topics still gets questions
    tiers: dict[int, list[PoolItem]] = {}
    for item in eligible:
        tiers.setdefault(_fit(section, item), []).append(item)
    picks: list[PoolItem] = []
    for _, tier in sorted(tiers.items()):
        pending = _weighted_order(tier, now, rng)
        while pending and len(picks) < count:
            usable = [i for i in pending if i.group not in used_groups and not any(_same(i, c) for c in chosen)]
            if not usable:
                break
            topics_here = {p.topic for p in picks}
            # A round covers ground: a topic not yet asked in this section goes before a second one on a topic.
            item = next((i for i in usable if i.topic not in topics_here), usable[0])
            pending.remove(item)
            used_groups.add(item.group)
            chosen.append(item)
            picks.append(item)
    return picks


def _fit(section: SectionSpec, item: PoolItem) -> int:
    """How well an item's headings fit the round: the position of the first `prefer` word they contain (0 is
    best; the list is in order of strength), len(prefer) when none."""
    context = item.context.lower()
    return next((n for n, word in enumerate(section.prefer) if word in context), len(section.prefer))


def _same(a: PoolItem, b: PoolItem) -> bool:
    return similarity(stems(a.question), stems(b.question)) >= SAME_QUESTION


def weight(item: PoolItem, now: datetime) -> float:
    """How much an item deserves a slot: weak (low last score), overdue, new, and gradable items weigh more."""
    value = 1.0
    if item.last_score is not None:
        value += (100 - item.last_score) / 50  # 0 … 2
    elif item.reviews == 0:
        value += 0.5  # never answered
    if item.due is not None and item.due <= now:
        value += min(2.0, 0.5 + (now - item.due).total_seconds() / (7 * 86400))
    return value * (2.0 if item.reference.strip() else 1.0)


def _weighted_order(items: list[PoolItem], now: datetime, rng: random.Random) -> list[PoolItem]:
    """A seeded weighted shuffle (Efraimidis–Spirakis keys): heavier items tend to come first."""
    keyed = []
    # A stable input order that does not depend on ids (which depend on where the notes live) or the query.
    for item in sorted(items, key=lambda i: (i.context, i.question, i.item_id)):
        draw = rng.random()
        keyed.append((math.log(max(draw, 1e-12)) / weight(item, now), item.item_id, item))
    keyed.sort(key=lambda k: k[0], reverse=True)
    return [item for _, _, item in keyed]
