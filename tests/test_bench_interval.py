"""The retrieval bench's bootstrap interval: what one query more or less is worth on a small query set."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from retrieval import bootstrap_interval  # noqa: E402


def test_interval_is_a_point_when_every_query_is_found() -> None:
    assert bootstrap_interval([True] * 120) == (1.0, 1.0)


def test_interval_brackets_the_recall_and_narrows_with_more_queries() -> None:
    small = bootstrap_interval([True] * 116 + [False] * 4)
    large = bootstrap_interval([True] * 1160 + [False] * 40)
    assert small[0] < 116 / 120 < small[1]
    assert large[0] < 116 / 120 < large[1]
    assert large[1] - large[0] < small[1] - small[0]
    assert small[0] < 0.97 < small[1]  # one query from the target is within the noise of 120 queries


def test_interval_is_reproducible_and_empty_input_is_zero() -> None:
    found = [True, False] * 30
    assert bootstrap_interval(found) == bootstrap_interval(found)
    assert bootstrap_interval([]) == (0.0, 0.0)
