"""Import notes files into the bank: one transaction per file, stable ids, unchanged files skipped,
questions that left the notes retired (never deleted, so their history stays)."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from interview_coach.bank import Bank
from interview_coach.bank.schema import Document, Item, Note
from interview_coach.bank.workers import Limits, Outcome, bounded_map
from interview_coach.errors import NotesFileError
from interview_coach.notes.discover import discover
from interview_coach.notes.read import DEFAULT_MAX_BYTES, NotesText, decode_notes, read_notes
from interview_coach.parse import PARSE_FORMAT, ParsedDocument, ParsedItem
from interview_coach.parse.blocks import MarkdownParseError
from interview_coach.parse.interop import InteropError, parse_notes_text

SAMPLE_PREFIX = "sample:"


@dataclass
class FileOutcome:
    path: str
    status: str  # imported | updated | unchanged | empty | failed
    message: str = ""
    added: int = 0
    updated: int = 0
    retired: int = 0
    notes: int = 0
    warnings: list[str] = field(default_factory=list)  # one line each: repaired bytes, skipped rows
    formats: list[str] = field(default_factory=list)  # how the file marks its questions (parse ParsedDocument)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # paths that named no notes at all
    skipped: list[str] = field(default_factory=list)  # symlinks leading out of the folders given (not a failure)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(o.failed for o in self.outcomes)


Progress = Callable[[FileOutcome], None]


def question_key(question: str) -> str:
    """The question's words, lowercased: punctuation and spacing edits keep the same key."""
    return " ".join(re.findall(r"\w+", question.lower()))


def item_id(source_key: str, question: str, occurrence: int) -> str:
    """Stable across re-imports: the same question in the same file keeps its id whatever its answer says."""
    digest = hashlib.sha1(f"{source_key}\0{question_key(question)}\0{occurrence}".encode()).hexdigest()
    return digest[:12]


# Parsing is CPU-bound and files are independent: big folders parse in a worker per core while the main
# process writes to the bank. Small imports use one worker (there to enforce the per-file limits).
PARALLEL_MIN_BYTES = 2 * 1024 * 1024
# Beyond its first MB a file gets more time and memory in proportion (ordinary notes parse at ~1.5 MB/s and
# take ~100 MB per MB on a quiet 2-core machine; these leave room for a busy one).
SECONDS_PER_MB = 10.0
MEMORY_MB_PER_MB = 150


@dataclass
class _Prepared:
    """One file read, repaired and parsed (or the reason it could not be); what a worker sends back."""

    path: Path
    notes: NotesText | None = None
    parsed: ParsedDocument | None = None
    failure: str = ""


def import_paths(
    bank: Bank,
    specs: list[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    questions: str | None = None,
) -> ImportReport:
    """`questions` names the shape that marks questions in every file (parse.SHAPES), overriding inference."""
    found = discover(specs)
    report = ImportReport(problems=found.problems, skipped=found.skipped)
    known = _known_hashes(bank)
    kept_out = _removed_unless_named(bank, specs)
    for path in [p for p in found.files if str(p.resolve()) in kept_out]:
        message = "left out: removed with `coach remove`; import the file by name to bring it back"
        report.outcomes.append(FileOutcome(str(path), "removed", message))
    files = [path for path in found.files if str(path.resolve()) not in kept_out]
    jobs = [(path, max_bytes, known.get(str(path.resolve())), questions) for path in files]
    for prepared in prepare_all(jobs):
        path = prepared.path
        if prepared.notes is None:
            outcome = FileOutcome(str(path), "failed", prepared.failure)
        else:
            key = str(path.resolve())
            outcome = _store_file(bank, prepared.notes, prepared.parsed, key, str(path), questions)
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return report


def document_digest(notes: NotesText, questions: str | None = None) -> str:
    """What a document row records: its text and the parser format it was read with (a newer parser re-reads an
    unchanged file once, so what it now extracts reaches banks imported before; so does a `--questions` choice)."""
    override = f"/{questions}" if questions else ""
    return hashlib.sha256(f"{notes.content_hash}/{PARSE_FORMAT}{override}".encode()).hexdigest()


@dataclass
class FilePreview:
    """What `import --dry-run` shows for one file: how its questions are marked and the first few, nothing stored."""

    path: str
    status: str  # ok | empty | failed
    message: str = ""
    formats: list[str] = field(default_factory=list)
    questions: int = 0
    answered: int = 0
    notes: int = 0
    first: list[dict[str, object]] = field(default_factory=list)  # {"line", "question", "answer"} of the first few


def preview_paths(
    specs: list[str], max_bytes: int = DEFAULT_MAX_BYTES, questions: str | None = None, first: int = 5
) -> tuple[list[FilePreview], list[str]]:
    """Read and parse like import_paths, writing nothing: (one preview per file, paths that named no notes)."""
    found = discover(specs)
    previews = []
    for prepared in prepare_all([(path, max_bytes, None, questions) for path in found.files]):
        if prepared.parsed is None:
            previews.append(FilePreview(str(prepared.path), "failed", prepared.failure or "could not be read"))
            continue
        items = prepared.parsed.items
        shown = [{"line": i.line_start, "question": i.question, "answer": i.answer[:200]} for i in items[:first]]
        previews.append(
            FilePreview(
                str(prepared.path),
                "ok" if items else "empty",
                "" if items else "no questions found",
                prepared.parsed.formats,
                len(items),
                sum(1 for i in items if i.answer),
                len(prepared.parsed.notes),
                shown,
            )
        )
    return previews, found.problems


def _removed_unless_named(bank: Bank, specs: list[str]) -> set[str]:
    """Files `coach remove` took out stay out of folder and glob imports; naming the file brings it back."""
    named = {str(Path(spec).expanduser().resolve()) for spec in specs}
    with bank.session() as session:
        removed = session.scalars(select(Document.source_key).where(Document.removed_at.is_not(None)))
        return {key for key in removed if key not in named}


def _known_hashes(bank: Bank) -> dict[str, str]:
    with bank.session() as session:
        rows = session.execute(select(Document.source_key, Document.content_hash)).all()
        return {key: digest for key, digest in rows}


def prepare_all(
    jobs: list[tuple[Path, int, str | None, str | None]], limits: Limits | None = None
) -> Iterator[_Prepared]:
    """Read and parse every file in worker processes, each under a time and memory limit (COACH_FILE_TIMEOUT,
    COACH_FILE_MEMORY_MB): a file that exceeds one fails with one line and the others import."""
    base = limits or Limits.from_env()
    sizes = [_size(job[0]) for job in jobs]
    per_file = [base.scaled(size, SECONDS_PER_MB, MEMORY_MB_PER_MB) for size in sizes]
    workers = min(os.cpu_count() or 1, len(jobs)) if sum(sizes) >= PARALLEL_MIN_BYTES else 1
    for (path, *_), outcome in zip(jobs, bounded_map(_prepare, jobs, workers, per_file), strict=True):
        yield outcome.value if outcome.status == "ok" else _Prepared(path, failure=_limit_message(outcome))


def _limit_message(outcome: Outcome) -> str:
    limits = outcome.limits
    if outcome.status == "timeout":
        return (
            f"parsing took longer than {limits.seconds:g} s and was stopped (very deep nesting, or a very long "
            "run of spaces or brackets?); split or simplify the file, or raise COACH_FILE_TIMEOUT"
        )
    if outcome.status == "memory":
        return (
            f"parsing needed more than {limits.memory_mb} MB and was stopped; split the file into smaller ones, "
            "or raise COACH_FILE_MEMORY_MB"
        )
    return f"could not be parsed ({outcome.value}; a parser bug); please report it with the file"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _prepare(path: Path, max_bytes: int, known_hash: str | None, questions: str | None = None) -> _Prepared:
    try:
        notes = read_notes(path, max_bytes)
    except NotesFileError as exc:
        return _Prepared(path, failure=exc.problem)
    if document_digest(notes, questions) == known_hash:
        return _Prepared(path, notes)
    try:
        return _Prepared(path, notes, parse_notes_text(notes.text, path.suffix, questions))
    except InteropError as exc:
        return _Prepared(path, failure=str(exc))
    except MarkdownParseError:
        return _Prepared(path, failure="could not be parsed as markdown (a parser bug); please report it with the file")


def import_sample(bank: Bank, progress: Progress | None = None) -> ImportReport:
    """The notes bundled with the package, so a fresh install has something to practise."""
    report = ImportReport()
    for entry in sorted(resources.files("interview_coach.sample").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".md"):
            continue
        key, shown = SAMPLE_PREFIX + entry.name, f"sample/{entry.name}"
        text = decode_notes(Path(shown), entry.read_bytes())
        outcome = _store_file(bank, text, None, key, shown)
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return report


def _store_file(
    bank: Bank, notes: NotesText, parsed: ParsedDocument | None, key: str, shown: str, questions: str | None = None
) -> FileOutcome:
    with bank.transaction() as session:
        document = session.scalar(select(Document).where(Document.source_key == key))
        if document is not None and document.content_hash == document_digest(notes, questions):
            return FileOutcome(shown, "unchanged", "unchanged since the last import")
        parsed = parsed or parse_notes_text(notes.text, Path(shown).suffix, questions)
        now = datetime.now(UTC)
        status = "updated" if document is not None else "imported"
        if document is None:
            document = Document(source_key=key, imported_at=now)
            session.add(document)
        _fill_document(document, notes, parsed, shown, now, questions)
        session.flush()
        outcome = _store_items(session, document, parsed.items, key, now)
        outcome.notes = _store_notes(session, document, parsed)
    outcome.path, outcome.status = shown, status
    outcome.warnings = [*notes.warnings, *parsed.warnings]
    outcome.formats = parsed.formats
    if not parsed.items:
        outcome.status = "empty"
        outcome.message = _empty_message(notes, parsed)
    elif notes.repairs:
        outcome.message = f"repaired garbled characters ({notes.encoding})"
    return outcome


_NOTE_NAMES = {
    "section": ("section", "sections"),
    "key_number": ("key number", "key numbers"),
    "checklist": ("checklist", "checklists"),
    "pitch": ("pitch", "pitches"),
    "star_story": ("STAR story", "STAR stories"),
    "demo_flow": ("demo flow", "demo flows"),
    "talking_points": ("list of talking points", "lists of talking points"),
    "tips": ("list of tips", "lists of tips"),
}


def _empty_message(notes: NotesText, parsed: ParsedDocument) -> str:
    """What was kept of a file with no questions, and how to say where its questions are if it has some."""
    if not notes.text.strip():
        return "is empty; nothing to import"
    kept = Counter(note.note_type for note in parsed.notes)
    named = [f"{n} {_NOTE_NAMES.get(t, (t, t))[n != 1]}" for t, n in kept.most_common()]
    extra = f" (kept for search: {', '.join(named)})" if named else ""
    return (
        f"no questions found{extra}; if it holds questions, say how they are marked "
        "(coach import --questions heading|bold|list|label|table|card|details FILE)"
    )


def _fill_document(
    document: Document, notes: NotesText, parsed: ParsedDocument, shown: str, now: datetime, questions: str | None
) -> None:
    document.path = shown
    document.title = parsed.title
    document.content_hash = document_digest(notes, questions)
    document.encoding = notes.encoding
    document.repairs = notes.repairs
    document.line_count = parsed.line_count
    document.imported_at = now
    document.removed_at = None  # imported by name again after `coach remove`


def _store_items(
    session: Session, document: Document, parsed: list[ParsedItem], key: str, now: datetime
) -> FileOutcome:
    existing = {item.id: item for item in session.scalars(select(Item).where(Item.document_id == document.id))}
    seen: Counter[str] = Counter()
    outcome = FileOutcome("", "")
    kept: set[str] = set()
    new_rows: list[dict[str, object]] = []
    for ordinal, parsed_item in enumerate(parsed):
        words = question_key(parsed_item.question)
        ident = item_id(key, parsed_item.question, seen[words])
        seen[words] += 1
        kept.add(ident)
        row = existing.get(ident)
        if row is None:
            new_rows.append(
                {"id": ident, "document_id": document.id, "created_at": now} | _item_fields(parsed_item, ordinal, now)
            )
        else:
            outcome.updated += _changed(row, parsed_item, ordinal)
            for name, value in _item_fields(parsed_item, ordinal, now).items():
                setattr(row, name, value)
    if new_rows:  # one executemany: importing a big folder is mostly new rows
        session.execute(insert(Item), new_rows)
        outcome.added = len(new_rows)
    for ident, row in existing.items():
        if ident not in kept and not row.retired:
            row.retired = True
            row.updated_at = now
            outcome.retired += 1
    return outcome


def _changed(row: Item, parsed: ParsedItem, ordinal: int) -> bool:
    return (row.answer, row.kind, row.topic, row.line_start, row.retired) != (
        parsed.answer,
        parsed.kind,
        parsed.topic,
        parsed.line_start,
        False,
    ) or row.ordinal != ordinal


def _item_fields(parsed: ParsedItem, ordinal: int, now: datetime) -> dict[str, object]:
    return {
        "ordinal": ordinal,
        "question": parsed.question,
        "answer": parsed.answer,
        "kind": parsed.kind,
        "topic": parsed.topic,
        "heading_path": list(parsed.heading_path),
        "line_start": parsed.line_start,
        "line_end": parsed.line_end,
        "answer_line_start": parsed.answer_lines[0] if parsed.answer_lines else None,
        "answer_line_end": parsed.answer_lines[1] if parsed.answer_lines else None,
        "star": parsed.star.as_dict() if parsed.star else None,
        "note": parsed.note,
        "retired": False,
        "updated_at": now,
    }


def _store_notes(session: Session, document: Document, parsed: ParsedDocument) -> int:
    """Structured notes carry no history, so they are simply replaced with the file's current ones."""
    session.execute(delete(Note).where(Note.document_id == document.id))
    rows = [
        {
            "document_id": document.id,
            "note_type": note.note_type,
            "title": note.title,
            "body": note.body,
            "heading_path": list(note.heading_path),
            "line_start": note.line_start,
            "line_end": note.line_end,
            "data": dict(note.data),
        }
        for note in parsed.notes
    ]
    if rows:
        session.execute(insert(Note), rows)
    return len(rows)
