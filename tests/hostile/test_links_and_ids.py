"""Symlinks are followed only inside the folders given (or when the file itself is named), and id prefixes or
source filters typed by the user are matched literally, never as SQL LIKE patterns."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coach.cli import cli

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")


def question(text: str) -> str:
    return f"## Q: {text}\n\nAn answer to it.\n"


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """notes/ with a real file, a link to a file kept in a hidden folder inside it, links leading outside
    (a file, a folder, an absolute system path) and a dangling one; outside/ beside it."""
    notes, outside = tmp_path / "notes", tmp_path / "outside"
    (notes / ".store").mkdir(parents=True)
    outside.mkdir()
    (notes / "real.md").write_text(question("What is inside?"), encoding="utf-8")
    (notes / ".store" / "kept.md").write_text(question("What is kept inside?"), encoding="utf-8")
    (outside / "secret.md").write_text(question("What is the secret?"), encoding="utf-8")
    (notes / "link-in.md").symlink_to(Path(".store") / "kept.md")
    (notes / "link-out.md").symlink_to(Path("..") / "outside" / "secret.md")
    (notes / "folder-out").symlink_to(Path("..") / "outside", target_is_directory=True)
    (notes / "dangling.md").symlink_to("nowhere.md")
    return notes


def questions(runner: CliRunner) -> set[str]:
    result = runner.invoke(cli, ["list", "--json"])
    assert result.exit_code == 0, result.output
    return {item["question"] for item in json.loads(result.stdout)}


def test_links_inside_the_folder_are_followed_and_links_outside_skipped_and_reported(
    runner: CliRunner, linked: Path
) -> None:
    result = runner.invoke(cli, ["import", str(linked)])
    assert result.exit_code == 0, result.output
    assert questions(runner) == {"What is inside?", "What is kept inside?"}
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 3, result.stderr  # one line per link out, none for the link inside
    assert any("link-out.md" in line and "outside the folder given" in line for line in skipped)
    assert any("folder-out" in line and "name it as an argument" in line for line in skipped)
    assert any("dangling.md" in line and "symlink to nothing" in line for line in skipped)
    assert "link-in.md" not in result.stderr


def test_a_link_to_a_system_file_is_never_imported_from_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    system = Path("/etc/hostname") if Path("/etc/hostname").is_file() else Path("/etc/passwd")
    if not system.is_file():
        pytest.skip("no system file to link to")
    (notes / "system.md").symlink_to(system)
    (notes / "plain.md").write_text(question("What is plain?"), encoding="utf-8")
    result = runner.invoke(cli, ["import", str(notes)])
    assert f"a symlink to {system.resolve()} outside the folder given" in result.stderr
    assert questions(runner) == {"What is plain?"}


def test_a_link_named_as_an_argument_is_followed(runner: CliRunner, linked: Path) -> None:
    result = runner.invoke(cli, ["import", str(linked / "link-out.md")])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.stderr
    assert questions(runner) == {"What is the secret?"}


def test_id_prefixes_match_literally(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "my_notes.md").write_text(question("What is one?") + "\n" + question("What is two?"), "utf-8")
    (notes / "myXnotes.md").write_text(question("What is three?"), encoding="utf-8")
    assert runner.invoke(cli, ["import", str(notes)]).exit_code == 0
    ids = [item["id"] for item in json.loads(runner.invoke(cli, ["list", "--json"]).stdout)]
    first = ids[0]
    assert runner.invoke(cli, ["show", first[:6]]).exit_code == 0  # a real prefix still works
    for pattern in (first[:3] + "_", first[:2] + "%", "%", "_" * len(first)):  # LIKE would match these
        result = runner.invoke(cli, ["show", pattern])
        assert result.exit_code == 1, (pattern, result.output)
        assert f"no item with id '{pattern}'" in result.stderr and "Traceback" not in result.output
    listed = json.loads(runner.invoke(cli, ["list", "--source", "my_notes", "--json"]).stdout)
    assert {item["question"] for item in listed} == {"What is one?", "What is two?"}  # not myXnotes.md
