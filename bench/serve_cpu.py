"""CPU per request of the web app in process: the ASGI app from create_app called directly (no server, no client),
over a fresh bank of serve_load.py's generated notes (or --notes files), for the pages and the grading route that
bench/serve_load.py loops over. Figures: CPU ms (user + system) per request, the least of --rounds rounds, so a
busy machine inflates them less; sync routes run in the app's thread pool as they do under uvicorn.

    python bench/serve_cpu.py [--requests 300] [--rounds 5] [--notes a.md,b.md] [--figures] [--json]

--figures adds a sentence stating measured figures to every answer (the notes check then reads the notes).
Compare two commits with the same command on each (e.g. PYTHONPATH=<other checkout>/src).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
import serve_load  # noqa: E402

FIGURES = " We cut the p99 latency to 35 ms at 90% precision."


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def call(app: Any, method: str, path: str, body: bytes = b"") -> bytes:
    """One request through the ASGI app; its body (asserts a 200)."""
    headers = [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": {}}  # fmt: skip
    sent, status, chunks = False, [0], []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects
        return {}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    if status[0] != 200:
        raise SystemExit(f"{method} {path}: HTTP {status[0]} {b''.join(chunks)[:200]!r}")
    return b"".join(chunks)


async def measure(app: Any, requests: int, rounds: int, figures: bool) -> dict[str, float]:
    ids = [item["id"] for item in json.loads(await call(app, "GET", "/api/items"))]
    # The same four answers over and over: after the first round the grader's sentence cache holds them, so the
    # grading figure is the app's own work around the model run (serve_load sends new text and pays for it).
    answers = [a.format(n=1) + (FIGURES if figures else "") for a in serve_load._ANSWERS]
    rng = random.Random(0)

    def graded(k: int) -> tuple[str, str, bytes]:
        body = {"item_id": rng.choice(ids), "answer": answers[k % len(answers)]}
        return "POST", "/api/practice/attempts", json.dumps(body).encode()

    kinds: dict[str, Callable[[int], tuple[str, str, bytes]]] = {
        "library": lambda k: ("GET", "/", b""),
        "item": lambda k: ("GET", f"/items/{rng.choice(ids)}", b""),
        "practice": lambda k: ("GET", "/practice", b""),
        "grading": graded,
    }
    for k in range(20):  # warm-up: the model loads, every reference's key points are embedded
        for name in kinds:
            await call(app, *kinds[name](k))
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, request in kinds.items():
            n = requests if name != "grading" else max(1, requests // 2)
            start = cpu_s()
            for k in range(n):
                await call(app, *request(k))
            best[name] = min(best.get(name, float("inf")), (cpu_s() - start) * 1000 / n)
    best["page view"] = (best["library"] + best["item"] + best["practice"]) / 3
    return {name: round(ms, 3) for name, ms in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per page and round (gradings: half)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; each figure is the least (default 5)")
    parser.add_argument("--notes", default="", help="comma-separated notes files (default: serve_load's notes)")
    parser.add_argument("--figures", action="store_true", help="answers state measured figures")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coach-serve-cpu-") as tmp:
        root = Path(tmp)
        os.environ["COACH_HOME"] = str(root / "home")
        from interview_coach.bank import open_bank
        from interview_coach.bank.importer import import_paths
        from interview_coach.config import load_settings
        from interview_coach.web import create_app

        (root / "notes.md").write_text(serve_load.notes_text(), encoding="utf-8")
        paths = [p for p in args.notes.split(",") if p] or [str(root / "notes.md")]
        url = f"sqlite:///{root / 'bank.db'}"
        bank = open_bank(url)
        try:
            if not import_paths(bank, paths).ok:
                raise SystemExit("the notes did not import")
        finally:
            bank.close()
        app = create_app(load_settings(), url, root / "uploads")
        figures = asyncio.run(measure(app, args.requests, args.rounds, args.figures))
        app.state.coach.bank.close()
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for name, ms in figures.items():
        print(f"{name:10s} {ms:7.3f} ms CPU per request")


if __name__ == "__main__":
    main()
