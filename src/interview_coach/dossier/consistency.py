"""Key-number consistency: figures an answer quotes that differ from the notes ("you said 95% F1; your notes say
99.9%"), the notes' own disagreements (one metric of one project with different values in different files), and
a quiz over a project's numbers. Pure functions over parsed numbers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from interview_coach.dossier.keynumbers import KeyNumber
from interview_coach.dossier.numbers import _SCALE, Quantity, find_quantities
from interview_coach.dossier.projects import Dossier


@dataclass
class Misquote:
    said: Quantity
    measure: str
    notes: list[KeyNumber]  # what the notes say for this measure, most quoted first

    def message(self) -> str:
        best = self.notes[0]
        where = f"{best.path}:{best.line}"
        return f"you said {self.said.raw} {label(self.measure)}; your notes say {best.quantity.raw} ({where})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "said": self.said.raw,
            "measure": self.measure,
            "notes_say": self.notes[0].quantity.raw,
            "source": {"path": self.notes[0].path, "line": self.notes[0].line},
            "message": self.message(),
        }


def _matches(quantity: Quantity, number: KeyNumber) -> bool:
    return quantity.measure == number.measure and _compatible(quantity, number.quantity)


def _compatible(a: Quantity, b: Quantity) -> bool:
    return a.unit == b.unit or {a.unit, b.unit} == {"%", ""}


def check_numbers(answer: str, numbers: list[KeyNumber]) -> list[Misquote]:
    """Figures in `answer` whose measure the notes quote, but never with this value. A figure with nothing saying
    what it measures is not judged (an answer has many numbers that are not claims)."""
    out: list[Misquote] = []
    for said in find_quantities(answer):
        if not said.measure:
            continue
        candidates = [n for n in numbers if _matches(said, n)]
        if candidates and not any(said.same(n.quantity) for n in candidates):
            out.append(Misquote(said, said.measure, _most_quoted(candidates, said)))
    return out


def _most_quoted(candidates: list[KeyNumber], said: Quantity) -> list[KeyNumber]:
    counts = Counter(round(n.quantity.value, 6) for n in candidates)

    def rank(n: KeyNumber) -> tuple[int, float]:
        return (-counts[round(n.quantity.value, 6)], abs(n.quantity.value - said.value))

    return sorted(candidates, key=rank)


def mentioned(answer: str, numbers: list[KeyNumber]) -> tuple[list[KeyNumber], list[KeyNumber]]:
    """(numbers of the notes the answer quotes, those it leaves out)."""
    said = find_quantities(answer)
    hit = [n for n in numbers if any(s.same(n.quantity) and _compatible(s, n.quantity) for s in said)]
    return hit, [n for n in numbers if n not in hit]


@dataclass
class Inconsistency:
    project: str
    measure: str
    unit: str
    values: dict[str, list[KeyNumber]]  # file → what it says

    def message(self) -> str:
        said = "; ".join(
            f"{path}:{ns[0].line} says {', '.join(sorted({n.quantity.raw for n in ns}))}"
            for path, ns in self.values.items()
        )
        return f"{self.project}: {self.measure} differs between files — {said}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "measure": self.measure,
            "unit": self.unit,
            "message": self.message(),
            "values": {p: [n.as_dict() for n in ns] for p, ns in self.values.items()},
        }


def inconsistencies(dossiers: list[Dossier]) -> list[Inconsistency]:
    """A project's metric quoted with values that never agree in two files (files that share a value are taken
    to be quoting different things alongside it, e.g. a baseline)."""
    out: list[Inconsistency] = []
    for dossier in dossiers:
        by_metric: dict[tuple[str, str], dict[str, list[KeyNumber]]] = {}
        for number in dossier.numbers:
            if number.measure:
                files = by_metric.setdefault((number.measure, number.quantity.unit), {})
                files.setdefault(number.path, []).append(number)
        for (measure, unit), files in by_metric.items():
            if len(files) >= 2 and _disagree(list(files.values())):
                out.append(Inconsistency(dossier.name, measure, unit, files))
    return out


def _disagree(files: list[list[KeyNumber]]) -> bool:
    for i, first in enumerate(files):
        for second in files[i + 1 :]:
            if not any(a.quantity.same(b.quantity) for a in first for b in second):
                return True
    return False


@dataclass
class QuizQuestion:
    project: str
    prompt: str
    hint: str  # the source line with the figure blanked out
    number: KeyNumber

    def as_dict(self) -> dict[str, Any]:
        return {"project": self.project, "prompt": self.prompt, "hint": self.hint, "answer": self.number.as_dict()}


def quiz(dossier: Dossier) -> list[QuizQuestion]:
    """One question per distinct figure that says what it measures ("What latency did NER reach?")."""
    seen: set[tuple[str, float]] = set()
    out = []
    for number in dossier.numbers:
        key = (number.measure, round(number.quantity.value, 6))
        if not number.measure or key in seen:
            continue
        seen.add(key)
        hint = number.context.replace(number.quantity.raw, "____", 1)
        out.append(QuizQuestion(dossier.name, _prompt(dossier.name, number), hint, number))
    return out


def _prompt(project: str, number: KeyNumber) -> str:
    unit = number.quantity.unit
    if unit and unit not in ("%", "s", "B", "x", "USD", "EUR", "GBP") and "/" not in unit:
        return f"{project}: how many {unit} — {label(number.measure)}?"
    return f"{project}: what was the {label(number.measure)}?"


def label(measure: str) -> str:
    """A measure as people write it: acronyms in capitals ("f1" → "F1", "roi" → "ROI")."""
    if len(measure) <= 4 and measure.isalnum() and measure not in ("cost", "time", "speed", "yield", "usage"):
        return measure.upper()
    return measure


def check_quiz_answer(answer: str, question: QuizQuestion) -> bool:
    """Right when the answer quotes the figure, in any format; a bare number counts in the unit it was written in
    ("23" for "23 ms")."""
    target = question.number.quantity
    for said in find_quantities(answer, measures=False) or _bare(answer):
        if said.same(target) or (not said.unit and _close(said.value, _written(target.raw))):
            return True
    return False


def _bare(answer: str) -> list[Quantity]:
    return [Quantity(float(m.replace(",", "")), "", m) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", answer)]


def _written(raw: str) -> float | None:
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*([kKmMbB](?![a-zA-Z]))?", raw)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    return value * _SCALE[match.group(2).lower()] if match.group(2) else value


def _close(a: float, b: float | None) -> bool:
    return b is not None and abs(a - b) <= 0.02 * max(abs(b), 1e-9)
