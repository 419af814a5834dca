"""Rewrite the English word list shipped with the search (src/interview_coach/search/english_words.tsv) from
pyspellchecker's, after upgrading pyspellchecker: `python scripts/english_words.py`. tests/test_search.py checks
that the shipped file matches the installed pyspellchecker."""

from __future__ import annotations

from importlib import resources

from interview_coach.search.spelling import ENGLISH_LIST, english_list_text


def main() -> None:
    target = resources.files("interview_coach.search").joinpath(ENGLISH_LIST)
    with open(str(target), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(english_list_text())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
