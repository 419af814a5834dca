from __future__ import annotations

import json
import os
import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

SHARED = Path(os.environ.get("COACH_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.fixture
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.delenv("COACH_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def runner(coach_home: Path) -> CliRunner:
    return CliRunner()


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture
def postgres_bank():  # type: ignore[no-untyped-def]
    """The throwaway PostgreSQL bank `make test` starts, emptied; skipped when there is none."""
    url = os.environ.get("COACH_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("COACH_TEST_POSTGRES_URL not set (make test starts a throwaway cluster)")
    yield from _emptied(url)


@pytest.fixture
def pgvector_bank():  # type: ignore[no-untyped-def]
    """A throwaway PostgreSQL bank whose server has pgvector (scripts/test-postgres.sh), emptied; else skipped."""
    url = os.environ.get("COACH_TEST_PGVECTOR_URL")
    if not url:
        pytest.skip("COACH_TEST_PGVECTOR_URL not set (scripts/test-postgres.sh starts a server with pgvector)")
    yield from _emptied(url)


def _emptied(url: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import MetaData

    from interview_coach.bank import open_bank

    bank = open_bank(url)
    with bank.engine.begin() as conn:
        tables = MetaData()
        with warnings.catch_warnings():  # pgvector's column type, unknown to SQLAlchemy: only rows are deleted
            warnings.filterwarnings("ignore", "Did not recognize type 'vector'")
            tables.reflect(conn)  # every table the migrations made, children before parents
        for table in reversed(tables.sorted_tables):
            if table.name != "alembic_version":
                conn.execute(table.delete())
    yield bank
    bank.close()


class ChatServer:
    """Answers every chat completion with `reply` (or `status`), and keeps the requests it received."""

    def __init__(self) -> None:
        self.reply = "LoRA trains small low-rank matrices beside frozen weights [1], so memory drops [1] [7]."
        self.status = 200
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the http.server API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                server.requests.append(
                    {"path": self.path, "auth": self.headers.get("Authorization"), **json.loads(body)}
                )
                payload = {"choices": [{"message": {"role": "assistant", "content": server.reply}}]}
                data = json.dumps(payload if server.status == 200 else {"error": "overloaded"}).encode()
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"


@pytest.fixture
def chat_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatServer]:
    server = ChatServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("COACH_LLM_URL", server.url)
    monkeypatch.setenv("COACH_LLM_MODEL", "tiny-test-model")
    monkeypatch.setenv("COACH_LLM_API_KEY", "secret")
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
