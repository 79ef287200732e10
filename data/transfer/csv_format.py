"""Debrief's CSV format: the five files, their columns, and how a cell is written and read.

There is one file for each record table of the schema (data/store/schema.py `TABLES`).

`docs/data-format.md` describes the same format for people; this module is the
one place the code takes it from, for export and import alike.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from data.store.applications import ABOUT_MAX
from data.store.schema import (
    APPLICATION_STATUSES,
    CONTACT_KINDS,
    FOLLOW_UP_KINDS,
    INTERVIEW_FORMATS,
    INTERVIEW_OUTCOMES,
    INTERVIEW_STAGES,
    NAME_MAX,
    NOTE_MAX,
    RECORD_TABLES,
    URL_MAX,
)

# UTF-8 with a byte-order mark, so that Excel shows accents and emoji as typed;
# reading accepts files with or without the mark.
ENCODING = "utf-8-sig"
DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%Y-%m-%d %H:%M"
# Lists inside one cell (interviewer names, reference ids) are separated by ";".
LIST_SEPARATOR = ";"
LIST_JOINER = "; "


@dataclass(frozen=True)
class Column:
    """One column of one file: its name and what a cell in it may hold.

    `kind` is one of: id, link (an id of another file, named by `links_to`),
    links (several such ids), text, names, date, time, choice, rating.
    """

    name: str
    kind: str
    required: bool = False
    limit: int | None = None
    choices: tuple[str, ...] = ()
    default: str | None = None
    links_to: str | None = None


def _text(name: str, limit: int, *, required: bool = False) -> Column:
    return Column(name, "text", required=required, limit=limit)


# The columns of each file in the order; the columns after each
# `# extra` comment are Debrief's own additions, so that a round trip loses
# nothing. Files without them are still accepted.
_COLUMNS: dict[str, tuple[Column, ...]] = {
    "contacts": (
        Column("id", "id"),
        _text("name", NAME_MAX, required=True),
        Column("kind", "choice", required=True, choices=CONTACT_KINDS),
        Column("email", "email", limit=NAME_MAX),
        _text("phone", NAME_MAX),
        _text("company", NAME_MAX),
        _text("title", NAME_MAX),
        _text("notes", NOTE_MAX),
        # extra
        _text("relationship", NAME_MAX),
    ),
    "applications": (
        Column("id", "id"),
        _text("company", NAME_MAX, required=True),
        _text("role", NAME_MAX, required=True),
        _text("location", NAME_MAX),
        _text("source", NAME_MAX),
        Column("url", "url", limit=URL_MAX),
        Column("applied_on", "date"),  # empty: the date applied is unknown
        Column("responded_on", "date"),
        Column("status", "choice", choices=APPLICATION_STATUSES, default="applied"),
        _text("notes", NOTE_MAX),
        # extra
        Column("reference_ids", "links", links_to="contacts"),
        _text("about", ABOUT_MAX),
    ),
    "interviews": (
        Column("id", "id"),
        Column("application_id", "link", required=True, links_to="applications"),
        Column("stage", "choice", required=True, choices=INTERVIEW_STAGES),
        Column("format", "choice", required=True, choices=INTERVIEW_FORMATS),
        Column("held_at", "time", required=True),
        Column("outcome", "choice", choices=INTERVIEW_OUTCOMES, default="pending"),
        Column("heard_back_on", "date"),
        Column("interviewers", "names", limit=NAME_MAX),
        _text("feedback", NOTE_MAX),
        # extra: one line per interviewer, "Name: topic to mention in their thank-you note"
        _text("interviewer_topics", NOTE_MAX),
        # extra: the day the user closed the wait as no answer
        Column("no_answer_on", "date"),
    ),
    "reflections": (
        Column("id", "id"),
        Column("interview_id", "link", required=True, links_to="interviews"),
        Column("written_at", "time"),
        Column("overall", "rating", required=True),
        Column("communication", "rating"),
        Column("skills", "rating"),
        Column("examples", "rating"),
        Column("rapport", "rating"),
        Column("questions", "rating"),
        Column("preparation", "rating"),
        Column("stress", "rating"),
        _text("went_well", NOTE_MAX),
        _text("to_improve", NOTE_MAX),
        _text("topics", NOTE_MAX),
        _text("questions_asked", NOTE_MAX),
        # extra
        _text("other_notes", NOTE_MAX),
        _text("thank_you_topic", NAME_MAX),
    ),
    "follow_ups": (
        Column("id", "id"),
        Column("interview_id", "link", links_to="interviews"),
        Column("application_id", "link", required=True, links_to="applications"),
        Column("kind", "choice", required=True, choices=FOLLOW_UP_KINDS),
        Column("contact_id", "link", links_to="contacts"),
        Column("due_at", "time", required=True),
        Column("done_at", "time"),
        _text("note", NOTE_MAX),
        # extra
        Column("snoozed_until", "time"),
        Column("skipped_at", "time"),
        _text("skip_reason", NAME_MAX),
    ),
}
# One file for each of the schema's record tables, named after it, in the schema's order
# (the order the issue lists them in, and the order of an export).
FILES: dict[str, tuple[Column, ...]] = {table: _COLUMNS[table] for table in RECORD_TABLES}


def file_name(kind: str) -> str:
    return f"{kind}.csv"


def column_names(kind: str) -> list[str]:
    return [c.name for c in FILES[kind]]


def required_columns(kind: str) -> list[str]:
    """The columns a file of `kind` cannot do without: those whose cells are required."""
    return [c.name for c in FILES[kind] if c.required]


def text_columns(kind: str) -> list[str]:
    """Columns holding free text, the ones spreadsheet-safety applies to."""
    return [c.name for c in FILES[kind] if c.kind in ("text", "names", "email", "url")]


# Spreadsheet programs run a cell that starts with one of these as a formula.
# On export such a text gets one leading apostrophe; so that the rule can be
# undone exactly, a text that already starts with apostrophes followed by one
# of these gets one more. Import removes exactly one apostrophe from a cell
# that starts with one or more apostrophes followed by one of these.
FORMULA_START = "=+-@\t\r"
_NEEDS_QUOTE = re.compile(r"^'*[=+\-@\t\r]")
_QUOTED = re.compile(r"^'+[=+\-@\t\r]")


def protect(texts: pd.Series) -> pd.Series:
    """Texts as written to a CSV file: formula-like ones prefixed with an apostrophe."""
    present = texts.notna()
    risky = present & texts.where(present, "").astype(str).str.contains(_NEEDS_QUOTE)
    return texts.where(~risky, "'" + texts.where(risky, "").astype(str))


def unprotect(texts: pd.Series) -> pd.Series:
    """The inverse of `protect`: the texts as typed."""
    present = texts.notna()
    quoted = present & texts.where(present, "").astype(str).str.contains(_QUOTED)
    return texts.where(~quoted, texts.where(quoted, "").astype(str).str.slice(1))


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` (all cells text or missing) as a CSV file in Debrief's encoding.

    Missing values are empty cells; cells holding a comma, quote or line break
    are quoted, as RFC 4180 says; lines end with CRLF, as Excel expects.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(frame.columns)
    filled = frame.astype(object).where(frame.notna(), "")
    writer.writerows(filled.itertuples(index=False, name=None))
    return out.getvalue().encode(ENCODING)
