"""Use cases over the bank, for the CLI and the web app alike: list and find dossiers, the checklist with the
user's ticks, the story bank with the user's theme edits, and the number check a practice or mock loop calls."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.schema import Attempt, Item
from interview_coach.dossier.checklists import Checklist, find_checklists
from interview_coach.dossier.consistency import Inconsistency, Misquote, check_numbers, inconsistencies
from interview_coach.dossier.keynumbers import KeyNumber, key_numbers
from interview_coach.dossier.numbers import find_quantities
from interview_coach.dossier.outline import Outline, load_outlines
from interview_coach.dossier.pitch import budget_for
from interview_coach.dossier.projects import Dossier, Pitch, find_dossiers
from interview_coach.dossier.stories import THEMES, Story, find_stories
from interview_coach.dossier.storybank import Embed, Reuse, StoryBank, build_story_bank, reused_stories
from interview_coach.dossier.tables import ChecklistTick, StoryThemes
from interview_coach.errors import CoachError


def list_dossiers(session: Session) -> list[Dossier]:
    return find_dossiers(load_outlines(session))


def find_dossier(session: Session, name: str) -> Dossier:
    """The dossier whose name is `name` or contains it (case and punctuation ignored)."""
    dossiers = list_dossiers(session)
    if not dossiers:
        raise CoachError(
            "no project dossiers in your notes; import notes about a project, or start one with "
            "`coach project new NAME`"
        )
    wanted = " ".join(re.findall(r"[a-z0-9]+", name.lower()))
    exact = [d for d in dossiers if wanted in (d.key, _initials(d.key))]
    found = exact or [d for d in dossiers if wanted and wanted in d.key]
    if len(found) == 1:
        return found[0]
    names = ", ".join(sorted(f"“{d.name}”" for d in dossiers))
    if not found:
        raise CoachError(f"no project named {name!r}; your projects: {names}")
    raise CoachError(f"{name!r} names several projects ({', '.join(d.name for d in found)}); write more of the name")


@dataclass
class NumberReport:
    dossiers: list[Dossier]
    inconsistencies: list[Inconsistency]

    def as_dict(self) -> dict[str, Any]:
        return {
            "projects": [{"name": d.name, "numbers": [n.as_dict() for n in d.numbers]} for d in self.dossiers],
            "inconsistencies": [c.as_dict() for c in self.inconsistencies],
        }


def number_report(session: Session, project: str = "") -> NumberReport:
    """The key numbers of one project (or all) and the notes' disagreements about them."""
    dossiers = [find_dossier(session, project)] if project else list_dossiers(session)
    return NumberReport(dossiers, inconsistencies(dossiers))


@dataclass
class PitchPlan:
    dossier: Dossier
    pitch: Pitch
    budget: int
    number: int  # which of the project's pitches (1-based)
    count: int


def plan_pitch(session: Session, name: str, which: int = 1, seconds: int | None = None) -> PitchPlan:
    """The pitch to drill and its time budget (`seconds`, else the duration its heading states, else 60 s)."""
    dossier = find_dossier(session, name)
    pitches = dossier.drill_pitches()
    if not pitches:
        raise CoachError(f"“{dossier.name}” has no pitch in your notes; add an 'Elevator Pitch (30 seconds)' section")
    if not 1 <= which <= len(pitches):
        raise CoachError(f"--which {which}: “{dossier.name}” has {len(pitches)} pitches")
    pitch = pitches[which - 1]
    return PitchPlan(dossier, pitch, budget_for(pitch, seconds), which, len(pitches))


def _initials(key: str) -> str:
    """ "named entity recognition" → "ner": projects are often called by their acronym."""
    return "".join(word[0] for word in key.split())


def misquote_checker(session: Session, outlines: list[Outline] | None = None) -> Callable[[str, str], list[Misquote]]:
    """For the practice / mock loop, built once per session: (item id, answer) → figures in the answer that differ
    from the notes — the item's project dossier when it belongs to one, else every figure in the item's own notes
    file (an item of no imported document: nothing to check)."""
    numbers_for = _numbers_by_item(session, load_outlines(session) if outlines is None else outlines)
    return lambda item_id, answer: check_numbers(answer, numbers_for(item_id))


def _numbers_by_item(session: Session, outlines: list[Outline]) -> Callable[[str], list[KeyNumber]]:
    by_item: dict[str, list[KeyNumber]] = {}
    for dossier in find_dossiers(outlines):
        for entry in dossier.items:
            by_item[entry["id"]] = dossier.numbers
    outline_of = {o.document_id: o for o in outlines}
    by_document: dict[int, list[KeyNumber]] = {}  # a file's figures, read when one of its items is answered
    documents = {ident: doc for ident, doc in session.execute(select(Item.id, Item.document_id)).all()}

    def numbers_for(item_id: str) -> list[KeyNumber]:
        numbers = by_item.get(item_id)
        if numbers is None:
            document = documents.get(item_id, -1)
            if document not in by_document:
                outline = outline_of.get(document)
                by_document[document] = key_numbers(outline) if outline else []
            numbers = by_document[document]
        return numbers

    return numbers_for


def item_numbers(session: Session, item_id: str) -> list[KeyNumber]:
    """The figures an answer to this item is held to, as misquote_checker finds them, reading only the item's own
    notes file unless the item belongs to a project dossier there (a dossier merges every file describing its
    project, so then every outline is read)."""
    document = session.scalar(select(Item.document_id).where(Item.id == item_id))
    own = load_outlines(session, document) if document is not None else []
    if not own:
        return []
    if any(entry["id"] == item_id for dossier in find_dossiers(own) for entry in dossier.items):
        return _numbers_by_item(session, load_outlines(session))(item_id)
    return key_numbers(own[0])


def misquotes_for_item(session: Session, item_id: str, answer: str) -> list[Misquote]:
    """One answer's misquoted figures, as misquote_checker finds them (a loop over many answers should use that).
    The notes are read only when the answer states a figure with what it measures (no other is judged), and then
    only as far as item_numbers needs."""
    if not any(said.measure for said in find_quantities(answer)):
        return []
    return check_numbers(answer, item_numbers(session, item_id))


@dataclass
class ChecklistView:
    checklists: list[Checklist]
    ticked: set[str]

    def numbered(self) -> list[tuple[int, Checklist, Any]]:
        """(N, checklist, entry) with N counting from 1 across all checklists, as `--tick N` takes it."""
        out = []
        n = 0
        for checklist in self.checklists:
            for entry in checklist.entries:
                n += 1
                out.append((n, checklist, entry))
        return out

    def is_ticked(self, entry: Any) -> bool:
        return entry.key in self.ticked or entry.ticked_in_notes

    def counts(self) -> dict[str, int]:
        rows = self.numbered()
        done = sum(1 for _, _, e in rows if self.is_ticked(e))
        return {"checklists": len(self.checklists), "items": len(rows), "ticked": done}

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts(),
            "checklists": [
                {
                    "title": c.title,
                    "path": c.path,
                    "line": c.line,
                    "how": c.how,
                    "items": [
                        {"n": n, "text": e.text, "line": e.line, "ticked": self.is_ticked(e)}
                        for n, cl, e in self.numbered()
                        if cl is c
                    ],
                }
                for c in self.checklists
            ],
        }


def checklist_view(session: Session) -> ChecklistView:
    checklists = [c for outline in load_outlines(session) for c in find_checklists(outline)]
    ticked = set(session.scalars(select(ChecklistTick.entry_key)))
    return ChecklistView(checklists, ticked)


def checklist_counts(session: Session) -> dict[str, int]:
    """For `coach stats`: checklists, their items, and how many are ticked."""
    return checklist_view(session).counts()


def set_ticks(bank: Bank, numbers: list[int], ticked: bool, now: datetime) -> list[str]:
    """Tick (or untick) checklist entries by their number; returns their texts."""
    with bank.session() as session:
        rows = {n: entry for n, _, entry in checklist_view(session).numbered()}
    missing = [n for n in numbers if n not in rows]
    if missing:
        raise CoachError(f"no checklist item {missing[0]}; `coach checklist` lists them numbered 1–{len(rows)}")
    with bank.transaction() as session:
        for n in numbers:
            entry = rows[n]
            row = session.get(ChecklistTick, entry.key)
            if ticked and row is None:
                session.add(ChecklistTick(entry_key=entry.key, text=entry.text[:500], ticked_at=now))
            elif not ticked and row is not None:
                session.delete(row)
    return [rows[n].text for n in numbers]


def story_bank(session: Session, embed: Embed | None = None) -> StoryBank:
    overrides = {row.story_key: list(row.themes) for row in session.scalars(select(StoryThemes))}
    practised = [
        (question, answer)
        for question, answer in session.execute(
            select(Item.question, Attempt.answer)
            .join(Attempt, Attempt.item_id == Item.id)
            .where(Item.kind == "behavioral")
        ).all()
    ]
    return build_story_bank(load_outlines(session), overrides, practised, embed)


def set_story_themes(bank: Bank, key: str, themes: list[str], now: datetime) -> list[str]:
    """Replace a story's themes (the detected ones are kept aside and come back with an empty list)."""
    unknown = [t for t in themes if t not in THEMES]
    if unknown:
        raise CoachError(f"unknown theme {unknown[0]!r}; themes: {', '.join(THEMES)}")
    with bank.session() as session:
        keys = [s.key for s in story_bank(session).stories]
    match = [k for k in keys if k.startswith(key)]
    if len(match) != 1:
        raise CoachError(f"no single story with key {key!r}; `coach stories` lists their keys")
    with bank.transaction() as session:
        row = session.get(StoryThemes, match[0])
        if not themes:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(StoryThemes(story_key=match[0], themes=themes, updated_at=now))
        else:
            row.themes, row.updated_at = themes, now
    return themes


@dataclass(frozen=True)
class AnswerNotes:
    """What the notes say about one answer beyond its grade: figures that differ from the notes, and a story
    already told for another behavioral question of the same session."""

    misquotes: list[Misquote]
    reuse: Reuse | None = None

    def messages(self) -> list[str]:
        said = [m.message() for m in self.misquotes]
        return said + ([self.reuse.message()] if self.reuse else [])

    def as_dict(self) -> dict[str, Any]:
        return {
            "misquotes": [m.as_dict() for m in self.misquotes],
            "story_reuse": {"story": self.reuse.story_title, "questions": self.reuse.questions} if self.reuse else None,
        }


class AnswerChecker:
    """Built once per practice session or mock interview (it reads every notes outline once): each answer's
    misquoted figures, and whether a behavioral answer retells a story already told in this session.
    `told`: the session's earlier behavioral (question, answer) pairs, e.g. a resumed mock's."""

    def __init__(self, session: Session, told: list[tuple[str, str]] | None = None) -> None:
        outlines = load_outlines(session)
        self._misquotes = misquote_checker(session, outlines)
        self._outlines = outlines
        self._found_stories: list[Story] | None = None  # found at the first behavioral answer
        self._told = list(told or [])

    @property
    def _stories(self) -> list[Story]:
        if self._found_stories is None:
            self._found_stories = [s for outline in self._outlines for s in find_stories(outline)]
        return self._found_stories

    def check(self, item_id: str | None, question: str, kind: str, answer: str) -> AnswerNotes:
        misquotes = self._misquotes(item_id, answer) if item_id else []  # no item: no project to hold it to
        if kind != "behavioral" or not self._stories:
            return AnswerNotes(misquotes)
        self._told.append((question, answer))
        reuse = next((r for r in reused_stories(self._told, self._stories) if question in r.questions), None)
        return AnswerNotes(misquotes, reuse)
