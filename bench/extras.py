"""Recall of the non-Q&A extras (pitches, STAR stories, key metrics, checklists, demo flows) against the hand-made
truth in ../shared/seedtruth/*.extras.json: the seeds are imported into a throwaway bank and read back through
interview_coach.dossier, as `coach projects / stories / numbers / checklist` do.

    python bench/extras.py [-v] [--seeds DIR --truth DIR]

A truth entry is found when something of its kind is extracted at its line (±1) or with its words: a pitch or
story whose lines hold it or whose text starts with its first words; a key metric with a figure parsed on one
of its lines (and, stricter, one of the figures its value names); a checklist or demo flow holding at least half
its items / steps.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TARGET = 0.9


@dataclass
class Tally:
    truth: int = 0
    found: int = 0
    extracted: int = 0  # how many of the kind were extracted from the same documents
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.truth if self.truth else 1.0


def norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def extracted(seeds: Path) -> dict[str, dict[str, Any]]:
    """What interview_coach.dossier finds in each seed: {file name: {kind: [...]}}."""
    from interview_coach.bank import open_bank
    from interview_coach.bank.importer import import_paths
    from interview_coach.dossier.checklists import find_checklists
    from interview_coach.dossier.keynumbers import key_numbers
    from interview_coach.dossier.outline import load_outlines
    from interview_coach.dossier.projects import find_dossiers
    from interview_coach.dossier.stories import find_stories

    with tempfile.TemporaryDirectory() as tmp:
        bank = open_bank(f"sqlite:///{tmp}/bench.db")
        import_paths(bank, [str(seeds)])
        with bank.session() as session:
            outlines = load_outlines(session)
        bank.close()
    out: dict[str, dict[str, Any]] = {}
    dossiers = find_dossiers(outlines)
    for outline in outlines:
        out[Path(outline.path).name] = {
            "pitches": [p for d in dossiers for p in d.pitches if p.path == outline.path],
            "stories": find_stories(outline),
            "numbers": key_numbers(outline),
            "checklists": find_checklists(outline),
            "demos": [s for d in dossiers for s in d.sections if s.facet == "demo" and s.path == outline.path],
        }
    return out


def near(line: int, start: int, end: int) -> bool:
    return start - 1 <= line <= end + 1


def half_of(truth_items: list[str], found: list[str]) -> bool:
    want = [norm(t) for t in truth_items if norm(t)]
    have = [norm(f) for f in found]
    hits = sum(1 for w in want if any(w in h or (h and h in w) for h in have))
    return bool(want) and hits * 2 >= len(want)


def score(truth: dict[str, Any], mine: dict[str, Any], tallies: dict[str, Tally]) -> None:
    doc = truth["doc"]
    for entry in truth.get("elevator_pitches", []):
        first = norm(entry.get("first_words", ""))
        ok = any(
            near(entry["line"], p.line_start, p.line_end) or norm(p.text).startswith(first) for p in mine["pitches"]
        )
        _count(tallies["pitches"], ok, f"{doc}:{entry['line']} {entry.get('project', '')}")
    for entry in truth.get("star_stories_outside_qa", []) + truth.get("star_stories_in_qa", []):
        line = entry.get("line") or entry.get("item_line")
        first = norm(entry.get("first_words", ""))
        hits = [
            s for s in mine["stories"] if near(line, s.line_start, s.line_end) or norm(s.situation).startswith(first)
        ]
        _count(tallies["stories"], bool(hits), f"{doc}:{line} {entry.get('first_words', '')}")
        four = any(all((s.situation, s.task, s.action, s.result)) for s in hits)
        _count(tallies["stories with four parts"], four, f"{doc}:{line}")
    for entry in truth.get("key_metrics", []):
        lines = entry.get("lines") or [entry["line"]]
        on_lines = [n for n in mine["numbers"] if n.line in lines]
        _count(tallies["key metrics"], bool(on_lines), f"{doc}:{lines} {entry['value']}")
        digits = set(re.findall(r"\d+(?:\.\d+)?", entry["value"].replace(",", "")))
        same = any(set(re.findall(r"\d+(?:\.\d+)?", n.quantity.raw.replace(",", ""))) & digits for n in on_lines)
        _count(tallies["key metrics, same figure"], same or (bool(on_lines) and not digits), f"{doc}:{lines}")
    for entry in truth.get("checklists", []):
        ok = any(half_of(entry["items"], [e.text for e in c.entries]) for c in mine["checklists"])
        _count(tallies["checklists"], ok, f"{doc}:{entry['line']} {entry['title']}")
    for entry in truth.get("demo_flows", []):
        ok = any(
            half_of(entry["steps"], s.steps) or near(entry["line"], s.line_start, s.line_start) for s in mine["demos"]
        )
        _count(tallies["demo flows"], ok, f"{doc}:{entry['line']} {entry['title']}")


def _count(tally: Tally, ok: bool, label: str) -> None:
    tally.truth += 1
    tally.found += ok
    if not ok:
        tally.misses.append(label)


KINDS = [
    "pitches",
    "stories",
    "stories with four parts",
    "key metrics",
    "key metrics, same figure",
    "checklists",
    "demo flows",
]


def measure(seeds: Path, truth_dir: Path) -> dict[str, Tally]:
    """Recall per kind of extra over every truth file in `truth_dir`."""
    mine = extracted(seeds)
    empty: dict[str, Any] = {k: [] for k in ("pitches", "stories", "numbers", "checklists", "demos")}
    tallies = {k: Tally() for k in KINDS}
    for path in sorted(truth_dir.glob("*.extras.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        found = mine.get(truth["doc"], empty)
        score(truth, found, tallies)
        for kind, key in EXTRACTED.items():
            tallies[kind].extracted += len(found[key])
    return tallies


EXTRACTED = {"pitches": "pitches", "stories": "stories", "key metrics": "numbers", "checklists": "checklists",
             "demo flows": "demos"}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--truth", type=Path, default=SHARED / "seedtruth")
    parser.add_argument("-v", "--verbose", action="store_true", help="List every miss.")
    args = parser.parse_args()
    if not args.seeds.is_dir():
        print(f"no seeds at {args.seeds}", file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "src"))
    tallies = measure(args.seeds, args.truth)
    print("| extra | truth | found | recall | target | extracted |")
    print("| --- | --- | --- | --- | --- | --- |")
    for kind in KINDS:
        t = tallies[kind]
        extracted = str(t.extracted) if kind in EXTRACTED else ""
        print(f"| {kind} | {t.truth} | {t.found} | {t.recall:.3f} | ≥ {TARGET} | {extracted} |")
    if args.verbose:
        for kind in KINDS:
            for miss in tallies[kind].misses:
                print(f"miss {kind}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
