"""The English word list shipped as a sorted file: the same words, frequencies and common words as pyspellchecker's,
looked up without loading it."""

from __future__ import annotations

import math
import subprocess
import sys
from importlib import resources

from spellchecker import SpellChecker

from interview_coach.search import spelling
from interview_coach.search.spelling import (
    COMMON_WORDS,
    COMMONPLACE,
    ENGLISH_LIST,
    SPECIFIC,
    english_list_text,
    english_rarity,
    is_common_english,
    is_english_word,
)


def test_the_shipped_list_is_what_the_script_builds_from_pyspellchecker() -> None:
    shipped = resources.files("interview_coach.search").joinpath(ENGLISH_LIST).read_text("utf-8")
    assert shipped == english_list_text()  # else run: python scripts/english_words.py


def test_every_word_answers_as_pyspellchecker_does() -> None:
    frequencies = dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
    common = set(sorted(frequencies, key=frequencies.__getitem__, reverse=True)[:COMMON_WORDS])
    for word, frequency in frequencies.items():
        assert is_english_word(word), word
        assert is_common_english(word) == (word in common), word
        expected = max(0.0, min(1.0, (COMMONPLACE - math.log10(frequency)) / (COMMONPLACE - SPECIFIC)))
        assert english_rarity(word) == expected, word
    words = sorted(frequencies)
    # Strings next to real words in the sorted order, and the ends of the list, are not words.
    near = {w + suffix for w in words[:50] + words[-50:] + words[::997] for suffix in ("", "zz", "\u00e9", "'")}
    near |= {w[:-1] for w in words[::997]} | {"", "\t", "a\tb", "zzzzzz", "\U0001f600", "\u00e9t\u00e9s"}
    for candidate in near - set(frequencies):
        assert not is_english_word(candidate), candidate
        assert not is_common_english(candidate), candidate
        assert english_rarity(candidate) == 1.0, candidate


def test_lookups_are_case_blind() -> None:
    assert is_english_word("Variance") and is_common_english("THE") and not is_common_english("variance")
    assert spelling.english_rarity("Ridge") == spelling.english_rarity("ridge") < 1.0


def test_a_lookup_does_not_load_pyspellchecker() -> None:
    code = (
        "import sys; from interview_coach.search.spelling import is_english_word, english_rarity; "
        "assert is_english_word('ridge') and english_rarity('model') < 1; print(sorted(sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert "'spellchecker'" not in loaded
