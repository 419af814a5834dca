"""Storage: migrations, stable ids, one transaction per file, and the same code on PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from interview_coach.bank import Bank, open_bank
from interview_coach.bank import importer as importer_module
from interview_coach.bank.importer import import_paths, import_sample
from interview_coach.bank.queries import list_items
from interview_coach.bank.schema import Document, Item, Note
from interview_coach.notes.read import NotesText


def test_migrations_create_the_schema_on_a_blank_file(tmp_path: Path) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'sub' / 'bank.db'}")
    tables = set(inspect(bank.engine).get_table_names())
    assert {"documents", "items", "notes", "passages", "passages_fts", "index_state", "alembic_version"} <= tables
    with bank.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == _head_revision()
    bank.close()
    open_bank(f"sqlite:///{tmp_path / 'sub' / 'bank.db'}").close()  # reopening is a no-op


def test_the_head_revision_constant_is_the_newest_migration() -> None:
    from interview_coach.bank import HEAD_REVISION

    assert _head_revision() == HEAD_REVISION  # bump HEAD_REVISION with every new migration


def test_a_bank_at_an_older_revision_is_still_upgraded(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from interview_coach.bank import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'bank.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:  # a bank written by the version before the newest migration
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
    engine.dispose()
    bank = open_bank(url)
    with bank.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == _head_revision()
        assert "users" in inspect(conn).get_table_names()
    bank.close()


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from interview_coach.bank import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return str(ScriptDirectory.from_config(config).get_current_head())


def test_ids_are_stable_across_banks_and_duplicates_get_distinct_ids(tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text("#### Q: What is X?\nA.\n\n#### Q: What is X?\nB.\n", encoding="utf-8")
    ids = []
    for name in ("one.db", "two.db"):
        bank = open_bank(f"sqlite:///{tmp_path / name}")
        import_paths(bank, [str(notes)])
        with bank.session() as session:
            ids.append([i.id for i in list_items(session)])
        bank.close()
    assert ids[0] == ids[1] and len(set(ids[0])) == 2


def test_a_failing_file_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    notes = tmp_path / "n.md"
    notes.write_text("#### Q: What is X?\nA.\n", encoding="utf-8")

    def explode(*_args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer_module, "_store_notes", explode)
    with pytest.raises(RuntimeError):
        import_paths(bank, [str(notes)])
    with bank.session() as session:
        assert session.scalars(select(Document)).all() == []
        assert session.scalars(select(Item)).all() == []
    bank.close()


def test_file_deleted_between_discovery_and_reading_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = tmp_path / "kept.md"
    kept.write_text("#### Q: What is bias?\nError from wrong assumptions.\n", encoding="utf-8")
    gone = tmp_path / "gone.md"
    found = importer_module.discover([str(tmp_path)])
    found.files.insert(0, gone)  # listed by discovery, then deleted before it was read
    monkeypatch.setattr(importer_module, "discover", lambda specs: found)
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    report = import_paths(bank, [str(tmp_path)])
    failed, imported = report.outcomes
    assert failed.failed and "disappeared" in failed.message
    assert imported.status == "imported" and imported.added == 1
    bank.close()


def test_parallel_import_matches_in_process_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(4):
        (folder / f"set{n}.md").write_text(
            f"# Set {n}\n\n#### Q: What is dropout {n}?\nRandomly zeroes units.\n\n- Q: Why ReLU {n}? A: Cheap.\n",
            encoding="utf-8",
        )
    (folder / "broken.md").write_bytes(b"\x00\x01binary")

    def imported(url: str) -> list[tuple[str, str, str, int]]:
        bank = open_bank(url)
        report = import_paths(bank, [str(folder)])
        with bank.session() as session:
            rows = [(i.id, i.question, i.answer, i.line_start) for i in session.scalars(select(Item).order_by(Item.id))]
        bank.close()
        assert [o.status for o in report.outcomes].count("failed") == 1
        return rows

    in_process = imported(f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setattr(importer_module, "PARALLEL_MIN_BYTES", 0)
    assert imported(f"sqlite:///{tmp_path / 'b.db'}") == in_process
    assert len(in_process) == 4


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    notes = tmp_path / "secret.md"
    notes.write_text("#### Q: What?\nA.\n", encoding="utf-8")
    notes.chmod(0)
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    report = import_paths(bank, [str(notes)])
    assert report.outcomes[0].failed and "permission" in report.outcomes[0].message
    bank.close()


def test_notes_text_is_frozen() -> None:
    assert NotesText.__dataclass_params__.frozen  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_same_code_runs_on_postgresql(postgres_bank: Bank) -> None:
    bank = postgres_bank
    report = import_sample(bank)
    assert report.ok
    again = import_sample(bank)
    assert {o.status for o in again.outcomes} == {"unchanged"}
    with bank.session() as session:
        items = list_items(session)
        assert len(items) >= 40 and any(i.star for i in items)
        assert all(isinstance(i.heading_path, list) for i in items)


def test_a_parser_failure_fails_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_coach.parse.blocks import MarkdownParseError

    bad = tmp_path / "bad.md"
    bad.write_text("#### Q: Boom?\nA.\n", encoding="utf-8")
    real = importer_module.parse_notes_text

    def flaky(text: str, suffix: str, questions: str | None = None):  # type: ignore[no-untyped-def]
        if "Boom" in text:
            raise MarkdownParseError("panic")
        return real(text, suffix, questions)

    # Workers are separate processes, so the failure is injected where a worker reads one file.
    monkeypatch.setattr(importer_module, "parse_notes_text", flaky)
    prepared = importer_module._prepare(bad, 1_048_576, None)
    assert prepared.parsed is None and "parser" in prepared.failure and "\n" not in prepared.failure


def test_a_newer_parser_rereads_unchanged_files_once(tmp_path: Path) -> None:
    notes = tmp_path / "project.md"
    notes.write_text("# Project\n\n## Lessons\n- Retries saved the nightly job.\n- Drift reports ran weekly.\n")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(notes)])
    with bank.transaction() as session:  # what an older release stored: the text's hash, notes without line numbers
        document = session.scalars(select(Document)).one()
        document.content_hash = importer_module.read_notes(notes).content_hash
        for note in session.scalars(select(Note)):
            note.data = {}
    assert [o.status for o in import_paths(bank, [str(notes)]).outcomes] == ["empty"]  # re-read: no questions
    with bank.session() as session:
        section = session.scalars(select(Note).where(Note.note_type == "section")).one()
        assert section.data["line_numbers"] == [4, 5]
    assert [o.status for o in import_paths(bank, [str(notes)]).outcomes] == ["unchanged"]
    bank.close()
