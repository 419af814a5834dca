"""The story bank: every STAR story in the notes (in a Q&A answer or standalone), its four parts with the coaching
text around it kept apart ("This story highlights…", "Bonus tip:"), the themes it can answer and the behavioral
questions it is used for."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from interview_coach.dossier.facets import plain
from interview_coach.dossier.outline import Outline, Part
from interview_coach.parse.star import parse_star

THEMES = (
    "leadership",
    "conflict",
    "failure",
    "learning fast",
    "ambiguity",
    "influence without authority",
    "prioritisation",
    "customer focus",
)
# What a story (or a question) says when it is about each theme. Question cues weigh more: "Tell me about a
# time you failed" says what the story is for.
THEME_CUES = {
    "leadership": r"\bled\b|\blead(?:ing)? (?:the|a|my) team|team lead|\bmentor|took ownership|ownership|"
    r"spearhead|\bdrove\b|managed (?:a|the) team|as the (?:[\w-]+ ){0,3}lead\b|leadership|took (?:the )?initiative",
    "conflict": r"conflict|disagree|disput|at odds|pushback|push back|"
    r"difficult (?:stakeholder|teammate|colleague|coworker)|tension|\bargu|clash|"
    r"while (?:most of )?the (?:rest of the )?team|opposed|friction",
    "failure": r"\bfail|mistake|didn['’]?t work|did not work|went wrong|\bhalt|setback|post-?mortem|incident|"
    r"roll(?:ed)? ?back|dropped significantly|couldn['’]?t achieve|wasn['’]?t (?:able|successful)",
    "learning fast": r"learn\w* (?:\w+ ){0,2}(?:new|quickly|fast)|get up to speed|had never (?:used|worked)|"
    r"new (?:technology|tool|framework|domain)|unfamiliar|ramp(?:ed)? up|taught myself|didn['’]?t (?:yet )?have "
    r"(?:hands-on )?experience|read the (?:key )?papers|learn fast|quick(?:ly)? learn",
    "ambiguity": r"ambigu|unclear|uncertain|no clear|undefined|vague|open-ended|root cause|diagnos|investigat|"
    r"unknown|incomplete (?:data|information|requirements)",
    "influence without authority": r"convinc|persuad|influenc|buy-in|\balign(?:ed|ment)?\b|let the data speak|"
    r"shared the results|cross-functional|without (?:formal )?authority|won (?:them|the team) over|stakeholder",
    "prioritisation": r"priorit|trade-?off|deadline|within (?:one|two|three|a|\d+) (?:days?|weeks?)|"
    r"time constraint|limited (?:compute|resources|time|budget)|\bscope\b|cost-efficient|competing|tight",
    "customer focus": r"customer|client|\busers?\b|user experience|business (?:impact|value)|revenue|"
    r"conversion|satisfaction|end users|product team",
}
_THEME_RES = {theme: re.compile(cue, re.IGNORECASE) for theme, cue in THEME_CUES.items()}
# A line that starts the coaching around a story rather than the story itself.
_COACHING = re.compile(
    r"^\W*(?:bonus |pro |optional |quick |extra )?(?:tips?\b|twist\b|note\b|why (?:this|it) works|"
    r"this (?:story|answer|example|response) (?:highlights|shows|demonstrates|works)|what this (?:shows|demonstrates)|"
    r"key takeaways?|takeaways?\b|interviewers?\b|follow-?ups?\b|how to (?:use|tell)|you (?:could|can|should) "
    r"(?:also )?mention|if relevant|remember\b|coach)",
    re.IGNORECASE,
)
_EMOJI_LABEL = re.compile(r"^[^\w\s*#>\-\[(\"'`]+\s*(?:\S+\s+){0,5}\S+:$")  # "🧠 Alternative Tradeoff Ideas:"
_REFLECTION = re.compile(r"^\W*(?:reflection|lessons? learned|what i learned|learning)\s*:?\W*$", re.IGNORECASE)
_STAR_HEADING = re.compile(r"^\s*(?:[STAR]\s*[–—\-:.)]\s*)?(?:situation|task|actions?|results?)\s*:?\s*$", re.I)
_STAR_START = re.compile(r"^\s*(?:[-*+>]\s*)?(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:S\s*[–—\-:.)]\s*)?situation\b", re.I)


@dataclass
class Story:
    key: str
    title: str  # the question it answers, or the heading it sits under
    path: str
    line_start: int
    line_end: int
    situation: str
    task: str
    action: str
    result: str
    coaching: str = ""  # tips and "This story highlights…" around it, not part of the result
    reflection: str = ""  # "Reflection:" / "Lessons learned:" after the result
    item_id: str | None = None  # the Q&A item it answers, when it is an answer
    questions: list[str] = field(default_factory=list)  # the behavioral questions it is used for
    detected_themes: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # detected, or as the user set them

    @property
    def text(self) -> str:
        return "\n".join(p for p in (self.situation, self.task, self.action, self.result) if p)

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def story_key(path: str, situation: str) -> str:
    words = " ".join(re.findall(r"\w+", situation.lower())[:12])
    return hashlib.sha1(f"{path}\0{words}".encode()).hexdigest()[:10]


def find_stories(outline: Outline) -> list[Story]:
    stories: list[Story] = []
    for part in outline.parts:
        stories += _part_stories(outline.path, part)
    stories += _heading_stories(outline)
    for note in outline.star_notes:  # stories the parser saw that no part holds (older banks)
        start, star = int(note["line_start"]), note.get("star") or {}
        if star and not any(s.line_start <= start <= s.line_end for s in stories):
            stories.append(_story(outline.path, "STAR story", start, int(note["line_end"]), star, None, ""))
    stories.sort(key=lambda s: s.line_start)
    return stories


def _part_stories(path: str, part: Part) -> list[Story]:
    star = part.star
    if part.kind == "item" and not star and part.answer:
        found = parse_star(expand_letters(part.answer))
        star = found.as_dict() if found else None
    if part.kind == "item" and star:
        question = "" if _STAR_START.match(part.title) else part.title
        title = question or (part.path[-1] if part.path else "STAR story")
        before = _before_story(expand_letters(part.body))
        return [_story(path, title, part.line_start, part.line_end, star, part.item_id, question, before)]
    if part.kind != "section":
        return []
    out = []
    expanded = expand_letters("\n".join(t for _, t in part.lines)).split("\n")
    lines = [(n, t) for (n, _), t in zip(part.lines, expanded, strict=True)]
    for start, end, text in _star_runs(lines):
        star_ = parse_star(text)
        if star_ is not None:
            out.append(_story(path, plain(part.title) or "STAR story", start, end, star_.as_dict(), None, ""))
    return out


_LETTER = re.compile(r"^(\s*(?:[-*+]\s+)?(?:\*\*|__)?)([STAR])((?:\*\*|__)?\s*[:–—)]|\s+-\s)", re.MULTILINE)
_WORDS = {"S": "Situation", "T": "Task", "A": "Action", "R": "Result"}


_NUMBERED_LABEL = re.compile(r"^(\s*)\d+[.)]\s+(?=(?:\*\*|__)?\s*(?:situation|task|actions?|results?)\b)", re.I | re.M)


def expand_letters(text: str) -> str:
    """STAR labels the part parser does not read, rewritten as ones it does: "S: …", "**T:** …" → "Situation: …",
    "**Task:** …" when S, T, A and R all label lines, in that order (a lone "A:" is an answer); "1. **Situation:**"
    without its numbering."""
    text = _NUMBERED_LABEL.sub(r"\1", text)
    letters = [m.group(2) for m in _LETTER.finditer(text)]
    if "".join(dict.fromkeys(letters)) != "STAR":
        return text
    return _LETTER.sub(lambda m: m.group(1) + _WORDS[m.group(2)] + m.group(3), text)


def _heading_stories(outline: Outline) -> list[Story]:
    """STAR labels used as headings ("### Situation", "### Task"…): consecutive sections under one heading."""
    out: list[Story] = []
    parts = [p for p in outline.parts if p.kind == "section"]
    for i, part in enumerate(parts):
        if not _STAR_HEADING.match(part.title) or not _STAR_START.match(part.title):
            continue
        group = [part]
        for nxt in parts[i + 1 : i + 4]:
            if nxt.path == part.path and _STAR_HEADING.match(nxt.title):
                group.append(nxt)
            else:
                break
        text = "\n".join(f"{g.title}:\n{g.body}" for g in group)
        star = parse_star(text)
        if star is not None:
            title = plain(part.path[-1]) if part.path else "STAR story"
            out.append(_story(outline.path, title, part.line_start, group[-1].line_end, star.as_dict(), None, ""))
    return out


def _star_runs(lines: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Stretches of a section that start at a Situation label: each is one story."""
    starts = [i for i, (_, text) in enumerate(lines) if _STAR_START.match(text)]
    runs = []
    for k, i in enumerate(starts):
        j = starts[k + 1] if k + 1 < len(starts) else len(lines)
        chunk = lines[i:j]
        while chunk and not chunk[-1][1].strip():
            chunk.pop()
        runs.append((chunk[0][0], chunk[-1][0], "\n".join(t for _, t in chunk)))
    return runs


def _before_story(body: str) -> str:
    """Coaching before the Situation ("This question tests: …")."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if _STAR_START.match(line):
            return "\n".join(lines[:i]).strip()
    return ""


def _story(
    path: str,
    title: str,
    start: int,
    end: int,
    star: dict[str, str],
    item_id: str | None,
    question: str,
    before: str = "",
) -> Story:
    result, coaching, reflection = split_coaching(star.get("result", ""))
    action, action_coaching, _ = split_coaching(star.get("action", ""))
    situation = star.get("situation", "")
    story = Story(
        story_key(path, situation),
        title,
        path,
        start,
        end,
        _clean(situation),
        _clean(star.get("task", "")),
        _clean(action),
        _clean(result),
        "\n".join(t for t in (before, action_coaching, coaching) if t).strip(),
        _clean(reflection),
        item_id,
        [question] if question else [],
    )
    story.detected_themes = detect_themes(story.text + "\n" + story.reflection, question or title)
    story.themes = list(story.detected_themes)
    return story


def split_coaching(text: str) -> tuple[str, str, str]:
    """(the story's own text, coaching after it, a reflection after it): split at the first line that starts
    coaching ("🧠 Bonus Tip:", "This story highlights:") or a reflection ("Reflection:")."""
    lines = text.split("\n")
    own: list[str] = []
    coaching: list[str] = []
    reflection: list[str] = []
    target = own
    for line in lines:
        stripped = plain(line)
        if target is not coaching and (_COACHING.match(stripped) or _EMOJI_LABEL.match(stripped)):
            target = coaching
        elif target is own and _REFLECTION.match(stripped):
            target = reflection
            continue
        target.append(line)
    return "\n".join(own).strip(), "\n".join(coaching).strip(), "\n".join(reflection).strip()


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().split("\n")).strip()


def detect_themes(text: str, question: str = "", limit: int = 3) -> list[str]:
    """The themes a story can answer: cue phrases in the story (1 each, at most 3 per theme) and in the question it
    answers (3 each); a theme needs 2 points, or 1 in a short story (under 120 words)."""
    scores: dict[str, int] = {}
    needed = 1 if len(text.split()) < 120 else 2
    for theme, pattern in _THEME_RES.items():
        score = min(3, len(pattern.findall(text))) + 3 * len(pattern.findall(question))
        if score >= needed:
            scores[theme] = score
    ranked = sorted(scores, key=lambda t: (-scores[t], THEMES.index(t)))
    return ranked[:limit]


def question_themes(question: str) -> list[str]:
    return [theme for theme, pattern in _THEME_RES.items() if pattern.search(question)]
