"""textsafe: whatever the text, what reaches a terminal is text (no escapes, no controls, no markup)."""

from __future__ import annotations

import io
import re

from corpus import ESCAPES, HOSTILE_TEXT, MARKUP
from hypothesis import given, settings
from rich.console import Console
from rich.text import Text

from interview_coach.textsafe import clean, markup, one_line, strip, text

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _rendered(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, force_terminal=False, width=200, highlight=False).print(renderable)
    return out.getvalue()


def test_escape_sequences_are_removed_and_controls_shown() -> None:
    shown = clean(f"a{ESCAPES}b\tc\nd\x00e")
    assert "\x1b" not in shown and "\x9b" not in shown
    assert "pwned" not in shown  # an OSC title is removed whole, not just its ESC
    assert "click me" in shown and "red" in shown  # the text between sequences stays
    assert "\t" in shown and "\n" in shown and "␀" in shown  # tab and newline kept; NUL made visible


def test_markup_is_escaped_and_prints_literally() -> None:
    printed = _rendered(markup(f"what does {MARKUP} do"))
    assert MARKUP in printed
    assert _rendered(text("[/] [bold]x[/bold]")).strip() == "[/] [bold]x[/bold]"


def test_backslashes_before_brackets_print_as_written() -> None:
    # rich turns a plain "\\[" into "[" and reads backslashes before a tag as escapes
    for value in ("\\[", "a\\\\[b", "\\[bold]x", "\\\\[/]", "[\\[b]", "C:\\dir\\"):
        for template in ("[bold]{}[/bold]", "x [dim]{}[/] y"):
            assert Text.from_markup(template.format(markup(value))).plain == template.replace("[bold]", "").replace(
                "[/bold]", ""
            ).replace("[dim]", "").replace("[/]", "").format(value)


def test_emoji_codes_in_notes_are_not_turned_into_emoji() -> None:
    out = io.StringIO()
    from interview_coach.cli.render import new_console

    printer = new_console()
    printer.file = out
    printer.print(f"[bold]{markup('use :fire: and :a: sparingly')}[/]")
    assert ":fire:" in out.getvalue() and ":a:" in out.getvalue()


def test_one_line_and_strip() -> None:
    assert one_line("a\n b\t\tc\x1b[2J") == "a b c"
    assert strip("\x01\x02 lasso\x1b[31m\x00") == "   lasso "


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_any_text_is_safe_for_a_terminal(value: str) -> None:
    for shown in (clean(value), one_line(value)):
        assert not _UNSAFE.search(shown)
        assert "\x1b" not in shown
    assert "\n" not in one_line(value)
    # spliced into a markup template it never breaks it, and prints exactly the cleaned text
    assert Text.from_markup(f"[bold]{markup(value)}[/bold]").plain == clean(value)
