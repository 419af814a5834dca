"""Code graded as code: structure by ast, and both functions run on generated inputs in a limited subprocess."""

from __future__ import annotations

import os
import time
from pathlib import Path

from interview_coach.grade.code import check_code

REFERENCE = """import numpy as np

def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    shifted = x - x.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)
"""
CORRECT = """import math

def softmax_rows(logits):
    out = []
    for row in logits:
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = sum(exps)
        out.append([e / total for e in exps])
    return out
"""
BUGGY = CORRECT.replace("math.exp(v - m)", "math.exp(v) - m")


def test_a_correct_implementation_in_another_style_matches_on_every_input() -> None:
    check = check_code([REFERENCE], [CORRECT])
    assert check.runs_ok is True and check.score == 1.0
    assert "matches the reference on 20/20" in check.summary


def test_a_bug_is_reported_with_the_first_differing_input() -> None:
    check = check_code([REFERENCE], [BUGGY])
    assert check.runs_ok is False and check.score < 0.5
    assert "differs from the reference on softmax_rows(" in check.summary and "expected" in check.summary


def test_structure_alone_when_the_signatures_differ() -> None:
    reference = (
        "class M:\n    def step(self, w, g):\n"
        "        self.v = self.mu * self.v - self.lr * g\n        return w + self.v\n"
    )
    same = "def update(p, g, v, lr=0.1, mu=0.9):\n    v = mu * v - lr * g\n    return p + v, v\n"
    flipped = same.replace("mu * v - lr * g", "mu * v + lr * g")
    good, bad = check_code([reference], [same]), check_code([reference], [flipped])
    assert good.runs_ok is None and good.structure > bad.structure


def test_runaway_code_is_killed_at_the_limit(tmp_path: Path) -> None:
    reference = "def f(xs):\n    return sorted(xs)\n"
    started = time.perf_counter()
    looping = check_code([reference], ["def f(xs):\n    while True:\n        pass\n"])
    assert time.perf_counter() - started < 5
    assert looping.runs_ok is False and looping.summary == "your code did not finish in 2 s"
    hungry = check_code([reference], ["def f(xs):\n    return [0] * (10 ** 10)\n"])
    assert hungry.runs_ok is False and "memory" in hungry.summary
    target = tmp_path / "written.txt"
    writes = f"def f(xs):\n    open({str(target)!r}, 'w').write('x')\n    return sorted(xs)\n"
    writer = check_code([reference], [writes])
    assert writer.runs_ok is False and not target.exists()
    sock = "import socket\n\ndef f(xs):\n    socket.create_connection(('127.0.0.1', 9))\n    return sorted(xs)\n"
    assert check_code([reference], [sock]).runs_ok is False
    assert os.getcwd() != str(tmp_path)


def test_code_that_does_not_parse_says_so() -> None:
    check = check_code([REFERENCE], ["def softmax(x:\n    return x"])
    assert check.runs_ok is False and "does not parse" in check.summary
