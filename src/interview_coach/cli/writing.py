"""The optional model-written parts of `ask` and `grade`: configured from the environment, and never in the way —
a missing or failing model server is one warning line, and everything else is printed as usual."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from interview_coach.llm.client import LLMConfig, LLMError

T = TypeVar("T")


def configured_llm(enabled: bool) -> LLMConfig | None:
    if not enabled:
        return None
    try:
        return LLMConfig.from_env()
    except LLMError as exc:
        click.echo(f"Warning: {exc}; continuing without the model.", err=True)
        return None


def try_writing(write: Callable[[], T]) -> tuple[T | None, str]:
    """(what the model wrote, "") or (None, why it could not), after warning on stderr."""
    try:
        return write(), ""
    except LLMError as exc:
        click.echo(f"Warning: the model could not write: {exc}", err=True)
        return None, str(exc)


LLM_OPTION = click.option(
    "--llm/--no-llm",
    "use_llm",
    default=True,
    show_default=True,
    help="When COACH_LLM_URL names an OpenAI-compatible server, also let that model write (never scores).",
)
