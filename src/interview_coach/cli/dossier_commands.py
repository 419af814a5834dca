"""projects, project, pitch, numbers, stories, checklist: your own projects and stories as practice material."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from interview_coach.cli import cli, emit_json, open_from
from interview_coach.errors import CoachError
from interview_coach.textsafe import markup as m
from interview_coach.textsafe import one_line, text

if TYPE_CHECKING:
    from interview_coach.bank import Bank
    from interview_coach.dossier.api import PitchPlan
    from interview_coach.dossier.pitch import PitchFeedback
    from interview_coach.dossier.projects import Dossier

_HELP = {"help_option_names": ["-h", "--help"]}
_RATINGS = {"a": 1, "h": 2, "g": 3, "e": 4}
_RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@cli.command("projects", context_settings=_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def projects_cmd(ctx: click.Context, as_json: bool) -> None:
    """The projects your notes describe, one dossier each: pitches, key numbers, sections, checklists, Q&A.

    \b
    Example:
      coach projects
      coach projects --json
    """
    from interview_coach.dossier.api import list_dossiers

    with open_from(ctx) as bank, bank.session() as session:
        rows = [d.summary() for d in list_dossiers(session)]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No project dossiers found. Import notes about a project, or write one: coach project new NAME")
    for row in rows:
        src = row["source"]
        click.echo(
            f"{row['name']}  ({src['path']}:{src['line_start']}-{src['line_end']})\n"
            f"    {row['pitches']} pitches · {row['numbers']} key numbers · {row['items']} questions · "
            f"{row['checklists']} checklists · {', '.join(row['sections']) or 'no other sections'}"
        )


@cli.command("project", context_settings=_HELP)
@click.argument("words", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="With `new`: write here.")
@click.pass_context
def project_cmd(ctx: click.Context, words: tuple[str, ...], as_json: bool, output: Path | None) -> None:
    """One project's dossier (NAME or part of it); `project new NAME` writes a dossier template to fill in.

    The template's headings (Elevator Pitch, Key Metrics, Architecture, Challenges, Demo Flow, Checklist…) are
    the ones the coach recognises, so the file imports back as a dossier.

    \b
    Example:
      coach project "rapid insights"
      coach project NER --json
      coach project new "Fraud Detector" -o fraud.md && coach import fraud.md
    """
    if words[0] == "new":
        _new_project(" ".join(words[1:]), output)
        return
    from interview_coach.dossier.api import find_dossier

    with open_from(ctx) as bank, bank.session() as session:
        dossier = find_dossier(session, " ".join(words))
    if as_json:
        emit_json(dossier.as_dict())
    else:
        _print_dossier(dossier)


def _new_project(name: str, output: Path | None) -> None:
    from interview_coach.dossier.template import project_template

    if not name.strip():
        raise CoachError("name the project: coach project new NAME")
    target = output or Path(f"{'-'.join(name.lower().split())}.md")
    if target.exists():
        raise CoachError(f"{target} already exists; pick another file with -o FILE")
    target.write_text(project_template(name), encoding="utf-8")
    click.echo(f"Wrote {target}. Fill it in, then: coach import {target} && coach project {name!r}")


def _print_dossier(dossier: Dossier) -> None:
    from interview_coach.cli.render import new_console

    out = new_console()
    out.rule(text(dossier.name))
    for source in dossier.sources:
        out.print(f"[dim]{m(source['path'])}:{source['line_start']}-{source['line_end']}[/]")
    for pitch in dossier.drill_pitches():
        budget = f"{pitch.seconds} s" if pitch.seconds else "no stated duration"
        out.print(f"\n[bold]{m(pitch.title)}[/] ({budget}, {pitch.words} words, line {pitch.line_start})")
        out.print(text(pitch.text), soft_wrap=True)
    if dossier.numbers:
        out.print("\n[bold]Key numbers[/]")
        for n in dossier.numbers:
            out.print(f"  {m(n.quantity.raw):<16} {m(n.measure or '-'):<22} [dim]line {n.line}: {m(n.context[:90])}[/]")
    for section in dossier.sections:
        out.print(f"\n[bold]{section.facet}[/]: {m(section.title)} [dim](line {section.line_start})[/]")
        for step in section.steps[:8]:
            out.print(f"  - {m(step)}")
    for checklist in dossier.checklists:
        out.print(f"\n[bold]checklist[/]: {m(checklist.title)} ({len(checklist.entries)} items)")
    if dossier.items:
        out.print(f"\n[bold]Questions[/] ({len(dossier.items)})")
        for item in dossier.items:
            out.print(f"  {item['id']}  {m(item['question'])} [dim]({item['kind']})[/]")


@cli.command("pitch", context_settings=_HELP)
@click.argument("name", nargs=-1, required=True)
@click.option("--seconds", type=click.IntRange(5, 900), help="Time budget (default: the duration the notes state).")
@click.option("--which", type=click.IntRange(min=1), default=1, show_default=True, help="Which of its pitches.")
@click.pass_context
def pitch_cmd(ctx: click.Context, name: tuple[str, ...], seconds: int | None, which: int) -> None:
    """Drill a project's pitch: type it (submit with an empty line), get feedback on length (at ~140 words a
    minute against the budget), the key points covered, the figures quoted and any misquoted.

    The attempt is saved before it is graded (Ctrl-C keeps what you typed) and scheduled like any practice item.

    \b
    Example:
      coach pitch "rapid insights"
      coach pitch NER --seconds 60
    """
    from interview_coach.dossier.api import plan_pitch
    from interview_coach.dossier.pitch import ensure_pitch_item

    with open_from(ctx) as bank:
        with bank.session() as session:
            plan = plan_pitch(session, " ".join(name), which, seconds)
        item_id = ensure_pitch_item(bank, plan.dossier, plan.pitch, datetime.now(UTC))
        more = f" · pitch {plan.number} of {plan.count} (--which N)" if plan.count > 1 else ""
        click.echo(
            f"Pitch: {plan.dossier.name} — {plan.pitch.title} · budget {plan.budget} s "
            f"(~{plan.budget * 140 // 60} words){more}"
        )
        click.echo("Type your pitch; an empty line submits. Ctrl-C or Ctrl-D stops (what you typed is kept).")
        _drill(bank, plan, item_id)


def _drill(bank: Bank, plan: PitchPlan, item_id: str) -> None:
    from interview_coach.practice.store import save_attempt

    started = datetime.now(UTC)
    lines: list[str] = []
    try:
        while True:
            line = input("> ")
            if not line.strip() and any(part.strip() for part in lines):
                break
            lines.append(line)
    except (EOFError, KeyboardInterrupt):
        click.echo()
        if any(part.strip() for part in lines):
            save_attempt(bank, item_id, "\n".join(lines).strip(), started, datetime.now(UTC), plan.budget)
            click.echo("Your unfinished pitch is saved (coach history).")
        return
    from interview_coach.dossier.drill import submit_pitch

    done = submit_pitch(bank, plan, "\n".join(lines), started, datetime.now(UTC))
    click.echo(click.style("✓ pitch saved", dim=True))
    _rate(bank, item_id, done.attempt_id, done.suggested, done.feedback)


def _rate(bank: Bank, item_id: str, attempt_id: int, suggested: int, feedback: PitchFeedback) -> None:
    from interview_coach.practice.store import apply_rating, set_status

    _print_feedback(feedback)
    try:
        choice = input(f"Rate: Enter = {_RATING_NAMES[suggested]}, a / h / g / e, s skip > ").strip().lower()
    except (EOFError, KeyboardInterrupt):
        click.echo("\nNot scheduled.")
        set_status(bank, attempt_id, "skipped")
        return
    if choice == "s":
        set_status(bank, attempt_id, "skipped")
        click.echo("Not scheduled.")
        return
    rating = _RATINGS.get(choice, suggested)
    due = apply_rating(bank, item_id, rating, datetime.now(UTC), attempt_id, _retention())
    click.echo(f"{_RATING_NAMES[rating]}: next pitch drill {due:%Y-%m-%d %H:%M} UTC.")


def _retention() -> float:
    try:
        return float(os.environ.get("COACH_RETENTION", "0.9"))
    except ValueError:
        return 0.9


def _print_feedback(feedback: PitchFeedback) -> None:
    from interview_coach.cli.render import new_console

    out = new_console()
    colour = {"on time": "green", "too short": "yellow", "too long": "red"}[feedback.length]
    out.print(
        f"[bold]{feedback.score}/100[/] · {feedback.verdict} · {feedback.words} words ≈ "
        f"{feedback.spoken_seconds:.0f} s spoken of {feedback.budget_seconds} s: [{colour}]{feedback.length}[/]"
    )
    marks = {"covered": "[green]✓[/]", "partly": "[yellow]~[/]", "missed": "[red]✗[/]", "contradicted": "[red]![/]"}
    for point in feedback.points:
        out.print(f" {marks.get(point['status'], '?')} {m(point['text'])}", soft_wrap=True)
    if feedback.numbers_quoted:
        out.print(f"Figures quoted: [green]{m(', '.join(feedback.numbers_quoted))}[/]")
    if feedback.numbers_missing:
        out.print(f"Figures your pitch has that you left out: [yellow]{m(', '.join(feedback.numbers_missing))}[/]")
    for message in feedback.misquotes:
        out.print(f"[red]• {m(message)}[/]")


@cli.command("numbers", context_settings=_HELP)
@click.argument("project", nargs=-1)
@click.option("--quiz", is_flag=True, help="Drill them: answer each question, then see the figure from your notes.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (with --quiz: the questions).")
@click.pass_context
def numbers_cmd(ctx: click.Context, project: tuple[str, ...], quiz: bool, as_json: bool) -> None:
    """The key numbers of your projects (or of PROJECT), and the notes' own inconsistencies (one metric quoted
    with different values in different files); --quiz drills them.

    \b
    Example:
      coach numbers
      coach numbers NER --quiz
    """
    from interview_coach.dossier.api import number_report
    from interview_coach.dossier.consistency import quiz as make_quiz

    with open_from(ctx) as bank, bank.session() as session:
        report = number_report(session, " ".join(project))
    if quiz:
        questions = [q for d in report.dossiers for q in make_quiz(d)]
        if as_json:
            emit_json([q.as_dict() for q in questions])
        else:
            _run_quiz(questions)
        return
    if as_json:
        emit_json(report.as_dict())
        return
    for dossier in report.dossiers:
        click.echo(f"{one_line(dossier.name)}:")
        for n in dossier.numbers:
            click.echo(one_line(f"  {n.quantity.raw:<18} {n.measure or '-':<24} {n.path}:{n.line}"))
    for clash in report.inconsistencies:
        click.echo(f"! {one_line(clash.message())}")


def _run_quiz(questions: list[Any]) -> None:
    from interview_coach.dossier.consistency import check_quiz_answer

    if not questions:
        click.echo("No figures with a named metric to quiz on.")
        return
    right = 0
    for n, question in enumerate(questions, start=1):
        click.echo(f"\n{n}/{len(questions)} {one_line(question.prompt)}")
        click.echo(click.style(f"   {one_line(question.hint)}", dim=True))
        try:
            answer = input("> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            break
        ok = check_quiz_answer(answer, question)
        right += ok
        number = question.number
        click.echo(one_line(f"{'✓' if ok else '✗'} your notes: {number.quantity.raw} ({number.path}:{number.line})"))
    click.echo(f"\n{right} of {len(questions)} right.")


@cli.command("stories", context_settings=_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option(
    "--set-themes",
    nargs=2,
    metavar="KEY THEMES",
    help='Set a story\'s themes: KEY "conflict,failure" ("" goes back to the detected ones).',
)
@click.option("--lexical", is_flag=True, help="Link prompts to stories by shared words, without the model.")
@click.pass_context
def stories_cmd(ctx: click.Context, as_json: bool, set_themes: tuple[str, str] | None, lexical: bool) -> None:
    """Your STAR story bank: each story's parts and themes, a theme × story coverage matrix with the gaps, and
    behavioral prompts with no answer in your notes linked to the stories that fit them.

    \b
    Example:
      coach stories
      coach stories --set-themes 60f9c6 "conflict,influence without authority"
    """
    from interview_coach.dossier.api import set_story_themes, story_bank

    with open_from(ctx) as bank:
        if set_themes:
            key, themes = set_themes
            chosen = set_story_themes(bank, key, [t.strip() for t in themes.split(",") if t.strip()], datetime.now(UTC))
            click.echo(f"Story {key}: themes {', '.join(chosen) or 'back to the detected ones'}.")
            return
        with bank.session() as session:
            result = story_bank(session, None if lexical else _embedder())
    if as_json:
        emit_json(result.as_dict())
    else:
        _print_stories(result)


def _embedder() -> Any:
    from interview_coach.search.embed import ModelMissingError, default_embedder

    try:
        return default_embedder().embed
    except ModelMissingError:
        return None


def _print_stories(result: Any) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    from interview_coach.cli.render import new_console
    from interview_coach.dossier.stories import THEMES

    out = new_console()
    if not result.stories:
        out.print("No STAR stories in your notes. Write one with Situation / Task / Action / Result labels.")
        return
    table = Table(title="Stories × themes", header_style="bold", box=SIMPLE_HEAD)
    table.add_column("key", style="cyan", no_wrap=True, min_width=10)
    table.add_column("story", max_width=28, overflow="ellipsis", no_wrap=True)
    for theme in THEMES:
        table.add_column("".join(w[0] for w in theme.split()).upper(), justify="center", no_wrap=True, min_width=2)
    for story in result.stories:
        table.add_row(story.key, text(story.title), *("✓" if t in story.themes else "" for t in THEMES))
    out.print(table)
    out.print("[dim]" + " · ".join(f"{''.join(w[0] for w in t.split()).upper()} {t}" for t in THEMES) + "[/]")
    for gap in result.gaps():
        out.print(f"[yellow]No story for {gap}.[/]")
    titles = {s.key: s.title for s in result.stories}
    for link in result.links:
        fits = ", ".join(f"{k} {titles[k][:40]}" for k, _ in link.stories) or "no story fits yet"
        out.print(text(f"• {link.question}\n    → {fits}"), soft_wrap=True)


@cli.command("checklist", context_settings=_HELP)
@click.option("--tick", "tick", type=int, multiple=True, metavar="N", help="Tick item N (repeatable).")
@click.option("--untick", "untick", type=int, multiple=True, metavar="N", help="Untick item N (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def checklist_cmd(ctx: click.Context, tick: tuple[int, ...], untick: tuple[int, ...], as_json: bool) -> None:
    """The readiness checklists in your notes, numbered; tick items off as you go (kept across re-imports).

    \b
    Example:
      coach checklist
      coach checklist --tick 3 --tick 4
    """
    from interview_coach.dossier.api import checklist_view, set_ticks

    with open_from(ctx) as bank:
        now = datetime.now(UTC)
        for numbers, on in ((list(tick), True), (list(untick), False)):
            if numbers:
                for entry_text in set_ticks(bank, numbers, on, now):
                    click.echo(f"{'✓ ticked' if on else '○ unticked'}: {one_line(entry_text)}")
        with bank.session() as session:
            view = checklist_view(session)
    if as_json:
        emit_json(view.as_dict())
        return
    if tick or untick:
        counts = view.counts()
        click.echo(f"{counts['ticked']} of {counts['items']} ticked.")
        return
    if not view.checklists:
        click.echo("No checklists in your notes (write one as '- [ ] …' items under a 'Checklist' heading).")
    last = None
    for n, checklist, entry in view.numbered():
        if checklist is not last:
            click.echo(one_line(f"\n{checklist.title}  ({checklist.path}:{checklist.line})"))
            last = checklist
        click.echo(f"  {n:>3}. [{'x' if view.is_ticked(entry) else ' '}] {one_line(entry.text)}")
    counts = view.counts()
    click.echo(f"\n{counts['ticked']} of {counts['items']} ticked.")
