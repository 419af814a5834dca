"""Dossiers, stories and checklists on the real seed notes in ../shared (skipped when it is absent)."""

from __future__ import annotations

import sys
from pathlib import Path

from interview_coach.bank import open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.dossier.checklists import find_checklists
from interview_coach.dossier.outline import load_outlines
from interview_coach.dossier.projects import find_dossiers
from interview_coach.dossier.storybank import build_story_bank

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from extras import KINDS, measure  # noqa: E402


def _outlines(shared: Path, tmp_path: Path) -> list:  # type: ignore[type-arg]
    bank = open_bank(f"sqlite:///{tmp_path / 'seeds.db'}")
    import_paths(bank, [str(shared / "seeds")])
    with bank.session() as session:
        outlines = load_outlines(session)
    bank.close()
    return outlines


def test_the_seed_projects_have_dossiers_with_pitch_and_numbers(shared: Path, tmp_path: Path) -> None:
    dossiers = find_dossiers(_outlines(shared, tmp_path))
    names = [d.name.lower() for d in dossiers]
    for wanted in ("feedback classifier", "rapid insights", "mlops pipeline", "document q&a", "named entity"):
        found = [d for d, name in zip(dossiers, names, strict=True) if wanted in name]
        assert len(found) == 1, (wanted, names)
        assert found[0].drill_pitches() and found[0].numbers, wanted
    assert len(dossiers) == 5  # the Q&A banks are not projects


def test_seed_stories_have_four_parts_and_checklists_are_found(shared: Path, tmp_path: Path) -> None:
    outlines = _outlines(shared, tmp_path)
    stories = build_story_bank(outlines).stories
    assert len(stories) >= 13
    assert all(s.situation and s.task and s.action and s.result for s in stories)
    assert not any("This story highlights" in s.result or "Bonus Tip" in s.result for s in stories)
    assert sum(len(find_checklists(o)) for o in outlines) >= 10


def test_extras_recall_meets_targets(shared: Path) -> None:
    tallies = measure(shared / "seeds", shared / "seedtruth")
    for kind in KINDS:
        assert tallies[kind].recall >= 0.9, (kind, tallies[kind].misses)


def test_the_issue_example_misquote_on_the_ner_notes(shared: Path, tmp_path: Path) -> None:
    from interview_coach.dossier.consistency import check_numbers, check_quiz_answer, quiz

    ner = next(d for d in find_dossiers(_outlines(shared, tmp_path)) if "named entity" in d.name.lower())
    said = "Our BiLSTM reached 95% F1 at 23 ms latency, about 2,000 req/sec."
    assert [m.message().split(" (")[0] for m in check_numbers(said, ner.numbers)] == [
        "you said 95% F1; your notes say 99.9%"
    ]
    latency = next(q for q in quiz(ner) if q.number.measure == "latency")
    assert check_quiz_answer("23ms", latency) and not check_quiz_answer("30 ms", latency)
