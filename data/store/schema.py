"""Debrief's schema, as an ordered list of migrations.

Each migration is a list of SQL statements applied in one transaction; the
`schema_version` table records which have run. Never edit a migration that has
shipped: add a new one at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Every table of a job search, in foreign-key order: each comes after the tables it
# references, so rows written in this order never wait for the row they link to (the
# `schema_version` table of the migrations is not among them). A new table is listed
# here, with its role; tests/data/test_schema.py checks this list against the tables
# the migrations create. The role decides what else takes the table from this list:
# - "record": something the user keeps, with an `id` from the sequence `<table>_id_seq`.
#   It is one file of Debrief's CSV format (data/transfer/csv_format.py needs its
#   columns, data/transfer/exporting.py its query), written in bulk by the import and
#   the demo (data/store/bulk.py), and an edit can find it gone (data/store/reads.py).
# - "link": ties two records, keyed by both ids; written in bulk, carried in the files
#   of the records it ties (an interview's interviewers, an application's references).
# - "settings": the user's preferences, a value by key; in backups, not in the files.
# - "draft": what a form holds and has not saved, kept so a reload loses nothing; in
#   backups, not in the files, not written in bulk.
# Whatever the role, the integrity check counts and reads the table whole, and the
# tests' snapshots of a database hold its rows.
TableRole = Literal["record", "link", "settings", "draft"]
TABLES: dict[str, TableRole] = {
    "applications": "record",
    "interviews": "record",
    "reflections": "record",
    "contacts": "record",
    "interview_interviewers": "link",
    "application_references": "link",
    "follow_ups": "record",
    "settings": "settings",
    "reflection_drafts": "draft",
}
RECORD_TABLES = tuple(table for table, role in TABLES.items() if role == "record")
LINK_TABLES = tuple(table for table, role in TABLES.items() if role == "link")

# The enumerations, in the order the UI offers them. The CHECK constraints
# below are written from these tuples so that code and schema cannot drift.
APPLICATION_STATUSES = (
    "applied",
    "screening",
    "interviewing",
    "offer",
    "accepted",
    "rejected",
    "withdrawn",
    "ghosted",
)
INTERVIEW_STAGES = ("screen", "technical", "behavioral", "panel", "onsite", "final", "other")
INTERVIEW_FORMATS = ("phone", "video", "onsite")
INTERVIEW_OUTCOMES = ("pending", "advanced", "offer", "rejected", "withdrawn")
CONTACT_KINDS = ("interviewer", "reference", "recruiter", "other")
FOLLOW_UP_KINDS = ("thank_you", "reference_heads_up", "feedback_request", "status_check")
RATING_DIMENSIONS = (
    "overall",
    "communication",
    "skills",
    "examples",
    "rapport",
    "questions",
    "preparation",
)
# The enumerations of stored words, by the kind of value each names (as `data.labels.label` takes it).
ENUMERATIONS = {
    "status": APPLICATION_STATUSES,
    "stage": INTERVIEW_STAGES,
    "format": INTERVIEW_FORMATS,
    "outcome": INTERVIEW_OUTCOMES,
    "contact_kind": CONTACT_KINDS,
    "follow_up_kind": FOLLOW_UP_KINDS,
}

# Length limits shared by the forms, the import and the CHECK constraints.
# Notes are generous: a pasted page of notes must never be refused or cut.
NAME_MAX = 200
URL_MAX = 2_000
NOTE_MAX = 100_000
# The note limit v1 shipped with; its migration keeps it, as shipped migrations never change.
_V1_NOTE_MAX = 10_000


def _one_of(column: str, values: tuple[str, ...]) -> str:
    # Identifiers and values here come from the fixed tuples above, never from users.
    listed = ", ".join(f"'{value}'" for value in values)
    return f"CHECK ({column} IN ({listed}))"


def _length(column: str, limit: int) -> str:
    return f"CHECK ({column} IS NULL OR length({column}) <= {limit})"


def _rating(column: str) -> str:
    return f"{column} INTEGER CHECK ({column} IS NULL OR {column} BETWEEN 1 AND 5)"


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


_V1 = (
    "CREATE SEQUENCE applications_id_seq START 1",
    "CREATE SEQUENCE contacts_id_seq START 1",
    "CREATE SEQUENCE interviews_id_seq START 1",
    "CREATE SEQUENCE reflections_id_seq START 1",
    "CREATE SEQUENCE follow_ups_id_seq START 1",
    f"""
    CREATE TABLE applications (
        id INTEGER PRIMARY KEY DEFAULT nextval('applications_id_seq'),
        company VARCHAR NOT NULL CHECK (length(trim(company)) BETWEEN 1 AND {NAME_MAX}),
        role VARCHAR NOT NULL CHECK (length(trim(role)) BETWEEN 1 AND {NAME_MAX}),
        location VARCHAR {_length("location", NAME_MAX)},
        source VARCHAR {_length("source", NAME_MAX)},
        url VARCHAR {_length("url", URL_MAX)},
        applied_on DATE NOT NULL,
        responded_on DATE,
        status VARCHAR NOT NULL DEFAULT 'applied' {_one_of("status", APPLICATION_STATUSES)},
        notes VARCHAR {_length("notes", _V1_NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        CHECK (responded_on IS NULL OR responded_on >= applied_on)
    )
    """,
    f"""
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY DEFAULT nextval('contacts_id_seq'),
        name VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND {NAME_MAX}),
        kind VARCHAR NOT NULL {_one_of("kind", CONTACT_KINDS)},
        email VARCHAR {_length("email", NAME_MAX)},
        phone VARCHAR {_length("phone", NAME_MAX)},
        company VARCHAR {_length("company", NAME_MAX)},
        title VARCHAR {_length("title", NAME_MAX)},
        relationship VARCHAR {_length("relationship", NAME_MAX)},
        notes VARCHAR {_length("notes", _V1_NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
    )
    """,
    f"""
    CREATE TABLE interviews (
        id INTEGER PRIMARY KEY DEFAULT nextval('interviews_id_seq'),
        application_id INTEGER NOT NULL REFERENCES applications (id),
        stage VARCHAR NOT NULL {_one_of("stage", INTERVIEW_STAGES)},
        format VARCHAR NOT NULL {_one_of("format", INTERVIEW_FORMATS)},
        held_at TIMESTAMP NOT NULL,
        outcome VARCHAR NOT NULL DEFAULT 'pending' {_one_of("outcome", INTERVIEW_OUTCOMES)},
        heard_back_on DATE,
        feedback VARCHAR {_length("feedback", _V1_NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        CHECK (heard_back_on IS NULL OR heard_back_on >= CAST(held_at AS DATE))
    )
    """,
    """
    CREATE TABLE interview_interviewers (
        interview_id INTEGER NOT NULL REFERENCES interviews (id),
        contact_id INTEGER NOT NULL REFERENCES contacts (id),
        PRIMARY KEY (interview_id, contact_id)
    )
    """,
    """
    CREATE TABLE application_references (
        application_id INTEGER NOT NULL REFERENCES applications (id),
        contact_id INTEGER NOT NULL REFERENCES contacts (id),
        attached_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        PRIMARY KEY (application_id, contact_id)
    )
    """,
    f"""
    CREATE TABLE reflections (
        id INTEGER PRIMARY KEY DEFAULT nextval('reflections_id_seq'),
        interview_id INTEGER NOT NULL UNIQUE REFERENCES interviews (id),
        written_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
        {_rating("communication")},
        {_rating("skills")},
        {_rating("examples")},
        {_rating("rapport")},
        {_rating("questions")},
        {_rating("preparation")},
        {_rating("stress")},
        went_well VARCHAR {_length("went_well", _V1_NOTE_MAX)},
        to_improve VARCHAR {_length("to_improve", _V1_NOTE_MAX)},
        topics VARCHAR {_length("topics", _V1_NOTE_MAX)},
        questions_asked VARCHAR {_length("questions_asked", _V1_NOTE_MAX)},
        other_notes VARCHAR {_length("other_notes", _V1_NOTE_MAX)},
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp
    )
    """,
    f"""
    CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY DEFAULT nextval('follow_ups_id_seq'),
        interview_id INTEGER REFERENCES interviews (id),
        application_id INTEGER NOT NULL REFERENCES applications (id),
        kind VARCHAR NOT NULL {_one_of("kind", FOLLOW_UP_KINDS)},
        contact_id INTEGER REFERENCES contacts (id),
        due_at TIMESTAMP NOT NULL,
        done_at TIMESTAMP,
        snoozed_until TIMESTAMP,
        skipped_at TIMESTAMP,
        skip_reason VARCHAR {_length("skip_reason", NAME_MAX)},
        note VARCHAR {_length("note", _V1_NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
    )
    """,
    """
    CREATE TABLE settings (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )
    """,
    "CREATE INDEX applications_applied_on_idx ON applications (applied_on)",
    "CREATE INDEX applications_company_idx ON applications (company)",
    "CREATE INDEX interviews_application_idx ON interviews (application_id)",
    "CREATE INDEX follow_ups_interview_idx ON follow_ups (interview_id)",
    "CREATE INDEX follow_ups_application_idx ON follow_ups (application_id)",
)

# DuckDB turns an UPDATE of a row into a delete and insert when a secondary index
# is involved, and then refuses it while other tables' foreign keys point at the
# row: editing an application with interviews failed. Tables that others reference
# keep only their primary key (the tables are small; scans are fast).
_V2 = (
    "DROP INDEX applications_applied_on_idx",
    "DROP INDEX applications_company_idx",
    "DROP INDEX interviews_application_idx",
)

# Facts asked for the drafts, in words that make a good sentence: what the role is
# about (for a reference's heads-up), and something discussed to mention in a
# thank-you note, for the whole interview or for one interviewer. DuckDB cannot
# add a column with a CHECK constraint; their lengths are checked where they are
# written (the forms' validation and the import).
_V3 = (
    "ALTER TABLE applications ADD COLUMN about VARCHAR",
    "ALTER TABLE reflections ADD COLUMN thank_you_topic VARCHAR",
    "ALTER TABLE interview_interviewers ADD COLUMN thank_you_topic VARCHAR",
)

# The tables as they are now. DuckDB can neither drop a NOT NULL nor change a
# CHECK of a table that others reference, so v4 rebuilds them (below) from these.
_TABLES_V4 = {
    "applications": f"""
    CREATE TABLE applications (
        id INTEGER PRIMARY KEY DEFAULT nextval('applications_id_seq'),
        company VARCHAR NOT NULL CHECK (length(trim(company)) BETWEEN 1 AND {NAME_MAX}),
        role VARCHAR NOT NULL CHECK (length(trim(role)) BETWEEN 1 AND {NAME_MAX}),
        location VARCHAR {_length("location", NAME_MAX)},
        source VARCHAR {_length("source", NAME_MAX)},
        url VARCHAR {_length("url", URL_MAX)},
        applied_on DATE,
        responded_on DATE,
        status VARCHAR NOT NULL DEFAULT 'applied' {_one_of("status", APPLICATION_STATUSES)},
        notes VARCHAR {_length("notes", NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        about VARCHAR {_length("about", NOTE_MAX)},
        CHECK (responded_on IS NULL OR applied_on IS NULL OR responded_on >= applied_on)
    )
    """,
    "contacts": f"""
    CREATE TABLE contacts (
        id INTEGER PRIMARY KEY DEFAULT nextval('contacts_id_seq'),
        name VARCHAR NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND {NAME_MAX}),
        kind VARCHAR NOT NULL {_one_of("kind", CONTACT_KINDS)},
        email VARCHAR {_length("email", NAME_MAX)},
        phone VARCHAR {_length("phone", NAME_MAX)},
        company VARCHAR {_length("company", NAME_MAX)},
        title VARCHAR {_length("title", NAME_MAX)},
        relationship VARCHAR {_length("relationship", NAME_MAX)},
        notes VARCHAR {_length("notes", NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp
    )
    """,
    "interviews": f"""
    CREATE TABLE interviews (
        id INTEGER PRIMARY KEY DEFAULT nextval('interviews_id_seq'),
        application_id INTEGER NOT NULL REFERENCES applications (id),
        stage VARCHAR NOT NULL {_one_of("stage", INTERVIEW_STAGES)},
        format VARCHAR NOT NULL {_one_of("format", INTERVIEW_FORMATS)},
        held_at TIMESTAMP NOT NULL,
        outcome VARCHAR NOT NULL DEFAULT 'pending' {_one_of("outcome", INTERVIEW_OUTCOMES)},
        heard_back_on DATE,
        feedback VARCHAR {_length("feedback", NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        CHECK (heard_back_on IS NULL OR heard_back_on >= CAST(held_at AS DATE))
    )
    """,
    "interview_interviewers": f"""
    CREATE TABLE interview_interviewers (
        interview_id INTEGER NOT NULL REFERENCES interviews (id),
        contact_id INTEGER NOT NULL REFERENCES contacts (id),
        thank_you_topic VARCHAR {_length("thank_you_topic", NOTE_MAX)},
        PRIMARY KEY (interview_id, contact_id)
    )
    """,
    "application_references": """
    CREATE TABLE application_references (
        application_id INTEGER NOT NULL REFERENCES applications (id),
        contact_id INTEGER NOT NULL REFERENCES contacts (id),
        attached_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        PRIMARY KEY (application_id, contact_id)
    )
    """,
    "reflections": f"""
    CREATE TABLE reflections (
        id INTEGER PRIMARY KEY DEFAULT nextval('reflections_id_seq'),
        interview_id INTEGER NOT NULL UNIQUE REFERENCES interviews (id),
        written_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        overall INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
        {_rating("communication")},
        {_rating("skills")},
        {_rating("examples")},
        {_rating("rapport")},
        {_rating("questions")},
        {_rating("preparation")},
        {_rating("stress")},
        went_well VARCHAR {_length("went_well", NOTE_MAX)},
        to_improve VARCHAR {_length("to_improve", NOTE_MAX)},
        topics VARCHAR {_length("topics", NOTE_MAX)},
        questions_asked VARCHAR {_length("questions_asked", NOTE_MAX)},
        other_notes VARCHAR {_length("other_notes", NOTE_MAX)},
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
        thank_you_topic VARCHAR {_length("thank_you_topic", NOTE_MAX)}
    )
    """,
    "follow_ups": f"""
    CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY DEFAULT nextval('follow_ups_id_seq'),
        interview_id INTEGER REFERENCES interviews (id),
        application_id INTEGER NOT NULL REFERENCES applications (id),
        kind VARCHAR NOT NULL {_one_of("kind", FOLLOW_UP_KINDS)},
        contact_id INTEGER REFERENCES contacts (id),
        due_at TIMESTAMP NOT NULL,
        done_at TIMESTAMP,
        snoozed_until TIMESTAMP,
        skipped_at TIMESTAMP,
        skip_reason VARCHAR {_length("skip_reason", NAME_MAX)},
        note VARCHAR {_length("note", NOTE_MAX)},
        created_at TIMESTAMP NOT NULL DEFAULT localtimestamp
    )
    """,
}
# Every row is copied aside, the tables are dropped dependants-first and created
# anew, then every row goes back by column name, ids included. The sequences stay,
# so new ids go on from where they were. Written out whole: a shipped migration
# is text that never changes.
_V4 = (
    "CREATE TEMP TABLE v4_applications AS SELECT * FROM applications",
    "CREATE TEMP TABLE v4_contacts AS SELECT * FROM contacts",
    "CREATE TEMP TABLE v4_interviews AS SELECT * FROM interviews",
    "CREATE TEMP TABLE v4_interview_interviewers AS SELECT * FROM interview_interviewers",
    "CREATE TEMP TABLE v4_application_references AS SELECT * FROM application_references",
    "CREATE TEMP TABLE v4_reflections AS SELECT * FROM reflections",
    "CREATE TEMP TABLE v4_follow_ups AS SELECT * FROM follow_ups",
    "DROP TABLE follow_ups",
    "DROP TABLE reflections",
    "DROP TABLE application_references",
    "DROP TABLE interview_interviewers",
    "DROP TABLE interviews",
    "DROP TABLE contacts",
    "DROP TABLE applications",
    _TABLES_V4["applications"],
    _TABLES_V4["contacts"],
    _TABLES_V4["interviews"],
    _TABLES_V4["interview_interviewers"],
    _TABLES_V4["application_references"],
    _TABLES_V4["reflections"],
    _TABLES_V4["follow_ups"],
    "INSERT INTO applications BY NAME SELECT * FROM v4_applications",
    "INSERT INTO contacts BY NAME SELECT *, created_at AS updated_at FROM v4_contacts",
    "INSERT INTO interviews BY NAME SELECT * FROM v4_interviews",
    "INSERT INTO interview_interviewers BY NAME SELECT * FROM v4_interview_interviewers",
    "INSERT INTO application_references BY NAME SELECT * FROM v4_application_references",
    "INSERT INTO reflections BY NAME SELECT * FROM v4_reflections",
    "INSERT INTO follow_ups BY NAME SELECT * FROM v4_follow_ups",
    "DROP TABLE v4_applications",
    "DROP TABLE v4_contacts",
    "DROP TABLE v4_interviews",
    "DROP TABLE v4_interview_interviewers",
    "DROP TABLE v4_application_references",
    "DROP TABLE v4_reflections",
    "DROP TABLE v4_follow_ups",
    "CREATE INDEX follow_ups_interview_idx ON follow_ups (interview_id)",
    "CREATE INDEX follow_ups_application_idx ON follow_ups (application_id)",
)
# A wait the user closed: the day they decided no answer will come ("no answer",
# ghosted). The outcome stays `pending` (its CHECK cannot change without a table
# rebuild); a date here concludes the wait and can be cleared to undo it.
_V5 = ("ALTER TABLE interviews ADD COLUMN no_answer_on DATE",)

# A migration that creates a table also lists it in TABLES (at the top of this module).
# What is typed in a reflection form and not yet saved, one draft per interview,
# so a reload or a closed tab loses nothing. Nothing here is required: a draft
# holds whatever the form held. `interviewer_topics` maps an interviewer's contact
# id to the thank-you topic typed for them. `original` is the saved reflection the
# form opened on (NULL: there was none), so a save after a reload still writes only
# what the user changed and still notices another window's save meanwhile. The row
# goes when the reflection is saved or deleted, the draft discarded, or the
# interview deleted.
_V6 = (
    f"""
    CREATE TABLE reflection_drafts (
        interview_id INTEGER PRIMARY KEY REFERENCES interviews (id),
        {_rating("overall")},
        {_rating("communication")},
        {_rating("skills")},
        {_rating("examples")},
        {_rating("rapport")},
        {_rating("questions")},
        {_rating("preparation")},
        {_rating("stress")},
        went_well VARCHAR {_length("went_well", NOTE_MAX)},
        to_improve VARCHAR {_length("to_improve", NOTE_MAX)},
        topics VARCHAR {_length("topics", NOTE_MAX)},
        questions_asked VARCHAR {_length("questions_asked", NOTE_MAX)},
        other_notes VARCHAR {_length("other_notes", NOTE_MAX)},
        thank_you_topic VARCHAR {_length("thank_you_topic", NOTE_MAX)},
        interviewer_topics MAP(INTEGER, VARCHAR),
        original STRUCT(
            overall INTEGER, communication INTEGER, skills INTEGER, examples INTEGER, rapport INTEGER,
            questions INTEGER, preparation INTEGER, stress INTEGER, went_well VARCHAR, to_improve VARCHAR,
            topics VARCHAR, questions_asked VARCHAR, other_notes VARCHAR, thank_you_topic VARCHAR,
            interviewer_topics MAP(INTEGER, VARCHAR)
        ),
        updated_at TIMESTAMP NOT NULL DEFAULT localtimestamp
    )
    """,
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "applications, interviews, contacts, reflections, follow-ups", _V1),
    Migration(2, "no secondary indexes on referenced tables, so their rows can be edited", _V2),
    Migration(3, "what the role is about, and the topic to mention in each thank-you note", _V3),
    Migration(
        4,
        "application dates may be unknown, notes up to 100,000 characters, contacts know when they changed",
        _V4,
    ),
    Migration(5, "a wait closed as no answer, with its date", _V5),
    Migration(6, "what is typed in a reflection form is kept as a draft until saved or discarded", _V6),
)

LATEST_VERSION = MIGRATIONS[-1].version
