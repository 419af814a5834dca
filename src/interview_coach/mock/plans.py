"""Interview plans: sections with a time budget and a question count, read from a small TOML file in the user dir
(written from the built-in plans on first use, so the user can edit it)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_coach.errors import CoachError

ROLES = ("answer", "pitch", "your-questions")  # answer questions · give an elevator pitch · ask the interviewer

BUILTIN_PLANS = """\
# Mock-interview plans for `coach mock --plan NAME`. Edit freely: each section has a time budget (minutes) and a
# question count; `kinds` are the item kinds it draws from; `prefer` are words in a question's headings or file
# name that make it fit this round (notes organised by round are used round by round). `role` is "answer"
# (default), "pitch" (introduce yourself and a project's elevator pitch) or "your-questions" (you ask them).

[plans.ml-engineer]
title = "ML engineer interview loop"

[[plans.ml-engineer.sections]]
name = "intro"
title = "Intro and elevator pitch"
role = "pitch"
minutes = 3
questions = 1
kinds = ["project"]
prefer = ["pitch", "elevator", "introduce", "about yourself", "walk me through"]

[[plans.ml-engineer.sections]]
name = "technical-screen"
title = "Technical screen"
minutes = 6
questions = 3
kinds = ["technical", "coding"]
prefer = ["screen", "phone", "fundamental", "basic", "core"]

[[plans.ml-engineer.sections]]
name = "ml-breadth"
title = "ML breadth"
minutes = 6
questions = 3
kinds = ["technical"]
prefer = ["breadth"]

[[plans.ml-engineer.sections]]
name = "ml-depth"
title = "ML depth"
minutes = 6
questions = 2
kinds = ["technical", "project"]
prefer = ["depth", "deep dive", "advanced"]

[[plans.ml-engineer.sections]]
name = "system-design"
title = "System design"
minutes = 8
questions = 1
kinds = ["system_design"]
prefer = ["system design", "design"]

[[plans.ml-engineer.sections]]
name = "behavioral"
title = "Behavioral"
minutes = 6
questions = 2
kinds = ["behavioral"]
prefer = ["behavioral", "behavioural", "star"]

[[plans.ml-engineer.sections]]
name = "your-questions"
title = "Do you have questions for us?"
role = "your-questions"
minutes = 3
questions = 1
kinds = ["ask_interviewer"]

[plans.phone-screen]
title = "Phone screen (about 18 minutes)"

[[plans.phone-screen.sections]]
name = "intro"
title = "Intro and elevator pitch"
role = "pitch"
minutes = 3
questions = 1
kinds = ["project"]
prefer = ["pitch", "elevator", "introduce", "about yourself"]

[[plans.phone-screen.sections]]
name = "technical-screen"
title = "Technical screen"
minutes = 10
questions = 4
kinds = ["technical"]
prefer = ["screen", "phone", "fundamental", "basic", "core"]

[[plans.phone-screen.sections]]
name = "fit"
title = "Motivation and fit"
minutes = 3
questions = 1
kinds = ["hr", "behavioral"]
prefer = ["hr", "why", "motivation"]

[[plans.phone-screen.sections]]
name = "your-questions"
title = "Do you have questions for us?"
role = "your-questions"
minutes = 2
questions = 1
kinds = ["ask_interviewer"]

[plans.behavioral]
title = "Behavioral (STAR answers only)"

[[plans.behavioral.sections]]
name = "behavioral"
title = "Behavioral"
minutes = 15
questions = 5
kinds = ["behavioral"]
prefer = ["behavioral", "behavioural", "star"]

[[plans.behavioral.sections]]
name = "your-questions"
title = "Do you have questions for us?"
role = "your-questions"
minutes = 3
questions = 1
kinds = ["ask_interviewer"]

[plans.system-design]
title = "System design"

[[plans.system-design.sections]]
name = "system-design"
title = "System design"
minutes = 25
questions = 2
kinds = ["system_design"]
prefer = ["system design", "design"]

[[plans.system-design.sections]]
name = "your-questions"
title = "Do you have questions for us?"
role = "your-questions"
minutes = 3
questions = 1
kinds = ["ask_interviewer"]
"""


@dataclass(frozen=True)
class SectionSpec:
    name: str
    title: str
    minutes: float
    questions: int
    kinds: tuple[str, ...]
    prefer: tuple[str, ...] = ()
    role: str = "answer"


@dataclass(frozen=True)
class PlanSpec:
    name: str
    title: str
    sections: tuple[SectionSpec, ...]

    @property
    def minutes(self) -> float:
        return sum(section.minutes for section in self.sections)


def plans_file(folder: Path) -> Path:
    """The user's plans file, written from the built-in plans when missing."""
    path = folder / "mock-plans.toml"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(BUILTIN_PLANS, encoding="utf-8")
    return path


def load_plans(path: Path | None = None) -> dict[str, PlanSpec]:
    """Plans from `path` (the user's file), else the built-in ones."""
    if path is None:
        return parse_plans(BUILTIN_PLANS, "built-in plans")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError(f"{path}: cannot read the mock plans ({exc}); fix or delete the file") from exc
    return parse_plans(text, str(path))


def parse_plans(text: str, source: str) -> dict[str, PlanSpec]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CoachError(f"{source}: not valid TOML ({exc}); fix it or delete it to get the built-in plans") from exc
    plans = data.get("plans")
    if not isinstance(plans, dict) or not plans:
        raise CoachError(f"{source}: no [plans.NAME] tables; delete the file to get the built-in plans")
    return {name: _plan(name, body, source) for name, body in plans.items()}


def _plan(name: str, body: Any, source: str) -> PlanSpec:
    sections = body.get("sections") if isinstance(body, dict) else None
    if not isinstance(sections, list) or not sections:
        raise CoachError(f"{source}: plan {name!r} has no [[plans.{name}.sections]]")
    return PlanSpec(name, str(body.get("title", name)), tuple(_section(name, s, source) for s in sections))


def _section(plan: str, body: Any, source: str) -> SectionSpec:
    where = f"{source}: plan {plan!r} section {body.get('name', '?') if isinstance(body, dict) else '?'!r}"
    if not isinstance(body, dict):
        raise CoachError(f"{where}: a section is a table with name, minutes, questions, kinds")
    try:
        section = SectionSpec(
            name=str(body["name"]),
            title=str(body.get("title", body["name"])),
            minutes=float(body["minutes"]),
            questions=int(body.get("questions", 1)),
            kinds=tuple(str(k) for k in body.get("kinds", [])),
            prefer=tuple(str(p).lower() for p in body.get("prefer", [])),
            role=str(body.get("role", "answer")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CoachError(f"{where}: needs name, minutes (a number), questions (a whole number) ({exc})") from exc
    if section.role not in ROLES or section.minutes <= 0 or section.questions < 1:
        raise CoachError(f"{where}: role is one of {', '.join(ROLES)}, minutes > 0 and questions ≥ 1")
    return section
