"""The `coach` command through click's CliRunner, on real SQLite files under tmp_path."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from interview_coach.cli import COMMAND_MODULES, cli, load_all_commands

NOTES = """# My notes

## Basics

#### Q: What is overfitting?
Fitting noise instead of signal.

#### Q: What is underfitting?
Too simple a model.
"""


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    group = cli
    assert isinstance(group, click.Group)
    names = group.list_commands(click.Context(group))
    assert {"import", "search", "ask", "grade", "practice", "serve", "users"} <= set(names)
    for name in names:
        code, out, _ = run(runner, name, "--help")
        assert code == 0 and "Example:" in out, name


def test_the_command_table_names_each_commands_module() -> None:
    load_all_commands()
    assert isinstance(cli, click.Group)
    assert set(cli.commands) == set(COMMAND_MODULES)
    for name, command in cli.commands.items():
        assert command.callback is not None
        assert command.callback.__module__ == f"interview_coach.cli.{COMMAND_MODULES[name]}", name


def test_a_cold_ask_loads_its_own_command_only(coach_home: Path) -> None:
    bank = f"sqlite:///{coach_home / 'bank.db'}"
    assert CliRunner().invoke(cli, ["--db", bank, "import", "--sample"]).exit_code == 0
    code = (
        "import sys; from interview_coach.cli import cli; "
        f"cli.main(['--db', {bank!r}, 'ask', 'what is overfitting', '--json'], standalone_mode=False); "
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.splitlines()[-1].split())  # after the JSON answer
    assert "interview_coach.cli.search_commands" in loaded and "interview_coach.search.retrieve" in loaded
    others = {f"interview_coach.cli.{module}" for module in COMMAND_MODULES.values()} - {
        "interview_coach.cli.search_commands"
    }
    # An up-to-date bank needs no migration code, a query no word list loaded whole, --json no rich rendering.
    assert not loaded & (others | {"alembic", "spellchecker", "rich.markdown", "rich.table"})


def test_sample_import_list_show_and_export(runner: CliRunner) -> None:
    code, out, _ = run(runner, "import", "--sample")
    assert code == 0 and "new questions" in out
    code, out, _ = run(runner, "list", "--json")
    items = json.loads(out)
    assert len(items) >= 40
    assert {"technical", "behavioral", "system_design", "coding", "project", "ask_interviewer", "hr"} <= {
        i["kind"] for i in items
    }
    code, out, _ = run(runner, "show", items[0]["id"], "--json")
    assert json.loads(out)["question"] == items[0]["question"]
    code, out, _ = run(runner, "show", items[0]["id"][:6])
    assert code == 0 and items[0]["question"][:20] in out
    code, out, _ = run(runner, "export", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {"id", "question", "answer", "kind", "topic", "heading_path", "source", "star"} <= rows[0].keys()
    assert set(rows[0]["source"]) == {"path", "line_start", "line_end"}
    assert any(r["star"] for r in rows)
    code, out, _ = run(runner, "export", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == len(rows)
    code, out, _ = run(runner, "list", "--kind", "behavioral", "--json")
    assert all(i["kind"] == "behavioral" for i in json.loads(out))


def test_markdown_export_imports_back_into_the_same_questions(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "import", "--sample")
    out_file = tmp_path / "bank.md"
    code, _, _ = run(runner, "export", "--format", "markdown", "-o", str(out_file))
    assert code == 0
    before = {(i["question"], i["answer"]) for i in json.loads(run(runner, "list", "--json")[1])}
    other = ["--db", f"sqlite:///{tmp_path / 'other.db'}"]
    assert run(runner, *other, "import", str(out_file))[0] == 0
    after = {(i["question"], i["answer"]) for i in json.loads(run(runner, *other, "list", "--json")[1])}
    assert after == before


def test_reimport_keeps_ids_updates_in_place_and_retires(runner: CliRunner, tmp_path: Path) -> None:
    notes = write(tmp_path / "notes" / "a.md", NOTES)
    assert run(runner, "import", str(notes))[0] == 0
    first = {i["question"]: i["id"] for i in json.loads(run(runner, "list", "--json")[1])}
    code, out, _ = run(runner, "import", str(notes))
    assert "unchanged" in out
    write(
        notes,
        NOTES.replace("Fitting noise instead of signal.", "Memorising the training set.").replace(
            "#### Q: What is underfitting?\nToo simple a model.\n", ""
        ),
    )
    code, out, _ = run(runner, "import", "--json", str(tmp_path / "notes"))
    report = json.loads(out)["files"][0]
    assert (report["updated"], report["retired"]) == (1, 1)
    items = json.loads(run(runner, "list", "--json")[1])
    assert [(i["id"], i["answer"]) for i in items] == [(first["What is overfitting?"], "Memorising the training set.")]
    retired = json.loads(run(runner, "list", "--retired", "--json")[1])
    assert {i["id"] for i in retired} == set(first.values())


def test_bad_inputs_get_one_line_each_and_the_rest_still_imports(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write(folder / "good.md", NOTES)
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    write(folder / "empty.md", "")
    write(folder / "prose.md", "# Diary\n\nNothing to practise here.\n")
    (folder / "latin1.txt").write_bytes("#### Q: Qu'est-ce qu'un café ?\nUne boisson chaude.\n".encode("cp1252"))
    with open(folder / "huge.md", "wb") as big:
        big.truncate(50 * 1024 * 1024)
    code, out, err = run(runner, "import", str(folder), str(tmp_path / "missing.md"))
    assert code == 1
    assert "Traceback" not in out + err
    err_lines = [line for line in err.splitlines() if line.strip()]
    assert any("binary.md" in line and "binary" in line for line in err_lines)
    assert any("huge.md" in line and "MB" in line for line in err_lines)
    assert any("missing.md" in line and "no such file" in line for line in err_lines)
    assert "empty.md" in out and "prose.md" in out and "no questions found" in out
    questions = {i["question"] for i in json.loads(run(runner, "list", "--json")[1])}
    assert {"What is overfitting?", "Qu'est-ce qu'un café ?"} <= questions


def test_warnings_alone_exit_zero_and_empty_folders_fail(runner: CliRunner, tmp_path: Path) -> None:
    prose = write(tmp_path / "p" / "prose.md", "# Just prose\n\nNo questions.\n")
    assert run(runner, "import", str(prose))[0] == 0
    (tmp_path / "nothing").mkdir()
    code, _, err = run(runner, "import", str(tmp_path / "nothing"))
    assert code == 1 and "no .md" in err
    code, _, err = run(runner, "import")
    assert code == 1 and "nothing to import" in err


def test_show_unknown_id_and_bad_database_url_are_one_line_errors(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "show", "doesnotexist")
    assert code == 1 and err.startswith("Error: no item with id") and len(err.strip().splitlines()) == 1
    code, _, err = run(runner, "--db", "nosuchdialect://x", "list")
    assert code == 1 and "database URL" in err
