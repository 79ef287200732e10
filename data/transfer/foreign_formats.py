"""Other job trackers' exports and plain spreadsheets, read as Debrief applications.

Each tracker is recognised by its header and described by a `Tracker`: which of
its columns is the company, the role, the date applied and so on. A spreadsheet
of unknown shape gets the same treatment through a column mapping the user
picks (`guess_mapping` proposes one). Their statuses map onto Debrief's with
`STATUS_WORDS`; rows for jobs not applied to yet (bookmarked, wishlist) are
skipped and listed, not imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from data.store.schema import APPLICATION_STATUSES, NAME_MAX, NOTE_MAX, URL_MAX
from data.store.validation import url_field
from data.transfer.import_checks import Checker, clean_texts
from data.transfer.import_files import ImportProblem, RawTable

# The application fields a spreadsheet's columns can map to, with their labels in the forms.
FIELDS = {
    "company": "Company",
    "role": "Role",
    "applied_on": "Date applied",
    "status": "Status",
    "location": "Location",
    "source": "Source",
    "url": "Posting URL",
    "responded_on": "Reply received",
    "notes": "Notes",
}
REQUIRED_FIELDS = ("company", "role", "applied_on")

SKIP = "skip"
# Words other trackers use for a status, as lower-case words; each means a
# Debrief status, or SKIP for a job not applied to yet.
STATUS_WORDS: dict[str, str] = {
    **{status: status for status in APPLICATION_STATUSES},
    **dict.fromkeys(
        ("submitted", "application submitted", "application sent", "sent", "pending", "in review", "under review"),
        "applied",
    ),
    **dict.fromkeys(
        ("screen", "phone screen", "recruiter screen", "hr screen", "assessment", "online assessment", "responded"),
        "screening",
    ),
    **dict.fromkeys(
        ("interview", "interviewed", "interview scheduled", "interviews", "onsite", "final round"), "interviewing"
    ),
    **dict.fromkeys(("offered", "offer received", "negotiating", "negotiation"), "offer"),
    **dict.fromkeys(("offer accepted", "hired", "signed"), "accepted"),
    **dict.fromkeys(
        (
            "not selected",
            "declined",
            "rejection",
            "not moving forward",
            "unsuccessful",
            "no longer under consideration",
        ),
        "rejected",
    ),
    **dict.fromkeys(("withdrew", "i withdrew", "offer declined", "declined offer", "archived"), "withdrawn"),
    **dict.fromkeys(("no response", "no reply", "no answer", "expired"), "ghosted"),
    **dict.fromkeys(
        ("bookmarked", "wishlist", "wish list", "saved", "draft", "applying", "to apply", "interested", "not applied"),
        SKIP,
    ),
}
# Statuses that mean the employer has answered, so a tracker's status date is a reply date.
ANSWERED = ("screening", "interviewing", "offer", "accepted", "rejected")
_NO = ("no", "false", "0", "n")


@dataclass(frozen=True)
class Tracker:
    """How one tracker's export maps onto applications.

    `columns` gives, for each Debrief field, the tracker's column names that may
    hold it (the first one present is used). `into_notes` columns are kept in
    the notes as "Column: value" lines. `status_date` is a date of the current
    status, kept as the reply date when that status is an answer; `applied_flag`
    is a yes/no column where "no" means not applied yet; `applied_on_fallback`
    is a date used where the date applied is missing.
    """

    key: str
    label: str
    signature: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    into_notes: tuple[str, ...] = ()
    source: str | None = None
    status_date: str | None = None
    applied_flag: str | None = None
    applied_on_fallback: str | None = None
    missing: tuple[str, ...] = ()


TRACKERS = (
    Tracker(
        "linkedin",
        "LinkedIn job applications",
        signature=("Application Date", "Company Name", "Job Title", "Job Url"),
        columns={
            "company": ("Company Name",),
            "role": ("Job Title",),
            "applied_on": ("Application Date",),
            "url": ("Job Url",),
        },
        into_notes=("Contact Email", "Contact Phone Number", "Resume Name", "Question And Answers"),
        source="LinkedIn",
    ),
    Tracker(
        "simplify",
        "Simplify",
        signature=("Job Title", "Company Name", "Job URL", "Applied Date", "Status"),
        columns={
            "company": ("Company Name",),
            "role": ("Job Title",),
            "applied_on": ("Applied Date",),
            "status": ("Status",),
            "url": ("Job URL",),
            "notes": ("Notes",),
        },
        into_notes=("Archived", "Date Archived"),
        status_date="Status Date",
    ),
    Tracker(
        "jobsync",
        "JobSync",
        signature=("createdAt", "appliedDate", "Company", "JobTitle", "Status"),
        columns={
            "company": ("Company",),
            "role": ("JobTitle",),
            "applied_on": ("appliedDate",),
            "status": ("Status",),
            "location": ("Location", "Locations"),
            "source": ("JobSource",),
        },
        into_notes=("jobType",),
        applied_flag="applied",
        applied_on_fallback="createdAt",
        missing=("N/A",),
    ),
    Tracker(
        "teal",
        "Teal",
        signature=("Company Name", "Job Title", "Status", "Date Applied"),
        columns={
            "company": ("Company Name",),
            "role": ("Job Title",),
            "applied_on": ("Date Applied",),
            "status": ("Status",),
            "url": ("Job URL",),
            "location": ("Location",),
            "notes": ("Notes",),
        },
        into_notes=("Salary",),
    ),
)

# Column names a spreadsheet may use for each field, compared as lower-case words.
_SYNONYMS = {
    "company": ("company", "company name", "employer", "organisation", "organization", "firm"),
    "role": ("role", "job title", "title", "position", "job", "job role", "jobtitle"),
    "applied_on": (
        "applied on",
        "date applied",
        "applied date",
        "application date",
        "applied",
        "date",
        "applieddate",
        "date sent",
        "sent on",
        "date submitted",
    ),
    "status": ("status", "stage", "state", "result", "outcome"),
    "location": ("location", "locations", "city", "place"),
    "source": ("source", "job source", "found via", "found on", "board", "jobsource"),
    "url": ("url", "link", "job url", "job link", "posting", "posting url", "job posting"),
    "responded_on": ("responded on", "reply", "reply date", "response date", "reply received", "heard back"),
    "notes": ("notes", "note", "comments", "comment"),
}


def _words(name: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold()).split())


def _find(header: list[str], wanted: str) -> str | None:
    """The header's column named `wanted`, ignoring case and surrounding space."""
    key = wanted.casefold().strip()
    return next((column for column in header if column.casefold().strip() == key), None)


def recognise(header: list[str]) -> Tracker | None:
    """The tracker whose export has this header, if any."""
    for tracker in TRACKERS:
        if all(_find(header, column) for column in tracker.signature):
            return tracker
    return None


def guess_mapping(header: list[str]) -> dict[str, str | None]:
    """A first guess at which column holds each field, from the column names."""
    by_words = {_words(column): column for column in reversed(header)}
    mapping: dict[str, str | None] = {}
    used: set[str] = set()
    for field_name, synonyms in _SYNONYMS.items():
        found = next((by_words[s] for s in synonyms if s in by_words and by_words[s] not in used), None)
        mapping[field_name] = found
        if found:
            used.add(found)
    return mapping


def spreadsheet_tracker(mapping: dict[str, str | None]) -> Tracker:
    """A `Tracker` for a spreadsheet whose columns the user mapped by hand."""
    columns: dict[str, tuple[str, ...]] = {name: (column,) for name, column in mapping.items() if column}
    return Tracker("spreadsheet", "Spreadsheet", signature=(), columns=columns)


def missing_fields(mapping: dict[str, str | None]) -> list[str]:
    """Required fields the mapping leaves without a column."""
    return [name for name in REQUIRED_FIELDS if not mapping.get(name)]


@dataclass
class TrackerRows:
    """The applications read from one tracker export, with what was skipped and why."""

    table: RawTable
    tracker: Tracker
    applications: pd.DataFrame
    skipped: pd.DataFrame
    status_mapping: pd.DataFrame
    column_mapping: pd.DataFrame
    date_forms: dict[str, str] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


def read_tracker(table: RawTable, tracker: Tracker) -> TrackerRows:
    """Applications from `table`, read the way `tracker` describes; every cell checked."""
    check = Checker(table.name)
    rows = table.rows
    header = table.header

    def column_for(field_name: str) -> str | None:
        return next((c for c in map(lambda n: _find(header, n), tracker.columns.get(field_name, ())) if c), None)

    def cells(column: str | None) -> pd.Series:
        if column is None:
            return pd.Series(None, index=rows.index, dtype="str")
        values = clean_texts(rows[column])
        if tracker.missing:
            values = values.where(~values.isin(tracker.missing), None)
        return values

    used = {name: column_for(name) for name in FIELDS}
    status_column = used["status"]
    their_status = cells(status_column)
    status = their_status.map(_status_word, na_action="ignore")
    status = status.where(their_status.notna(), "applied")
    if tracker.applied_flag and (flag := _find(header, tracker.applied_flag)):
        not_applied = cells(flag).str.casefold().isin(_NO)
    else:
        not_applied = pd.Series(False, index=rows.index)
    skip = (status == SKIP) | not_applied
    unknown = status.isna() & ~skip
    check.each(their_status[unknown], status_column or "status", _unknown_status)

    company = check.text(cells(used["company"]), used["company"] or "company", NAME_MAX, is_required=True)
    role = check.text(cells(used["role"]), used["role"] or "role", NAME_MAX, is_required=True)
    location = check.text(cells(used["location"]), used["location"] or "location", NAME_MAX)
    source = check.text(cells(used["source"]), used["source"] or "source", NAME_MAX)
    if tracker.source and used["source"] is None:
        source = source.fillna(tracker.source)
    url = check.text(cells(used["url"]), used["url"] or "url", URL_MAX)
    check.by_rule(url[url.str.len() <= URL_MAX], used["url"] or "url", url_field)

    date_forms: dict[str, str] = {}
    applied_column = used["applied_on"] or "applied_on"
    applied_texts = cells(used["applied_on"])
    applied_on, date_forms[applied_column] = read_dates(applied_texts, applied_column, check)
    empty = applied_texts.isna()
    if tracker.applied_on_fallback and (fallback := _find(header, tracker.applied_on_fallback)):
        fallback_texts = cells(fallback)
        fallback_dates, date_forms[fallback] = read_dates(fallback_texts, fallback, check)
        applied_on = applied_on.fillna(fallback_dates)
        empty &= fallback_texts.isna()
    # A date that cannot be read is one problem, said above; an empty one is another.
    check.each(applied_on[applied_on.isna() & empty & ~skip], applied_column, lambda _: "is required.")

    responded_column = used["responded_on"] or tracker.status_date or "responded_on"
    if used["responded_on"]:
        responded_on, date_forms[responded_column] = read_dates(cells(used["responded_on"]), responded_column, check)
    elif tracker.status_date and (status_date := _find(header, tracker.status_date)):
        responded_column = status_date
        answered, date_forms[status_date] = read_dates(cells(status_date), status_date, check)
        responded_on = answered.where(status.isin(ANSWERED))
    else:
        responded_on = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[us]")
    check.not_before(responded_on, applied_on, responded_column, "the date applied")

    notes = _notes(cells(used["notes"]), header, tracker, cells)
    notes = check.text(notes, used["notes"] or "notes", NOTE_MAX)

    applications = pd.DataFrame(
        {
            "company": company,
            "role": role,
            "location": location,
            "source": source,
            "url": url,
            "applied_on": applied_on,
            "responded_on": responded_on,
            "status": status,
            "notes": notes,
        },
        index=rows.index,
    )
    skipped = pd.DataFrame(
        {
            "file": table.name,
            "row": rows.index[skip],
            "company": company[skip],
            "role": role[skip],
            "reason": [
                f"not applied yet ({s})" if isinstance(s, str) else "not applied yet" for s in their_status[skip]
            ],
        }
    )
    # Problems in rows that are skipped anyway do not stop the import.
    check.problems = [p for p in check.problems if p.row is None or not skip.get(p.row, False)]
    return TrackerRows(
        table=table,
        tracker=tracker,
        applications=applications[~skip & ~unknown],
        skipped=skipped.reset_index(drop=True),
        status_mapping=_status_mapping(table.name, their_status, status, skip),
        column_mapping=_column_mapping(table, tracker, used, header),
        date_forms={k: v for k, v in date_forms.items() if v},
        problems=check.problems,
    )


def _status_word(text: str) -> str | None:
    return STATUS_WORDS.get(_words(text.replace("_", " ")))


def _unknown_status(value: object) -> str:
    known = ", ".join(APPLICATION_STATUSES)
    return (
        f"'{value}' is not a status Debrief knows. Use one of {known}; "
        "or bookmarked, wishlist or saved for a job not applied to yet (those rows are skipped)."
    )


def _notes(notes: pd.Series, header: list[str], tracker: Tracker, cells) -> pd.Series:
    """The notes column, followed by a "Column: value" line for each extra column kept."""
    parts = [notes]
    for wanted in tracker.into_notes:
        column = _find(header, wanted)
        if column is None:
            continue
        values = cells(column)
        values = values.where(~values.str.casefold().isin(_NO), None)
        parts.append((column + ": " + values).where(values.notna(), None))
    joined = pd.concat(parts, axis=1).apply(lambda row: "\n".join(v for v in row if isinstance(v, str)), axis=1)
    return joined if len(joined) else notes


def _status_mapping(file: str, their: pd.Series, ours: pd.Series, skip: pd.Series) -> pd.DataFrame:
    """How each of their statuses is read: their word, what it becomes, how many rows."""
    becomes = ours.where(~skip, "skipped: not applied yet").fillna("not understood")
    frame = pd.DataFrame({"their status": their.fillna("(empty)"), "becomes": becomes})
    counted = frame.groupby(["their status", "becomes"], sort=True).size().reset_index(name="rows")
    counted.insert(0, "file", file)
    return counted


def _column_mapping(table: RawTable, tracker: Tracker, used: dict, header: list[str]) -> pd.DataFrame:
    """Which of their columns becomes which Debrief field, and which are kept in notes or left out."""
    rows = [(column, FIELDS[name]) for name, column in used.items() if column]
    for wanted in (*tracker.into_notes, tracker.status_date, tracker.applied_flag, tracker.applied_on_fallback):
        column = _find(header, wanted) if wanted else None
        if column is None or any(column == r[0] for r in rows):
            continue
        if wanted in tracker.into_notes:
            rows.append((column, "Notes (as a line)"))
        elif wanted == tracker.status_date:
            rows.append((column, "Reply received, when the status is an answer"))
        elif wanted == tracker.applied_flag:
            rows.append((column, "Skips jobs not applied to yet"))
        else:
            rows.append((column, "Date applied, where that is empty"))
    mapped = {r[0] for r in rows}
    rows += [(column, "not imported") for column in header if column and column not in mapped]
    frame = pd.DataFrame(rows, columns=["their column", "becomes"])
    frame.insert(0, "file", table.name)
    return frame


# Date forms other tools write, tried in this order; each reads the date at the
# start of a cell (a time after it, as in "1/19/24, 10:12 AM", is ignored).
DATE_FORMS: tuple[tuple[str, str, str], ...] = (
    ("YYYY-MM-DD", r"^(\d{4}-\d{1,2}-\d{1,2})(?:$|[ T])", "%Y-%m-%d"),
    ("YYYY/MM/DD", r"^(\d{4}/\d{1,2}/\d{1,2})(?:$|[ T,])", "%Y/%m/%d"),
    ("M/D/YYYY", r"^(\d{1,2}/\d{1,2}/\d{4})(?:$|[ ,])", "%m/%d/%Y"),
    ("M/D/YY", r"^(\d{1,2}/\d{1,2}/\d{2})(?:$|[ ,])", "%m/%d/%y"),
    ("D/M/YYYY", r"^(\d{1,2}/\d{1,2}/\d{4})(?:$|[ ,])", "%d/%m/%Y"),
    ("D/M/YY", r"^(\d{1,2}/\d{1,2}/\d{2})(?:$|[ ,])", "%d/%m/%y"),
    ("D.M.YYYY", r"^(\d{1,2}\.\d{1,2}\.\d{4})(?:$|[ ,])", "%d.%m.%Y"),
    ("Mon D, YYYY", r"^([A-Za-z]{3}) (\d{1,2}),? (\d{4})$", "%b %d %Y"),
    ("Month D, YYYY", r"^([A-Za-z]{4,9}) (\d{1,2}),? (\d{4})$", "%B %d %Y"),
    ("D Mon YYYY", r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4})$", "%d %b %Y"),
    ("D Month YYYY", r"^(\d{1,2}) ([A-Za-z]{4,9}) (\d{4})$", "%d %B %Y"),
)


def read_dates(texts: pd.Series, column: str, check: Checker) -> tuple[pd.Series, str]:
    """The dates in one column, in whichever of `DATE_FORMS` reads the most of its cells.

    Returns the dates (midnight timestamps) and the form used; cells it cannot
    read become problems.
    """
    present = texts.dropna()
    best = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    best_form, best_count = "", -1
    if present.empty:
        return best, ""
    for form, pattern, strptime in DATE_FORMS:
        parts = present.str.extract(pattern)
        joined = parts.fillna("").agg(" ".join, axis=1) if parts.shape[1] > 1 else parts[0]
        parsed = pd.to_datetime(joined, format=strptime, errors="coerce")
        count = int(parsed.notna().sum())
        if count > best_count:
            best_form, best_count = form, count
            best = parsed.reindex(texts.index).astype("datetime64[us]")
        if count == len(present):
            break
    unread = texts.notna() & best.isna()
    check.each(
        texts[unread],
        column,
        lambda v: f"'{v}' is not a date Debrief can read (this column's dates read as {best_form}).",
    )
    return best, best_form
