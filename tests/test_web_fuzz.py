"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis): whatever a client sends,
the app answers without a server error (a 500). A real SQLite bank with a few notes sits underneath."""

from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from interview_coach.bank import open_bank  # noqa: E402
from interview_coach.bank.importer import import_paths  # noqa: E402
from interview_coach.config import Settings  # noqa: E402

NOTES = "# N\n\n#### Q: What does dropout do?\n\nDropout zeroes random activations during training.\n"


def _app(root: Path):  # type: ignore[no-untyped-def]
    from interview_coach.web import create_app

    root.mkdir(parents=True, exist_ok=True)
    (root / "notes.md").write_text(NOTES, encoding="utf-8")
    url = f"sqlite:///{root / 'bank.db'}"
    bank = open_bank(url)
    import_paths(bank, [str(root / "notes.md")])
    bank.close()
    return create_app(Settings(), url, root / "uploads")


def test_no_request_makes_a_server_error(tmp_path: Path) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", _app(tmp_path / "fuzz"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10  # every API route is fuzzed, not a few

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def no_server_error(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text}"

        no_server_error()
