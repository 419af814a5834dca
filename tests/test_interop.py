"""Decks from elsewhere: CSV / TSV and Anki's "Notes in Plain Text" export, and invalid bytes in notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coach.bank import open_bank
from interview_coach.bank.importer import import_paths
from interview_coach.bank.queries import list_items
from interview_coach.cli import cli
from interview_coach.notes.read import decode_notes
from interview_coach.parse.interop import InteropError, parse_notes_text, read_anki, read_delimited


def test_csv_with_a_header_of_common_names_and_quoted_multiline_answers() -> None:
    text = (
        "Front,Back,Tags\n"
        '"What is overfitting?","Fitting noise:\n- low train loss\n- high test loss",ml\n'
        "Design a URL shortener for millions of users,Hash ids; cache hot keys,system-design\n"
    )
    doc = read_delimited(text)
    assert [i.question for i in doc.items] == [
        "What is overfitting?",
        "Design a URL shortener for millions of users",
    ]
    first, second = doc.items
    assert first.answer == "Fitting noise:\n- low train loss\n- high test loss"
    assert (first.line_start, first.line_end) == (2, 4)  # the quoted field spans three lines
    assert second.line_start == 5
    assert second.kind == "system_design"  # kinds come from parse.classify


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_sniffed(delimiter: str) -> None:
    rows = ["question", "answer"], ["What is a p-value?", "Chance of data this extreme, given H0"]
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    doc = read_delimited(text)
    assert [[i.question, i.answer] for i in doc.items] == [rows[1]]


def test_tsv_by_extension_and_excel_sep_line() -> None:
    assert parse_notes_text("q\ta\nWhat is L1?\tSparse weights\n", ".tsv").items[0].answer == "Sparse weights"
    doc = parse_notes_text("sep=;\nQuestion;Answer\nWhat is L2?;Small weights\n", ".csv")
    assert [(i.question, i.answer, i.line_start) for i in doc.items] == [("What is L2?", "Small weights", 3)]


def test_headerless_rows_of_questions_are_read_and_other_tables_are_not() -> None:
    doc = read_delimited("What is bias?,Error from wrong assumptions\nWhy regularise?,To generalise\n")
    assert [i.question for i in doc.items] == ["What is bias?", "Why regularise?"]
    data = read_delimited("epoch,loss\n1,0.9\n2,0.7\n")
    assert data.items == [] and "header row" in data.warnings[0]


def test_a_row_with_an_answer_but_no_question_is_named_in_a_warning() -> None:
    doc = read_delimited("question,answer\nWhat is AUC?,Area under ROC\n,orphan answer\n")
    assert len(doc.items) == 1
    assert doc.warnings == ["line 3: a row with an answer but no question was skipped"]


def test_an_unclosed_quote_is_a_clear_error_naming_the_line(tmp_path: Path) -> None:
    with pytest.raises(InteropError) as caught:
        read_delimited('question,answer\nWhat is X?,fine\n"What is Y?,never closed\nWhat is Z?,z\n')
    assert caught.value.line == 3 and "quotes" in str(caught.value)
    bad = tmp_path / "deck.csv"
    bad.write_text('question,answer\n"What is Y?,never closed\n', encoding="utf-8")
    (tmp_path / "ok.csv").write_text("question,answer\nWhat is Z?,z\n", encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    outcomes = {Path(o.path).name: o for o in import_paths(bank, [str(tmp_path)]).outcomes}
    assert outcomes["deck.csv"].failed and outcomes["deck.csv"].message.startswith("line 2: ")
    assert outcomes["ok.csv"].added == 1  # the other file still imports
    bank.close()


ANKI = (
    "#separator:tab\n"
    "#html:true\n"
    "#deck column:3\n"
    "#tags column:4\n"
    "What is <b>dropout</b>?\tRandomly zeroes units:<br><ul><li>less co-adaptation</li><li>an ensemble</li></ul>"
    "\tML::Deep learning\tdl\n"
    '"Tell me about a time you disagreed with a teammate"\t"<div>Situation: launch</div><div>Task: pick</div>'
    '<div>Action: data</div><div>Result: shipped</div>"\tBehavioral\tstar\n'
    "{{c1::Adam}} combines momentum with {{c2::RMSProp::an adaptive rate}}\t\tML\t\n"
)


def test_anki_plain_text_export_with_html_deck_and_tags() -> None:
    doc = parse_notes_text(ANKI, ".txt")
    dropout, story, cloze = doc.items
    assert dropout.question == "What is **dropout**?"
    assert dropout.answer.startswith("Randomly zeroes units:\n") and "- less co-adaptation" in dropout.answer
    assert "<" not in dropout.answer
    assert dropout.heading_path == ["ML", "Deep learning"] and dropout.line_start == 5
    assert story.kind == "behavioral" and story.star is not None and story.star.result == "shipped"
    assert cloze.question == "[…] combines momentum with [an adaptive rate]"
    assert cloze.answer == "Adam combines momentum with RMSProp"
    assert doc.warnings == []


def test_anki_columns_header_names_the_fields() -> None:
    text = "#separator:comma\n#html:false\n#columns:Back,Front\nAn answer,Why use a validation set?\n"
    (item,) = read_anki(text).items
    assert (item.question, item.answer) == ("Why use a validation set?", "An answer")


def test_a_plain_txt_file_is_still_markdown() -> None:
    doc = parse_notes_text("# Notes\n\n#### Q: What is a tensor?\nAn n-d array.\n", ".txt")
    assert [i.question for i in doc.items] == ["What is a tensor?"]


def test_csv_files_are_found_in_folders_and_imported(tmp_path: Path, runner: CliRunner) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "deck.csv").write_text("question,answer\nWhat is MLOps?,Ops for models\n", encoding="utf-8")
    bank = open_bank(f"sqlite:///{tmp_path / 'bank.db'}")
    import_paths(bank, [str(notes)])
    with bank.session() as session:
        assert [i.question for i in list_items(session)] == ["What is MLOps?"]
    bank.close()


# --- invalid bytes -------------------------------------------------------------------------------------------


def test_invalid_utf8_bytes_are_repaired_or_replaced_with_a_warning() -> None:
    data = b"# Notes\n\nIt\x92s \xe2\x80\x9cquoted\xe2\x80\x9d\n\nline five cut \xe2\x80 here\n"
    notes = decode_notes(Path("n.md"), data)
    assert notes.encoding == "utf-8"
    assert "It’s “quoted”" in notes.text and "cut \ufffd here" in notes.text
    assert notes.text.count("\n") == data.count(b"\n")  # line numbers stay those of the file
    (warning,) = notes.warnings
    assert warning.startswith("lines 3, 5: 3 invalid UTF-8 bytes (1 read as Windows-1252, 2 replaced with")


def test_valid_files_and_other_encodings_give_no_warning() -> None:
    assert decode_notes(Path("a.md"), "naïve — ok".encode()).warnings == ()
    cyrillic = decode_notes(Path("b.md"), ("Что такое переобучение? Её ёлка. " * 20).encode("cp1251"))
    assert cyrillic.warnings == () and "переобучение" in cyrillic.text


def test_the_import_report_names_file_line_and_count(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_bytes("# N\n\n#### Q: What is “AUC”?\n".encode() + b"Area \xff under the curve.\n")
    result = runner.invoke(cli, ["import", str(path)])
    assert result.exit_code == 0
    assert f"! {path}: line 4: 1 invalid UTF-8 byte (1 read as Windows-1252)" in result.stderr
