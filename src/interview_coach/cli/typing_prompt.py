"""Reading typed answers line by line without losing any of it: Ctrl-C, Ctrl-D, SIGTERM and SIGHUP all hand back
the line being typed (prompt_toolkit keeps it in its buffer), and an optional bottom toolbar is redrawn while the
user types (the live clock of a mock interview). Note text never goes through rich markup here: `say` prints it
as plain text."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from rich.console import Console

from interview_coach import textsafe

ENDINGS = ("eof", "interrupt", "terminated")


@dataclass(frozen=True)
class Line:
    text: str
    ended: str | None = None  # None: Enter was pressed; else one of ENDINGS (the text is what was on the line)
    signum: int = 0


class _Terminated(SystemExit):
    """Raised from the SIGTERM/SIGHUP handler while a prompt waits (SystemExit so asyncio lets it through)."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def say(text: str, style: str = "", end: str = "\n") -> None:
    """Print text from the notes or the user as text: never parsed as rich markup, escape sequences removed and
    control characters made visible (textsafe)."""
    Console(highlight=False, soft_wrap=True).print(textsafe.text(text, style=style), end=end)


class LineReader:
    """One line at a time; prompt_toolkit on a terminal, plain input() when piped."""

    def __init__(self, toolbar: Callable[[], str] | None = None) -> None:
        self.toolbar = toolbar
        self._session: Any = None
        if sys.stdin.isatty() and sys.stdout.isatty():
            from prompt_toolkit import PromptSession
            from prompt_toolkit.key_binding import KeyBindings

            keys = KeyBindings()

            @keys.add("c-d")
            def _end(event: Any) -> None:  # Ctrl-D ends even mid-line (the line is kept), as the prompt says
                event.app.exit(exception=EOFError())

            self._session = PromptSession(key_bindings=keys)

    def read(self, message: str) -> Line:
        if self._session is None:
            return self._plain(message)
        session = self._session
        extra: dict[str, Any] = {}
        if self.toolbar is not None:
            toolbar = self.toolbar
            extra = {"bottom_toolbar": lambda: toolbar(), "refresh_interval": 0.5}
        # Raw mode before the prompt is shown: a key pressed as soon as it appears (Ctrl-D, Enter) is read as a
        # key, not swallowed by the terminal's line discipline while prompt_toolkit starts up.
        with _signals_end_prompt(), session.input.raw_mode():
            try:
                return Line(session.prompt(message, **extra))
            except KeyboardInterrupt:
                return Line(session.default_buffer.text, "interrupt")
            except EOFError:
                return Line(session.default_buffer.text, "eof")
            except _Terminated as stop:
                return Line(session.default_buffer.text, "terminated", stop.signum)

    @staticmethod
    def _plain(message: str) -> Line:
        with _signals_end_prompt():
            try:
                return Line(input(message))
            except KeyboardInterrupt:
                return Line("", "interrupt")
            except EOFError:
                return Line("", "eof")
            except _Terminated as stop:
                return Line("", "terminated", stop.signum)


@contextmanager
def _signals_end_prompt() -> Iterator[None]:
    """While waiting for input, SIGTERM and SIGHUP end the prompt like Ctrl-C (so the answer can be saved)."""
    names = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise _Terminated(signum)

    previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
