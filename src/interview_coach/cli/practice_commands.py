"""practice, due, stats, history: the daily drill in the terminal and where it leaves you."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import click

from interview_coach.cli import cli, emit_json, open_from
from interview_coach.cli.commands import KIND_CHOICES
from interview_coach.cli.writing import LLM_OPTION, configured_llm, try_writing

if TYPE_CHECKING:
    from interview_coach.bank import Bank
    from interview_coach.bank.schema import Item
    from interview_coach.grade.grader import Grade
    from interview_coach.llm.client import LLMConfig

_HELP = {"help_option_names": ["-h", "--help"]}
BUDGETS = {
    "technical": 120,
    "coding": 300,
    "system_design": 300,
    "behavioral": 180,
    "project": 180,
    "ask_interviewer": 60,
    "hr": 60,
}
RATING_KEYS = {"a": 1, "h": 2, "g": 3, "e": 4}
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def _retention() -> float:
    try:
        return float(os.environ.get("COACH_RETENTION", "0.9"))
    except ValueError:
        return 0.9


class EndSession(Exception):
    """Ctrl-C, Ctrl-D or "q": stop after saving what was typed."""


@dataclass(frozen=True)
class Drill:
    """How this session runs: time budget per kind, and the model that comments (None: no comments)."""

    budgets: dict[str, int]
    llm: LLMConfig | None


@dataclass
class Summary:
    answered: int = 0
    scores: list[int] = field(default_factory=list)
    ratings: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@cli.command("practice", context_settings=_HELP)
@click.option("--topic", help="Only this topic.")
@click.option("--kind", type=KIND_CHOICES, help="Only this kind.")
@click.option("--source", metavar="FILE", help="Only items from notes files whose path contains FILE.")
@click.option("--new", "new", type=click.IntRange(0, 500), default=10, show_default=True, help="New items at most.")
@click.option("--due-only", is_flag=True, help="Only reviews that are due, no new items.")
@click.option("--minutes", type=click.FloatRange(min=0.5), help="Stop asking new questions after this long.")
@click.option("--budget", multiple=True, metavar="KIND=SECONDS", help="Time budget per kind, e.g. technical=90.")
@LLM_OPTION
@click.pass_context
def practice_cmd(
    ctx: click.Context,
    topic: str | None,
    kind: str | None,
    source: str | None,
    new: int,
    due_only: bool,
    minutes: float | None,
    budget: tuple[str, ...],
    use_llm: bool,
) -> None:
    """Practise: answer questions against the clock, get graded feedback, and schedule reviews (FSRS).

    Due reviews come first, then new questions, topics interleaved. Type your answer and submit it with an empty
    line (/e opens $EDITOR, /s skips). Your answer is saved before it is graded. Then accept the suggested rating
    with Enter or type a (Again), h (Hard), g (Good), e (Easy); s skips, n never asks this again, q quits.
    Ctrl-C or Ctrl-D ends the session with a summary; nothing typed is lost. With COACH_LLM_URL set, the model
    you run adds a written comment after each grade (the score stays the offline grader's).

    \b
    Example:
      coach practice --topic rag --new 5
      coach practice --due-only --minutes 15
    """
    from interview_coach.practice.queue import build_queue
    from interview_coach.practice.store import candidates

    drill = Drill(_budgets(budget), configured_llm(use_llm))
    started = datetime.now(UTC)
    with open_from(ctx) as bank:
        with bank.session() as session:
            queue = build_queue(candidates(session, kind, topic, source), started, new, due_only)
        if not queue:
            click.echo("Nothing to practise now: nothing is due and there are no new items for this selection.")
            click.echo("Try: coach due (what comes up when), coach import --sample, or --new N.")
            return
        summary = Summary()
        deadline = started + timedelta(minutes=minutes) if minutes else None
        try:
            for number, item_id in enumerate(queue, start=1):
                if deadline and datetime.now(UTC) >= deadline:
                    click.echo("Time is up for this session.")
                    break
                _ask(bank, item_id, number, len(queue), drill, summary)
        except EndSession:
            pass
        _print_summary(bank, summary)


def _budgets(pairs: tuple[str, ...]) -> dict[str, int]:
    from interview_coach.errors import CoachError

    budgets = dict(BUDGETS)
    for pair in pairs:
        name, _, seconds = pair.partition("=")
        if name not in BUDGETS or not seconds.isdigit():
            raise CoachError(f"--budget {pair!r}: write KIND=SECONDS with a kind from {', '.join(BUDGETS)}")
        budgets[name] = int(seconds)
    return budgets


def _ask(bank: Bank, item_id: str, number: int, total: int, drill: Drill, summary: Summary) -> None:
    from interview_coach.bank.queries import get_item

    with bank.session() as session:
        item = get_item(session, item_id)
        session.expunge(item)
    budget = drill.budgets.get(item.kind, 120)
    _show_question(item, number, total, budget)
    started = datetime.now(UTC)
    answer = _read_answer(started, budget, bank, item.id)
    if answer is None:  # skipped before answering
        click.echo("Skipped.\n")
        return
    submitted = datetime.now(UTC)
    from interview_coach.practice.store import save_attempt

    attempt_id = save_attempt(bank, item.id, answer, started, submitted, budget)  # before anything else
    click.echo(click.style("✓ answer saved", dim=True))
    seconds = (submitted - started).total_seconds()
    summary.answered += 1
    summary.seconds += seconds
    suggested, result = _feedback(bank, item, answer, attempt_id, seconds, budget, summary)
    if drill.llm is not None and result is not None:
        _comment(drill.llm, item, answer, result)
    _rate(bank, item, attempt_id, suggested, summary)


def _comment(llm: LLMConfig, item: Item, answer: str, result: Grade) -> None:
    from rich.console import Console
    from rich.text import Text

    from interview_coach.llm.writing import grade_comment

    written, _ = try_writing(lambda: grade_comment(llm, item.question, item.answer, answer, result))
    if written:
        out = Console(highlight=False)
        out.rule(f"Comment (written by {llm.model})", style="dim")
        out.print(Text(written), soft_wrap=True)


def _show_question(item: Item, number: int, total: int, budget: int) -> None:
    from rich.console import Console

    out = Console(highlight=False)
    where = " › ".join(item.heading_path[-2:])
    out.rule(f"Question {number}/{total} · {item.kind} · {item.topic}")
    if where:
        out.print(f"[dim]{where}[/]")
    out.print(f"[bold]{item.question}[/]")
    out.print(
        f"[dim]⏱ budget {budget // 60}:{budget % 60:02d} · empty line submits · /e editor · /s skip · Ctrl-D ends[/]"
    )


def _read_answer(started: datetime, budget: int, bank: Bank, item_id: str) -> str | None:
    lines: list[str] = []
    while True:
        elapsed = int((datetime.now(UTC) - started).total_seconds())
        over = "!" if elapsed > budget else ""
        try:
            line = input(f"[{elapsed // 60}:{elapsed % 60:02d}{over}] > ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            if any(part.strip() for part in lines):  # keep what was typed, even when leaving mid-answer
                from interview_coach.practice.store import save_attempt

                save_attempt(bank, item_id, "\n".join(lines).strip(), started, datetime.now(UTC), budget)
                click.echo("Your unfinished answer is saved (coach history).")
            raise EndSession from None
        command = line.strip()
        if not lines and command == "/s":
            return None
        if command == "/e":
            edited = click.edit("\n".join(lines) + "\n")
            if edited is not None:
                return edited.strip()
            continue
        if command == "" and any(part.strip() for part in lines):
            return "\n".join(lines).strip()
        if command or lines:
            lines.append(line)


def _feedback(
    bank: Bank, item: Item, answer: str, attempt_id: int, seconds: float, budget: int, summary: Summary
) -> tuple[int | None, Grade | None]:
    """Grade the saved answer and show it; the suggested rating (None: self-rate) and the grade."""
    from rich.console import Console
    from rich.markdown import Markdown

    from interview_coach.cli.render import print_grade
    from interview_coach.grade.grader import default_embed, grade
    from interview_coach.grade.rating import rating_for
    from interview_coach.practice.store import record_grade

    out = Console(highlight=False)
    timing = f"time {int(seconds) // 60}:{int(seconds) % 60:02d} of {budget // 60}:{budget % 60:02d}"
    if not item.answer.strip():
        out.print(f"[dim]{timing}[/]\nNo reference answer in your notes for this one: rate yourself.")
        return None, None
    result = grade(item.question, item.answer, answer, default_embed())
    suggested = rating_for(result)
    record_grade(bank, attempt_id, result.as_dict(), result.score, int(suggested))
    summary.scores.append(result.score)
    print_grade(result, suggested.name.capitalize())
    out.print(f"[dim]{timing}{' — over budget' if seconds > budget else ''}[/]")
    out.rule("Reference answer", style="dim")
    out.print(Markdown(item.answer))
    return int(suggested), result


def _rate(bank: Bank, item: Item, attempt_id: int, suggested: int | None, summary: Summary) -> None:
    from interview_coach.practice.store import apply_rating, never_ask, set_status

    default = f"Enter = {RATING_NAMES[suggested]}, " if suggested else ""
    while True:
        try:
            choice = input(f"Rate: {default}a Again · h Hard · g Good · e Easy · s skip · n never ask · q quit > ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            raise EndSession from None
        choice = choice.strip().lower()
        if choice == "" and suggested:
            rating = suggested
        elif choice in RATING_KEYS:
            rating = RATING_KEYS[choice]
        elif choice == "s":
            set_status(bank, attempt_id, "skipped")
            click.echo("Not scheduled.\n")
            return
        elif choice == "n":
            set_status(bank, attempt_id, "never")
            never_ask(bank, item.id, datetime.now(UTC))
            click.echo("Won't ask this again.\n")
            return
        elif choice == "q":
            raise EndSession
        else:
            continue
        due = apply_rating(bank, item.id, rating, datetime.now(UTC), attempt_id, _retention())
        name = RATING_NAMES[rating]
        summary.ratings[name] = summary.ratings.get(name, 0) + 1
        click.echo(f"{name}: next review {_when(due)}.\n")
        return


def _when(due: datetime) -> str:
    delta = due - datetime.now(UTC)
    if delta < timedelta(hours=1):
        return f"in {max(1, int(delta.total_seconds() // 60))} min"
    if delta < timedelta(days=1):
        return f"in {int(delta.total_seconds() // 3600)} h"
    return f"in {delta.days} days ({due:%Y-%m-%d})"


def _print_summary(bank: Bank, summary: Summary) -> None:
    from interview_coach.practice.store import due_cards

    with bank.session() as session:
        upcoming = due_cards(session, datetime.now(UTC), datetime.now(UTC) + timedelta(days=1))
    mean = f", mean score {sum(summary.scores) / len(summary.scores):.0f}" if summary.scores else ""
    ratings = ", ".join(f"{n} {c}" for n, c in summary.ratings.items()) or "none"
    click.echo(
        f"Session over: {summary.answered} answered in {summary.seconds / 60:.1f} min{mean}; ratings: {ratings}; "
        f"{len(upcoming)} due within a day."
    )


@cli.command("due", context_settings=_HELP)
@click.option(
    "--days", type=click.FloatRange(min=0), default=0, show_default=True, help="Also what falls due within N days."
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def due_cmd(ctx: click.Context, days: float, as_json: bool) -> None:
    """What is due for review now (and, with --days, soon), soonest first.

    \b
    Example:
      coach due --days 7
    """
    from interview_coach.practice.store import due_cards

    now = datetime.now(UTC)
    with open_from(ctx) as bank, bank.session() as session:
        rows = [
            {"id": item.id, "question": item.question, "kind": item.kind, "topic": item.topic, "due": due.isoformat()}
            for item, due in due_cards(session, now, now + timedelta(days=days))
        ]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("Nothing due. Practise new questions with: coach practice")
    for row in rows:
        click.echo(f"{row['due'][:16].replace('T', ' ')}  {row['id']}  {row['question']}")


@cli.command("stats", context_settings=_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool) -> None:
    """Where you stand: per topic and kind, recent scores, recall now (FSRS), what is due, readiness.

    \b
    Example:
      coach stats
    """
    from interview_coach.dossier.api import checklist_counts
    from interview_coach.practice.stats import compute_stats

    with open_from(ctx) as bank, bank.session() as session:
        data = compute_stats(session, datetime.now(UTC), _retention())
        data["checklists"] = checklist_counts(session)  # readiness checklists in the notes, ticked / items
    if as_json:
        emit_json(data)
    else:
        from interview_coach.cli.render import print_stats

        print_stats(data)


@cli.command("history", context_settings=_HELP)
@click.argument("item_id", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def history_cmd(ctx: click.Context, item_id: str | None, as_json: bool) -> None:
    """Past attempts, newest first: answers, scores and ratings (for one item with ID).

    \b
    Example:
      coach history
      coach history 3f2a9c --json
    """
    from interview_coach.bank.queries import get_item
    from interview_coach.practice.store import history

    with open_from(ctx) as bank, bank.session() as session:
        ident = get_item(session, item_id).id if item_id else None
        rows = [row.as_dict() for row in history(session, ident)]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No attempts yet. Start with: coach practice")
    for row in rows:
        rating = RATING_NAMES.get(row["rating"] or 0, "-")
        score = "-" if row["score"] is None else row["score"]
        click.echo(
            f"{row['submitted_at'][:16].replace('T', ' ')}  {row['item_id']}  score {score}  {rating}  "
            f"{row['question']}"
        )
        click.echo(f"    {' '.join(row['answer'].split())[:200]}")
