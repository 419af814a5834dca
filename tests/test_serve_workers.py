"""`coach serve --workers 2` without team mode: separate processes serve one local bank, and a write made through
one worker is read back through fresh connections, whichever worker takes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import coach_serve
from click.testing import CliRunner

httpx = pytest.importorskip("httpx")

NOTES = (
    "# Prep\n\n#### Q: What does dropout do?\n\n"
    "It zeroes random activations while training, so units cannot co-adapt.\n"
)


def test_two_workers_serve_one_local_bank(runner: CliRunner, coach_home: Path, tmp_path: Path) -> None:
    from interview_coach.cli import cli

    url = f"sqlite:///{tmp_path / 'bank.db'}"
    notes = tmp_path / "prep.md"
    notes.write_text(NOTES, encoding="utf-8")
    assert runner.invoke(cli, ["--db", url, "import", str(notes)]).exit_code == 0
    with coach_serve(["--db", url, "serve", "--workers", "2"]) as base:
        [item] = httpx.get(f"{base}/api/items").json()
        saved = httpx.post(
            f"{base}/api/practice/attempts",
            json={"item_id": item["id"], "answer": "It randomly zeroes activations while training."},
            headers={"Connection": "close"},
        )
        assert saved.status_code == 200, saved.text
        for _ in range(8):  # new connections, so the kernel hands them to either worker
            stats = httpx.get(f"{base}/api/stats", headers={"Connection": "close"})
            assert stats.status_code == 200 and stats.json()["attempts"] == 1
