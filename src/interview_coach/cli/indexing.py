"""The index-freshness check as the commands show it: a progress bar with rate and time left, and Ctrl-C that keeps
every committed batch and says so."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from interview_coach.bank import Bank
    from interview_coach.search.freshness import Freshness
    from interview_coach.search.index import EmbedProgress

INTERRUPTED = 130  # the shell's exit status for Ctrl-C


def refresh_index(bank: Bank, quiet: bool = False, purpose: str = "search") -> Freshness | None:
    """Bring the index up to date for `purpose`: "search" answers from a partial index when much is left (and
    when the user interrupts the indexing); "import", "index" and "duplicates" finish it. Returns None after Ctrl-C
    in a search."""
    from interview_coach.search.embed import default_embedder
    from interview_coach.search.freshness import SEARCH_FINISHES, ensure_index

    embedder = default_embedder()
    limit = SEARCH_FINISHES if purpose == "search" else None
    try:
        with _progress(quiet) as progress:
            return ensure_index(
                bank, embedder, progress, _notify(quiet), embed_limit=limit, require_notes=purpose != "import"
            )
    except KeyboardInterrupt:
        _interrupted(bank, embedder.model_id, purpose)
        return None


def _notify(quiet: bool) -> Callable[[str], None]:
    def say(message: str) -> None:
        # A partial index or a file only partly embedded changes what a search can find: say it even under
        # --json (on stderr).
        if not quiet or message.startswith("The index is partly built") or "too big to search" in message:
            click.echo(message, err=True)

    return say


def _interrupted(bank: Bank, model_id: str, purpose: str) -> None:
    from interview_coach.search.freshness import progress_line
    from interview_coach.search.index import index_status

    status = index_status(bank, model_id)
    kept = f"Indexing stopped: {progress_line(status)} embedded, all kept."
    if purpose == "search":
        click.echo(f"{kept} Searching keywords plus those; `coach index` finishes the rest.", err=True)
        return
    click.echo(f"{kept} `coach index` (or the next import or search) continues from there.", err=True)
    sys.exit(INTERRUPTED)


@contextmanager
def _progress(quiet: bool) -> Iterator[EmbedProgress | None]:
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed:,.0f} passages/s" if task.speed else "… passages/s", style="progress.data.speed")

    columns = (TextColumn("Embedding"), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True, emoji=False), transient=False) as bar:
        task = bar.add_task("embed", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
