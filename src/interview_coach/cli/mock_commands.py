"""mock, report: a timed mock interview from your notes in the terminal, and its report."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from interview_coach.cli import cli, emit_json, open_from
from interview_coach.cli.typing_prompt import Line, LineReader, say

if TYPE_CHECKING:
    from interview_coach.bank import Bank
    from interview_coach.mock.interview import MockInterview, Step
    from interview_coach.mock.planner import InterviewPlan

_HELP = {"help_option_names": ["-h", "--help"]}


@cli.command("mock", context_settings=_HELP)
@click.option("--plan", "plan_name", default="ml-engineer", show_default=True, help="Which interview plan.")
@click.option("--minutes", type=click.FloatRange(min=2), help="Fit the interview into this many minutes.")
@click.option("--topic", "topics", multiple=True, help="Technical rounds only on this topic (repeatable).")
@click.option("--seed", type=int, help="Pick the same questions again (printed at the start).")
@click.option("--dry-run", is_flag=True, help="Print the planned interview without starting it.")
@click.option("--resume", is_flag=True, help="Continue the last unfinished interview.")
@click.option("--list", "list_them", is_flag=True, help="Past interviews: date, plan, score.")
@click.option("--json", "as_json", is_flag=True, help="With --dry-run or --list: print as JSON.")
@click.pass_context
def mock_cmd(
    ctx: click.Context,
    plan_name: str,
    minutes: float | None,
    topics: tuple[str, ...],
    seed: int | None,
    dry_run: bool,
    resume: bool,
    list_them: bool,
    as_json: bool,
) -> None:
    """A timed mock interview from your notes: sections from intro and elevator pitch through technical screen,
    ML breadth and depth, system design and behavioral to "do you have questions for us?".

    Questions are picked per round (notes headings that name the round first), favouring weak and overdue items,
    never two near-duplicates. A clock for the answer and the interview runs at the bottom while you type; an
    empty line submits. A short answer or a missed key point gets one follow-up from your notes. Every answer is
    saved as given, graded by the same grader as practice and scheduled by the same FSRS; answers with no
    reference in your notes are self-rated at the end. Ctrl-C/Ctrl-D stop (what you typed is saved): continue
    with --resume. The plans are in mock-plans.toml in the user dir: edit them. The report is written at the
    end (coach report).

    \b
    Example:
      coach mock --dry-run
      coach mock --plan phone-screen --seed 3
      coach mock --resume
      coach mock --list
    """
    from interview_coach.config import load_settings
    from interview_coach.practice.session import wall_clock

    settings = load_settings()
    clock = wall_clock(settings.clock_speed)
    with open_from(ctx) as bank:
        if list_them:
            _list(bank, as_json)
            return
        if resume:
            from interview_coach.mock.interview import MockInterview

            interview = MockInterview.resume(bank, settings, clock)
            click.echo(f"Resuming mock interview #{interview.session_id} ({interview.plan.title}).")
        else:
            plan = _plan(bank, plan_name, minutes, topics, seed, clock())
            if dry_run:
                emit_json(plan.as_dict()) if as_json else _print_plan(plan)
                return
            from interview_coach.mock.interview import MockInterview

            interview = MockInterview.start(bank, settings, clock, plan, _pool(bank)[0])
            click.echo(f"Mock interview #{interview.session_id}: {plan.title}, seed {plan.seed}.")
        _run(bank, interview)


def _pool(bank: Bank) -> tuple[Any, Any]:
    from interview_coach.mock import store

    with bank.session() as session:
        return store.pool(session)


def _plan(
    bank: Bank, name: str, minutes: float | None, topics: tuple[str, ...], seed: int | None, now: datetime
) -> InterviewPlan:
    from interview_coach.mock.live import make_plan

    return make_plan(bank, name, minutes, topics, seed, now)


def _print_plan(plan: InterviewPlan) -> None:
    say(f"{plan.title} · {_mmss(plan.budget)} · seed {plan.seed}", style="bold")
    for section in plan.sections:
        say(f"\n{section.number}. {section.title} ({_mmss(section.budget)})", style="bold")
        if not section.questions:
            say("   (no questions of these kinds in your notes: skipped)", style="dim")
        for q in section.questions:
            mark = "" if q.reference.strip() or section.role == "your-questions" else " (self-rated)"
            say(f"   {q.key} [{_mmss(q.budget)}] {q.prompt}{mark}")
            if q.context:
                say(f"        {q.context}", style="dim")


def _list(bank: Bank, as_json: bool) -> None:
    from interview_coach.mock import store
    from interview_coach.mock.report import summary_of

    with bank.session() as session:
        rows = [summary_of(row) for row in store.sessions(session)]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No mock interviews yet. Start one with: coach mock")
    for row in rows:
        score = "-" if row["score"] is None else f"{row['score']:.0f}"
        state = "" if row["finished"] else "  (unfinished: coach mock --resume)"
        say(f"#{row['id']}  {row['started'][:16].replace('T', ' ')}  {row['plan']}  score {score}{state}")


@dataclass
class _Now:
    """What the live clock shows: the step being answered and when it started."""

    step: Step | None = None
    started: datetime | None = None


def _run(bank: Bank, interview: MockInterview) -> None:
    current = _Now()

    def toolbar() -> str:
        if current.step is None or current.started is None:
            return ""
        return interview.clock_line(current.step, current.started)

    reader = LineReader(toolbar=toolbar)
    with reader.holding_ctrl_c():  # Ctrl-C while a question prints or an answer is graded pauses at the next read
        while (step := interview.next_step()) is not None:
            _show_step(step)
            current.step, current.started = step, interview.clock()
            typed = _read(reader, interview, step, current.started)
            if isinstance(typed, Line):
                _leave(interview, step, typed, current.started)
                return
            result = interview.submit(step, typed, current.started)
            click.echo(click.style("✓ answer saved", dim=True))
            for message in result.notes.messages() if result.notes else []:
                say(f"⚠ {message}", style="yellow")
            if result.follow_up is not None:
                click.echo(click.style("(the interviewer has a follow-up)", dim=True))
            current.step = None
        _self_ratings(interview, reader)
    score = interview.finish()
    click.echo(f"\nInterview over. Overall score: {'-' if score is None else f'{score:.0f}'}/100.")
    _write_report(bank, interview.session_id, open_it=False)


def _show_step(step: Step) -> None:
    from interview_coach.cli.render import new_console
    from interview_coach.textsafe import text

    out = new_console()
    if step.role == "follow-up":
        out.rule(text(f"Follow-up · {step.section.title}"), style="yellow")
    else:
        out.rule(text(f"{step.section.title} · question {step.number}/{step.total}"))
    if step.question.context and step.role == "question":
        say(step.question.context, style="dim")
    say(step.question.prompt, style="bold")
    if step.role == "your-questions":
        click.echo("(one question per line; an empty line ends)")
    if step.partial:
        say(f"Saved from last time: {step.partial}", style="dim")
    say(f"⏱ {_mmss(step.question.budget)} · empty line submits · Ctrl-C stops (coach mock --resume)", style="dim")


def _read(reader: LineReader, interview: MockInterview, step: Step, started: datetime) -> str | Line:
    """The answer, or the Line that stopped the interview (its text: everything typed for this answer)."""
    from interview_coach.mock.interview import nudge

    lines: list[str] = []
    shown = ""
    while True:
        line = reader.read("> ")
        if line.ended is not None:
            return Line("\n".join([*lines, line.text]).strip(), line.ended, line.signum)
        if not line.text.strip() and any(part.strip() for part in lines):
            return "\n".join(lines).strip()
        if line.text.strip() or lines:
            lines.append(line.text)
        hint = nudge((interview.clock() - started).total_seconds(), step.question.budget)
        if hint and hint != shown:
            say(f"⏱ {hint}", style="yellow")
            shown = hint


def _leave(interview: MockInterview, step: Step, typed: Line, started: datetime) -> None:
    click.echo()
    if interview.save_unfinished(step, typed.text, started) is not None:
        click.echo("Your unfinished answer is saved.")
    click.echo(f"Interview #{interview.session_id} paused. Continue with: coach mock --resume")
    if typed.ended == "terminated":
        sys.exit(128 + typed.signum)


def _self_ratings(interview: MockInterview, reader: LineReader) -> None:
    from interview_coach.practice.session import RATING_KEYS

    unrated = interview.unrated()
    if not unrated:
        return
    click.echo("\nNo reference in your notes for these: rate yourself (a Again · h Hard · g Good · e Easy).")
    for answer in unrated:
        say(f"\n{answer.prompt}", style="bold")
        say(answer.answer, style="dim")
        while True:
            line = reader.read("Rate > ")
            if line.ended is not None:
                return  # left unrated; the report still has the answer
            if line.text.strip().lower() in RATING_KEYS:
                interview.rate_self(answer, RATING_KEYS[line.text.strip().lower()])
                break


def _write_report(bank: Bank, session_id: int | None, open_it: bool, as_json: bool = False) -> None:
    from interview_coach.config import user_dir
    from interview_coach.mock.render import render_html, render_markdown
    from interview_coach.mock.report import report_data

    with bank.session() as session:
        data = report_data(session, session_id)
    if not as_json:
        _print_summary(data)
    folder = user_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    html, markdown = folder / f"mock-{data['id']}.html", folder / f"mock-{data['id']}.md"
    html.write_text(render_html(data), encoding="utf-8")
    markdown.write_text(render_markdown(data), encoding="utf-8")
    if as_json:
        emit_json({**data, "html": str(html), "markdown": str(markdown)})
    else:
        say(f"Report: {html} (and {markdown.name})")
        if data["drill"]["command"]:
            say(f"Drill next: {data['drill']['command']}")
    if open_it:
        import webbrowser

        webbrowser.open(Path(html).as_uri())


def _print_summary(data: dict[str, Any]) -> None:
    """Per section: score and time; then what was missed and how it was said, in a few lines."""
    for section in data["sections"]:
        score = "-" if section["score"] is None else f"{section['score']:.0f}"
        say(f"  {section['title']}: score {score}, {_mmss(section['used'])} of {_mmss(section['budget'])}")
    delivery = data["delivery"]
    fillers = sum(delivery["fillers"].values())
    say(
        f"  {len(data['missed'])} key points missed · {len(data['follow_ups'])} follow-ups · "
        f"{fillers} filler words · {delivery['over_budget']} answers over budget, {delivery['too_short']} too short"
    )


@cli.command("report", context_settings=_HELP)
@click.argument("session_id", metavar="[SESSION]", type=int, required=False)
@click.option("--open", "open_it", is_flag=True, help="Open the HTML report in the browser.")
@click.option("--json", "as_json", is_flag=True, help="Print the report's data as JSON.")
@click.pass_context
def report_cmd(ctx: click.Context, session_id: int | None, open_it: bool, as_json: bool) -> None:
    """Write a mock interview's report (the latest by default) as a self-contained HTML file and markdown:
    scores overall and per section, time per answer against its budget, key points missed, delivery notes,
    follow-ups, the items to drill next with the command, and progress over your interviews.

    \b
    Example:
      coach report
      coach report 3 --open
    """
    with open_from(ctx) as bank:
        _write_report(bank, session_id, open_it, as_json)


def _mmss(seconds: float) -> str:
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
