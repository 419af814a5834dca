"""Notes holding rich markup and terminal escapes are shown as text by every command, piped or on a terminal,
and exported as text to CSV and markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus import CLASSES
from test_hostile_import import assert_sound, coach


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("output")
    notes = root / "notes"
    notes.mkdir()
    for name in ("rich-markup", "escape-sequences"):
        (notes / f"{name}.md").write_bytes(CLASSES[name](1.0))
    home = root / "home"
    result = coach(home, "import", str(notes))
    assert result.returncode == 0, result.stderr
    return home


def _ids(home: Path) -> list[str]:
    return [item["id"] for item in json.loads(coach(home, "list", "--json").stdout)]


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("search", "hostile case"),
        ("search", "what does [/] do [bold]"),
        ("ask", "what does the [/INST] token do"),
        ("ask", "what is \x1b]0;title\x07 this"),
        ("export", "--format", "csv"),
        ("export", "--format", "markdown"),
        ("stats",),
    ],
)
def test_commands_show_hostile_notes_as_text(hostile_home: Path, args: tuple[str, ...]) -> None:
    result = coach(hostile_home, *args)
    assert result.returncode == 0, result.stderr
    assert_sound(result, hostile_home)
    assert "\x9b" not in result.stdout and "\x07" not in result.stdout


def test_show_prints_markup_literally(hostile_home: Path) -> None:
    for ident in _ids(hostile_home):
        result = coach(hostile_home, "show", ident)
        assert result.returncode == 0, result.stderr
        assert_sound(result, hostile_home)
    shown = " ".join(coach(hostile_home, "show", ident).stdout for ident in _ids(hostile_home))
    assert "[/INST]" in shown and "[bold red]loud[/bold red]" in shown  # printed, not interpreted
