"""Behavioural checks for the grader (../shared/grading-checks): one command, the shared script's table.

    python bench/grading_checks.py                 # runs check_grader.py against this worktree's `coach`
    python bench/grading_checks.py --halves        # in process: pass rates on the two halves of the dev cases
    python bench/grading_checks.py --failures 3    # passed through to check_grader.py
    python bench/grading_checks.py --halves --look odd --failures 5   # per-check rows and failures of one half

The default runs the shared `check_grader.py` exactly as the final evaluation does (one `coach grade --batch`
call for the scores, one `coach grade --json` call per answer for the contradiction flags) with a throwaway
COACH_HOME. `--halves` grades in process with the same checks (imported from the shared script) and reports the
odd-numbered and even-numbered cases separately — the cross-check: a change chosen by looking at one half must
hold on the other — plus our own fixtures (tests/data/grading_cases.json) as a third set.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_coach.grade.grader import Embed

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "data" / "grading_cases.json"
REVERSALS = ROOT / "tests" / "data" / "reversal_cases.json"


def _checker(shared: Path) -> ModuleType:
    path = shared / "grading-checks" / "check_grader.py"
    spec = importlib.util.spec_from_file_location("check_grader", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_grader"] = module
    spec.loader.exec_module(module)
    return module


def run_shared(shared: Path, extra: list[str]) -> int:
    coach = Path(sys.executable).with_name("coach")
    script = shared / "grading-checks" / "check_grader.py"
    cases = shared / "grading-checks" / "cases.jsonl"
    env = dict(os.environ, COACH_HOME=tempfile.mkdtemp(prefix="coach-checks-"))
    return subprocess.run([sys.executable, str(script), str(cases), "--coach", str(coach), *extra], env=env).returncode


def in_process(shared: Path, failures: int, look: str) -> int:
    from interview_coach.grade.grader import default_embed, grade_many

    checker = _checker(shared)
    cases = checker.load_cases(str(shared / "grading-checks" / "cases.jsonl"))
    rows = [(c, v) for c in cases for v in c.answers]
    grades = grade_many([(c.question, c.reference, c.answers[v]) for c, v in rows], default_embed())
    results = {}
    for (case, variant), result in zip(rows, grades, strict=True):
        results[(case.id, variant)] = checker.Result(score=float(result.score))
        if variant in checker.FLAG_VARIANTS:
            hits = checker.contradiction_hits(json.loads(json.dumps(result.as_dict(), default=str)))
            results[(case.id, "flags:" + variant)] = checker.Result(
                score=float(result.score), flagged=bool(hits), flag_detail="; ".join(hits)[:300]
            )
    halves = {"odd cases (d01, d03, …)": cases[0::2], "even cases (d02, d04, …)": cases[1::2], "all 30": cases}
    for name, part in halves.items():
        outcome = checker.evaluate(part, results)
        passed = sum(ok for rows_ in outcome.values() for _, ok, _ in rows_)
        total = sum(len(rows_) for rows_ in outcome.values())
        print(f"{name:<28} {passed}/{total} = {passed / max(1, total):.3f}")
        if name.startswith(look):
            for check in checker.CHECKS:
                got = outcome[check.id]
                bad = [f"{cid}: {detail}" for cid, ok, detail in got if not ok]
                print(f"  {check.id:<4} {sum(ok for _, ok, _ in got):>2}/{len(got):<2} {check.text}")
                for line in bad[: max(0, failures)]:
                    print(f"         {line[:220]}")
    _fixtures(default_embed())
    reversal_fixtures(default_embed(), look, failures)
    return 0


def reversal_fixtures(embed: Embed, look: str = "", failures: int = 0) -> dict[str, dict[str, int]]:
    """Our own reversal set (tests/data/reversal_cases.json, written for the mechanisms, not from the dev cases):
    each reversal is the paraphrase with one claim reversed; it should be flagged, and the paraphrase and the hedged
    answer should not. Odd ids (r01, r03, …) were developed on, even ids are the check."""
    from interview_coach.grade.grader import grade_many

    cases = json.loads(REVERSALS.read_text(encoding="utf-8"))
    jobs, owners = [], []
    for case in cases:
        texts = {"paraphrase": case["paraphrase"], "hedged": case["hedged"]}
        for k, rev in enumerate(case["reversals"]):
            texts[f"reversal {k}"] = case["paraphrase"].replace(rev["from"], rev["to"])
        for name, text in texts.items():
            jobs.append((case["question"], case["reference"], text))
            owners.append((case, name))
    grades = grade_many(jobs, embed)
    tally: dict[str, dict[str, int]] = {}
    misses: dict[str, list[str]] = {}
    base = {c["id"]: g.score for (c, n), g in zip(owners, grades, strict=True) if n == "paraphrase"}
    for (case, name), grade in zip(owners, grades, strict=True):
        half = "odd" if int(case["id"][1:]) % 2 else "even"
        entry = tally.setdefault(half, {"reversals": 0, "flagged": 0, "dropped": 0, "correct": 0, "false": 0})
        if name.startswith("reversal"):
            entry["reversals"] += 1
            entry["flagged"] += bool(grade.contradictions)
            entry["dropped"] += grade.score < base[case["id"]] - 15
            if not grade.contradictions:
                rev = case["reversals"][int(name.split()[1])]
                misses.setdefault(half, []).append(f"{case['id']} {rev['mechanism']}: “{rev['to']}”")
        else:
            entry["correct"] += 1
            entry["false"] += bool(grade.contradictions)
            if grade.contradictions:
                misses.setdefault(half, []).append(f"{case['id']} {name} FLAGGED: {grade.contradictions[0][:160]}")
    for half, e in sorted(tally.items(), reverse=True):
        print(
            f"own reversal fixtures, {half} ids: reversals flagged {e['flagged']}/{e['reversals']}, "
            f"> 15 points below the paraphrase {e['dropped']}/{e['reversals']}; "
            f"paraphrase/hedged flagged {e['false']}/{e['correct']}"
        )
        if half == look or look == "all":
            for line in misses.get(half, [])[: max(0, failures)]:
                print(f"         {line[:220]}")
    return tally


def _fixtures(embed: object) -> None:
    """Our own interview set: the expected order of full > partial > off-topic, and no flag on the full answer."""
    from interview_coach.grade.grader import grade_many

    cases = json.loads(FIXTURES.read_text(encoding="utf-8"))
    ordered = flagged = 0
    for case in cases:
        names = list(case["answers"])
        grades = dict(
            zip(
                names,
                grade_many([(case["question"], case["reference"], case["answers"][n]) for n in names], embed),
                strict=True,
            )
        )  # type: ignore[arg-type]
        s = {n: g.score for n, g in grades.items()}
        ordered += s["full"] > s["partial"] > s["off_topic"] and s["full"] > max(s["wrong"], s["contradicting"])
        flagged += bool(grades["full"].contradictions)
    print(f"own fixtures ({len(cases)} questions): order kept on {ordered}/{len(cases)}, full answer flagged {flagged}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--halves", action="store_true", help="grade in process; report the two halves apart")
    parser.add_argument("--failures", type=int, default=0, help="list N failures per check")
    parser.add_argument(
        "--look",
        choices=("odd", "even", "all"),
        default="odd",
        help="with --halves: the half whose per-check rows and failures are printed (the one developed on)",
    )
    args = parser.parse_args()
    if not (args.shared / "grading-checks" / "cases.jsonl").exists():
        print(f"no grading checks at {args.shared}/grading-checks; pass --shared", file=sys.stderr)
        return 2
    if args.halves:
        return in_process(args.shared, args.failures, args.look)
    return run_shared(args.shared, ["--failures", str(args.failures)] if args.failures else [])


if __name__ == "__main__":
    sys.exit(main())
