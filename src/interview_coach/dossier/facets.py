"""What a heading or a label says its section is about (pitch, architecture, challenges, demo flow…), and the
plain text of markdown lines. General vocabulary of interview-prep notes, nothing keyed on one document."""

from __future__ import annotations

import re

FACETS: tuple[tuple[str, str], ...] = (  # most specific first: a heading gets the first facet it names
    ("pitch", r"elevator|\bpitch\b|introduce yourself|core message|key (?:interview )?messages?|one[- ]liner"
     r"|(?:tell me about|describe|introduce|give (?:me )?an overview of) (?:the|this|your) project"
     r"|project summary|in a nutshell|short version|\b(?:15|20|30|45|60|90)[- ]?(?:seconds?|secs?|s)\b"
     r"|\btl;?dr\b|summary statement|in (?:30|60|90) seconds"),
    ("talking_points", r"talking points?|key points|what to (?:say|mention|emphasi[sz]e)"),
    ("code", r"\bcode\b|implementation|snippets?"),
    ("demo", r"\bdemo\b|demo (?:flow|script|strategy)|walk-?through|scenarios?|showcase|what to show"),
    ("troubleshooting", r"troubleshoot|debug|edge cases|failure modes|incidents?|gotchas|what could go wrong"),
    ("checklist", r"check-?list|readiness|\bready\b|\bto-?do\b"),
    ("metrics", r"key (?:metrics|numbers|figures|results|stats)|\bmetrics\b|\bresults?\b|achievements?|\bimpact\b"
     r"|highlights|by the numbers|performance numbers|\bnumbers\b"),
    ("challenges", r"challenges?|problems? (?:faced|solved)|hardest|toughest|biggest (?:problem|challenge)|difficult"
        r"|trade-?offs?|lessons?(?: learned)?"
     r"|what (?:went wrong|i learned)|decisions?"),
    ("scaling", r"scal(?:e|ing|ability)|in production|production (?:considerations|readiness)|deployment"
     r"|monitoring|future (?:work|improvements)|next steps|improvements"),
    ("architecture", r"architecture|system design|\bdesign\b|how it works|components|tech(?:nology)? stack"
     r"|data flow|pipeline"),
    ("qa", r"\bq&a\b|\bquestions\b|\bfaq\b|follow-?ups?"),
)  # fmt: skip
_FACET_RES = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in FACETS]
# A dossier is named by its project; these words alone name a kind of document, not a project.
GENERIC = set(
    "interview interviews preparation prep guide documentation docs summary notes note overview project projects my "
    "the a an of for and to in on readme cheat sheet cheatsheet questions question answers answer q&a study plan "
    "talking points portfolio reference quick final complete comprehensive technical behavioral deep dive "
    "materials material section part chapter batch mock practice examples example with about this these".split()
)
_EMOJI = re.compile(r"[^\w\s&/:().,'+#-]", re.UNICODE)


def facet_of(title: str) -> str | None:
    """The first facet whose vocabulary the heading uses, or None."""
    for name, pattern in _FACET_RES:
        if pattern.search(title):
            return name
    return None


def facets_in(title: str) -> set[str]:
    return {name for name, pattern in _FACET_RES if pattern.search(title)}


def clean_title(title: str) -> str:
    """A heading without emoji, markup, status marks or a "Project 2:" style prefix."""
    text = plain(title)
    text = _EMOJI.sub(" ", text)
    text = re.sub(r"^\s*(?:project|case study|story)\s*#?\s*\d*\s*[:.\-–—)]\s*", "", text, flags=re.I)
    text = re.sub(r"^\s*\d+[.)]\s+", "", text)
    return " ".join(text.split()).strip(" :-–—")


def is_generic(name: str) -> bool:
    words = re.findall(r"[a-z0-9&]+", name.lower())
    return not words or all(w in GENERIC for w in words)


def plain(text: str) -> str:
    """Markdown line → plain text: no list marker, emphasis, links, backticks or surrounding quotes."""
    text = _LIST_MARK.sub("", text)
    text = _HEADING_MARK.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _STARS.sub("", text)
    text = _UNDERSCORES.sub("", text)  # _emphasis_, not snake_case
    return text.strip().strip('"“”').strip()


# Compiled once (plain runs on every line of the notes a figure check reads).
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+|^\s*>\s?")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_STARS = re.compile(r"\*\*|\*|`")
_UNDERSCORES = re.compile(r"(?<![\w\\])__?(?=\S)|(?<=\S)__?(?![\w])")


def duration_seconds(title: str) -> int | None:
    """A time budget a heading states: "(30 seconds)", "2-minute pitch", "60s"."""
    match = re.search(r"(\d+(?:\.\d+)?)\s*-?\s*(seconds?|secs?|s\b|minutes?|mins?|m\b)", title, re.IGNORECASE)
    if not match:
        return None
    value = float(match.group(1))
    return int(value * 60) if match.group(2).lower().startswith("m") else int(value)
