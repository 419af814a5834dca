"""Notes shown in a page: markdown rendered with raw HTML, links and images off, so a note can never inject
markup or script (anything HTML-like is shown as text)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markdown_it_pyrs import MarkdownIt
from markupsafe import Markup

_RULES: list[Any] = ["blockquote", "code", "fence", "heading", "lheading", "hr", "list", "paragraph", "table"]
_INLINE: list[Any] = ["backticks", "emphasis", "escape", "entity", "newline", "strikethrough"]


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("zero").enable_many([*_RULES, *_INLINE])


def markdown(text: str | None) -> Markup:
    return Markup(_rendered(text or ""))  # noqa: S704 (the renderer escapes all HTML in the text)


@lru_cache(maxsize=2048)
def _rendered(text: str) -> str:
    """Keyed by the text itself, so it is never stale and every worker may keep its own: the item and practice
    pages show the same references again and again."""
    return _markdown().render(text)
