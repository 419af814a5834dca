"""Indexing benchmark: the first `coach import` (parse + index) of the seeds and of a 5 MB synthetic folder.

Each import runs as a fresh `coach import` process on an empty bank: wall time and peak RSS (from wait4, the
process's own high-water mark). Beside it, the limit: the raw embedding model (one `embed` call, no database, no
parsing) on the same distinct texts the import embedded, with its time for those texts.

    python bench/indexing.py [--shared ../shared] [--synthetic-mb 5] [--json]

Speed figures depend on the machine's load: say how busy it was when you quote them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from interview_coach.bank import open_bank
from interview_coach.bank.schema import Passage
from interview_coach.search.embed import default_embedder
from interview_coach.search.passages import PassageSpec

# Reference point from the issue: the seeds' first import took 25–75 s on 2 cores with a 1.3 GB peak.
BASELINE_SEEDS = "25–75 s, 1.3 GB"
COACH = Path(sys.executable).with_name("coach")

_WORDS = (
    "model training loss gradient batch feature label data pipeline latency throughput cache shard replica "
    "index query vector embedding retrieval ranking precision recall metric drift monitor deploy rollback canary "
    "tokenizer attention transformer layer dropout regularization overfitting validation split bias variance "
    "kafka spark airflow feature-store schema partition join aggregate window stream batch offline online serving"
).split()


@dataclass
class Row:
    case: str
    megabytes: float
    files: int
    passages: int
    texts: int  # distinct embedded texts
    import_s: float
    cpu_s: float  # user + sys of the import process (less sensitive to other load than wall time)
    peak_mb: float
    raw_s: float  # the raw model on the same distinct texts (scaled up from a sample when raw_fraction < 1)
    raw_cpu_s: float
    raw_fraction: float = 1.0  # share of the distinct texts the raw model was timed on (every n-th by length)

    @property
    def passages_per_s(self) -> float:
        return self.passages / self.import_s if self.import_s else 0.0

    @property
    def raw_texts_per_s(self) -> float:
        return self.texts / self.raw_s if self.raw_s else 0.0


def synthetic_notes(folder: Path, megabytes: float, seed: int = 14) -> None:
    """Notes of the seeds' shapes (Q&A headings with paragraph and bullet answers, sections of bullets, tables),
    written from a fixed vocabulary with a fixed seed, so every run indexes the same text."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    target, written, number = int(megabytes * 1_048_576), 0, 0

    def sentence(words: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."

    while written < target:
        lines = [f"# Notes {number}", ""]
        for q in range(60):
            lines += [f"## Topic {q % 7}", ""] if q % 10 == 0 else []
            lines += [f"#### Q{q + 1}. How does {rng.choice(_WORDS)} affect {rng.choice(_WORDS)}?", ""]
            lines += [" ".join(sentence(rng.randint(8, 20)) for _ in range(rng.randint(1, 6))), ""]
            if q % 3 == 0:
                lines += [f"- {sentence(rng.randint(5, 14))}" for _ in range(rng.randint(2, 6))] + [""]
        lines += ["## Project notes", ""] + [f"- {sentence(rng.randint(6, 18))}" for _ in range(40)] + [""]
        lines += ["| metric | before | after |", "|---|---|---|"]
        lines += [f"| {rng.choice(_WORDS)} | {rng.randint(1, 99)} | {rng.randint(1, 99)} |" for _ in range(10)]
        text = "\n".join(lines) + "\n"
        (folder / f"notes_{number:03d}.md").write_text(text, encoding="utf-8")
        written += len(text.encode())
        number += 1


def timed_import(folder: Path, home: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one `coach import FOLDER` on an empty bank in `home`."""
    env = {**os.environ, "COACH_HOME": str(home)}
    env.pop("COACH_DATABASE_URL", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([str(COACH), "import", str(folder), "--json"], env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"coach import {folder} failed with exit status {process.returncode}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the import and every process it waited for
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024


def embedded_texts(home: Path) -> tuple[int, list[str]]:
    """Passage count and the distinct texts the model saw, rebuilt from the bank's rows."""
    bank = open_bank(f"sqlite:///{next(home.rglob('*.db'))}")
    try:
        with bank.session() as session:
            rows = session.query(Passage).all()
            texts = {
                PassageSpec(p.unit, p.field, p.title, p.text, tuple(p.heading_path or ()), 0, 0).embedded_text
                for p in rows
            }
            return len(rows), sorted(texts)
    finally:
        bank.close()


def measure(case: str, folder: Path, work: Path, raw_fraction: float = 1.0) -> Row:
    home = work / f"home-{case}"
    seconds, cpu, peak = timed_import(folder, home)
    passages, texts = embedded_texts(home)
    embedder = default_embedder()
    embedder.embed(texts[:32])  # warm up
    step = max(1, round(1 / raw_fraction))
    sample = sorted(texts, key=len)[::step]  # every n-th by length: the same mix of short and long texts
    started, cpu_started = time.perf_counter(), time.process_time()
    embedder.embed(sample)
    scale = len(texts) / len(sample)
    raw, raw_cpu = (time.perf_counter() - started) * scale, (time.process_time() - cpu_started) * scale
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1_048_576
    return Row(case, round(size, 2), files, passages, len(texts), seconds, cpu, peak, raw, raw_cpu, 1 / step)


def render(rows: list[Row], load: tuple[float, float, float]) -> None:
    table = Table(title=f"First import + index (load average {load[0]:.1f} on {os.cpu_count()} cores)")
    for column in (
        "notes",
        "MB",
        "files",
        "passages",
        "texts",
        "import s",
        "CPU s",
        "passages/s",
        "peak RSS MB",
        "raw model s",
        "raw CPU s",
        "raw texts/s",
    ):
        table.add_column(column, justify="left" if column == "notes" else "right")
    for row in rows:
        table.add_row(
            row.case,
            f"{row.megabytes:.2f}",
            str(row.files),
            f"{row.passages:,}",
            f"{row.texts:,}",
            f"{row.import_s:.1f}",
            f"{row.cpu_s:.1f}",
            f"{row.passages_per_s:.0f}",
            f"{row.peak_mb:.0f}",
            f"{row.raw_s:.1f}" + ("" if row.raw_fraction == 1 else f" (1/{round(1 / row.raw_fraction)})"),
            f"{row.raw_cpu_s:.1f}",
            f"{row.raw_texts_per_s:.0f}",
        )
    console = Console()
    console.print(table)
    console.print(f"Baseline from the issue (seeds, 2 cores): {BASELINE_SEEDS}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    parser.add_argument("--synthetic-mb", type=float, default=5.0)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--skip-seeds", action="store_true")
    parser.add_argument(
        "--raw-fraction", type=float, default=1.0, help="time the raw model on this share of the texts (scaled up)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coach-index-bench-") as tmp:
        work = Path(tmp)
        rows = []
        seeds = args.shared / "seeds"
        if args.skip_seeds:
            pass
        elif seeds.is_dir():
            rows.append(measure("seeds", seeds, work, args.raw_fraction))
        else:
            print(f"{seeds} is missing: seeds skipped", file=sys.stderr)
        if not args.skip_synthetic:
            synthetic_notes(work / "synthetic", args.synthetic_mb)
            rows.append(measure(f"synthetic {args.synthetic_mb:g} MB", work / "synthetic", work, args.raw_fraction))
    load = os.getloadavg()  # at the end: the 1-minute figure covers the last runs
    if args.json:
        print(json.dumps({"load": load, "rows": [asdict(r) for r in rows]}, indent=2))
    else:
        render(rows, load)


if __name__ == "__main__":
    main()
