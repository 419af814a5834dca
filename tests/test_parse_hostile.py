"""Hostile shapes parse in bounded time and memory (issue 15): each case used to hang for minutes or take >1 GB.

No timing assertions: a case that backtracks catastrophically simply never completes, which the suite's own
timeout (and a human) notices; `bench/import_fidelity.py` records the times."""

from __future__ import annotations

import pytest

from interview_coach.parse import parse_document
from interview_coach.parse.blocks import _CHUNK_CHARS, parse_blocks

HOSTILE = {
    "2,000 leading spaces in a bold-question answer": "**Q: What?**\n" + " " * 2000 + "x\n",
    "2,000 leading spaces under a question heading": "#### Q: What?\n\n" + " " * 2000 + "answer\n",
    "1,000-level indented list": "".join("  " * i + "- item?\n" for i in range(1000)),
    "nested numbered questions with answers": "".join(
        "   " * i + "1. **item?**\n" + "   " * (i + 1) + "answer\n" for i in range(500)
    ),
    "100 KB line of < in an answer": "#### Q: What?\n\n" + "<" * 100_000 + "\n",
    "100 KB line of [ in a list": "- " + "[" * 100_000 + "\n",
    "100 KB of unclosed bold": "- **what " * 10_000 + "?\n",
    "100 KB of backticks": "`" * 100_000,
    "2,000 nested quotes": "".join(">" * i + " q?\n" for i in range(1, 2001)),
    "STAR label after a whitespace run": "Situation:" + " " * 5000 + "x\nAction: a\nResult: r\n",
    "answer label after a whitespace run": "Q: x?\n" + " " * 3000 + "A:" + " " * 3000 + "y\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_shape_parses_and_stays_inside_the_file(name: str) -> None:
    text = HOSTILE[name]
    doc = parse_document(text)
    for item in doc.items:
        assert 1 <= item.line_start <= item.line_end <= doc.line_count


def test_a_huge_table_is_read_row_by_row_with_exact_lines() -> None:
    rows = 3000
    text = "# Bank\n\n| Question | Answer |\n|---|---|\n" + "".join(f"| What is x{n}? | y{n} |\n" for n in range(rows))
    doc = parse_document(text)
    assert len(doc.items) == rows
    assert doc.items[0].question == "What is x0?" and doc.items[0].line_start == 5
    assert doc.items[-1].answer == f"y{rows - 1}" and doc.items[-1].line_start == 4 + rows


def test_big_files_parse_in_chunks_with_the_same_blocks() -> None:
    unit = "#### Q: What is x?\n\nSome answer.\n- point one\n\n```\ncode\n\n# not a heading\n```\n\n"
    text = unit * (3 * _CHUNK_CHARS // len(unit))
    blocks = parse_blocks(text)
    per_unit = parse_blocks(unit)
    assert len(blocks) == len(per_unit) * text.count("#### Q:")
    lines = unit.count("\n")
    last = blocks[-len(per_unit) :]
    assert [b.line_start for b in last] == [b.line_start + lines * (text.count("#### Q:") - 1) for b in per_unit]
    assert sum(1 for b in blocks if b.kind == "heading") == text.count("#### Q:")
