"""Debrief's one family of errors: every failure a person can meet carries a title and advice for them.

The page's action helper (ui/actions.py) and the command line catch `DebriefError`
alone. DuckDB's own exceptions never travel further than the store: `translate`
turns each into one of these, at the edge (`Database.transaction`, data/store/reads.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb


class DebriefError(Exception):
    """Something Debrief could not do; `title` says what, `advice` what the person can do about it.

    Subclasses set a default `title`; the message given (if any) becomes the advice.
    """

    title = "Debrief could not do this"

    def __init__(self, message: str = "", *, title: str | None = None, advice: str | None = None):
        super().__init__(message or advice or title or self.title)
        if title is not None:
            self.title = title
        self.advice = advice if advice is not None else message


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidRecord(DebriefError, ValueError):
    """A record broke the rules; `problems` says which fields and why. Nothing was written."""

    title = "Not saved yet. Please fix"

    def __init__(self, problems: list[Problem]):
        text = "; ".join(str(p) for p in problems)
        super().__init__(text, advice=text)
        self.problems = problems


class RecordGone(InvalidRecord):
    """The record a change was about has been deleted (in another window, say)."""

    def __init__(self, what: str):
        super().__init__([Problem(what, "no longer exists; it may have been deleted.")])


class RecordChanged(DebriefError):
    """The record was saved by someone else (another window) since this form opened it.

    `theirs` is the stored record now, `mine` the one this form tried to save;
    nothing was written.
    """

    title = "This was changed in another window"

    def __init__(self, what: str, theirs: Any, mine: Any):
        super().__init__(
            advice=f"This {what} was saved elsewhere after you opened it. Nothing of yours was saved yet: "
            "keep your version, or take theirs."
        )
        self.what = what
        self.theirs = theirs
        self.mine = mine


class WriteFailed(DebriefError):
    """The disk is full or the file read-only: nothing of the transaction was written."""

    def __init__(self, path: Path, reason: str):
        if "No space left" in reason or "Disk quota exceeded" in reason:
            why, fix = "the disk is full", "Free some space on that disk, then save again."
        else:
            why = "the database file or its folder is read-only"
            fix = "Make them writable again (or point DEBRIEF_DB at a writable place), then save again."
        super().__init__(
            title=f"Not saved: {why}",
            advice=f"Debrief could not write to {path}: {why}. Nothing of this was saved; what you typed is "
            f"still here. {fix}",
        )
        self.path = path


class DatabaseBusy(DebriefError):
    """Another write got in between (DuckDB's write-write conflict); nothing of this one was written."""

    title = "The database was busy"

    def __init__(self) -> None:
        super().__init__(
            advice="Another change was being saved at the same moment. Nothing of yours was saved: save again."
        )


class StoreFailed(DebriefError):
    """DuckDB failed for a reason Debrief does not know; its first line is kept for a bug report."""

    title = "Debrief could not do this"

    def __init__(self, detail: str):
        first_line = (detail.splitlines() or [""])[0]
        super().__init__(advice=f"Nothing was changed. DuckDB said: {first_line}")


class DatabaseUnavailable(DebriefError):
    """The database file cannot be opened; `title` and `advice` are for the user."""

    def __init__(self, path: Path, title: str, advice: str):
        super().__init__(f"{title}: {path}", title=title, advice=advice)
        self.path = path


_UNWRITABLE = ("No space left", "Disk quota exceeded", "Read-only file system", "Permission denied")


def unwritable(message: str) -> bool:
    """Whether DuckDB (or the OS) failed because it could not write the file or its log, not because of the data."""
    return any(reason in message for reason in _UNWRITABLE)


def translate(error: duckdb.Error | OSError, path: Path) -> DebriefError:
    """One of the family for a DuckDB (or file system) error met while working on the database at `path`."""
    message = str(error)
    if unwritable(message) and (isinstance(error, OSError) or "Could not" in message):
        return WriteFailed(path, message)
    if isinstance(error, duckdb.TransactionException) and "onflict" in message:
        return DatabaseBusy()
    return StoreFailed(message)
