"""Before a search (or after an import): bring the index up to date, finishing whatever an earlier run left.

What a user expects from each face: an import or `coach index` finishes the whole index; a search finishes a
small remainder first, but does not make the user wait minutes for a big one: it answers from keywords plus the
passages already embedded and says how far indexing is (and that `coach index` finishes it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interview_coach.bank import Bank
from interview_coach.errors import CoachError
from interview_coach.search.budget import DENSE_BUDGET
from interview_coach.search.embed import Embedder
from interview_coach.search.index import EmbedProgress, IndexReport, IndexStatus, TooBig, index_bank, index_status

# A search embeds at most this many waiting passages before it answers (~10–20 s on 2 cores); beyond that it
# answers from what is there.
SEARCH_FINISHES = 2000
TOO_BIG_LINES = 5  # files named one by one when only part of them is searched by meaning; then a count

Notify = Callable[[str], None]


@dataclass
class Freshness:
    before: IndexStatus
    after: IndexStatus
    report: IndexReport | None = None  # None when the index was already current

    @property
    def partial(self) -> bool:
        return self.after.embedded < self.after.passages or self.after.stale_documents > 0


def ensure_index(
    bank: Bank,
    embedder: Embedder,
    progress: EmbedProgress | None = None,
    notify: Notify | None = None,
    embed_limit: int | None = None,
    require_notes: bool = True,
    dense_budget: int = DENSE_BUDGET,
) -> Freshness:
    """Index what is new, edited or left unfinished; `notify` hears, in a sentence each, what is resumed or left."""
    say = notify or (lambda _message: None)
    before = index_status(bank, embedder.model_id)
    if require_notes and before.items == 0 and before.stale_documents == 0 and before.passages == 0:
        raise CoachError("the bank has no notes yet; import some first: coach import --sample (or your notes folder)")
    if before.current:
        return Freshness(before, before)
    if before.other_models:
        say(
            f"The search index was built with {', '.join(before.other_models)}; re-embedding with "
            f"{embedder.model_id} (unchanged text is not re-embedded twice)."
        )
    elif before.embedded < before.passages:
        say(f"Resuming indexing: {progress_line(before)} already embedded.")
    elif before.ungrouped:
        say("Rebuilding duplicate groups (the last indexing stopped before them).")
    report = index_bank(bank, embedder, progress, embed_limit, dense_budget)
    for line in too_big_lines(report.too_big):
        say(line)
    after = index_status(bank, embedder.model_id)
    if not report.complete:
        say(
            f"The index is partly built: {progress_line(after)} embedded, so this answer comes from keywords plus "
            "those. Run `coach index` to finish it."
        )
    return Freshness(before, after, report)


def too_big_lines(files: list[TooBig]) -> list[str]:
    """One honest line per file only partly searched by meaning (a few named, the rest counted)."""
    lines = [
        f"{file.path} is too big to search all of it by meaning: {file.embedded:,} of its {file.passages:,} "
        "passages are embedded (questions first, then an even sample); keyword search still finds every passage."
        for file in files[:TOO_BIG_LINES]
    ]
    if len(files) > TOO_BIG_LINES:
        lines.append(f"…and {len(files) - TOO_BIG_LINES} more files too big to search all of them by meaning.")
    return lines


def progress_line(status: IndexStatus) -> str:
    return f"{status.embedded:,} of {status.passages:,} passages"
