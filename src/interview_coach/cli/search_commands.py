"""index, search, ask: the search index kept current, and answers from your notes with citations."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coach.cli import KIND_CHOICES, cli, emit_json, emit_jsonl, open_from
from interview_coach.cli.indexing import INTERRUPTED, refresh_index
from interview_coach.cli.render import print_answer, print_search
from interview_coach.cli.writing import LLM_OPTION, configured_llm, try_writing
from interview_coach.errors import CoachError
from interview_coach.textsafe import one_line, strip

_HELP = {"help_option_names": ["-h", "--help"]}


@cli.command("index", context_settings=_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print what was indexed as JSON.")
@click.pass_context
def index_cmd(ctx: click.Context, as_json: bool) -> None:
    """Bring the search index up to date (import and search do this for you).

    Only new or edited notes are embedded; a change of embedding model re-embeds everything. Work is committed
    in batches: after Ctrl-C or a crash, the next run continues where this one stopped.

    \b
    Example:
      coach index
    """
    with open_from(ctx) as bank:
        fresh = refresh_index(bank, quiet=as_json, purpose="index")
    if fresh is None:  # interrupted (refresh_index has said so)
        raise SystemExit(INTERRUPTED)
    report, status = fresh.report, fresh.after
    data = {
        "documents": report.documents if report else 0,
        "passages": status.passages,
        "written": report.passages if report else 0,
        "embedded": report.embedded if report else 0,
        "reused": report.reused if report else 0,
        "keyword_only": report.keyword_only if report else 0,  # passages searched by keyword alone, for good
        "duplicate_groups_rebuilt": bool(report and report.grouped),
    }
    if as_json:
        emit_json(data)
    elif report is None:
        click.echo(f"The index is up to date: {status.passages:,} passages.")
    else:
        click.echo(
            f"Indexed {report.documents} notes files: {report.passages:,} passages written, {report.embedded:,} "
            f"texts embedded, {report.reused:,} passages reused a vector; {status.passages:,} passages in all."
        )


@cli.command("search", context_settings=_HELP)
@click.argument("query", required=False)
@click.option("--k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="How many results.")
@click.option("--kind", type=KIND_CHOICES, help="Only items of this kind.")
@click.option("--topic", help="Only items of this topic.")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "keyword", "dense"]),
    default="hybrid",
    show_default=True,
    help="Retrieval method (keyword and dense are for comparison).",
)
@click.option("--batch", type=click.Path(dir_okay=False, path_type=Path), help="Run one query per line of FILE.")
@click.option("--json", "as_json", is_flag=True, help="JSON out (JSONL, one line per query, with --batch).")
@click.pass_context
def search_cmd(
    ctx: click.Context,
    query: str | None,
    k: int,
    kind: str | None,
    topic: str | None,
    mode: str,
    batch: Path | None,
    as_json: bool,
) -> None:
    """Search your notes: keyword and semantic search fused, with the passage and file:line of each result.

    Each search ends in one of three outcomes: answered, partly (the part your notes never mention is named) or
    not in your notes (nothing is shown as a result). Relevance is the probability that a result answers the
    query. With --batch, each line of FILE is a query and each output line is
    {"query", "outcome", "refused", "missing", "results": [{"id", "relevance", "question", "passage", "source":
    {"path", "line_start", "line_end"}}]}.

    \b
    Example:
      coach search "lasso vs ridge"
      coach search "drift" --kind technical --k 3 --json
      coach search --batch queries.txt --json > results.jsonl
    """
    from interview_coach.search.embed import default_embedder
    from interview_coach.search.retrieve import search

    if (query is None) == (batch is None):
        raise CoachError('give one query, or --batch FILE with one query per line: coach search "drift"')
    queries = [query] if query is not None else _batch_queries(batch)  # type: ignore[arg-type]
    with open_from(ctx) as bank:
        refresh_index(bank, quiet=as_json)
        embedder = default_embedder()
        for text in queries:
            result = search(bank, embedder, text, k=k, kind=kind, topic=topic, mode=mode)
            if batch is not None and as_json:
                emit_jsonl(result.as_dict())
            elif as_json:
                emit_json(result.as_dict())
            else:
                print_search(result)


def _batch_queries(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise CoachError(f"{path}: cannot read the query file ({exc.strerror}); check the path") from exc
    queries = []
    for number, line in enumerate(lines, start=1):
        query = " ".join(strip(line).split())  # control characters and escapes are not words
        if query:
            queries.append(query)
        elif line.strip():
            click.echo(f"{one_line(path)}:{number}: skipped, only control characters on the line", err=True)
    if not queries:
        raise CoachError(f"{path}: no queries in the file; write one query per line")
    return queries


@cli.command("ask", context_settings=_HELP)
@click.argument("question")
@click.option("--k", "k", type=click.IntRange(1, 20), default=3, show_default=True, help="How many passages.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@LLM_OPTION
@click.pass_context
def ask_cmd(ctx: click.Context, question: str, k: int, as_json: bool, use_llm: bool) -> None:
    """Answer from your notes: the best passages quoted, each with file:line, heading path and relevance.

    Three outcomes: answered; partly (it names the part your notes never mention); or not in your notes (it
    says what they never mention, and may show the closest passage, labelled as not an answer). Relevance is the
    probability that a passage answers the question. With COACH_LLM_URL set (e.g. a local Ollama at
    http://localhost:11434/v1 and COACH_LLM_MODEL), a short answer written only from those passages follows,
    citing them as [n].

    \b
    Example:
      coach ask "what did I write about LoRA?"
      COACH_LLM_URL=http://localhost:11434/v1 COACH_LLM_MODEL=llama3.2 coach ask "LoRA vs full fine-tuning"
    """
    from interview_coach.llm.writing import grounded_answer
    from interview_coach.search.ask import ask
    from interview_coach.search.embed import default_embedder

    with open_from(ctx) as bank:
        refresh_index(bank, quiet=as_json)
        answer = ask(bank, default_embedder(), question, k=k)
    llm = configured_llm(use_llm) if answer.passages else None
    written, failure = (
        try_writing(lambda: grounded_answer(llm, answer.question, answer.passages)) if llm else (None, "")
    )
    if as_json:
        data = answer.as_dict()
        if written:
            data["written_answer"] = written.as_dict()
        if failure:
            data["llm_error"] = failure
        emit_json(data)
    else:
        print_answer(answer, written)
