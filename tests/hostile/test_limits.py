"""The per-file limits of import: a file past its time or memory is stopped alone, the others finish."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from corpus import HOSTILE_DOCUMENTS
from hypothesis import HealthCheck, given, settings

from interview_coach.bank.importer import prepare_all
from interview_coach.bank.workers import Limits, bounded_map


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _die(code: int) -> None:
    if code:
        os._exit(code)  # as a native crash would: no reply
    os.kill(os.getpid(), signal.SIGTERM)


def _fail(message: str) -> None:
    raise ValueError(message)


def test_a_job_past_its_time_is_stopped_and_the_rest_finish_in_order() -> None:
    jobs = [(0.0,), (30.0,), (0.1,), (0.0,)]
    t0 = time.monotonic()
    outcomes = list(bounded_map(_sleep, jobs, 2, [Limits(seconds=1.0, memory_mb=0)] * len(jobs)))
    assert time.monotonic() - t0 < 10  # not 30
    assert [o.status for o in outcomes] == ["ok", "timeout", "ok", "ok"]
    assert [o.value for o in outcomes if o.status == "ok"] == [0.0, 0.1, 0.0]


def test_a_job_past_its_memory_fails_alone() -> None:
    jobs = [(400,), (1,)]
    outcomes = list(bounded_map(_allocate, jobs, 1, [Limits(seconds=30, memory_mb=100)] * 2))
    assert [o.status for o in outcomes] == ["memory", "ok"]


def test_a_crashing_or_raising_job_is_reported_and_its_worker_replaced() -> None:
    outcomes = list(bounded_map(_die, [(1,), (0,)], 1, [Limits(seconds=30, memory_mb=0)] * 2))
    assert [o.status for o in outcomes] == ["crashed", "crashed"]
    assert "exit code" in outcomes[0].value
    outcomes = list(bounded_map(_fail, [("boom",), ("again",)], 1, [Limits()] * 2))
    assert [(o.status, o.value) for o in outcomes] == [("error", "ValueError: boom"), ("error", "ValueError: again")]


def test_limits_grow_with_the_file_beyond_its_first_megabyte() -> None:
    base = Limits(seconds=10, memory_mb=512)
    assert base.scaled(100_000, 10, 150) == base
    assert base.scaled(3 * 1_048_576, 10, 150) == Limits(seconds=30, memory_mb=812)
    assert Limits(10, 0).scaled(5 * 1_048_576, 10, 150).memory_mb == 0  # uncapped stays uncapped


def test_limits_come_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_FILE_TIMEOUT", "2.5")
    monkeypatch.setenv("COACH_FILE_MEMORY_MB", "300")
    assert Limits.from_env() == Limits(2.5, 300)
    monkeypatch.setenv("COACH_FILE_TIMEOUT", "soon")
    assert Limits.from_env().seconds == Limits.seconds


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(HOSTILE_DOCUMENTS)
def test_any_hostile_document_is_parsed_or_fails_with_one_line_within_its_limit(tmp_path_factory, document) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("doc")) / "notes.md"
    path.write_text(document, encoding="utf-8", errors="surrogatepass")
    t0 = time.monotonic()
    [prepared] = list(prepare_all([(path, 20 * 1_048_576, None, None)], Limits(seconds=3, memory_mb=512)))
    assert time.monotonic() - t0 < 3 + 5  # the limit, and starting a worker on a busy machine
    if prepared.failure:
        assert "\n" not in prepared.failure and str(path) not in prepared.failure
    else:
        assert prepared.parsed is not None
        for item in prepared.parsed.items:
            assert 1 <= item.line_start <= item.line_end <= len(re.split(r"\r\n?|\n", document))
