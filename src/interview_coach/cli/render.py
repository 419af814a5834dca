"""Terminal rendering with rich: tables for lists, markdown for answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from interview_coach.textsafe import clean, markup, one_line
from interview_coach.textsafe import text as safe_text

if TYPE_CHECKING:
    from rich.console import Console

    from interview_coach.bank.importer import FilePreview, ImportReport
    from interview_coach.grade.grader import Grade
    from interview_coach.llm.writing import WrittenAnswer
    from interview_coach.search.ask import Answer
    from interview_coach.search.retrieve import Hit, SearchResult

_STATUS_STYLE = {"imported": "green", "updated": "cyan", "unchanged": "dim", "empty": "yellow", "failed": "red"}


def new_console(stderr: bool = False) -> Console:
    """The CLI's rich console: no syntax highlighting, and ":name:" in notes stays text (no emoji codes)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, emoji=False)


def print_import_report(report: ImportReport) -> None:
    from rich.text import Text

    out = new_console()
    for problem in report.problems:
        click.echo(f"✗ {one_line(problem)}", err=True)  # one unwrapped line each, easy to grep
    for skipped in report.skipped:
        click.echo(f"! {one_line(skipped)}", err=True)
    for o in report.outcomes:
        style = _STATUS_STYLE.get(o.status, "")
        if o.failed:
            click.echo(f"✗ {one_line(o.path)}: {one_line(o.message)}", err=True)
            continue
        counts = f"+{o.added} new, {o.updated} updated, {o.retired} retired, {o.notes} notes"
        if o.formats:
            counts += f" (questions as {', '.join(o.formats)})"
        plain = o.status in ("unchanged", "empty", "removed")
        detail = o.message if plain else counts + (f"; {o.message}" if o.message else "")
        line = Text(f"{'!' if o.status in ('empty', 'removed') else '✓'} {one_line(o.path)}: ", style=style)
        line.append(one_line(detail))
        out.print(line, soft_wrap=True)
        for warning in o.warnings:
            click.echo(f"! {one_line(o.path)}: {one_line(warning)}", err=True)  # names the file, like a problem line
    imported = sum(o.added for o in report.outcomes)
    failed = sum(o.failed for o in report.outcomes) + len(report.problems)
    out.print(f"{len(report.outcomes)} files, {imported} new questions, {failed} problems.")
    if imported and not failed:
        out.print("Next: [bold]coach list[/] to browse, [bold]coach show ID[/] to read one.")


def print_import_preview(previews: list[FilePreview], problems: list[str]) -> None:
    """`coach import --dry-run`: per file the detected question format(s), counts and the first items."""
    from rich.text import Text

    out = new_console()
    for problem in problems:
        click.echo(f"✗ {problem}", err=True)
    for p in previews:
        if p.status == "failed":
            click.echo(f"✗ {p.path}: {p.message}", err=True)
            continue
        line = Text(f"{'!' if p.status == 'empty' else '•'} {p.path}: ", style="yellow" if p.status == "empty" else "")
        formats = f"questions as {', '.join(p.formats)}; " if p.formats else ""
        line.append(f"{formats}{p.questions} questions ({p.answered} answered), {p.notes} notes")
        out.print(line, soft_wrap=True)
        for item in p.first:
            mark = "" if item["answer"] else "  (no answer)"
            out.print(Text(f"    L{item['line']}: {item['question']}{mark}"), soft_wrap=True)
    out.print(f"{len(previews)} files, {sum(p.questions for p in previews)} questions. Nothing was stored (dry run).")


def print_items(items: list[dict[str, Any]]) -> None:
    from rich.table import Table
    from rich.text import Text

    console = new_console()
    if not items:
        console.print("No items. Import notes with [bold]coach import PATH[/] or [bold]coach import --sample[/].")
        return
    table = Table(show_lines=False, header_style="bold")
    grouped = any(item.get("duplicate_group") for item in items)
    table.add_column("id", style="cyan", no_wrap=True)
    if grouped:
        table.add_column("group", style="magenta", no_wrap=True)
    table.add_column("question", ratio=1, min_width=36, overflow="fold")
    table.add_column("kind", max_width=13)
    table.add_column("topic", max_width=16)
    table.add_column("source", style="dim", max_width=24, overflow="fold")
    for item in items:
        source = item["source"]
        mark = "" if item["answer"] else " [dim](no answer)[/]"
        table.add_row(
            safe_text(item["id"]),
            *([safe_text(item["duplicate_group"] or "")] if grouped else []),
            safe_text(one_line(item["question"])) + Text.from_markup(mark),
            safe_text(item["kind"]),
            safe_text(item["topic"]),
            safe_text(f"{_short(one_line(source['path']), 20)}:{source['line_start']}"),
        )
    console.print(table)
    console.print(f"{len(items)} items")


def print_item(item: dict[str, Any]) -> None:
    from rich.markdown import Markdown
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    console = new_console()
    source = item["source"]
    meta = f"{item['kind']} · {item['topic']} · {source['path']}:{source['line_start']}-{source['line_end']}"
    path = " › ".join(item["heading_path"])
    title, subtitle = safe_text(one_line(item["id"])), safe_text(one_line(meta))
    console.print(Panel(safe_text(item["question"], style="bold"), title=title, subtitle=subtitle, expand=True))
    if path:
        console.print(safe_text(one_line(path), style="dim"))
    if item["answer"]:
        console.print(Markdown(clean(item["answer"]), hyperlinks=False))  # a link shows its address
    else:
        console.print(Text("No reference answer in your notes: practise it with self-rating.", style="yellow"))
    if item["star"]:
        star = Table(title="STAR", show_header=False)
        for part in ("situation", "task", "action", "result"):
            star.add_row(part.capitalize(), safe_text(item["star"][part]) if item["star"][part] else "[red]missing[/]")
        console.print(star)
    if item["note"]:
        console.print(safe_text(item["note"], style="dim"))


def _short(path: str, width: int = 28) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def _citation(hit: Hit) -> str:
    where = " › ".join(hit.heading_path)
    lines = f"{hit.passage_line}" if hit.passage_line else f"{hit.line_start}-{hit.line_end}"
    return one_line(f"{hit.path}:{lines}" + (f"  ({where})" if where else ""))


def _excerpt(text: str, limit: int = 400) -> str:
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def _refused(out: Console, result: SearchResult) -> bool:
    """The shared opening of search and ask: the query as searched, and what the notes do not cover."""
    from rich.text import Text

    if result.language and not result.refused:
        shared = "the words it shares with your notes were searched"
        out.print(f"[dim]In another language ({markup(result.language)}): {shared}.[/]")
    if result.corrected:
        out.print(Text("Searched for: ", style="dim") + safe_text(one_line(result.corrected)))
    if result.message:
        out.print(safe_text(result.message, style="yellow"), soft_wrap=True)
    closest = result.closest
    if closest is not None:
        where = f"{one_line(closest.path)}:{closest.passage_line or closest.line_start}"
        label = Text("Closest in your notes (not an answer): ", style="dim")
        title = one_line(closest.title) or "(untitled section)"
        out.print(label + Text(f"{title} ({where})", style="dim"), soft_wrap=True)
    return result.refused


def print_search(result: SearchResult) -> None:
    from rich.text import Text

    out = new_console()
    if _refused(out, result):
        return
    for n, hit in enumerate(result.hits, start=1):
        title = Text(f"{n}. ", style="bold")
        title.append(one_line(hit.title) or "(untitled section)", style="bold")
        title.append(f"   relevance {hit.relevance:.2f} · {hit.kind}", style="dim")
        out.print(title)
        out.print(Text(f"   {_citation(hit)}", style="cyan"), soft_wrap=True)
        if hit.passage and hit.passage != hit.title:
            out.print(Text("   " + _excerpt(hit.passage), style=""))
        out.print()


def print_answer(answer: Answer, written: WrittenAnswer | None = None) -> None:
    from rich.markdown import Markdown
    from rich.text import Text

    out = new_console()
    if _refused(out, answer.result):
        return
    out.print(Text.assemble(("From your notes", "bold"), f" on “{one_line(answer.question)}”:\n"))
    for n, hit in enumerate(answer.passages, start=1):
        out.print(Text(f"[{n}] {one_line(hit.title)}", style="bold"))
        quoted = "\n".join("> " + line for line in clean(hit.passage).splitlines())
        out.print(Markdown(quoted, hyperlinks=False))
        out.print(Text(f"    {_citation(hit)} · relevance {hit.relevance:.2f}", style="cyan"), soft_wrap=True)
        out.print()
    if written is not None:
        out.print(f"[bold]Answer[/] [dim](written by {markup(one_line(written.model))} from the passages above)[/]")
        out.print(safe_text(written.text), soft_wrap=True)
        if written.dropped:
            numbers = ", ".join(f"[{n}]" for n in written.dropped)
            out.print(Text(f"(removed citations of passages that were not given: {numbers})", style="dim"))


_POINT_STYLE = {
    "covered": ("✓", "green"),
    "partly": ("~", "yellow"),
    "missed": ("✗", "red"),
    "contradicted": ("!", "bold red"),
}


def print_grade(grade: Grade, rating: str, comment: tuple[str, str] | None = None) -> None:
    """The grade; `comment` is (text, model) when a configured model wrote one."""
    from rich.text import Text

    out = new_console()
    colour = "green" if grade.score >= 65 else "yellow" if grade.score >= 40 else "red"
    out.print(f"[bold {colour}]{grade.score}/100[/] · {grade.verdict} · suggested rating: [bold]{rating}[/]")
    taken = {d.reason for d in grade.deductions}
    for signal in grade.signals:
        if signal not in taken:  # deductions are listed below, each with its cost
            out.print(f"[yellow]• {markup(one_line(signal))}[/]")
    for deduction in grade.deductions:
        cost = f"−{deduction.points}" if deduction.points else "±0"
        out.print(f"[red]{cost:>4}[/] {markup(one_line(deduction.reason))}")
    if grade.points:
        out.print(f"\nKey points: {grade.covered} covered, {grade.missed} missed or contradicted")
    for point in grade.points:
        mark, style = _POINT_STYLE[point.status]
        line = Text(f" {mark} ", style=style)
        line.append(one_line(point.text))
        if point.span and point.status != "missed":
            line.append(f"\n     ← “{_excerpt(point.span, 160)}”", style="dim")
        if point.contradiction:
            line.append(f"\n     ✗ {one_line(point.contradiction)}", style="red")
        out.print(line)
    if grade.star is not None:
        parts = [
            f"[{'green' if getattr(grade.star, p) else 'red'}]{p[0].upper()}[/]"
            for p in ("situation", "task", "action", "result")
        ]
        concrete = "concrete result" if grade.star.concrete_result else "result not concrete"
        out.print(f"\nSTAR: {' '.join(parts)} · {concrete}")
    if grade.terms_missing:
        out.print(f"\nMissing terms: [red]{markup(one_line(', '.join(grade.terms_missing)))}[/]")
    if grade.terms_present:
        out.print(f"Terms used: [green]{markup(one_line(', '.join(grade.terms_present)))}[/]")
    if comment is not None:
        text, model = comment
        by = markup(one_line(model))
        out.print(f"\n[bold]Comment[/] [dim](written by {by}; the score above is the offline grader's)[/]")
        out.print(safe_text(text), soft_wrap=True)


def _bar(value: float | None, width: int = 8) -> str:
    if value is None:
        return ""
    filled = round(max(0.0, min(1.0, value)) * width)
    return "█" * filled + "░" * (width - filled)


def print_stats(data: dict[str, Any]) -> None:
    from rich.table import Table

    out = new_console()
    for title, key in (("By topic", "topics"), ("By kind", "kinds")):
        table = Table(title=title, header_style="bold")
        table.add_column("", no_wrap=True, min_width=14)
        for column in ("items", "done", "score", "recall", "due"):
            table.add_column(column, justify="right")
        table.add_column("readiness", no_wrap=True)
        for row in data[key]:
            score = row["mean_recent_score"]
            recall = row["retrievability"]
            table.add_row(
                safe_text(one_line(row["name"])),
                str(row["items"]),
                str(row["practised"]),
                "-" if score is None else f"{score:.0f}",
                "-" if recall is None else f"{recall:.0%}",
                str(row["due"]),
                f"{_bar(row['readiness'])} {row['readiness']:.0%}",
            )
        out.print(table)
    weakest = [w for row in data["topics"] for w in row["weakest"]]
    if weakest:
        out.print("[bold]Weakest[/]")
        for w in sorted(weakest, key=lambda w: w["last_score"])[:5]:
            out.print(safe_text(f"  {w['last_score']:>3}  {one_line(w['id'])}  {one_line(w['question'])}"))
    out.print(
        f"{data['attempts']} attempts · {data['minutes_practised']} min practised · streak {data['streak_days']} days"
    )
    if data.get("checklists", {}).get("items"):
        lists = data["checklists"]
        out.print(f"Checklists: {lists['ticked']} of {lists['items']} items ticked ({lists['checklists']} lists)")
    out.print(f"[dim]{data['readiness_explained']}[/]")
