"""`coach serve --workers 2` without team mode: separate processes serve one local bank, and a write made through
one worker is read back through fresh connections, whichever worker takes them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser_support import free_port
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
    port = free_port()
    command = [sys.executable, "-c", "from interview_coach.cli import main; main()", "--db", url, "serve"]
    server = subprocess.Popen([*command, "--workers", "2", "--port", str(port)], env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # bounded: up to 60 s for both workers to start
            try:
                if httpx.get(f"{base}/api/items").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
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
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
        if children.exists():
            assert len(children.read_text().split()) >= 2  # the supervisor's worker processes
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
