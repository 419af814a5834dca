"""The real seed notes in ../shared against their hand-made truth (skipped when ../shared is absent)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from interview_coach.notes.read import read_notes
from interview_coach.parse import parse_document
from interview_coach.search.passages import prose_text, section_passages

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from import_fidelity import TARGETS, score_seed  # noqa: E402

MOJIBAKE = re.compile("(â€|Ã|ðŸ|Ã¢|\uf8ff|‚Ä|‚Ü)")


def test_every_seed_meets_fidelity_targets(shared: Path) -> None:
    for seed in sorted((shared / "seeds").glob("*.txt")):
        score = score_seed(seed, shared / "seedtruth")
        assert score.precision >= TARGETS["precision"], (seed.name, score.extras)
        assert score.recall >= TARGETS["recall"], (seed.name, score.misses)
        assert score.extent >= TARGETS["extent"], (seed.name, score.extent_errors)
        assert score.kind >= TARGETS["kind"], (seed.name, score.kind_errors)


def test_no_mojibake_survives_in_items_or_notes(shared: Path) -> None:
    for seed in sorted((shared / "seeds").glob("*.txt")):
        doc = parse_document(read_notes(seed).text)
        texts = [t for i in doc.items for t in (i.question, i.answer, *i.heading_path)]
        texts += [t for n in doc.notes for t in (n.title, n.body)]
        leftovers = [t[:80] for t in texts if MOJIBAKE.search(t)]
        assert leftovers == [], seed.name


def test_structured_notes_from_seeds(shared: Path) -> None:
    doc = parse_document(read_notes(next((shared / "seeds").glob("003_*.txt"))).text)
    assert doc.items == []
    values = {n.title for n in doc.notes if n.note_type == "key_number"}
    assert {"99.9%", "23ms"} <= values
    stories = [
        n
        for n in parse_document(read_notes(next((shared / "seeds").glob("000_*.txt"))).text).notes
        if n.note_type == "star_story"
    ]
    assert len(stories) == 4
    assert stories[0].data["star"]["result"].startswith("Reduced latency by 60%")


@pytest.mark.parametrize("seed_prefix", ["001", "004"])
def test_star_parts_are_structured(shared: Path, seed_prefix: str) -> None:
    doc = parse_document(read_notes(next((shared / "seeds").glob(f"{seed_prefix}_*.txt"))).text)
    stars = [i for i in doc.items if i.star]
    assert len(stars) >= 3
    assert all(i.star and i.star.situation and i.star.action and i.star.result for i in stars)


def test_every_line_passage_of_a_seed_cites_its_own_line(shared: Path) -> None:
    """Sections are searched line by line; each line's citation must be the file line it was read from."""
    checked = 0
    for seed in sorted((shared / "seeds").glob("*.txt")):
        text = read_notes(seed).text
        lines = text.splitlines()
        for note in parse_document(text).notes:
            if note.note_type != "section":
                continue
            numbers = note.data["line_numbers"]
            assert isinstance(numbers, list)
            span = (note.line_start, note.line_end)
            for spec in section_passages(1, note.title, note.body, note.heading_path, span, numbers):
                if spec.field == "line":
                    assert spec.quote_line is not None and span[0] <= spec.quote_line <= span[1]
                    assert prose_text(lines[spec.quote_line - 1]) == spec.text, (seed.name, spec.quote_line)
                    checked += 1
    assert checked > 100


def test_importer_dev_corpus_meets_its_targets(shared: Path) -> None:
    """../shared/importer-dev: notes in formats beyond the seeds (skipped when absent)."""
    from import_fidelity import DEV_TARGETS, dev_summary, score_dev

    dev = shared / "importer-dev"
    if not (dev / "docs").is_dir():
        pytest.skip("../shared/importer-dev is not beside this checkout")
    scores = score_dev(dev)
    total = dev_summary(scores)
    misses = {s.doc: s.misses + s.extras for s in scores if s.f1 < 0.9}
    assert total["micro_f1"] >= DEV_TARGETS["micro_f1"], misses
    assert total["mean_f1"] >= DEV_TARGETS["mean_f1"], misses
    assert total["answer_start"] >= DEV_TARGETS["answer_start"]
    assert total["negative_items"] == 0
