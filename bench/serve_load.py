"""Web load benchmark: N simulated users practising at once against the real `coach serve` on loopback.

Each backend gets a fresh bank with a small generated notes file imported, and `coach serve` runs as its own
process (one uvicorn worker, as a single user runs it). Every simulated user loops without pause: the library,
an item page, the practice page, then one graded answer (POST /api/practice/attempts). Figures: page views/s,
gradings/s, p50/p99 latency per kind and errors, beside the issue's targets (at 20 users).

    python bench/serve_load.py [--users 20] [--seconds 20] [--json]
    scripts/test-postgres.sh .venv/bin/python bench/serve_load.py   # also on a throwaway PostgreSQL

PostgreSQL runs when COACH_TEST_POSTGRES_URL names a server (scripts/test-postgres.sh sets it); the bench makes
its own database there and drops it afterwards. Speed figures depend on the machine's load: say how busy it was.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from interview_coach.bank import open_bank
from interview_coach.bank.importer import import_paths

COACH = Path(sys.executable).with_name("coach")
TARGET_PAGES, TARGET_GRADINGS, TARGET_P99_MS = 200.0, 30.0, 500.0
WARM_UP_S = 3.0

# A small bank of the bench's own: (topic, question, reference) triples, written out as a markdown notes file.
# fmt: off
_NOTES = [
    ("Regularization", "How do L1 and L2 regularization differ?",
     "L1 adds the sum of absolute weights and drives many weights to exactly zero; L2 adds the sum of squared "
     "weights and shrinks every weight smoothly toward zero."),
    ("Regularization", "What does dropout do during training?",
     "Dropout zeroes random activations during training so units cannot co-adapt; at inference every unit is "
     "kept and activations are scaled to match."),
    ("Optimization", "Why does Adam converge faster than plain SGD on many problems?",
     "Adam keeps running averages of the gradient and of its square, so each parameter gets its own step size "
     "and noisy or sparse gradients still make progress."),
    ("Optimization", "What is a learning-rate warmup and why use it?",
     "Warmup raises the learning rate from near zero over the first steps, which keeps early updates small "
     "while the optimizer statistics are still poor estimates."),
    ("Retrieval", "What is reciprocal rank fusion?",
     "Reciprocal rank fusion merges ranked lists by summing 1 / (k + rank) for each document across the lists, "
     "so documents ranked well by several retrievers rise."),
    ("Retrieval", "Why combine BM25 with dense embeddings?",
     "BM25 matches rare exact terms such as names and codes, dense embeddings match paraphrases; the hybrid "
     "recovers documents either one alone misses."),
    ("Evaluation", "When is precision more important than recall?",
     "When a false positive is costly, for example flagging a legitimate payment as fraud, precision matters "
     "more; recall matters when a miss is costly."),
    ("Evaluation", "What does the ROC AUC measure?",
     "ROC AUC is the probability that a random positive is scored above a random negative; it ignores the "
     "threshold and class balance."),
    ("Systems", "How would you cut the latency of a model server?",
     "Batch requests dynamically, quantize or distil the model, cache frequent results and keep the model warm "
     "in memory near its callers."),
    ("Systems", "What is a canary deployment?",
     "A canary sends a small share of traffic to the new version and compares its error and latency metrics "
     "with the old one before rolling out further."),
]
# fmt: on
# Each answer a user sends is new text ({n} differs per request), as typed answers are: the grader remembers the
# sentences it has embedded, so four fixed answers would measure its cache, not a grading.
_ANSWERS = [
    "It adds a penalty to the loss so the weights stay small, which reduces overfitting (try {n}).",
    "It merges several rankings by adding one over k plus the rank of each document, as in run {n}.",
    "You keep running averages and compare metrics before rolling out to everyone, say {n} users first.",
    "I am not sure, I think it is about making training more stable and faster, maybe {n} times.",
]


def notes_text() -> str:
    lines = ["# Load bench notes", ""]
    for topic in dict.fromkeys(t for t, _, _ in _NOTES):
        lines += [f"## {topic}", ""]
        for t, question, reference in _NOTES:
            if t == topic:
                lines += [f"#### Q: {question}", "", reference, ""]
    return "\n".join(lines)


@dataclass
class Result:
    backend: str
    users: int
    seconds: float
    page_views_per_s: float = 0.0
    gradings_per_s: float = 0.0
    page_p50_ms: float = 0.0
    page_p99_ms: float = 0.0
    grade_p50_ms: float = 0.0
    grade_p99_ms: float = 0.0
    errors: int = 0
    first_error: str = ""
    workers: int = 1


@dataclass
class Tally:
    pages: list[float] = field(default_factory=list)
    grades: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(url: str, home: Path, workers: int = 1) -> Iterator[str]:
    """`coach serve` over the bank at `url`, as its own process; yields its base address."""
    port = _free_port()
    env = {**os.environ, "COACH_HOME": str(home)}
    env.pop("COACH_DATABASE_URL", None)
    args = [str(COACH), "--db", url, "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # bounded: up to 60 s for it to listen (the machine may be busy)
            if server.poll() is not None:
                raise SystemExit(f"coach serve stopped: {server.communicate()[0].strip()[-500:]}")
            try:
                if httpx.get(base + "/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise SystemExit("coach serve did not answer within 60 s")
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=30)


async def _user(client: httpx.AsyncClient, item_ids: list[str], stop_at: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    sent = 0
    while time.perf_counter() < stop_at:
        ident = rng.choice(item_ids)
        for path in ("/", f"/items/{ident}", "/practice"):
            await _timed(client.get(path), tally.pages, tally.errors)
        sent += 1
        body = {"item_id": ident, "answer": rng.choice(_ANSWERS).format(n=seed * 100_000 + sent)}
        await _timed(client.post("/api/practice/attempts", json=body), tally.grades, tally.errors)


async def _timed(request: object, into: list[float], errors: list[str]) -> None:
    start = time.perf_counter()
    try:
        response = await request  # type: ignore[misc]
        if response.status_code != 200:
            errors.append(f"{response.request.url.path}: HTTP {response.status_code} {response.text[:120]}")
            return
    except httpx.HTTPError as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
        return
    into.append((time.perf_counter() - start) * 1000)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


async def _load(base: str, users: int, seconds: float) -> tuple[Tally, float]:
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        item_ids = [i["id"] for i in (await client.get("/api/items")).json()]
        # Warm-up, not measured: the first grading in each worker process loads the embedding model, and one
        # request reaches one worker only, so every user runs unmeasured for WARM_UP_S first.
        await asyncio.gather(
            *(_user(client, item_ids, time.perf_counter() + WARM_UP_S, Tally(), -1 - n) for n in range(users))
        )
        tally = Tally()
        start = time.perf_counter()
        stop_at = start + seconds
        await asyncio.gather(*(_user(client, item_ids, stop_at, tally, n) for n in range(users)))
        return tally, time.perf_counter() - start


def run_backend(backend: str, url: str, root: Path, users: int, seconds: float, workers: int = 1) -> Result:
    notes = root / "notes.md"
    notes.write_text(notes_text(), encoding="utf-8")
    bank = open_bank(url)
    try:
        if not import_paths(bank, [str(notes)]).ok:
            raise SystemExit(f"{backend}: the bench notes did not import")
    finally:
        bank.close()
    with serving(url, root / "home", workers) as base:
        tally, elapsed = asyncio.run(_load(base, users, seconds))
    return Result(
        backend, users, round(elapsed, 1),
        page_views_per_s=round(len(tally.pages) / elapsed, 1), gradings_per_s=round(len(tally.grades) / elapsed, 1),
        page_p50_ms=_pct(tally.pages, 0.5), page_p99_ms=_pct(tally.pages, 0.99),
        grade_p50_ms=_pct(tally.grades, 0.5), grade_p99_ms=_pct(tally.grades, 0.99),
        errors=len(tally.errors), first_error=tally.errors[0] if tally.errors else "", workers=workers,
    )  # fmt: skip


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A database of the bench's own on the server at `server_url`, dropped afterwards."""
    import psycopg

    name = f"coach_bench_{os.getpid()}"
    plain = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield plain.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _mark(value: float, target: float, higher_is_better: bool) -> str:
    ok = value >= target if higher_is_better else value < target
    return f"[green]{value:g}[/]" if ok else f"[red]{value:g}[/]"


def render(results: list[Result], console: Console) -> None:
    table = Table(
        title=f"coach serve under load: {results[0].users} user(s), {results[0].workers} worker(s), "
        f"{results[0].seconds:g} s per backend"
    )
    for column in ("backend", "page views/s", "gradings/s", "page p50 / p99 ms", "grading p50 / p99 ms", "errors"):
        table.add_column(column, justify="left" if column == "backend" else "right")
    for r in results:
        table.add_row(
            r.backend, _mark(r.page_views_per_s, TARGET_PAGES, True), _mark(r.gradings_per_s, TARGET_GRADINGS, True),
            f"{r.page_p50_ms:g} / {_mark(r.page_p99_ms, TARGET_P99_MS, False)}",
            f"{r.grade_p50_ms:g} / {_mark(r.grade_p99_ms, TARGET_P99_MS, False)}", str(r.errors),
        )  # fmt: skip
    table.add_row("target (20 users)", f"≥ {TARGET_PAGES:g}", f"≥ {TARGET_GRADINGS:g}", f"p99 < {TARGET_P99_MS:g}",
                  f"p99 < {TARGET_P99_MS:g}", "0", style="dim")  # fmt: skip
    console.print(table)
    for r in results:
        if r.first_error:
            console.print(f"{r.backend}: first error: {r.first_error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="concurrent simulated users (default 20)")
    parser.add_argument("--seconds", type=float, default=20.0, help="load duration per backend (default 20)")
    parser.add_argument("--workers", type=int, default=1, help="coach serve worker processes (default 1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users must be at least 1 and --seconds above 0")
    console = Console(stderr=args.json, width=110)
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="coach-serve-load-") as tmp:
        root = Path(tmp)
        (root / "sqlite").mkdir()
        console.print(f"SQLite: {args.users} users for {args.seconds:g} s …")
        results.append(run_backend("SQLite", f"sqlite:///{root / 'sqlite' / 'bank.db'}", root / "sqlite",
                                   args.users, args.seconds, args.workers))  # fmt: skip
        server = os.environ.get("COACH_TEST_POSTGRES_URL")
        if not server:
            console.print("PostgreSQL: skipped (COACH_TEST_POSTGRES_URL not set; run under scripts/test-postgres.sh)")
        else:
            (root / "pg").mkdir()
            console.print(f"PostgreSQL: {args.users} users for {args.seconds:g} s …")
            with postgres_database(server) as url:
                results.append(run_backend("PostgreSQL", url, root / "pg", args.users, args.seconds, args.workers))
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        render(results, console)


if __name__ == "__main__":
    main()
