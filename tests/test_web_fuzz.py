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
DOSSIERS = Path(__file__).parent / "data"  # a project with a pitch and a checklist, STAR stories
NEW_OPERATIONS = {  # the mock-interview, projects-and-stories and item-edit routes are fuzzed too
    "POST /api/mock/sessions", "PUT /api/mock/sessions/{session_id}/draft",
    "POST /api/mock/sessions/{session_id}/answers", "GET /api/mock/sessions/{session_id}/report",
    "POST /api/dossiers/projects/{name}/pitch", "PUT /api/dossiers/stories/{key}/themes",
    "POST /api/dossiers/checklist/ticks", "PATCH /api/items/{item_id}", "POST /api/items/{item_id}/retire",
}  # fmt: skip


def _app(root: Path):  # type: ignore[no-untyped-def]
    from interview_coach.web import create_app

    root.mkdir(parents=True, exist_ok=True)
    (root / "notes.md").write_text(NOTES, encoding="utf-8")
    url = f"sqlite:///{root / 'bank.db'}"
    bank = open_bank(url)
    import_paths(
        bank, [str(root / "notes.md"), str(DOSSIERS / "dossier_fraud.md"), str(DOSSIERS / "dossier_stories.txt")]
    )
    _a_mock_interview(bank)
    bank.close()
    return create_app(Settings(), url, root / "uploads")


def _a_mock_interview(bank):  # type: ignore[no-untyped-def]
    """Interview 1 under way, so the fuzzer's small ids reach a real interview's steps, drafts and report."""
    from datetime import UTC, datetime

    from interview_coach.mock.live import make_plan, start

    now = datetime.now(UTC)
    start(bank, Settings(), lambda: now, make_plan(bank, "phone-screen", None, (), 1, now))


def test_no_request_makes_a_server_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "home"))  # the mock plans file is written there
    schema = schemathesis.openapi.from_asgi("/openapi.json", _app(tmp_path / "fuzz"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30  # every API route is fuzzed, not a few
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= NEW_OPERATIONS

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def no_server_error(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            assert response.status_code < 500, f"{case.method} {case.path}: {response.status_code} {response.text}"

        no_server_error()
