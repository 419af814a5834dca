"""The user's bank stays theirs: the demo bank, `coach remove`, and a markdown export that round-trips the seeds."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from interview_coach.bank import open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.bank.queries import item_dict, list_items
from interview_coach.cli import cli
from interview_coach.export import export_items

NOTES = """# Basics

#### Q: What is overfitting?
Fitting noise instead of signal.

#### Q: What is dropout?
Randomly zeroing activations during training.
"""

OTHER = """# Metrics

#### Q: What is recall?
The share of true positives the model finds.
"""


def run(runner: CliRunner, *args: str, given: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), input=given)
    return result.exit_code, result.stdout, result.stderr


def questions(runner: CliRunner, *extra: str) -> set[str]:
    return {i["question"] for i in json.loads(run(runner, *extra, "list", "--json")[1])}


def test_the_demo_bank_never_touches_the_users_own(runner: CliRunner, coach_home: Path) -> None:
    code, out, _ = run(runner, "--demo", "import", "--sample")
    assert code == 0 and "new questions" in out
    assert len(questions(runner, "--demo")) >= 40
    assert questions(runner) == set()
    assert (coach_home / "demo.db").is_file()


def test_remove_asks_first_and_keeps_history(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "basics.md").write_text(NOTES, encoding="utf-8")
    (folder / "metrics.md").write_text(OTHER, encoding="utf-8")
    assert run(runner, "import", str(folder))[0] == 0
    before = json.loads(run(runner, "list", "--json")[1])
    assert len(before) == 3

    code, _, err = run(runner, "remove", str(folder / "basics.md"), given="n\n")
    assert code != 0 and "Remove 1 file(s) (2 questions)" in err
    assert len(questions(runner)) == 3  # declined: nothing changed

    code, out, _ = run(runner, "remove", str(folder / "basics.md"), "--yes", "--json")
    report = json.loads(out)
    assert code == 0 and [f["items"] for f in report["removed"]] == [2]
    assert questions(runner) == {"What is recall?"}
    retired = {i["question"] for i in json.loads(run(runner, "list", "--retired", "--json")[1])}
    assert {"What is overfitting?", "What is dropout?"} <= retired  # kept, as retired questions are

    removed_ids = {i["id"] for i in before if i["question"] != "What is recall?"}
    code, out, _ = run(runner, "search", "dropout zeroing activations", "--json")
    assert code == 0 and not any(ident in out for ident in removed_ids)

    code, out, _ = run(runner, "import", str(folder))
    assert "removed with `coach remove`" in out and questions(runner) == {"What is recall?"}
    assert run(runner, "import", str(folder / "basics.md"))[0] == 0
    assert len(questions(runner)) == 3


def test_removing_what_was_never_imported_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    code, out, err = run(runner, "remove", str(tmp_path / "nowhere.md"), "--yes")
    assert code != 0 and "Traceback" not in out + err
    assert "no imported notes match" in err and len(err.strip().splitlines()) == 1


def test_removing_the_sample_leaves_the_users_notes(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "mine.md"
    notes.write_text(OTHER, encoding="utf-8")
    run(runner, "import", "--sample")
    run(runner, "import", str(notes))
    assert len(questions(runner)) > 40
    code, out, _ = run(runner, "remove", "sample", "--yes")
    assert code == 0 and "questions removed" in out
    assert questions(runner) == {"What is recall?"}


def _seed_items(bank_url: str, paths: list[str]) -> list[dict[str, object]]:
    bank = open_bank(bank_url)
    try:
        import_paths(bank, paths)
        with bank.session() as session:
            return [item_dict(i) for i in list_items(session, None, None)]
    finally:
        bank.close()


def _comparable(item: dict[str, object]) -> str:
    fields = ("question", "answer", "kind", "topic", "heading_path", "star", "note")
    return json.dumps([item[name] for name in fields], sort_keys=True)


def test_the_seeds_round_trip_through_a_markdown_export(shared: Path, tmp_path: Path) -> None:
    seeds = [str(p) for p in sorted((shared / "seeds").glob("*.txt"))]
    original = _seed_items(f"sqlite:///{tmp_path / 'first.db'}", seeds)
    assert len(original) > 200
    exported = tmp_path / "bank.md"
    exported.write_text(export_items(original, "markdown"), encoding="utf-8")
    again = _seed_items(f"sqlite:///{tmp_path / 'second.db'}", [str(exported)])
    assert sorted(map(_comparable, again)) == sorted(map(_comparable, original))
