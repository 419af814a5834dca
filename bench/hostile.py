"""Hostile notes at the sizes of the robustness report, each imported with the real `coach import` (parse, store
and index with the bundled model) in a fresh bank: wall time, CPU time and peak memory (the largest resident set of the
command or any of its worker processes), against the target of ≤10 s and ≤500 MB per input, or rejected with a
one-line message within that.

Run: python bench/hostile.py [--only NAME ...] [--markdown] [--json]

The inputs come from tests/hostile/corpus.py (the shapes the tests import at a small scale); "plain" is an
ordinary notes file of a similar size, the baseline every row carries (Python, the database and the model).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "hostile"))
from corpus import CLASSES  # noqa: E402 (the test corpus is the bench's input)

COACH = str(Path(sys.executable).with_name("coach"))
TARGET_SECONDS, TARGET_MB = 10.0, 500
WALL_CAP = 120.0  # a row still running then is stopped and reported as such
# (row, corpus class, scale): the scale brings each shape to the size that once hung or blew up.
CASES = [
    ("plain", "plain", 1.0),
    ("2,000 spaces before an answer label", "spaces-before-answer-label", 1.0),
    ("2,000 leading spaces", "leading-spaces-line", 1.0),
    ("answer label + 20,000 spaces", "spaces-only-line", 10.0),
    ("20,000 tabs and spaces", "tabs-and-spaces", 10.0),
    ("1,000-level indented list", "deep-list", 1.0),
    ("20,000 > on one line", "deep-quotes", 10.0),
    ("2,000 nested quote lines", "deep-quote-lines", 20.0),
    ("100 KB line of <", "line-of-lt", 5.0),
    ("100 KB line of [", "line-of-brackets", 5.0),
    ("100 KB line of *", "line-of-stars", 5.0),
    ("100 KB line of _", "line-of-underscores", 5.0),
    ("100 KB line of backticks", "line-of-backticks", 5.0),
    ("135 KB of unclosed tags", "tag-soup", 5.0),
    ("450 KB of unclosed emphasis", "unclosed-emphasis", 5.0),
    ("500 KB single line of words", "long-word-line", 10.0),
    ("rich markup", "rich-markup", 1.0),
    ("terminal escapes", "escape-sequences", 1.0),
    ("4 MB table", "huge-table", 270.0),
    ("20,000 headings", "many-headings", 4.0),
    ("1 MB binary", "binary", 50.0),
    ("NUL bytes", "nul-bytes", 100.0),
    ("invalid UTF-8", "invalid-utf8", 100.0),
    ("UTF-16 without BOM", "utf16-no-bom", 1.0),
]


@dataclass
class Row:
    name: str
    bytes: int
    outcome: str  # imported | rejected: <line> | failed: <line>
    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0  # user + system of the command and its workers: less swayed by other load than wall

    @property
    def meets_target(self) -> bool:
        return not self.outcome.startswith("failed") and self.seconds <= TARGET_SECONDS and self.peak_mb <= TARGET_MB


def _plain(scale: float) -> bytes:
    text = "".join(f"## Q: What is case {n}?\n\nIt is the answer to case {n}, in a sentence.\n\n" for n in range(200))
    return text.encode()


def run_case(name: str, data: bytes, workdir: Path) -> Row:
    """`coach import FILE` into a fresh bank."""
    notes = workdir / "notes.md"
    notes.write_bytes(data)
    home = workdir / "home"
    env = {**os.environ, "COACH_HOME": str(home)}
    env.pop("COACH_DATABASE_URL", None)
    errors = workdir / "stderr.txt"
    t0 = time.perf_counter()
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            [COACH, "import", str(notes)], env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
        code, usage = _wait(process, WALL_CAP)
    seconds = time.perf_counter() - t0
    shutil.rmtree(home, ignore_errors=True)
    outcome = f"failed: still running after {WALL_CAP:.0f} s" if code is None else _outcome(code, errors.read_text())
    cpu = usage.ru_utime + usage.ru_stime
    return Row(name, len(data), outcome, seconds, usage.ru_maxrss / 1024, cpu)


def _wait(process: subprocess.Popen[bytes], cap: float) -> tuple[int | None, resource.struct_rusage]:
    """Exit code (None when stopped at the cap) and rusage, from wait4: it covers the command and the workers
    it waited for."""
    deadline = time.perf_counter() + cap
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage
        if time.perf_counter() > deadline:
            os.killpg(process.pid, signal.SIGKILL)  # the command and its workers (own process group)
            _, _, usage = os.wait4(process.pid, 0)
            return None, usage
        time.sleep(0.05)


def _outcome(code: int, stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    if "Traceback" in stderr:
        return "failed: traceback " + (lines[-1][:80] if lines else "")
    if code == 0:
        return "imported"
    problems = [line for line in lines if line.startswith(("✗ ", "Error: "))]
    if code == 1 and len(problems) == 1:
        return "rejected: " + problems[0][:100]
    return f"failed: exit {code} " + (lines[-1][:80] if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="corpus class names to run (default: all)")
    parser.add_argument("--markdown", action="store_true", help="print a markdown table (for the README)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, shape, scale in CASES:
            if args.only and shape not in args.only:
                continue
            data = _plain(scale) if shape == "plain" else CLASSES[shape](scale)
            rows.append(run_case(name, data, Path(tmp)))
            if not (args.json or args.markdown):
                print(_line(rows[-1]), flush=True)
    if args.json:
        print(json.dumps([{**asdict(row), "meets_target": row.meets_target} for row in rows], indent=2))
    elif args.markdown:
        print("| input | size | outcome | time | CPU | peak memory | within target |")
        print("|---|---:|---|---:|---:|---:|---|")
        for row in rows:
            outcome, mark = row.outcome.split(":")[0], "✓" if row.meets_target else "✗"
            print(
                f"| {row.name} | {_size(row.bytes)} | {outcome} | {row.seconds:.1f} s | {row.cpu_seconds:.1f} s "
                f"| {row.peak_mb:.0f} MB | {mark} |"
            )
    met = sum(row.meets_target for row in rows)
    print(f"{met}/{len(rows)} inputs within {TARGET_SECONDS:.0f} s and {TARGET_MB} MB", file=sys.stderr)


def _line(row: Row) -> str:
    mark = "✓" if row.meets_target else "✗"
    times = f"{row.seconds:6.1f} s (CPU {row.cpu_seconds:5.1f} s)"
    return f"{mark} {row.name:38} {_size(row.bytes):>8} {times} {row.peak_mb:6.0f} MB  {row.outcome}"


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"


if __name__ == "__main__":
    main()
