"""Typo tolerance: a query word that is neither in the notes nor an English word is replaced by the most frequent
notes word one edit away ("varience" → "variance", "clasifier" → "classifier", "serach" → "search"), for keyword and
dense search alike. Real words the notes happen not to use ("teach", "ship") are left alone: pyspellchecker's
English word list tells them apart."""

from __future__ import annotations

import bisect
import math
import os
import re
import string
from collections import Counter
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path

import snowballstemmer

_WORD = re.compile(r"[^\W\d_][^\W_]+")  # any script: notes may be in another language
_LETTERS = string.ascii_lowercase
MIN_LENGTH = 4  # shorter words have too many neighbours to correct safely
MIN_PREFIX = 6  # a query word this long may be a notes word's abbreviation ("backprop"); shorter ones collide


class Vocabulary:
    def __init__(self, texts: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(_WORD.findall(text.lower()))
        self.counts = counts

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    @cached_property
    def stem_counts(self) -> Counter[str]:
        """How often each stem occurs in the notes ("normalization" and "normalizing" count together)."""
        stems: Counter[str] = Counter()
        for word, count in self.counts.items():
            stems[stem(word)] += count
        return stems

    @cached_property
    def _total(self) -> int:
        return sum(self.stem_counts.values())

    @cached_property
    def _sorted(self) -> list[str]:
        return sorted(self.counts)

    def known_stem(self, word: str) -> str | None:
        """The notes' stem for a query word: by stem, else a notes word it begins ("backprop" → "backpropagation")."""
        word = word.lower()
        if word.isdigit():
            return word if word in self.counts else None
        found = stem(word)
        if found in self.stem_counts:
            return found
        if len(word) >= MIN_PREFIX:
            at = bisect.bisect_left(self._sorted, word)
            if at < len(self._sorted) and self._sorted[at].startswith(word):
                return stem(self._sorted[at])
        return None

    def rarity(self, found_stem: str) -> float:
        """0..1: how specific a stem is within the notes (inverse collection frequency; 1 = absent or once)."""
        total = self._total
        count = self.stem_counts.get(found_stem, 0)
        if count <= 1 or total <= 1:
            return 1.0
        return max(0.0, min(1.0, math.log(total / count) / math.log(total)))

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
# pyspellchecker's English list (160k words), written once as a sorted text file in the user's cache dir, so that a
# command looks up the few words of its query instead of loading the list (0.13 s of a cold start): one line per
# word, "word<TAB>frequency", with "<TAB>*" after the COMMON_WORDS most frequent. Built from the installed package
# on first use (nothing of it is shipped with ours); its name carries pyspellchecker's version and LIST_FORMAT.
LIST_FORMAT = 1


def english_list_text() -> str:
    """The English list's text, built from pyspellchecker."""
    from spellchecker import SpellChecker

    frequencies = dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
    common = set(sorted(frequencies, key=frequencies.__getitem__, reverse=True)[:COMMON_WORDS])
    lines = [
        f"{word}\t{frequency}\t*" if word in common else f"{word}\t{frequency}"
        for word, frequency in sorted(frequencies.items(), key=lambda pair: pair[0].encode("utf-8"))
    ]
    return "".join(line + "\n" for line in lines)


def english_list_path() -> Path:
    from importlib.metadata import version

    from interview_coach.config import cache_dir

    return cache_dir() / f"english-words-{version('pyspellchecker')}-{LIST_FORMAT}-{COMMON_WORDS}.tsv"


@lru_cache(maxsize=1)
def _english_list() -> bytes:
    """The sorted list: read from the cache dir, or built there (a read-only cache dir: built and kept in memory)."""
    path = english_list_path()
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = english_list_text().encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)  # whole or not at all, whatever another process does at the same time
    except OSError:
        pass
    return data


def _english_entry(word: str) -> tuple[int, bool] | None:
    """(frequency, among the most common) of a lower-case word in the English list, or None: a binary search of
    the sorted lines, whose "word<TAB>" prefixes sort as the words do."""
    if not word or "\t" in word or "\n" in word:
        return None
    data, key = _english_list(), word.encode("utf-8") + b"\t"
    lo, hi = 0, len(data)  # both at line starts; the first line >= key lies in [lo, hi]
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", lo, mid) + 1 or lo
        end = data.index(b"\n", start) + 1
        if data[start:end] < key:
            lo = end
        else:
            hi = start
    if not data.startswith(key, lo):
        return None
    fields = data[lo + len(key) : data.index(b"\n", lo)].split(b"\t")
    return int(fields[0]), len(fields) > 1


def is_common_english(word: str) -> bool:
    entry = _english_entry(word.lower())
    return entry is not None and entry[1]


def is_english_word(word: str) -> bool:
    return _english_entry(word.lower()) is not None


# Word frequencies of the English list span ~10 (rare) to ~10^7 ("the"): at or above COMMONPLACE a word says
# nothing about a topic, at or below SPECIFIC (or not in the list: a name, an acronym) it is as specific as words go.
COMMONPLACE = 6.0  # log10 frequency
SPECIFIC = 3.0


def english_rarity(word: str) -> float:
    """0..1: how little a word is used in everyday English (1 for words the English list lacks)."""
    entry = _english_entry(word.lower())
    frequency = entry[0] if entry else 0
    if not frequency:
        return 1.0
    return max(0.0, min(1.0, (COMMONPLACE - math.log10(frequency)) / (COMMONPLACE - SPECIFIC)))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word.lower()))


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)
