"""STAR parts in a spoken-style behavioral answer: Situation, Task, Action, Result — present or missing — and
whether the Result is concrete (a number, or a measurable outcome). Answers rarely carry labels, so each part is
recognised by the phrases people use for it; explicit labels ("Situation:") count too."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CUES = {
    "situation": r"situation|at (?:my|our) (?:previous|last|current)? ?(?:job|company|team|role)|when i was|"
    r"we (?:had|were|faced)|there was|our team|back in|in (?:my|our) (?:previous|last) role|the context",
    "task": r"\btask\b|my (?:job|goal|role|responsibility) was|i was (?:asked|responsible|tasked)|i had to|"
    r"we needed to|the goal was|i needed to|objective",
    "action": r"\baction\b|\bi (?:built|designed|implemented|wrote|led|created|added|set up|introduced|proposed|"
    r"decided|analy[sz]ed|trained|ran|organi[sz]ed|talked|refactored|changed|moved|replaced|fixed|started)\b",
    "result": r"\bresult|as a result|in the end|which (?:led|reduced|improved|increased|cut|saved)|"
    r"\b(?:reduced|improved|increased|cut|saved|raised|lowered|shipped|launched|delivered)\b|outcome|impact",
}
_PATTERNS = {part: re.compile(rf"(?:{cue})", re.IGNORECASE) for part, cue in _CUES.items()}
_CONCRETE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|x\b|ms\b|s\b|hours?|days?|weeks?|k\b|m\b|users|people)|\$\s?\d|"
    r"\d{2,}",
    re.IGNORECASE,
)
_RESULT_SENTENCE = re.compile(r"[^.!?]*(?:" + _CUES["result"] + r")[^.!?]*[.!?]?", re.IGNORECASE)


@dataclass(frozen=True)
class StarCheck:
    situation: bool
    task: bool
    action: bool
    result: bool
    concrete_result: bool  # the result names a number or measurable outcome

    @property
    def missing(self) -> list[str]:
        return [part for part in ("situation", "task", "action", "result") if not getattr(self, part)]


def check_star(answer: str) -> StarCheck:
    found = {part: bool(pattern.search(answer)) for part, pattern in _PATTERNS.items()}
    results = " ".join(m.group(0) for m in _RESULT_SENTENCE.finditer(answer))
    concrete = bool(_CONCRETE.search(results)) if found["result"] else False
    return StarCheck(found["situation"], found["task"], found["action"], found["result"], concrete)
