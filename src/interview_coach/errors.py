"""Domain errors. Each message says what went wrong and how to fix it; the CLI prints it as one line."""

from __future__ import annotations

from pathlib import Path


class CoachError(Exception):
    """An expected problem the user can fix; shown without a traceback."""


class NotesFileError(CoachError):
    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class NoNotesFound(CoachError):
    pass


class ItemNotFound(CoachError):
    def __init__(self, item_id: str) -> None:
        super().__init__(f"no item with id {item_id!r}; run `coach list` to see the ids")


class DatabaseError(CoachError):
    pass
