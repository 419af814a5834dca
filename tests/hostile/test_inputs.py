"""Hostile input typed or piped by the user: a control-character line in `search --batch` is answered like any
other and the batch goes on; binary bytes piped to `coach grade` are one line, not a tokenizer traceback. And the
passage splitter asks the model's window check once per distinct text (nested quotes repeat chunks by the
thousand)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from click.testing import CliRunner

from interview_coach.cli import cli
from interview_coach.search.passages import PassageSpec, fit_window

ESC = "\x1b"


def test_a_control_character_line_does_not_stop_search_batch(runner: CliRunner, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text(
        "## Q: What is dropout?\n\nIt zeroes activations at random while training.\n\n"
        "## Q: What is LoRA?\n\nLow-rank adapters beside frozen weights.\n",
        encoding="utf-8",
    )
    assert runner.invoke(cli, ["import", str(notes)]).exit_code == 0
    queries = tmp_path / "queries.txt"
    queries.write_bytes(b"what is dropout\n\x1b[2J\x00\x07\x1b]0;title\x07 bad line\nwhat is lora\n")
    result = runner.invoke(cli, ["search", "--batch", str(queries), "--k", "1", "--json"])
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(answers) == 3  # every line answered, the one after the control characters too
    assert answers[2]["results"][0]["question"] == "What is LoRA?"
    shown = runner.invoke(cli, ["search", "--batch", str(queries), "--k", "1"])
    assert shown.exit_code == 0 and ESC not in shown.output and "\x07" not in shown.output
    assert "What is LoRA?" in shown.output


def test_binary_bytes_piped_to_grade_are_one_line(runner: CliRunner) -> None:
    rng = random.Random(15)
    for data in (bytes(rng.randrange(256) for _ in range(3000)), b"\x00" * 3000, b"\xff\xfe\x00a\x00b"):
        result = runner.invoke(cli, ["grade", "--reference", "It zeroes activations.", "--answer", "-"], input=data)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("Error: ") and "stdin" in line and "text" in line


def _spec(text: str) -> PassageSpec:
    return PassageSpec("u", "answer", "Q?", text, (), 1, 1)


def test_fit_window_checks_each_distinct_text_once_and_splits_the_same() -> None:
    asked: list[str] = []

    def fits(texts: list[str]) -> list[bool]:  # a window of 40 words
        asked.extend(texts)
        return [len(text.split()) <= 40 for text in texts]

    deep = " ".join(["> quoted"] * 30)  # 60 words: split in two
    specs = [_spec(deep) for _ in range(500)] + [_spec("a short answer")] * 3
    fitted = fit_window(specs, fits)
    assert len(asked) == len(set(asked)) <= 4
    assert len(fitted) == 500 * 2 + 3
    assert all(len(spec.embedded_text.split()) <= 40 for spec in fitted)


def test_emphasis_is_stripped_by_its_own_closing_mark() -> None:
    from interview_coach.parse.questions import strip_markup

    assert strip_markup("use *this* and _that_ now") == "use this and that now"
    assert strip_markup("*a_b* and _foo*bar_") == "a_b and foo*bar"
    assert strip_markup("snake_case_name, 2*3*4, * spaced *") == "snake_case_name, 2*3*4, * spaced *"
    assert strip_markup("_a *b " * 3000) == ("_a *b " * 3000).strip()  # no closer anywhere: left as written


def test_a_huge_section_is_searched_by_chunks_and_an_ordinary_one_line_by_line_too() -> None:
    from interview_coach.search.passages import MAX_LINE_PASSAGES, section_passages

    def fields(lines: int) -> set[str]:
        body = "\n".join(f"| row {n} | a cell with several words |" for n in range(lines))
        return {spec.field for spec in section_passages(1, "Table", body, ["Table"], (1, lines))}

    assert fields(50) == {"section", "line"}
    assert fields(MAX_LINE_PASSAGES + 1) == {"section"}
