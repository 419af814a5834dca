"""Text from notes and queries is shown as text: the one place that makes it safe for a terminal or an export.

Notes are copied from anywhere, so they may hold terminal escape sequences (clear screen, window title,
OSC 8 links, cursor moves), stray control characters and square brackets that rich would read as markup.
Every face that prints such text passes it through here first:

- `clean(text)`: escape sequences removed, other control characters shown as visible symbols (the U+2400
  "control pictures", e.g. ␇ for BEL; U+FFFD for C1), newline and tab kept. For plain output (click.echo,
  CSV, markdown).
- `markup(text)`: `clean` + rich markup escaped, for strings spliced into a rich markup template.
- `text(value, style)`: a `rich.text.Text` of the cleaned string (never parsed as markup).
- `strip(text)`: escape sequences removed, control characters turned into spaces: for text used as input.
- `one_line(text)`: `clean` with newlines and tabs folded to spaces, for one-line messages (errors, reports).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

# ECMA-48: CSI (ESC [ or 0x9B) params/intermediates/final; OSC/DCS/SOS/PM/APC strings up to BEL or ST
# (ESC \ or 0x9C), or to the end when unterminated; two-character escapes (ESC + one byte, e.g. ESC c reset).
_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?      # CSI: colours, cursor moves, clear screen
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])                   # OSC (links, title), DCS, SOS, PM, APC ...
    [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?                     # ... up to BEL or ST
  | \x1b[\x20-\x2f]*[\x30-\x7e]?                              # other escapes, or a bare ESC
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline, DEL, C1 controls, and the line/paragraph separators some terminals honour.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: the Unicode "control pictures"
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and line separators have no picture


def clean(value: object) -> str:
    """`value` as a string with escape sequences removed and other control characters made visible."""
    text = "" if value is None else str(value)
    if text.isprintable() and "\x1b" not in text:
        return text  # the common case, without regex work
    text = text.replace("\r\n", "\n")
    return _CONTROL.sub(_visible, _SEQUENCE.sub("", text))


def strip(value: object) -> str:
    """Escape sequences removed and every other control character (tab and newline too) turned into a space:
    for text used as input, such as a query read from a file."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(" ", _SEQUENCE.sub("", text.replace("\t", " ").replace("\n", " ")))


def one_line(value: object) -> str:
    """`clean`, with line breaks and tabs folded to single spaces: for messages that must stay one line."""
    return " ".join(clean(value).split())


def markup(value: object) -> str:
    """`clean` and rich markup escaped: safe to splice into a rich markup string such as f"[bold]{…}[/]"."""
    text = clean(value)
    body = text.rstrip("\\")
    # A run of backslashes at the end would escape the template's next tag ("…\\[/bold]"), so it is doubled
    # (n literal backslashes before a tag).
    return _BRACKET.sub(_escape_bracket, body) + "\\" * (2 * (len(text) - len(body)))


# rich reads "[" + tag-like text + "]" as a tag (its backslashes as escapes: 2n+1 show n and the tag), and outside
# a tag it turns every "\\[" into "[" -- so n backslashes before a plain "[" need one more. rich's own escape()
# handles the tag case only.
_BRACKET = re.compile(r"(\\*)\[(?=([a-z#/@][^[]*?\])?)")


def _escape_bracket(match: re.Match[str]) -> str:
    backslashes = len(match.group(1))
    if match.group(2) is not None:
        return "\\" * (2 * backslashes + 1) + "["
    return "\\" * (backslashes + 1 if backslashes else 0) + "["


def text(value: object, style: str = "") -> Text:
    """A rich Text of the cleaned string: printed as is, never parsed as markup."""
    from rich.text import Text

    return Text(clean(value), style=style)
