"""The answerability fit's threshold: placed between two in-scope probabilities, not just below one."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from fit_answerability import FALSE_REFUSALS, _threshold  # noqa: E402


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def test_threshold_refuses_the_budget_between_two_in_scope_probabilities() -> None:
    assert FALSE_REFUSALS == 0.01
    half = np.array([0.2, 0.4] + [0.9] * 58)  # 60 queries: 0.6 of the way from the lowest to the next
    threshold = _threshold(half)
    assert 0.2 < threshold < 0.4
    assert _logit(threshold) == pytest.approx(_logit(0.2) + 0.6 * (_logit(0.4) - _logit(0.2)))
    full = np.array([0.1, 0.2, 0.4] + [0.9] * 117)  # 120: 0.2 of the way from the second lowest to the third
    assert _logit(_threshold(full)) == pytest.approx(_logit(0.2) + 0.2 * (_logit(0.4) - _logit(0.2)))
    assert (full < _threshold(full)).sum() == 2


def test_threshold_without_enough_queries() -> None:
    assert _threshold(np.array([])) == 0.5
    assert _threshold(np.array([0.7])) == pytest.approx(0.7, abs=1e-5)
    assert _threshold(np.array([0.7, 0.8])) < 0.8  # the budget rounds to the lowest: refuses none or one
