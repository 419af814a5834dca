"""The English word list as a sorted file in the cache dir: the same words, frequencies and common words as
pyspellchecker's, looked up without loading it once it is built."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

from spellchecker import SpellChecker

from interview_coach.search import spelling
from interview_coach.search.spelling import (
    COMMON_WORDS,
    COMMONPLACE,
    SPECIFIC,
    english_list_path,
    english_list_text,
    english_rarity,
    is_common_english,
    is_english_word,
)


def test_the_list_is_built_in_the_cache_dir_on_first_use_and_read_from_there(tmp_path: Path) -> None:
    code = "from interview_coach.search.spelling import is_english_word as w; print(w('ridge'), w('zzqx'))"
    env = {**os.environ, "COACH_MODEL_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert first.stdout.split() == ["True", "False"]
    built = list(tmp_path.glob("english-words-*.tsv"))
    assert len(built) == 1 and built[0].read_text("utf-8") == english_list_text()
    assert not list(tmp_path.glob("*.tmp"))
    built[0].write_text("ridge\t1\nzzqx\t5\n", encoding="utf-8")  # a second process reads the file, not the source
    second = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert second.stdout.split() == ["True", "True"]


def test_a_read_only_cache_dir_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    code = "from interview_coach.search.spelling import is_english_word as w; print(w('ridge'))"
    env = {**os.environ, "COACH_MODEL_CACHE": str(blocker / "cache")}
    result = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    assert result.stdout.strip() == "True"


def test_the_cache_file_name_carries_the_source_version() -> None:
    assert "english-words-" in english_list_path().name and english_list_path().suffix == ".tsv"


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


def test_once_built_a_lookup_does_not_load_pyspellchecker(tmp_path: Path) -> None:
    code = (
        "import sys; from interview_coach.search.spelling import is_english_word, english_rarity; "
        "assert is_english_word('ridge') and english_rarity('model') < 1; print(sorted(sys.modules))"
    )
    env = {**os.environ, "COACH_MODEL_CACHE": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)  # builds the list
    loaded = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    assert "'spellchecker'" not in loaded
