"""What the browser tests share: Debian's chromium (never a download), the app served on a free loopback port in a
thread, and screenshots kept as test artifacts."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).parent / "artifacts"


def chromium_path() -> str:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian chromium is not installed (make test installs it: scripts/ensure-chromium.sh)")
    return chromium


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1 in a daemon thread; yields its base URL and stops it afterwards."""
    uvicorn = pytest.importorskip("uvicorn")
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: up to 20 s for the server to listen
        if running.started:
            break
        time.sleep(0.1)
    assert running.started, "the web app did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """Headless Debian chromium through Playwright's executable_path."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


@contextmanager
def coach_serve(args: list[str], probe: str = "/api/items", ready: int = 200) -> Iterator[str]:
    """`coach … serve … ARGS` as its own process on a free port (worker processes and all); yields its base URL once
    `probe` answers `ready`, and stops it with Ctrl-C afterwards."""
    import os
    import signal
    import subprocess
    import sys

    import httpx

    port = free_port()
    command = [sys.executable, "-c", "from interview_coach.cli import main; main()", *args, "--port", str(port)]
    server = subprocess.Popen(command, env={**os.environ})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # bounded: up to 60 s for every worker to start
            try:
                if httpx.get(f"{base}{probe}").status_code == ready:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
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
