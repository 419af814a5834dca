"""Delivery coaching, pure functions over the text of an answer (typed now; a spoken transcript later): length
and estimated speaking time against the budget, filler words and hedges, signposting, STAR parts and a concrete
result for behavioral answers, and which layers a system-design answer covered."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from interview_coach.config import SPEAKING_WPM
from interview_coach.grade.star import check_star

FILLERS = ("um", "uh", "erm", "like", "you know", "basically", "actually", "literally", "kind of", "sort of", "so yeah")
HEDGES = (
    "i think",
    "i guess",
    "maybe",
    "probably",
    "i'm not sure",
    "i am not sure",
    "perhaps",
    "might be",
    "i believe",
    "not 100%",
    "more or less",
)
SIGNPOSTS = (
    "first",
    "firstly",
    "second",
    "secondly",
    "third",
    "then",
    "next",
    "finally",
    "lastly",
    "to summarise",
    "to summarize",
    "in summary",
    "overall",
    "i'll start",
    "let me start",
    "on the other hand",
    "in short",
)
LAYERS = {
    "requirements": r"requirement|goal|use case|constraint|sla|latency budget|scale|qps|users|clarif|scope",
    "data": r"\bdata\b|dataset|label|feature|pipeline|ingest|etl|schema|storage|warehouse|logs?",
    "model": r"\bmodel|train|baseline|architecture|embedding|loss|fine-tun|xgboost|transformer|classifier",
    "serving": r"serv(e|ing)|deploy|api|endpoint|latency|cache|batch|real-time|online|inference|scal",
    "monitoring": r"monitor|drift|alert|dashboard|metric|observab|logging|a/b|canary|shadow",
    "iteration": r"iterat|retrain|feedback loop|improve|next step|v2|experiment|roll ?out|rollback",
}
_LAYER_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in LAYERS.items()}


@dataclass
class Delivery:
    words: int
    speaking_seconds: int  # at SPEAKING_WPM
    budget: int
    fillers: dict[str, int] = field(default_factory=dict)
    hedges: dict[str, int] = field(default_factory=dict)
    signposts: list[str] = field(default_factory=list)
    star_missing: list[str] | None = None  # behavioral only
    concrete_result: bool | None = None  # behavioral only
    layers_covered: list[str] | None = None  # system design only
    layers_missing: list[str] | None = None
    notes: list[str] = field(default_factory=list)  # what to tell the candidate, in order of importance

    @property
    def short(self) -> bool:
        """Said in under a third of the time there was: an interviewer would probe."""
        return self.speaking_seconds < self.budget / 3

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def coach(answer: str, budget: int, kind: str, wpm: int = SPEAKING_WPM) -> Delivery:
    text = " ".join(answer.lower().split())
    words = len(re.findall(r"[\w'’-]+", text))
    delivery = Delivery(words, round(words / wpm * 60), budget, _count(text, FILLERS), _count(text, HEDGES))
    delivery.signposts = [phrase for phrase in SIGNPOSTS if _has(text, phrase)]
    if kind == "behavioral":
        star = check_star(answer)
        delivery.star_missing, delivery.concrete_result = star.missing, star.concrete_result
    if kind == "system_design":
        covered = [name for name, pattern in _LAYER_PATTERNS.items() if pattern.search(text)]
        delivery.layers_covered = covered
        delivery.layers_missing = [name for name in LAYERS if name not in covered]
    delivery.notes = _notes(delivery)
    return delivery


def _count(text: str, phrases: tuple[str, ...]) -> dict[str, int]:
    found = {phrase: len(re.findall(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text)) for phrase in phrases}
    return {phrase: n for phrase, n in found.items() if n}


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text) is not None


def _notes(d: Delivery) -> list[str]:
    notes = [_timing(d)]
    if sum(d.fillers.values()) >= 3:
        notes.append(f"{sum(d.fillers.values())} filler words ({', '.join(d.fillers)}): pause instead")
    if sum(d.hedges.values()) >= 2:
        notes.append(f"hedging {sum(d.hedges.values())} times ({', '.join(d.hedges)}): state what you know")
    if d.words >= 80 and len(d.signposts) < 2:
        notes.append('no signposting: say the structure ("first … then … finally") so they can follow')
    if d.star_missing:
        notes.append(f"STAR: no {', '.join(d.star_missing)}")
    if d.concrete_result is False:
        notes.append("no concrete result: give a number or a measurable outcome")
    if d.layers_missing:
        notes.append(f"system design layers not covered: {', '.join(d.layers_missing)}")
    return notes


def _timing(d: Delivery) -> str:
    said = f"{d.words} words ≈ {d.speaking_seconds // 60}:{d.speaking_seconds % 60:02d} spoken"
    budget = f"{d.budget // 60}:{d.budget % 60:02d}"
    if d.speaking_seconds > d.budget:
        return f"{said}, over the {budget} budget: trim it"
    if d.short:
        return f"{said} of {budget}: too short, an interviewer would probe"
    return f"{said} of {budget}: good length"
