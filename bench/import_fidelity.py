"""Import fidelity and speed: parse ../shared/seeds and compare with the hand-made truth in ../shared/seedtruth,
then ../shared/importer-dev/docs (notes in formats beyond the seeds) against ../shared/importer-dev/truth.

Run: python bench/import_fidelity.py [--shared ../shared] [--json] [--verbose] [--no-speed]

Prints, per seed: question precision / recall (borderline truth items optional either way), answer extent
accuracy (first and last words), kind accuracy. Per importer-dev document: the detected question format,
question precision / recall / F1 (questions matched by text, in document order), answer-start agreement and parse
time; then the micro (over items) and mean (over documents) figures for all documents and for each group (a*, b*,
s*: tune on some, read the others as the cross-check), and the items found in negatives (truth empty). Then parse
and import throughput, including a 10 MB synthetic notes folder imported into a real SQLite bank.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
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


DEV_TARGETS = {"micro_f1": 0.95, "mean_f1": 0.90, "answer_start": 0.90}


@dataclass
class DevScore:
    doc: str
    formats: list[str]
    truth: int
    found: int
    matched: int
    precision: float
    recall: float
    f1: float
    answer_start: float  # of matched items: our answer starts as the truth's does (or both have none)
    answer_good: int
    seconds: float
    misses: list[str]
    extras: list[str]
    answer_errors: list[str]


def _similar(truth_q: str, ours: str) -> bool:
    """The same question after normalising: near-equal, or one a prefix of the other (a question cut or continued)."""
    if not truth_q or not ours:
        return False
    if truth_q == ours:
        return True
    short, long_ = sorted((truth_q, ours), key=len)
    if len(short) >= 20 and long_.startswith(short):
        return True
    return SequenceMatcher(None, truth_q, ours, autojunk=False).ratio() >= 0.85


def match_by_text(truth: list[dict], items: list[ParsedItem]) -> dict[int, ParsedItem]:
    """Truth index → our item by question text, in document order: each truth question takes the first unmatched
    item at or after the previous match that reads the same (or, failing that, any unmatched one); an item whose
    answer opens with the truth question also matches (a title heading over a "Question: …" line)."""
    normed = [norm(item.question) for item in items]
    used: set[int] = set()
    matched: dict[int, ParsedItem] = {}
    cursor = 0
    for k, t in enumerate(truth):
        want = norm(t["question"])
        order = [*range(cursor, len(items)), *range(0, cursor)]
        pick = next((j for j in order if j not in used and _similar(want, normed[j])), None)
        if pick is None:
            pick = next(
                (j for j in order if j not in used and want[:40] and want[:40] in norm(items[j].answer)[:160]), None
            )
        if pick is not None:
            used.add(pick)
            matched[k] = items[pick]
            cursor = pick + 1
    return matched


def answer_start_ok(t: dict, item: ParsedItem) -> bool:
    ours = norm(item.answer)
    if not t["has_answer"]:
        return ours == ""
    want = norm(t["answer_start"]).split()
    if len(t["answer_start"]) >= 60 and len(want) > 1:
        want = want[:-1]  # the truth is cut at 60 characters, maybe mid-word
    return ours.split()[: len(want)] == want


def score_dev_doc(doc: Path, truth_dir: Path) -> DevScore:
    truth_file = truth_dir / (doc.stem + ".jsonl")
    truth = [json.loads(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = read_notes(doc).text
    t0 = time.perf_counter()
    parsed = parse_document(text)
    seconds = time.perf_counter() - t0
    items = parsed.items
    matched = match_by_text(truth, items)
    matched_ids = {id(item) for item in matched.values()}
    precision = len(matched) / len(items) if items else 1.0
    recall = len(matched) / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if not truth:
        f1 = 1.0 if not items else 0.0
    good = [k for k in matched if answer_start_ok(truth[k], matched[k])]
    return DevScore(
        doc.stem,
        list(getattr(parsed, "formats", [])),
        len(truth),
        len(items),
        len(matched),
        precision,
        recall,
        f1,
        len(good) / len(matched) if matched else 1.0,
        len(good),
        seconds,
        [f"{truth[k]['question'][:80]}" for k in range(len(truth)) if k not in matched],
        [f"L{i.line_start}: {i.question[:80]}" for i in items if id(i) not in matched_ids],
        [
            f"{truth[k]['question'][:50]!r}: ours {norm(matched[k].answer)[:60]!r} truth {t_start!r}"
            for k in matched
            if k not in good
            for t_start in [truth[k]["answer_start"][:60]]
        ],
    )


def dev_summary(scores: list[DevScore]) -> dict[str, float]:
    """Micro figures over items, the mean F1 over documents with questions, and items found in negatives."""
    positives = [s for s in scores if s.truth]
    found = sum(s.found for s in positives)
    truth = sum(s.truth for s in positives)
    hit = sum(s.matched for s in positives)
    precision = hit / found if found else 1.0
    recall = hit / truth if truth else 1.0
    return {
        "documents": len(scores),
        "micro_precision": precision,
        "micro_recall": recall,
        "micro_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "mean_f1": sum(s.f1 for s in positives) / len(positives) if positives else 1.0,
        "answer_start": sum(s.answer_good for s in positives) / hit if hit else 1.0,
        "negative_items": sum(s.found for s in scores if not s.truth),
        "seconds": sum(s.seconds for s in scores),
    }


def score_dev(dev: Path) -> list[DevScore]:
    return [score_dev_doc(doc, dev / "truth") for doc in sorted((dev / "docs").glob("*.md"))]


def hostile_cases() -> dict[str, str]:
    """Text shapes that used to hang the parser or take >1 GB (issue 15), built here, not read from anywhere."""
    return {
        "2,000 leading spaces in an answer line": "**Q: What?**\n" + " " * 2000 + "x\n",
        "1,000-level indented list": "".join("  " * i + "- item?\n" for i in range(1000)),
        "100 KB line of '<' in an answer": "#### Q: What?\n\n" + "<" * 100_000 + "\n",
        "100 KB line of '['": "- " + "[" * 100_000 + "\n",
        "2,000 nested quotes": "".join(">" * i + " q?\n" for i in range(1, 2001)),
        "4 MB Q|A table": "| Question | Answer |\n|---|---|\n" + "| What is x? | y |\n" * 250_000,
        "3 MB of ordinary notes": "#### Q: What is x?\n\nSome answer.\n- point one\n- point two\n\n" * 50_000,
    }


def hostile_timing() -> list[tuple[str, float, float]]:
    """(case, seconds, peak RSS MB) per hostile case, each parsed in a fresh process; target ≤ 10 s, ≤ 500 MB."""
    import subprocess

    rows = []
    for name in hostile_cases():
        child = subprocess.run(
            [sys.executable, __file__, "--hostile-case", name], capture_output=True, text=True, check=True
        )
        seconds, peak = json.loads(child.stdout)
        rows.append((name, seconds, peak))
    return rows


def _hostile_case(name: str) -> None:
    import resource

    text = hostile_cases()[name]
    t0 = time.perf_counter()
    parse_document(text)
    seconds = time.perf_counter() - t0
    print(json.dumps([seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))


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
        load_before = os.getloadavg()[0]
        folder_parse = _parse_folder(folder)
        import_seconds = _import_folder(folder, Path(tmp) / "bank.db")
    return {
        "load_average": load_before,
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

    jobs = [(path, DEFAULT_MAX_BYTES, None, None) for path in sorted(folder.iterdir())]
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
    parser.add_argument("--hostile-case", help=argparse.SUPPRESS)  # one hostile case in this process
    args = parser.parse_args()
    if args.hostile_case:
        _hostile_case(args.hostile_case)
        return 0
    shared = Path(args.shared)
    seeds = sorted((shared / "seeds").glob("*.txt"))
    if not seeds:
        print(f"no seeds under {shared}/seeds; pass --shared PATH", file=sys.stderr)
        return 2
    scores = [score_seed(seed, shared / "seedtruth") for seed in seeds]
    dev_dir = shared / "importer-dev"
    dev = score_dev(dev_dir) if (dev_dir / "docs").is_dir() else []
    groups = {"all": dev_summary(dev)} if dev else {}
    for letter in sorted({s.doc[0] for s in dev}):
        groups[f"{letter}*"] = dev_summary([s for s in dev if s.doc[0] == letter])
    timing = {} if args.no_speed else speed(seeds)
    hostile = [] if args.no_speed else hostile_timing()
    if args.json:
        out = {"seeds": [s.__dict__ for s in scores], "dev": [d.__dict__ for d in dev], "dev_summary": groups}
        print(json.dumps({**out, "speed": timing, "hostile": hostile}, indent=2))
        return 0
    _print(scores, timing, args.verbose)
    if dev:
        _print_dev(dev, groups, args.verbose)
    if hostile:
        table = Table(title="Hostile shapes: parse time, peak RSS, one fresh process each (<= 10 s, <= 500 MB)")
        for col in ("case", "seconds", "peak MB"):
            table.add_column(col, justify="left" if col == "case" else "right")
        for name, seconds, peak in hostile:
            table.add_row(name, f"{seconds:.2f}", f"{peak:.0f}")
        Console().print(table)
    return 0


def _print_dev(scores: list[DevScore], groups: dict[str, dict[str, float]], verbose: bool) -> None:
    console = Console()
    table = Table(title="Importer-dev: questions matched by text (../shared/importer-dev/truth)")
    for col in ("document", "format", "truth", "found", "precision", "recall", "F1", "answer start", "ms"):
        table.add_column(col, justify="left" if col in ("document", "format") else "right")
    for s in scores:
        table.add_row(
            s.doc[:34],
            ", ".join(s.formats),
            str(s.truth),
            str(s.found),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            f"{s.answer_start:.3f}",
            f"{s.seconds * 1000:.0f}",
        )
    console.print(table)
    summary = Table(title="Importer-dev totals (targets: micro F1 >= 0.95, mean F1 >= 0.90, answer start >= 0.90)")
    for col in ("set", "docs", "micro P", "micro R", "micro F1", "mean F1", "answer start", "negative items", "ms"):
        summary.add_column(col, justify="left" if col == "set" else "right")
    for name, g in groups.items():
        summary.add_row(
            name,
            str(g["documents"]),
            f"{g['micro_precision']:.3f}",
            f"{g['micro_recall']:.3f}",
            _cell(g["micro_f1"], DEV_TARGETS["micro_f1"]),
            _cell(g["mean_f1"], DEV_TARGETS["mean_f1"]),
            _cell(g["answer_start"], DEV_TARGETS["answer_start"]),
            str(int(g["negative_items"])),
            f"{g['seconds'] * 1000:.0f}",
        )
    console.print(summary)
    if verbose:
        for s in scores:
            for label, rows in (("missed", s.misses), ("extra", s.extras), ("answer", s.answer_errors)):
                for row in rows:
                    console.print(f"[dim]{s.doc[:3]} {label}:[/] {row}", markup=True, highlight=False)


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
        # Wall-clock rates on 2 shared cores move with whatever else runs: the load average says how busy it was.
        load = timing["load_average"]
        speed_table = Table(title=f"Speed (2-core machine, load average {load:.1f} before the folder)")
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
