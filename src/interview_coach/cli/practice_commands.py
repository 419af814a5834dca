"""practice, due, stats, history: the daily drill in the terminal and where it leaves you."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import click

from interview_coach.cli import KIND_CHOICES, cli, emit_json, open_from
from interview_coach.cli.typing_prompt import Line, LineReader, say
from interview_coach.cli.writing import LLM_OPTION, configured_llm, try_writing
from interview_coach.textsafe import one_line

if TYPE_CHECKING:
    from interview_coach.grade.grader import Grade
    from interview_coach.llm.client import LLMConfig
    from interview_coach.practice.session import Feedback, PracticeSession, Question, Summary, Turn

_HELP = {"help_option_names": ["-h", "--help"]}
_END = "end"  # the user asked to stop (q, Ctrl-C, Ctrl-D)


@cli.command("practice", context_settings=_HELP)
@click.option("--topic", help="Only this topic.")
@click.option("--kind", type=KIND_CHOICES, help="Only this kind.")
@click.option("--source", metavar="FILE", help="Only items from notes files whose path contains FILE.")
@click.option("--item", "item_ids", multiple=True, metavar="ID", help="Exactly these items (repeatable), in order.")
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
    item_ids: tuple[str, ...],
    new: int,
    due_only: bool,
    minutes: float | None,
    budget: tuple[str, ...],
    use_llm: bool,
) -> None:
    """Practise: answer questions against the clock, get graded feedback, and schedule reviews (FSRS).

    Due reviews come first, then new questions: those with a reference answer first, mixed across your notes
    files and topics. Questions to ask the interviewer are not drilled (coach mock asks for yours at the end).
    Type your answer and submit it with an empty line (/e opens $EDITOR, /s skips). Your answer is saved before
    it is graded. Then accept the suggested rating with Enter or type a (Again), h (Hard), g (Good), e (Easy);
    s skips, n never asks this again, q quits. Ctrl-C, Ctrl-D (or a SIGTERM/SIGHUP) ends the session with a
    summary: the line being typed is saved with the rest of the answer, and leaving at the rating prompt
    schedules the item with the suggested rating. Budgets and retention can be set in config.toml in the user
    dir. With COACH_LLM_URL set, the model you run adds a written comment after each grade (the score stays the
    offline grader's).

    \b
    Example:
      coach practice --topic rag --new 5
      coach practice --due-only --minutes 15
    """
    from interview_coach.config import load_settings
    from interview_coach.practice.session import PracticeSession, Selection, wall_clock

    settings = load_settings(budget)
    llm = configured_llm(use_llm)
    selection = Selection(kind, topic, source, new, due_only, minutes, item_ids)
    with open_from(ctx) as bank:
        practice = PracticeSession.start(bank, settings, wall_clock(settings.clock_speed), selection)
        if not practice.queue:
            click.echo("Nothing to practise now: nothing is due and there are no new items for this selection.")
            click.echo("Try: coach due (what comes up when), coach import --sample, or --new N.")
            return
        reader = LineReader()
        ending: Line | str | None = None
        with reader.holding_ctrl_c():  # Ctrl-C while an answer is graded stops at the next read, nothing lost
            while ending is None and (question := practice.next_question()) is not None:
                ending = _ask(practice, question, reader, llm)
        if practice.time_up:
            click.echo("Time is up for this session.")
        _print_summary(practice.finish())
    if isinstance(ending, Line) and ending.ended == "terminated":
        sys.exit(128 + ending.signum)


def _ask(practice: PracticeSession, question: Question, reader: LineReader, llm: LLMConfig | None) -> Line | str | None:
    """One question; returns None to go on, or how the session ends."""
    _show_question(question)
    turn = practice.begin(question)
    typed = _read_answer(practice, turn, reader)
    if isinstance(typed, Line):  # left mid-answer: keep what was typed, the line being typed included
        click.echo()
        if practice.save_unfinished(turn, typed.text) is not None:
            click.echo("Your unfinished answer is saved (coach history).")
        return typed
    if typed is None:
        click.echo("Skipped.\n")
        return None
    practice.submit(turn, typed)  # before anything else
    click.echo(click.style("✓ answer saved", dim=True))
    feedback = practice.grade(turn)
    _show_feedback(question, feedback)
    if llm is not None and feedback.grade is not None:
        _comment(llm, question, typed, feedback.grade)
    return _rate(practice, turn, reader)


def _read_answer(practice: PracticeSession, turn: Turn, reader: LineReader) -> str | Line | None:
    """The answer (str), None when skipped with /s, or the Line that ended the session mid-answer (its text is
    the whole unfinished answer)."""
    lines: list[str] = []
    budget = turn.question.budget
    while True:
        elapsed = int((practice.clock() - turn.started).total_seconds())
        over = "!" if elapsed > budget else ""
        line = reader.read(f"[{elapsed // 60}:{elapsed % 60:02d}{over}] > ")
        if line.ended is not None:
            return Line("\n".join([*lines, line.text]).strip(), line.ended, line.signum)
        command = line.text.strip()
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
            lines.append(line.text)


def _comment(llm: LLMConfig, question: Question, answer: str, result: Grade) -> None:
    from rich.text import Text

    from interview_coach.cli.render import new_console
    from interview_coach.llm.writing import grade_comment

    written, _ = try_writing(lambda: grade_comment(llm, question.question, question.reference, answer, result))
    if written:
        new_console().rule(Text(one_line(f"Comment (written by {llm.model})")), style="dim")
        say(written)


def _show_question(question: Question) -> None:
    from interview_coach.cli.render import new_console
    from interview_coach.textsafe import text

    out = new_console()
    out.rule(text(f"Question {question.number}/{question.total} · {question.kind} · {question.topic}"))
    if question.context:
        say(question.context, style="dim")
    say(question.question, style="bold")
    budget = question.budget
    out.print(
        f"[dim]⏱ budget {budget // 60}:{budget % 60:02d} · empty line submits · /e editor · /s skip · Ctrl-D ends[/]"
    )


def _show_feedback(question: Question, feedback: Feedback) -> None:
    """The grade and the reference answer (or the self-rating prompt when the notes have none)."""
    from rich.markdown import Markdown

    from interview_coach.cli.render import new_console, print_grade
    from interview_coach.practice.session import RATING_NAMES
    from interview_coach.textsafe import clean

    out = new_console()
    seconds, budget = int(feedback.seconds), feedback.budget
    timing = f"time {seconds // 60}:{seconds % 60:02d} of {budget // 60}:{budget % 60:02d}"
    for message in feedback.notes.messages() if feedback.notes else []:
        say(f"⚠ {message}", style="yellow")
    if feedback.grade is None or feedback.suggested is None:
        say(timing, style="dim")
        click.echo("No reference answer in your notes for this one: rate yourself.")
        return
    print_grade(feedback.grade, RATING_NAMES[feedback.suggested])
    say(timing + (" — over budget" if feedback.over_budget else ""), style="dim")
    out.rule("Reference answer", style="dim")
    out.print(Markdown(clean(question.reference), hyperlinks=False))


def _rate(practice: PracticeSession, turn: Turn, reader: LineReader) -> Line | str | None:
    from interview_coach.practice.session import RATING_KEYS, RATING_NAMES

    suggested = turn.suggested
    default = f"Enter = {RATING_NAMES[suggested]}, " if suggested else ""
    while True:
        line = reader.read(f"Rate: {default}a Again · h Hard · g Good · e Easy · s skip · n never ask · q quit > ")
        choice = line.text.strip().lower()
        if line.ended is not None or choice == "q":  # leaving: the item is still scheduled
            rating, due = practice.rate_by_default(turn)
            click.echo(f"\n{RATING_NAMES[rating]}{' (suggested)' if suggested else ''}: next review {_when(due)}.")
            return line if line.ended is not None else _END
        if choice == "" and suggested:
            rating = suggested
        elif choice in RATING_KEYS:
            rating = RATING_KEYS[choice]
        elif choice == "s":
            practice.skip(turn)
            click.echo("Not scheduled.\n")
            return None
        elif choice == "n":
            practice.never(turn)
            click.echo("Won't ask this again.\n")
            return None
        else:
            continue
        due = practice.rate(turn, rating)
        click.echo(f"{RATING_NAMES[rating]}: next review {_when(due)}.\n")
        return None


def _when(due: datetime) -> str:
    delta = due - datetime.now(UTC)
    if delta < timedelta(hours=1):
        return f"in {max(1, int(delta.total_seconds() // 60))} min"
    if delta < timedelta(days=1):
        return f"in {int(delta.total_seconds() // 3600)} h"
    return f"in {delta.days} days ({due:%Y-%m-%d})"


def _print_summary(summary: Summary) -> None:
    mean = f", mean score {summary.mean_score:.0f}" if summary.mean_score is not None else ""
    ratings = ", ".join(f"{n} {c}" for n, c in summary.ratings.items()) or "none"
    click.echo(
        f"Session over: {summary.answered} answered in {summary.seconds / 60:.1f} min{mean}; ratings: {ratings}; "
        f"{summary.due_within_a_day} due within a day."
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
        click.echo(f"{row['due'][:16].replace('T', ' ')}  {row['id']}  {one_line(row['question'])}")


@cli.command("stats", context_settings=_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def stats_cmd(ctx: click.Context, as_json: bool) -> None:
    """Where you stand: per topic and kind, recent scores, recall now (FSRS), what is due, readiness.

    \b
    Example:
      coach stats
    """
    from interview_coach.config import load_settings
    from interview_coach.dossier.api import checklist_counts
    from interview_coach.practice.stats import compute_stats

    with open_from(ctx) as bank, bank.session() as session:
        data = compute_stats(session, datetime.now(UTC), load_settings().retention)
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
    from interview_coach.practice.session import RATING_NAMES
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
        rating = RATING_NAMES[row["rating"]] if row["rating"] in (1, 2, 3, 4) else "-"
        score = "-" if row["score"] is None else row["score"]
        click.echo(
            f"{row['submitted_at'][:16].replace('T', ' ')}  {row['item_id']}  score {score}  {rating}  "
            f"{one_line(row['question'])}"
        )
        click.echo(f"    {one_line(row['answer'])[:200]}")
