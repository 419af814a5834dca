"""Import fidelity and speed: parse ../shared/seeds and compare with the hand-made truth in ../shared/seedtruth.

Run: python bench/import_fidelity.py [--shared ../shared] [--json] [--verbose]

Prints, per seed: question precision / recall (borderline truth items optional either way), answer extent
accuracy (first and last words), kind accuracy; then parse and import throughput, including a 10 MB synthetic
notes folder imported into a real SQLite bank.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from interview_coach.notes.read import DEFAULT_MAX_BYTES, read_notes
from interview_coach.parse import ParsedItem, parse_document

TARGETS = {"precision": 0.98, "recall": 0.98, "extent": 0.97, "kind": 0.90}


def norm(text: str) -> str:
    """Lowercase words only: markdown markers, fence lines, punctuation and emoji dropped."""
    text = re.sub(r"(?m)^\s*(`{3,}|~{3,}).*$", " ", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass
class SeedScore:
    seed: str
    truth: int
    found: int
    precision: float
    recall: float
    extent: float
    kind: float
    misses: list[str]
    extras: list[str]
    extent_errors: list[str]
    kind_errors: list[str]


def match(truth: list[dict], items: list[ParsedItem]) -> dict[int, ParsedItem]:
    """Truth index → our item, by the line holding the question (±1 line for a question wrapped over two)."""
    by_line = {item.line_start: item for item in items}
    matched: dict[int, ParsedItem] = {}
    for k, t in enumerate(truth):
        for line in (t["line"], t["line"] - 1, t["line"] + 1):
            item = by_line.get(line)
            if item is not None and item not in matched.values():
                matched[k] = item
                break
    return matched


def extent_ok(t: dict, item: ParsedItem) -> bool:
    answer = norm(item.answer)
    if not t.get("has_answer"):
        return answer == ""
    firsts = [norm(t["answer_first_words"])] + (
        [norm(t["answer_first_words_alt"])] if t.get("answer_first_words_alt") else []
    )
    lasts = [norm(t["answer_last_words"])] + (
        [norm(t["answer_last_words_alt"])] if t.get("answer_last_words_alt") else []
    )
    return any(answer.startswith(f) for f in firsts) and any(answer.endswith(x) for x in lasts)


def score_seed(seed: Path, truth_dir: Path) -> SeedScore:
    truth_file = truth_dir / (seed.stem + ".jsonl")
    truth = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = parse_document(read_notes(seed).text).items
    matched = match(truth, items)
    required = [k for k, t in enumerate(truth) if not t.get("borderline")]
    hit = [k for k in required if k in matched]
    matched_items = {id(item) for item in matched.values()}
    extras = [item for item in items if id(item) not in matched_items]
    found_required = [k for k in matched if not truth[k].get("borderline")]
    precision = len(found_required) / max(1, len(found_required) + len(extras))
    recall = len(hit) / max(1, len(required))
    extent_good = [k for k in matched if extent_ok(truth[k], matched[k])]
    kinds_good = [k for k in matched if matched[k].kind in [truth[k]["kind"], *truth[k].get("kind_alt", [])]]
    return SeedScore(
        seed.name,
        len(required),
        len(items),
        precision if items or truth else 1.0,
        recall if required else 1.0,
        len(extent_good) / max(1, len(matched)) if matched else 1.0,
        len(kinds_good) / max(1, len(matched)) if matched else 1.0,
        [f"L{truth[k]['line']}: {truth[k]['question'][:70]}" for k in required if k not in matched],
        [f"L{i.line_start}: {i.question[:70]}" for i in extras],
        [
            f"L{truth[k]['line']}: ours {matched[k].answer_lines} truth {truth[k].get('answer_lines')}"
            for k in matched
            if k not in extent_good
        ],
        [
            f"L{truth[k]['line']}: ours {matched[k].kind} truth {truth[k]['kind']}"
            for k in matched
            if k not in kinds_good
        ],
    )


def synthetic_notes(target_bytes: int, seed: int = 7) -> list[str]:
    """Notes files in the seeds' shapes, written from templates (no seed text), ~100 KB each."""
    rng = random.Random(seed)
    topics = ["regularization", "gradient boosting", "attention", "feature stores", "drift", "RAG", "LoRA"]
    files, size = [], 0
    while size < target_bytes:
        parts = [f"# Practice set {len(files)}\n"]
        for n in range(120):
            topic = rng.choice(topics)
            parts.append(
                f"\n#### Q: How would you explain {topic} in case {n}?\n\n"
                f"{topic.capitalize()} matters because it changes the error by {rng.randint(1, 99)}%.\n"
                f"- First point about {topic} and its trade-offs.\n- Second point with **bold** and `code`.\n"
                f"\n| metric | value |\n| --- | --- |\n| latency | {rng.randint(5, 90)} ms |\n"
            )
        text = "".join(parts)
        files.append(text)
        size += len(text.encode())
    return files


def speed(seeds: list[Path]) -> dict[str, float]:
    t0 = time.perf_counter()
    texts = [read_notes(s).text for s in seeds]
    t1 = time.perf_counter()
    for text in texts:
        parse_document(text)
    t2 = time.perf_counter()
    synthetic = synthetic_notes(10 * 1024 * 1024)
    megabytes = sum(len(t.encode()) for t in synthetic) / 1_048_576
    t3 = time.perf_counter()
    for text in synthetic:
        parse_document(text)
    one_core = time.perf_counter() - t3
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write_folder(Path(tmp), synthetic)
        folder_parse = _parse_folder(folder)
        import_seconds = _import_folder(folder, Path(tmp) / "bank.db")
    return {
        "seeds_read_ms": (t1 - t0) * 1000,
        "seeds_parse_ms": (t2 - t1) * 1000,
        "synthetic_mb": megabytes,
        "synthetic_parse_one_core_mb_s": megabytes / one_core,
        "synthetic_parse_mb_s": megabytes / folder_parse,
        "synthetic_import_mb_s": megabytes / import_seconds,
    }


def _write_folder(root: Path, texts: list[str]) -> Path:
    folder = root / "notes"
    folder.mkdir()
    for n, text in enumerate(texts):
        (folder / f"notes_{n:03}.md").write_text(text, encoding="utf-8")
    return folder


def _parse_folder(folder: Path) -> float:
    """Read, repair and parse the folder the way `coach import` does (worker processes), without storing."""
    from interview_coach.bank.importer import prepare_all

    jobs = [(path, DEFAULT_MAX_BYTES, None) for path in sorted(folder.iterdir())]
    t0 = time.perf_counter()
    for _ in prepare_all(jobs):
        pass
    return time.perf_counter() - t0


def _import_folder(folder: Path, database: Path) -> float:
    from interview_coach.bank import open_bank
    from interview_coach.bank.importer import import_paths

    bank = open_bank(f"sqlite:///{database}")
    t0 = time.perf_counter()
    import_paths(bank, [str(folder)])
    seconds = time.perf_counter() - t0
    bank.close()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    shared = Path(args.shared)
    seeds = sorted((shared / "seeds").glob("*.txt"))
    if not seeds:
        print(f"no seeds under {shared}/seeds; pass --shared PATH", file=sys.stderr)
        return 2
    scores = [score_seed(seed, shared / "seedtruth") for seed in seeds]
    timing = {} if args.no_speed else speed(seeds)
    if args.json:
        print(json.dumps({"seeds": [s.__dict__ for s in scores], "speed": timing}, indent=2))
        return 0
    _print(scores, timing, args.verbose)
    return 0


def _print(scores: list[SeedScore], timing: dict[str, float], verbose: bool) -> None:
    console = Console()
    table = Table(title="Import fidelity vs ../shared/seedtruth (target in brackets)")
    for col in ("seed", "truth", "found", "precision [0.98]", "recall [0.98]", "extent [0.97]", "kind [0.90]"):
        table.add_column(col, justify="right" if col != "seed" else "left")
    for s in scores:
        table.add_row(
            s.seed,
            str(s.truth),
            str(s.found),
            *(
                _cell(v, TARGETS[k])
                for k, v in (("precision", s.precision), ("recall", s.recall), ("extent", s.extent), ("kind", s.kind))
            ),
        )
    console.print(table)
    if timing:
        speed_table = Table(title="Speed (2-core machine)")
        speed_table.add_column("measure")
        speed_table.add_column("value", justify="right")
        speed_table.add_column("target", justify="right")
        speed_table.add_row("read+repair 5 seeds", f"{timing['seeds_read_ms']:.0f} ms", "")
        speed_table.add_row("parse 5 seeds", f"{timing['seeds_parse_ms']:.0f} ms", "well under 1 s")
        speed_table.add_row(
            f"parse {timing['synthetic_mb']:.1f} MB synthetic folder (as import does)",
            f"{timing['synthetic_parse_mb_s']:.1f} MB/s",
            ">= 2 MB/s",
        )
        speed_table.add_row(
            "  same, one core (parse_document)", f"{timing['synthetic_parse_one_core_mb_s']:.1f} MB/s", ""
        )
        speed_table.add_row("import same folder (read+parse+store)", f"{timing['synthetic_import_mb_s']:.1f} MB/s", "")
        console.print(speed_table)
    if verbose:
        for s in scores:
            for label, rows in (
                ("missed", s.misses),
                ("extra", s.extras),
                ("extent", s.extent_errors),
                ("kind", s.kind_errors),
            ):
                for row in rows:
                    console.print(f"[dim]{s.seed[:3]} {label}:[/] {row}", markup=True, highlight=False)


def _cell(value: float, target: float) -> str:
    colour = "green" if value >= target else "red"
    return f"[{colour}]{value:.3f}[/]"


if __name__ == "__main__":
    sys.exit(main())
