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
    """Raised from the SIGTERM/SIGHUP handler while plain input() waits (SystemExit so nothing swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


class _Stopped(Exception):
    """What a running prompt is made to end with on SIGTERM/SIGHUP (an ordinary exception: the event loop
    unwinds normally and prompt() raises it)."""


@dataclass
class _Signals:
    """A signal received while reading: recorded, never raised into whatever code the event loop is running (a
    background task of prompt_toolkit would keep it and log a traceback). A running prompt is asked to exit from
    inside its event loop; plain input() is interrupted only while it blocks."""

    signum: int = 0
    raising: bool = False  # plain input() is blocking: the handler may raise into it

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        from prompt_toolkit.application import get_app_or_none

        self.signum = self.signum or signum
        app = get_app_or_none()  # the running prompt (the full one or the dumb-terminal one)
        loop = getattr(app, "loop", None)
        if app is not None and loop is not None:
            loop.call_soon_threadsafe(_end_app, app)
        elif self.raising:
            raise _Terminated(signum)


@dataclass
class _CtrlC:
    """Ctrl-C that comes while no prompt is reading (a question being printed, an answer being graded) would
    otherwise raise wherever the program happens to be and end it with click's bare "Aborted!". Held here
    instead, it ends the next read the way Ctrl-C at the prompt does, so the session pauses cleanly."""

    pending: bool = False
    raising: bool = False  # plain input() is blocking: raise into it as Python would

    def handle(self, _signum: int, _frame: FrameType | None) -> None:
        if self.raising:
            raise KeyboardInterrupt
        self.pending = True

    def take(self) -> bool:
        pending, self.pending = self.pending, False
        return pending


def _end_app(app: Any, exception: BaseException | None = None) -> None:
    future = getattr(app, "future", None)
    if future is not None and not future.done():
        app.exit(exception=exception or _Stopped())


def say(text: str, style: str = "", end: str = "\n") -> None:
    """Print text from the notes or the user as text: never parsed as rich markup, escape sequences removed and
    control characters made visible (textsafe)."""
    Console(highlight=False, emoji=False, soft_wrap=True).print(textsafe.text(text, style=style), end=end)


class LineReader:
    """One line at a time; prompt_toolkit on a terminal, plain input() when piped."""

    def __init__(self, toolbar: Callable[[], str] | None = None) -> None:
        self.toolbar = toolbar
        self._session: Any = None
        self._ctrl_c: _CtrlC | None = None
        if sys.stdin.isatty() and sys.stdout.isatty():
            from prompt_toolkit import PromptSession
            from prompt_toolkit.key_binding import KeyBindings

            keys = KeyBindings()

            @keys.add("c-d")
            def _end(event: Any) -> None:  # Ctrl-D ends even mid-line (the line is kept), as the prompt says
                event.app.exit(exception=EOFError())

            self._session = PromptSession(key_bindings=keys)

    @contextmanager
    def holding_ctrl_c(self) -> Iterator[None]:
        """For a whole interactive loop: Ctrl-C between prompts ends the next read (see _CtrlC)."""
        self._ctrl_c = _CtrlC()
        previous = signal.signal(signal.SIGINT, self._ctrl_c.handle)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
            self._ctrl_c = None

    def read(self, message: str) -> Line:
        if self._session is None:
            return self._plain(message, self._ctrl_c)
        session = self._session
        extra: dict[str, Any] = {}
        if self.toolbar is not None:
            toolbar = self.toolbar
            extra = {"bottom_toolbar": lambda: toolbar(), "refresh_interval": 0.5}
        signals = _Signals()
        with _signals_end_prompt(signals):
            try:
                # Raw mode before the prompt is shown: a key pressed as soon as it appears (Ctrl-D, Enter) is read
                # as a key, not swallowed by the terminal's line discipline while prompt_toolkit starts up.
                with session.input.raw_mode():
                    # Held Ctrl-C is taken only now: from here on the key is read as input, not sent as SIGINT,
                    # so one pressed while the prompt starts cannot fall between this check and prompt_toolkit's
                    # own handling (a dumb terminal's prompt never runs pre_run).
                    if self._ctrl_c is not None and self._ctrl_c.take():
                        return Line("", "interrupt")
                    text = session.prompt(message, pre_run=lambda: _started(signals, self._ctrl_c), **extra)
            except KeyboardInterrupt:
                return Line(session.default_buffer.text, "interrupt")
            except EOFError:
                return Line(session.default_buffer.text, "eof")
            except _Stopped:
                return Line(session.default_buffer.text, "terminated", signals.signum)
        if signals.signum:  # came as Enter was pressed: the line is kept, the session still ends
            return Line(text, "terminated", signals.signum)
        return Line(text)

    @staticmethod
    def _plain(message: str, ctrl_c: _CtrlC | None) -> Line:
        signals = _Signals()
        held = ctrl_c or _CtrlC()
        with _signals_end_prompt(signals):
            try:
                signals.raising = held.raising = True
                if held.take():
                    raise KeyboardInterrupt
                text = input(message)
                signals.raising = held.raising = False
            except KeyboardInterrupt:
                return Line("", "interrupt")
            except EOFError:
                return Line("", "eof")
            except _Terminated as stop:
                return Line("", "terminated", stop.signum)
            finally:
                signals.raising = held.raising = False
        if signals.signum:
            return Line(text, "terminated", signals.signum)
        return Line(text)


def _started(signals: _Signals, ctrl_c: _CtrlC | None) -> None:
    """The prompt runs: a signal that came while it was starting ends it now."""
    from prompt_toolkit.application import get_app

    if signals.signum:
        _end_app(get_app())
    elif ctrl_c is not None and ctrl_c.take():
        _end_app(get_app(), KeyboardInterrupt())


@contextmanager
def _signals_end_prompt(signals: _Signals) -> Iterator[None]:
    """While waiting for input, SIGTERM and SIGHUP end the prompt like Ctrl-C (so the answer can be saved)."""
    names = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    previous = {name: signal.signal(getattr(signal, name), signals.handle) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
