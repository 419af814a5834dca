"""Hostile notes, generated: the shapes that once hung, crashed or injected output, one class per shape.

`CLASSES` maps a class name to a function of a scale (1 = the size the tests use, small enough to index in
seconds; larger scales give the sizes of the issue report) returning the file's bytes. Each file holds one
ordinary question too, so a file that imports shows an item, and one that fails fails alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from hypothesis import strategies as st

ESCAPES = (
    "\x1b[2J\x1b[H"  # clear screen, cursor home
    "\x1b]0;pwned title\x07"  # window title
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"  # OSC 8 link
    "\x1b[31mred\x1b[0m"  # colour
    "\x1bc"  # full reset
    "\x9b2J"  # C1 CSI
    "\x07\x08\x0b\x0c\r"  # bell, backspace, vertical tab, form feed, bare carriage return
    "\x1b"  # bare ESC at the end of the line
)
MARKUP = "[/] [bold red]loud[/bold red] [link=https://evil.example]link[/link] [/INST] [[nested]] \\[x]"


def _with_question(answer: str, question: str = "What is the hostile case?") -> bytes:
    ordinary = "## Q: What is an ordinary question?\n\nAn answer.\n"
    return f"# Hostile notes\n\n## Q: {question}\n\n{answer}\n\n{ordinary}".encode()


def _lines(n: int, make: Callable[[int], str]) -> str:
    return "\n".join(make(i) for i in range(n))


def _binary(scale: float) -> bytes:
    rng = random.Random(15)
    return bytes(rng.randrange(256) for _ in range(int(20_000 * scale)))


CLASSES: dict[str, Callable[[float], bytes]] = {
    # regex backtracking on answer labels and indentation
    "spaces-before-answer-label": lambda s: _with_question("**Answer:**" + " " * int(2000 * s) + "x"),
    "leading-spaces-line": lambda s: _with_question(" " * int(2000 * s) + "A: it depends"),
    "spaces-only-line": lambda s: _with_question("A:" + " " * int(2000 * s)),
    "tabs-and-spaces": lambda s: _with_question(" \t" * int(1000 * s) + "x"),
    # nesting
    "deep-list": lambda s: _with_question(_lines(int(1000 * s), lambda i: "  " * i + f"- level {i}")),
    "deep-quotes": lambda s: _with_question(">" * int(2000 * s) + " quoted"),
    "deep-quote-lines": lambda s: _with_question(_lines(int(100 * s), lambda i: "> " * (i + 1) + "q")),
    # long runs of markup characters
    "line-of-lt": lambda s: _with_question("<" * int(20_000 * s)),
    "line-of-brackets": lambda s: _with_question("[" * int(20_000 * s)),
    "line-of-stars": lambda s: _with_question("*" * int(20_000 * s)),
    "line-of-underscores": lambda s: _with_question("_" * int(20_000 * s)),
    "line-of-backticks": lambda s: _with_question("`" * int(20_000 * s)),
    "tag-soup": lambda s: _with_question("<a <b <c " * int(3000 * s)),
    "unclosed-emphasis": lambda s: _with_question("_a *b " * int(15_000 * s)),
    "long-word-line": lambda s: _with_question("word " * int(10_000 * s)),
    # injected output
    "rich-markup": lambda s: _with_question(f"It prints {MARKUP}.", question=f"What does {MARKUP} do?"),
    "escape-sequences": lambda s: _with_question(f"Answer {ESCAPES} end.", question=f"What is {ESCAPES} this?"),
    # size and encoding
    "huge-table": lambda s: (
        "## Table only\n\n| a | b |\n|---|---|\n" + _lines(int(300 * s), lambda i: f"| q{i} | {'x ' * 20}|")
    ).encode(),
    "many-headings": lambda s: _lines(int(5000 * s), lambda i: "#" * (1 + i % 6) + f" heading {i}").encode(),
    "binary": _binary,
    "nul-bytes": lambda s: _with_question("before\x00after\x00" * int(100 * s)),
    "invalid-utf8": lambda s: _with_question("ok") + b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1" * int(200 * s),
    "utf16-no-bom": lambda s: _with_question("wide").decode().encode("utf-16-le"),
}


# Hypothesis: markdown-like documents built from the hostile shapes, not only tame markdown.
_PIECES = st.sampled_from(["<", "[", "]", "(", ")", "*", "_", "`", ">", "#", "|", "-", "!", "\\", ":", " ", "\t"])
_RUNS = st.builds(lambda piece, n: piece * n, _PIECES, st.integers(1, 400))
_INDENT = st.integers(0, 40).map(lambda n: " " * n)
_CONTROL = st.sampled_from(
    ["\x1b[2J", "\x1b]0;t\x07", "\x1b]8;;u\x1b\\", "\x1b", "\x00", "\x07", "\r", "\x9b", "\u2028"]
)
_WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
_INLINE = st.lists(st.one_of(_RUNS, _CONTROL, _WORDS, st.just(MARKUP)), max_size=8).map("".join)
_LINE = st.one_of(
    st.builds(lambda indent, text: f"{indent}- {text}", _INDENT, _INLINE),
    st.builds(lambda depth, text: "> " * depth + text, st.integers(0, 30), _INLINE),
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 6), _INLINE),
    st.builds(lambda label, text: f"**{label}:** {text}", st.sampled_from(["Q", "A", "Answer", "Question"]), _INLINE),
    st.builds(lambda cells: "| " + " | ".join(cells) + " |", st.lists(_INLINE, min_size=1, max_size=5)),
    _INLINE,
)
HOSTILE_DOCUMENTS = st.lists(_LINE, max_size=40).map("\n".join)
HOSTILE_TEXT = st.lists(st.one_of(_RUNS, _CONTROL, _WORDS, st.just(MARKUP), st.just("\n")), max_size=12).map("".join)
