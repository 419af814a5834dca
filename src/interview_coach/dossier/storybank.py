"""The story bank over all notes: a theme × story coverage matrix with its gaps, behavioral prompts with no answer
linked to the stories that fit them, and which story an answer tells (to warn when one story answers two
questions in a practice session or a mock)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

from interview_coach.dossier.outline import Outline
from interview_coach.dossier.stories import THEMES, Story, find_stories, question_themes

Embed = Callable[[list[str]], Any]  # texts → unit vectors (search.embed's embedder.embed)
LINK_MIN = 0.3  # cosine (or lexical overlap) a story needs to be offered for a prompt
SAME_STORY = 0.3  # share of a story's distinctive words an answer must use to be telling it
_STOP = set(
    "the a an and or but of to in on for with by at from as is was were be been being it its this that these those "
    "i we my our me us you your they their he she his her them then than so very just also not no yes do did done "
    "had has have having can could would should will may might into over under about after before while which who "
    "what when where why how all any each some more most other such only own same too up down out off again "
    "once".split()
)


@dataclass
class PromptLink:
    item_id: str
    question: str
    path: str
    line: int
    themes: list[str]
    stories: list[tuple[str, float]]  # (story key, fit), best first

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "stories": [{"key": k, "fit": round(s, 3)} for k, s in self.stories]}


@dataclass
class StoryBank:
    stories: list[Story]
    links: list[PromptLink] = field(default_factory=list)

    def matrix(self) -> dict[str, list[str]]:
        """theme → keys of the stories that can answer it."""
        return {theme: [s.key for s in self.stories if theme in s.themes] for theme in THEMES}

    def gaps(self) -> list[str]:
        return [theme for theme, keys in self.matrix().items() if not keys]

    def as_dict(self) -> dict[str, Any]:
        return {
            "themes": list(THEMES),
            "stories": [s.as_dict() for s in self.stories],
            "matrix": self.matrix(),
            "gaps": self.gaps(),
            "prompt_links": [link.as_dict() for link in self.links],
        }


def build_story_bank(
    outlines: list[Outline],
    overrides: dict[str, list[str]] | None = None,
    practised: list[tuple[str, str]] | None = None,
    embed: Embed | None = None,
) -> StoryBank:
    """All stories, with the user's theme edits applied, the questions each was used for in the notes and in
    practice (`practised`: (question, answer) pairs), and unanswered behavioral prompts linked to stories."""
    stories = [s for outline in outlines for s in find_stories(outline)]
    for story in stories:
        if overrides and story.key in overrides:
            story.themes = list(overrides[story.key])
    for question, answer in practised or []:
        told = match_story(answer, stories)
        if told is not None and question not in told.questions:
            told.questions.append(question)
    prompts = [
        (part, outline.path)
        for outline in outlines
        for part in outline.parts
        if part.kind == "item" and part.item_kind == "behavioral" and not part.answer.strip() and not part.star
    ]
    bank = StoryBank(stories)
    if stories and prompts:
        fits = _fits([p.title for p, _ in prompts], stories, embed)
        for (part, path), row in zip(prompts, fits, strict=True):
            themes = question_themes(part.title)
            scored = [
                (s.key, float(f) + 0.1 * len(set(themes) & set(s.themes))) for s, f in zip(stories, row, strict=True)
            ]
            best = sorted((x for x in scored if x[1] >= LINK_MIN), key=lambda x: -x[1])[:3]
            bank.links.append(PromptLink(part.item_id or "", part.title, path, part.line_start, themes, best))
    return bank


def _fits(questions: list[str], stories: list[Story], embed: Embed | None) -> np.ndarray:
    """How well each story fits each question: cosine of their embeddings, or word overlap without a model."""
    import numpy as np

    if embed is not None:
        q = np.asarray(embed(questions), dtype=np.float32)
        s = np.asarray(embed([_summary(story) for story in stories]), dtype=np.float32)
        return q @ s.T
    return np.array([[_overlap(_words(q), _words(story.text)) for story in stories] for q in questions])


def _summary(story: Story) -> str:
    """What a story is about, for matching: its situation and task, and the start of its result."""
    return " ".join(p for p in (story.situation, story.task, story.result[:300]) if p)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9-]+", text.lower()) if w not in _STOP and len(w) > 2}


def _overlap(question: set[str], story: set[str]) -> float:
    return len(question & story) / max(1, len(question)) if question else 0.0


def match_story(answer: str, stories: list[Story]) -> Story | None:
    """The story an answer tells: the one whose distinctive words it uses most (at least SAME_STORY of them)."""
    said = _words(answer)
    best, best_share = None, 0.0
    for story in stories:
        own = _words(story.situation + " " + story.task + " " + story.action)
        if len(own) < 5:
            continue
        share = len(said & own) / len(own)
        if share > best_share:
            best, best_share = story, share
    return best if best_share >= SAME_STORY else None


@dataclass
class Reuse:
    story_key: str
    story_title: str
    questions: list[str]

    def message(self) -> str:
        asked = "; ".join(f"“{q}”" for q in self.questions)
        return f"the same story ({self.story_title}) answered {len(self.questions)} questions: {asked}"


def reused_stories(answers: list[tuple[str, str]], stories: list[Story]) -> list[Reuse]:
    """Stories told for more than one question among `answers` ((question, answer) pairs of one session)."""
    told: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for question, answer in answers:
        story = match_story(answer, stories)
        if story is not None:
            told.setdefault(story.key, [])
            if question not in told[story.key]:
                told[story.key].append(question)
            titles[story.key] = story.title
    return [Reuse(k, titles[k], qs) for k, qs in told.items() if len(qs) > 1]
