"""What gets searched: each item's question, its answer in chunks, and the sections of notes no question owns.

Pure: plain values in, PassageSpec out. A chunk is a run of whole paragraphs/lines of about CHUNK_WORDS words, so
a long answer is found by the part that matches and a citation quotes that part, not the whole answer; a chunk the
embedding model would cut short is split further (fit_window), so no word of it is invisible to dense search. A
section of notes is also searched line by line (small-to-big): one bullet in a long list is found by what it says
and quoted on its own, while the result is still the section.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from functools import cached_property

from interview_coach.parse.lines import BULLET, FENCE, TABLE_RULE, table_cells
from interview_coach.parse.questions import strip_markup

CHUNK_WORDS = 120
MIN_LINE_WORDS = 3
MAX_LINE_PASSAGES = 2000  # a longer section is searched by its chunks only (lines of a table dump add little)
# Bump when the passages made from the same text change, so existing banks are re-indexed once.
PASSAGE_FORMAT = 4
_BREAKS = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)|\n(?=#)")


@dataclass(frozen=True)
class PassageSpec:
    unit: str  # the result this passage belongs to: an item id or a section key
    field: str  # question | answer | section | line
    title: str  # the question or section heading
    text: str  # what is quoted back (the question itself for field == "question")
    heading_path: tuple[str, ...]
    line_start: int
    line_end: int
    item_id: str | None = None
    quote_line: int | None = None  # a one-line passage's own file line (line_start/line_end are its result's)

    # Cached: indexing reads it (and the hash built on it) several times per passage, and prose_text is regex work.
    @cached_property
    def embedded_text(self) -> str:
        """The text the model sees: a chunk carries its question or heading, so it is understood in context, and is
        read as plain sentences (table rules, pipes and emphasis marks only use up the model's token window)."""
        if self.field == "question":
            return self.title
        context = " > ".join([*self.heading_path[-1:], self.title]) if self.field == "section" else self.title
        return f"{context}\n{self.read_text}" if context else self.read_text

    @cached_property
    def read_text(self) -> str:
        """The passage's own words as the model reads them, without the context embedded_text adds."""
        if self.field == "question":
            return self.title
        return self.text if self.field == "line" else prose_text(self.text)

    @property
    def keywords(self) -> str:
        """The text as keyword search sees it: the enclosing headings, then the text (a question passage has only
        its title, which is indexed on its own)."""
        context = " ".join(self.heading_path[-2:])
        return keyword_text(context if self.field == "question" else f"{context}\n{self.text}")

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha1(f"{self.field}\0{self.embedded_text}".encode()).hexdigest()


_HEADING_OR_QUOTE = re.compile(r"^\s*(?:#{1,6}\s+|>\s*)")


def prose_text(markdown: str) -> str:
    """Markdown → plain sentences for a one-line passage: table pipes and rules, fences, list markers and emphasis
    are noise to the embedding model, and a quoted bullet reads better without them."""
    lines = []
    for line in markdown.splitlines():
        if TABLE_RULE.match(line) or FENCE.match(line):
            continue
        stripped = line.strip()
        if stripped.startswith("|"):
            stripped = " — ".join(table_cells(stripped))
        text = strip_markup(BULLET.sub("", _HEADING_OR_QUOTE.sub("", stripped)))
        if text:
            lines.append(text)
    return "\n".join(lines)


_THOUSANDS = re.compile(r"(?<=\d)[,_](?=\d{3}\b)")


def keyword_text(text: str) -> str:
    """Numbers written with thousands separators match the bare number a user types ("1,566%" ↔ "1566%")."""
    return _THOUSANDS.sub("", text)


def item_passages(
    item_id: str, question: str, answer: str, heading_path: list[str], line_start: int, line_end: int
) -> list[PassageSpec]:
    path = tuple(heading_path)
    specs = [PassageSpec(item_id, "question", question, question, path, line_start, line_end, item_id)]
    specs += [
        PassageSpec(item_id, "answer", question, chunk, path, line_start, line_end, item_id)
        for chunk in chunk_text(answer)
    ]
    return specs


def section_passages(
    document_id: int,
    title: str,
    body: str,
    heading_path: list[str],
    span: tuple[int, int],
    line_numbers: list[int] | None = None,
) -> list[PassageSpec]:
    """A section in chunks, and each of its lines on its own; a line's passage knows its own file line when
    line_numbers (one per line of body, from the parser) are given, so a citation can point at one bullet."""
    unit = f"s:{document_id}:{span[0]}"
    path = tuple(heading_path)
    specs = [PassageSpec(unit, "section", title, chunk, path, *span) for chunk in chunk_text(body)]
    body_lines = body.splitlines()
    if len(body_lines) > MAX_LINE_PASSAGES:  # a 4 MB table: 81,000 one-line passages, 1.3 GB and minutes to write
        return specs  # found by its chunks, like an answer
    numbers = line_numbers if line_numbers and len(line_numbers) == len(body_lines) else [0] * len(body_lines)
    kept = [(prose_text(line), number) for line, number in zip(body_lines, numbers, strict=True)]
    kept = [(text, number) for text, number in kept if len(text.split()) >= MIN_LINE_WORDS]
    if len(kept) > 1:
        specs += [
            PassageSpec(unit, "line", title, text, path, *span, quote_line=number or None) for text, number in kept
        ]
    return specs


def fit_window(
    specs: list[PassageSpec], fits: Callable[[list[str]], list[bool]], keep: Collection[str] = ()
) -> list[PassageSpec]:
    """Chunks whose embedded text the model would truncate, split in smaller chunks until each fits (`fits` is the
    embedder's own check, so the limit is the model's real token window, not a guess from word counts). Passages
    whose content hash is in `keep` are never embedded, so they stay as they are."""
    # Questions and single lines are never split, so only chunks of more than one word are checked.
    splittable = [
        i
        for i, s in enumerate(specs)
        if s.field in ("answer", "section") and s.content_hash not in keep and len(s.text.split()) > 1
    ]
    fit_of = _fits_once([specs[i].embedded_text for i in splittable], fits)
    too_long = {i for i in splittable if not fit_of[specs[i].embedded_text]}
    splits: dict[tuple[str, str, tuple[str, ...], str], list[str]] = {}  # a repeated chunk is split once
    fitted: list[PassageSpec] = []
    for i, spec in enumerate(specs):
        if i not in too_long:
            fitted.append(spec)
            continue
        key = (spec.field, spec.title, spec.heading_path[-1:], spec.text)  # what embedded_text is made of
        if key not in splits:
            halves = [replace(spec, text=chunk) for chunk in chunk_text(spec.text, len(spec.text.split()) // 2)]
            splits[key] = [half.text for half in (fit_window(halves, fits) if len(halves) > 1 else halves)]
        fitted += [replace(spec, text=text) for text in splits[key]]
    return fitted


_FITS_SLICE = 2048  # texts tokenized at once: the tokenizer's output for all of a huge file is gigabytes


def _fits_once(texts: list[str], fits: Callable[[list[str]], list[bool]]) -> dict[str, bool]:
    """`fits` for each distinct text, asked in slices: repeated chunks (2,000 nested quote lines make 17,000
    chunks of 200 texts) are tokenized once, and memory stays bounded whatever the file's size."""
    distinct = list(dict.fromkeys(texts))
    verdicts: dict[str, bool] = {}
    for start in range(0, len(distinct), _FITS_SLICE):
        part = distinct[start : start + _FITS_SLICE]
        verdicts.update(zip(part, fits(part), strict=True))
    return verdicts


def chunk_text(text: str, max_words: int = CHUNK_WORDS) -> list[str]:
    """Whole paragraphs, list entries and lines packed into chunks of about max_words words."""
    pieces = [p.strip() for p in _BREAKS.split(text) if p.strip()]
    chunks: list[str] = []
    current: list[str] = []
    words = 0
    for piece in _split_long(pieces, max_words):
        size = len(piece.split())
        if current and words + size > max_words:
            chunks.append("\n\n".join(current))
            current, words = [], 0
        current.append(piece)
        words += size
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def _split_long(pieces: list[str], max_words: int) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        words = piece.split()
        if len(words) <= max_words * 1.5:
            out.append(piece)
            continue
        lines = piece.split("\n")
        if len(lines) > 1:
            out.extend(_split_long([line for line in lines if line.strip()], max_words))
        else:  # one huge line: cut by words
            out.extend(" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words))
    return out
