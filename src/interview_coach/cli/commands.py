"""import, list, show, export. Each parses input, calls the core once and formats what comes back."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from interview_coach.cli import KIND_CHOICES, cli, emit_json, open_from
from interview_coach.cli.render import print_import_preview, print_import_report, print_item, print_items
from interview_coach.errors import CoachError
from interview_coach.textsafe import one_line

QUESTION_SHAPES = ["bold", "heading", "list", "label", "table", "card", "details"]  # parse.SHAPES, kept light


@cli.command("import", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1)
@click.option("--sample", is_flag=True, help="Import the sample notes bundled with interview-coach.")
@click.option(
    "--max-file-mb",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Skip notes files larger than this.",
)
@click.option(
    "--questions",
    type=click.Choice(QUESTION_SHAPES),
    help="How these notes mark their questions, when the detected format is wrong (else inferred per file).",
)
@click.option(
    "--dry-run", is_flag=True, help="Show each file's detected format, counts and first items; store nothing."
)
@click.option("--json", "as_json", is_flag=True, help="Print the per-file report as JSON.")
@click.pass_context
def import_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    sample: bool,
    max_file_mb: float,
    questions: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import notes files, folders (recursively) or globs into the question bank.

    Reads markdown (.md, .markdown, .txt), CSV / TSV decks with question and answer columns, Anki's "Notes
    in Plain Text" export (.txt) and `coach export --format markdown` files. The way each markdown file marks
    its questions (headings, bold lines, list entries, Q:/A: labels, tables, flashcards, <details>) is detected
    per file and named in the report; --questions (or `coach-questions: bold` in a file's front matter) says it
    instead. Unchanged files are skipped; edited files update their items in place (same ids); questions
    removed from the notes are retired, never deleted. Exit status 1 when a file failed.

    \b
    Example:
      coach --demo import --sample
      coach import ~/interview-notes "drafts/**/*.md" deck.csv "Anki deck.txt"
      coach import --dry-run deck.md
      coach import --questions bold faq.md
    """
    from interview_coach.bank.importer import import_paths, import_sample

    if not paths and not sample:
        raise CoachError("nothing to import: pass notes files or folders, or --sample for the bundled notes")
    if dry_run:
        _preview(list(paths), int(max_file_mb * 1_048_576), questions, as_json)
        return
    from interview_coach.cli.indexing import refresh_index

    with open_from(ctx) as bank:
        report = import_sample(bank) if sample else None
        more = import_paths(bank, list(paths), int(max_file_mb * 1_048_576), questions=questions) if paths else None
        merged = _merge(report, more)
        # New notes are searchable at once, and an index an earlier run left unfinished is completed.
        refresh_index(bank, quiet=as_json, purpose="import")
    if as_json:
        files = [vars(o) for o in merged.outcomes]
        emit_json({"ok": merged.ok, "problems": merged.problems, "skipped": merged.skipped, "files": files})
    else:
        print_import_report(merged)
        if sample and not ctx.obj.get("demo"):
            click.echo("The sample is in your own bank now; `coach remove sample` takes it out again.", err=True)
    if not merged.ok:
        sys.exit(1)


def _preview(paths: list[str], max_bytes: int, questions: str | None, as_json: bool) -> None:
    from interview_coach.bank.importer import preview_paths

    if not paths:
        raise CoachError("--dry-run reads notes files: pass PATHs (the bundled sample needs no preview)")
    previews, problems = preview_paths(paths, max_bytes, questions)
    if as_json:
        emit_json({"ok": not problems, "problems": problems, "files": [vars(p) for p in previews]})
    else:
        print_import_preview(previews, problems)
    if problems or any(p.status == "failed" for p in previews):
        sys.exit(1)


def _merge(first, second):
    from interview_coach.bank.importer import ImportReport

    merged = ImportReport()
    for report in (first, second):
        if report is not None:
            merged.outcomes += report.outcomes
            merged.problems += report.problems
            merged.skipped += report.skipped
    return merged


@cli.command("list", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--kind", type=KIND_CHOICES, help="Only items of this kind.")
@click.option("--topic", help="Only items of this topic (e.g. rag, nlp-llm, mlops-deployment).")
@click.option("--source", metavar="FILE", help="Only items from notes files whose path contains FILE.")
@click.option("--retired", is_flag=True, help="Include items retired because they left the notes.")
@click.option(
    "--duplicates", is_flag=True, help="Only near-duplicate questions, grouped (same question in several files)."
)
@click.option("--json", "as_json", is_flag=True, help="Print items as a JSON array.")
@click.pass_context
def list_cmd(
    ctx: click.Context,
    kind: str | None,
    topic: str | None,
    source: str | None,
    retired: bool,
    duplicates: bool,
    as_json: bool,
) -> None:
    """List the questions in the bank.

    \b
    Example:
      coach list --kind behavioral
      coach list --topic rag --json
      coach list --duplicates
    """
    from interview_coach.bank.queries import item_dict, list_items

    with open_from(ctx) as bank:
        if duplicates:
            from interview_coach.cli.indexing import refresh_index

            refresh_index(bank, quiet=as_json, purpose="duplicates")  # groups are computed with the embeddings
        with bank.session() as session:
            rows = list_items(session, kind, topic, source, retired)
            if duplicates:
                rows = sorted((i for i in rows if i.duplicate_group), key=lambda i: (i.duplicate_group or "", i.id))
            items = [item_dict(i) for i in rows]
    if as_json:
        emit_json(items)
    else:
        print_items(items)


@cli.command("show", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("item_id")
@click.option("--json", "as_json", is_flag=True, help="Print the item as JSON.")
@click.pass_context
def show_cmd(ctx: click.Context, item_id: str, as_json: bool) -> None:
    """Show one item: question, answer (rendered markdown), kind, topic, source file:lines.

    ITEM_ID may be a unique prefix of the id shown by `coach list`.

    \b
    Example:
      coach show 3f2a9c1b7d4e
    """
    from interview_coach.bank.queries import get_item, item_dict

    with open_from(ctx) as bank, bank.session() as session:
        item = item_dict(get_item(session, item_id))
    if as_json:
        emit_json(item)
    else:
        print_item(item)


@cli.command("export", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "markdown"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option("--kind", type=KIND_CHOICES, help="Only items of this kind.")
@click.option("--topic", help="Only items of this topic.")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: Path | None, kind: str | None, topic: str | None) -> None:
    """Export the bank as JSONL (one item a line), CSV or re-importable markdown.

    JSONL fields: id, question, answer (markdown, "" when none), kind, topic, heading_path,
    source {path, line_start, line_end}, star {situation, task, action, result} or null, note, retired.

    \b
    Example:
      coach export --format jsonl -o bank.jsonl
      coach export --format markdown > my-bank.md
    """
    from interview_coach.bank.queries import item_dict, list_items
    from interview_coach.export import export_items

    with open_from(ctx) as bank, bank.session() as session:
        text = export_items([item_dict(i) for i in list_items(session, kind, topic)], fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CoachError(f"{output}: cannot write ({exc.strerror}); choose another -o path") from exc
    click.echo(f"Wrote {one_line(output)}", err=True)
