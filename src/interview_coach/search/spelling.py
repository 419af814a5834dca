"""Typo tolerance: a query word that is neither in the notes nor an English word is replaced by the most frequent
notes word one edit away ("varience" → "variance", "clasifier" → "classifier", "serach" → "search"), for keyword and
dense search alike. Real words the notes happen not to use ("teach", "ship") are left alone: pyspellchecker's
English word list tells them apart."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_][^\W_]+")  # any script: notes may be in another language
_LETTERS = string.ascii_lowercase
MIN_LENGTH = 4  # shorter words have too many neighbours to correct safely


class Vocabulary:
    def __init__(self, texts: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(_WORD.findall(text.lower()))
        self.counts = counts

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def correct(self, word: str) -> str | None:
        """The notes' word for a misspelt one, or None when the word is known, short, or has no close match."""
        word = word.lower()
        if len(word) < MIN_LENGTH or word in self.counts or not word.isalpha() or is_english_word(word):
            return None
        known = [candidate for candidate in _edits(word) if candidate in self.counts]
        return max(known, key=lambda w: (self.counts[w], w)) if known else None

    def correct_query(self, query: str) -> str:
        def fix(match: re.Match[str]) -> str:
            found = match.group(0)
            fixed = self.correct(found)
            return fixed if fixed else found

        # Only plain words: "LangChain", "MLflow" and "RAG" are names, not typos.
        return re.sub(r"(?<!\w)[A-Za-z][a-z]+(?!\w)", fix, query)


COMMON_WORDS = 5000  # the most frequent English words: phrasing ("stuff", "someone", "rebuild"), not a topic


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    return frozenset(_frequencies())


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    frequencies = _frequencies()
    return frozenset(sorted(frequencies, key=frequencies.__getitem__, reverse=True)[:COMMON_WORDS])


def is_common_english(word: str) -> bool:
    return word.lower() in _common()


def is_english_word(word: str) -> bool:
    return word.lower() in _english()


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)
