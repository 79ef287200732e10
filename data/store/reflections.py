"""Reflections: the self-assessment written right after an interview, one per interview."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data.labels import DIMENSION_LABELS
from data.store import reads
from data.store.db import Database
from data.store.errors import RecordChanged, RecordGone
from data.store.schema import RATING_DIMENSIONS
from data.store.validation import InvalidRecord, Problem, clean, name_field, note_field

TEXT_FIELDS = ("went_well", "to_improve", "topics", "questions_asked", "other_notes", "thank_you_topic")
SCORE_FIELDS = (*RATING_DIMENSIONS, "stress")
EDITABLE_FIELDS = (*SCORE_FIELDS, *TEXT_FIELDS)

# What each text is called on the form, so problems name the field the user sees.
FIELD_LABELS = {
    **DIMENSION_LABELS,
    "stress": "Stress",
    "went_well": "What went well",
    "to_improve": "What to address next time",
    "topics": "What we discussed",
    "questions_asked": "Questions they asked me",
    "other_notes": "Anything else",
    # Finishes the thank-you note's sentence "I enjoyed our conversation about ...".
    "thank_you_topic": "Something you talked about that you'd like to mention in the thank-you",
}


@dataclass
class Reflection:
    interview_id: int | None
    overall: int | None
    communication: int | None = None
    skills: int | None = None
    examples: int | None = None
    rapport: int | None = None
    questions: int | None = None
    preparation: int | None = None
    stress: int | None = None
    went_well: str | None = None
    to_improve: str | None = None
    topics: str | None = None
    questions_asked: str | None = None
    other_notes: str | None = None
    thank_you_topic: str | None = None
    # By interviewer contact id: the topic to mention in that interviewer's note
    # instead of `thank_you_topic` (kept in interview_interviewers).
    interviewer_topics: dict[int, str | None] = field(default_factory=dict)
    id: int | None = field(default=None, compare=False)
    written_at: datetime | None = field(default=None, compare=False)

    def cleaned(self) -> Reflection:
        values = asdict(self)
        for name in TEXT_FIELDS:
            values[name] = clean(values[name])
        values["interviewer_topics"] = {int(k): clean(v) for k, v in values["interviewer_topics"].items()}
        return Reflection(**values)


def validate_reflection(reflection: Reflection, held_at: datetime | None, now: datetime) -> list[Problem]:
    """Every problem with `reflection` of an interview held at `held_at`, as of `now`."""
    problems: list[Problem] = []
    if reflection.interview_id is None or held_at is None:
        problems.append(Problem("Interview", "is required: pick the interview you are reflecting on."))
    elif held_at > now:
        problems.append(
            Problem("Interview", f"has not happened yet (it is on {held_at:%Y-%m-%d at %H:%M}); reflect after it.")
        )
    if reflection.overall is None:
        problems.append(Problem(FIELD_LABELS["overall"], "is required: how did it go, all in all?"))
    for name in SCORE_FIELDS:
        score = getattr(reflection, name)
        # True and False are ints to Python, but not scores.
        if score is not None and not (isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= 5):
            problems.append(Problem(FIELD_LABELS[name], "must be a whole number from 1 to 5."))
    for name in TEXT_FIELDS:
        if name != "thank_you_topic":
            problems += note_field(FIELD_LABELS[name], getattr(reflection, name))
    # A phrase inside a sentence, not a note.
    for topic in (reflection.thank_you_topic, *reflection.interviewer_topics.values()):
        problems += name_field("Thank-you topic", topic)
    return problems


def save_reflection(
    db: Database, reflection: Reflection, *, original: Reflection | None = None, now: datetime | None = None
) -> int:
    """Write the reflection of its interview (one per interview); return its id.

    A new reflection is inserted; if the interview already has one, it is
    updated, and the interview's draft (see `save_draft`) deleted in the same
    transaction. With `original` (the reflection as it was when the form opened),
    only the fields the user changed are written, so a save from another window
    in the meantime keeps its changes to the other fields; when that window
    changed one of the same fields to something else, `RecordChanged` is raised
    and nothing written (save again with `original=` the stored reflection to
    keep this version). Raises `InvalidRecord` without writing when a rule is broken.
    """
    now = now or datetime.now()
    reflection = reflection.cleaned()
    with db.transaction() as cur:
        held = reads.one(cur, "SELECT held_at FROM interviews WHERE id = ?", [reflection.interview_id])
        problems = validate_reflection(reflection, held[0] if held else None, now)
        if problems:
            raise InvalidRecord(problems)
        existing = reads.one(cur, "SELECT id FROM reflections WHERE interview_id = ?", [reflection.interview_id])
        baseline = original.cleaned() if original is not None else None
        # Saved, the draft has nothing left to keep; a refusal below rolls this back with the rest.
        cur.execute("DELETE FROM reflection_drafts WHERE interview_id = ?", [reflection.interview_id])
        _write_interviewer_topics(cur, reflection, baseline)
        if existing is None:
            columns = ", ".join(EDITABLE_FIELDS)
            marks = ", ".join("?" for _ in EDITABLE_FIELDS)
            return reads.scalar(
                cur,
                f"INSERT INTO reflections (interview_id, {columns}) VALUES (?, {marks}) RETURNING id",  # noqa: S608
                [reflection.interview_id, *(getattr(reflection, f) for f in EDITABLE_FIELDS)],
            )
        changed = [f for f in EDITABLE_FIELDS if baseline is None or getattr(reflection, f) != getattr(baseline, f)]
        if baseline is not None and reflection.interview_id is not None:
            stored = get_reflection(cur, reflection.interview_id)
            clashing = [
                f
                for f in changed
                if stored is not None
                and getattr(stored, f) != getattr(baseline, f)
                and getattr(stored, f) != getattr(reflection, f)
            ]
            if clashing:
                raise RecordChanged("reflection", theirs=stored, mine=reflection)
        if changed:
            # Column names come from EDITABLE_FIELDS, a fixed tuple; values are bound.
            assignments = ", ".join(f"{f} = ?" for f in changed)
            cur.execute(
                f"UPDATE reflections SET {assignments}, updated_at = localtimestamp WHERE id = ?",  # noqa: S608
                [*(getattr(reflection, f) for f in changed), existing[0]],
            )
        return existing[0]


def _write_interviewer_topics(cur, reflection: Reflection, baseline: Reflection | None) -> None:
    """Keep each interviewer's thank-you topic (only those changed since `baseline`, when given)."""
    before = baseline.interviewer_topics if baseline is not None else {}
    for contact_id, topic in reflection.interviewer_topics.items():
        if baseline is None or before.get(contact_id) != topic:
            cur.execute(
                "UPDATE interview_interviewers SET thank_you_topic = ? WHERE interview_id = ? AND contact_id = ?",
                [topic, reflection.interview_id, contact_id],
            )


def interviewer_topics(con: duckdb.DuckDBPyConnection, interview_id: int) -> list[tuple[int, str, str | None]]:
    """The interview's interviewers by name, as (contact id, name, thank-you topic given for them or None)."""
    return con.execute(
        "SELECT c.id, c.name, ii.thank_you_topic FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id"
        " WHERE ii.interview_id = ? ORDER BY c.name, c.id",
        [interview_id],
    ).fetchall()


def get_reflection(con: duckdb.DuckDBPyConnection, interview_id: int) -> Reflection | None:
    """The reflection written for an interview, if any, with the topics given for each interviewer."""
    columns = ", ".join(EDITABLE_FIELDS)
    row = reads.one(
        con,
        f"SELECT id, written_at, interview_id, {columns} FROM reflections WHERE interview_id = ?",  # noqa: S608
        [interview_id],
    )
    if row is None:
        return None
    id_, written_at, *values = row
    return Reflection(
        **dict(zip(("interview_id", *EDITABLE_FIELDS), values, strict=True)),
        interviewer_topics={c: topic for c, _, topic in interviewer_topics(con, interview_id) if topic},
        id=id_,
        written_at=written_at,
    )


def delete_reflection(db: Database, interview_id: int) -> Path:
    """Delete the reflection of an interview, and its draft; return the backup taken first.

    The interview and its follow-ups stay. A draft of unsaved edits goes too: it
    was typed over the reflection now deleted, and the form opens empty again.
    """
    with db.exclusive():
        backup = db.backup("before-delete")
        with db.transaction() as cur:
            cur.execute("DELETE FROM reflection_drafts WHERE interview_id = ?", [interview_id])
            cur.execute("DELETE FROM reflections WHERE interview_id = ?", [interview_id])
    return backup


# Drafts ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectionDraft:
    """What a reflection form held and was not saved yet, kept in `reflection_drafts`.

    `typed` is the form's reflection as typed (texts exactly, an empty one as
    None; only the interviewers given a topic in `interviewer_topics`);
    `original` the saved reflection the form opened on, None when there was
    none; `updated_at` when it was last kept (local time).
    """

    typed: Reflection
    original: Reflection | None
    updated_at: datetime


def as_kept(reflection: Reflection) -> Reflection:
    """`reflection` as a draft keeps it: texts as typed but an empty one as None, empty interviewer topics left out."""
    values = asdict(reflection)
    for name in TEXT_FIELDS:
        values[name] = values[name] or None
    values["interviewer_topics"] = {int(k): v for k, v in values["interviewer_topics"].items() if v}
    values["id"] = values["written_at"] = None
    return Reflection(**values)


def unsaved_changes(typed: Reflection, saved: Reflection | None) -> bool:
    """Whether saving the form's `typed` reflection would change `saved` (None: none saved yet).

    Compared as a save writes them: texts trimmed, an empty text the same as
    none, an empty interviewer topic the same as none given.
    """
    stored = saved if saved is not None else Reflection(interview_id=typed.interview_id, overall=None)
    return as_kept(typed.cleaned()) != as_kept(stored.cleaned())


def _draft_problems(typed: Reflection) -> list[Problem]:
    # A draft keeps any unfinished reflection: only the lengths the table allows are refused.
    problems: list[Problem] = []
    for name in TEXT_FIELDS:
        problems += note_field(FIELD_LABELS[name], getattr(typed, name))
    for topic in typed.interviewer_topics.values():
        problems += note_field("Thank-you topic", topic)
    return problems


def _struct(reflection: Reflection | None) -> dict[str, object] | None:
    if reflection is None:
        return None
    kept = as_kept(reflection)
    return {**{name: getattr(kept, name) for name in EDITABLE_FIELDS}, "interviewer_topics": kept.interviewer_topics}


def save_draft(db: Database, typed: Reflection, *, original: Reflection | None) -> datetime:
    """Keep `typed`, what the reflection form holds, as its interview's draft; return when it was kept.

    One draft per interview: a newer one replaces it. Nothing need be filled in
    (no overall, no texts); scores are None or 1 to 5 as the form offers them.
    `original` is the saved reflection the form opened on (None when there was
    none), kept so that a save after a reload writes only what was changed since
    (`save_reflection(original=...)`). Texts are kept as typed (see `as_kept`).
    Raises `InvalidRecord` without writing when a text is longer than a note may
    be, and `RecordGone` when the interview has been deleted.
    """
    kept = as_kept(typed)
    problems = _draft_problems(kept)
    if problems:
        raise InvalidRecord(problems)
    columns = (*EDITABLE_FIELDS, "interviewer_topics", "original")
    with db.transaction() as cur:
        if reads.one(cur, "SELECT 1 FROM interviews WHERE id = ?", [kept.interview_id]) is None:
            raise RecordGone("Interview")
        # Column names come from EDITABLE_FIELDS, a fixed tuple; values are bound.
        return reads.scalar(
            cur,
            f"INSERT INTO reflection_drafts (interview_id, {', '.join(columns)}, updated_at)"  # noqa: S608
            f" VALUES (?, {', '.join('?' for _ in columns)}, localtimestamp)"
            f" ON CONFLICT (interview_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns)},"
            " updated_at = excluded.updated_at RETURNING updated_at",
            [
                kept.interview_id,
                *(getattr(kept, name) for name in EDITABLE_FIELDS),
                kept.interviewer_topics,
                _struct(original),
            ],
        )


def get_draft(con: duckdb.DuckDBPyConnection, interview_id: int) -> ReflectionDraft | None:
    """The draft kept for an interview's reflection form, if any (see `save_draft`)."""
    row = reads.one(
        con,
        f"SELECT {', '.join(EDITABLE_FIELDS)}, interviewer_topics, original, updated_at"  # noqa: S608
        " FROM reflection_drafts WHERE interview_id = ?",
        [interview_id],
    )
    if row is None:
        return None
    *values, topics, original, updated_at = row
    typed = Reflection(
        interview_id, **dict(zip(EDITABLE_FIELDS, values, strict=True)), interviewer_topics=dict(topics or {})
    )
    opened_on = None
    if original is not None:
        opened_on = Reflection(
            interview_id,
            **{name: original[name] for name in EDITABLE_FIELDS},
            interviewer_topics=dict(original["interviewer_topics"] or {}),
        )
    return ReflectionDraft(typed, opened_on, updated_at)


def discard_draft(db: Database, interview_id: int) -> bool:
    """Delete the draft of an interview's reflection; whether there was one. The saved reflection stays as it is."""
    with db.transaction() as cur:
        return bool(
            reads.rows(
                cur, "DELETE FROM reflection_drafts WHERE interview_id = ? RETURNING interview_id", [interview_id]
            )
        )


def interviews_to_reflect_on(
    con: duckdb.DuckDBPyConnection, *, limit: int | None = None, including: list[int] | tuple[int, ...] = ()
) -> pd.DataFrame:
    """Interviews for the Reflect page's picker, newest first.

    The `limit` most recent ones (all when None), plus those whose ids are in
    `including` however old (the one a link or the history opened). Columns: id,
    held_at, company, role, stage, interviewers, reflected.
    """
    return reads.frame(
        con,
        """
        WITH picked AS (
            (SELECT id FROM interviews ORDER BY held_at DESC, id DESC LIMIT $limit)
            UNION
            (SELECT id FROM interviews WHERE list_contains($including, id))
        ),
        -- The picked interviews' interviewers only: a subquery per row would name
        -- the interviewers of every interview before keeping these.
        named AS (
            SELECT ii.interview_id, string_agg(c.name, ', ' ORDER BY c.name) AS interviewers
            FROM interview_interviewers ii JOIN contacts c ON c.id = ii.contact_id
            WHERE ii.interview_id IN (SELECT id FROM picked)
            GROUP BY ii.interview_id
        )
        SELECT i.id, i.held_at, a.company, a.role, i.stage, coalesce(named.interviewers, '') AS interviewers,
               EXISTS (SELECT 1 FROM reflections r WHERE r.interview_id = i.id) AS reflected
        FROM picked JOIN interviews i ON i.id = picked.id JOIN applications a ON a.id = i.application_id
        LEFT JOIN named ON named.interview_id = i.id
        ORDER BY i.held_at DESC, i.id DESC
        """,
        {"limit": limit, "including": [int(i) for i in including]},
    )


def unreflected_interviews(
    con: duckdb.DuckDBPyConnection, now: datetime, *, held_since: datetime | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Interviews held by `now` (and at or after `held_since`, if given) with no reflection yet, most recent first.

    At most `limit` rows. Columns: id, held_at, company, role, stage.
    """
    return reads.frame(
        con,
        """
        WITH picked AS (
            SELECT i.id, i.application_id, i.held_at, i.stage
            FROM interviews i
            WHERE i.held_at <= $now AND ($since IS NULL OR i.held_at >= $since)
              AND NOT EXISTS (SELECT 1 FROM reflections r WHERE r.interview_id = i.id)
            ORDER BY i.held_at DESC, i.id DESC
            LIMIT $limit
        )
        SELECT p.id, p.held_at, a.company, a.role, p.stage
        FROM picked p JOIN applications a ON a.id = p.application_id
        ORDER BY p.held_at DESC, p.id DESC
        """,
        {"now": now, "since": held_since, "limit": limit},
    )


def count_unreflected_before(con: duckdb.DuckDBPyConnection, moment: datetime) -> int:
    """How many interviews held before `moment` have no reflection."""
    return int(
        reads.scalar(
            con,
            "SELECT count(*) FROM interviews i WHERE i.held_at < ?"
            " AND NOT EXISTS (SELECT 1 FROM reflections r WHERE r.interview_id = i.id)",
            [moment],
        )
    )


def reflection_history(
    con: duckdb.DuckDBPyConnection,
    *,
    company: str | None = None,
    stage: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> pd.DataFrame:
    """Saved reflections, newest interview first, optionally of one company and stage.

    One page of them with `limit` and `offset`. Columns: interview_id, held_at,
    company, role, stage, overall, stress, went_well, to_improve, written_at.
    """
    return reads.frame(
        con,
        """
        WITH page AS (
            -- The page's reflections are found before their texts and applications are read.
            SELECT r.interview_id, i.held_at, i.application_id, i.stage
            FROM reflections r JOIN interviews i ON i.id = r.interview_id
            WHERE ($stage IS NULL OR i.stage = $stage)
              AND ($company IS NULL OR i.application_id IN (SELECT id FROM applications WHERE company = $company))
            ORDER BY i.held_at DESC, r.interview_id DESC
            LIMIT $limit OFFSET $offset
        )
        SELECT p.interview_id, p.held_at, a.company, a.role, p.stage, r.overall, r.stress,
               r.went_well, r.to_improve, r.written_at
        FROM page p
        JOIN reflections r ON r.interview_id = p.interview_id
        JOIN applications a ON a.id = p.application_id
        ORDER BY p.held_at DESC, p.interview_id DESC
        """,
        {"company": company, "stage": stage, "limit": limit, "offset": offset},
    )


def count_reflections(con: duckdb.DuckDBPyConnection, *, company: str | None = None, stage: str | None = None) -> int:
    """How many saved reflections are of `company` and `stage` (either may be None: any)."""
    if company is None and stage is None:
        [(count,)] = reads.rows(con, "SELECT count(*) FROM reflections")
        return count
    [(count,)] = reads.rows(
        con,
        """
        SELECT count(*)
        FROM reflections r JOIN interviews i ON i.id = r.interview_id
        WHERE ($stage IS NULL OR i.stage = $stage)
          AND ($company IS NULL OR i.application_id IN (SELECT id FROM applications WHERE company = $company))
        """,
        {"company": company, "stage": stage},
    )
    return count
