"""Search and ask for a face that answers one request at a time (the web app): the index is brought up to date
first, within the same limit a terminal search uses, then the one core search or ask runs."""

from __future__ import annotations

from interview_coach.bank import Bank
from interview_coach.search.ask import Answer, ask
from interview_coach.search.embed import Embedder
from interview_coach.search.freshness import SEARCH_FINISHES, ensure_index
from interview_coach.search.retrieve import SearchResult, search


def search_fresh(
    bank: Bank, embedder: Embedder, query: str, k: int = 5, kind: str | None = None, topic: str | None = None
) -> SearchResult:
    ensure_index(bank, embedder, embed_limit=SEARCH_FINISHES)
    return search(bank, embedder, query, k=k, kind=kind, topic=topic)


def ask_fresh(bank: Bank, embedder: Embedder, question: str, k: int = 3) -> Answer:
    ensure_index(bank, embedder, embed_limit=SEARCH_FINISHES)
    return ask(bank, embedder, question, k=k)
