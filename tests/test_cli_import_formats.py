"""`coach import --dry-run`, `--questions` and the format named in the import summary (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from interview_coach.cli import cli

DECK = "# Deck\n\nBias::E[θ̂] − θ\n\nVariance::spread of the estimate\n\nMSE::bias² + variance\n"
GLOSSARY = "# Glossary\n\n## Overfitting\n\nFitting noise.\n\n## Underfitting\n\nToo simple.\n"


def test_dry_run_names_the_format_and_first_items_and_stores_nothing(
    runner: CliRunner, tmp_path: Path, coach_home: Path
) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text(DECK, encoding="utf-8")
    result = runner.invoke(cli, ["import", "--dry-run", str(deck)])
    assert result.exit_code == 0, result.output
    assert "questions as card; 3 questions (3 answered)" in result.stdout
    assert "L3: Bias" in result.stdout and "Nothing was stored" in result.stdout
    assert not coach_home.exists() or not any(coach_home.rglob("*.db"))
    listed = runner.invoke(cli, ["list", "--json"])
    assert json.loads(listed.stdout) == []


def test_dry_run_json_and_the_questions_override(runner: CliRunner, tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.md"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    inferred = json.loads(runner.invoke(cli, ["import", "--dry-run", "--json", str(glossary)]).stdout)
    assert inferred["files"][0]["status"] == "empty" and inferred["files"][0]["questions"] == 0
    forced = json.loads(
        runner.invoke(cli, ["import", "--dry-run", "--json", "--questions", "heading", str(glossary)]).stdout
    )
    assert forced["files"][0]["formats"] == ["heading"]
    assert [i["question"] for i in forced["files"][0]["first"]] == ["Overfitting", "Underfitting"]
    bad = runner.invoke(cli, ["import", "--questions", "tabel", str(glossary)])
    assert bad.exit_code == 2 and "tabel" in bad.output


def test_import_summary_names_each_files_format_and_an_override_rereads(runner: CliRunner, tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.md"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "deck.md").write_text(DECK, encoding="utf-8")
    first = runner.invoke(cli, ["import", str(tmp_path)])
    assert "(questions as card)" in first.stdout
    assert "no questions found (kept for search: 2 sections)" in first.stdout
    assert "--questions heading|bold|list|label|table|card|details" in first.stdout  # how to say where they are
    again = runner.invoke(cli, ["import", "--questions", "heading", str(glossary), "--json"])
    outcome = json.loads(again.stdout)["files"][0]
    assert outcome["status"] == "updated" and outcome["added"] == 2 and outcome["formats"] == ["heading"]
