"""The import's preview: what the user sees before confirming, the plan compared with the database.

`preview_import(con, plan)` is the second of the import's three steps: what
will be added, what is already there (same company, role and date applied) or
repeated, what is skipped, and how other trackers' columns and statuses are
read; nothing is written. `incoming` is the comparison itself, which
`import_writing` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from data.store.db import Database
from data.store.schema import MIGRATIONS
from data.transfer.csv_format import column_names
from data.transfer.import_reading import ImportPlan

APPLICATION_COLUMNS = ["company", "role", "location", "source", "url", "applied_on", "responded_on", "status", "notes"]


@dataclass
class ImportPreview:
    """What importing the plan would do to the database as it is now."""

    added: dict[str, int]
    contacts_matched: int
    new_applications: pd.DataFrame
    duplicates: pd.DataFrame
    skipped: pd.DataFrame
    status_mapping: pd.DataFrame
    column_mapping: pd.DataFrame


def preview_import(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> ImportPreview:
    """What `run_import` would add to the database `con` reads, and what it would leave out."""
    rows = incoming(con, plan)
    matched = rows.existing_contact_ids
    new_apps = rows.applications[["file", "row", "company", "role", "applied_on", "status", "source"]]
    skipped = [tracker.skipped for tracker in plan.trackers if not tracker.skipped.empty]
    mapping = [tracker.status_mapping for tracker in plan.trackers if tracker.tracker.columns.get("status")]
    columns = [tracker.column_mapping for tracker in plan.trackers]
    return ImportPreview(
        added={
            "applications": len(rows.applications),
            "interviews": len(rows.interviews),
            "reflections": len(rows.reflections),
            "contacts": int(matched.isna().sum()),
            "follow_ups": len(rows.follow_ups),
        },
        contacts_matched=int(matched.notna().sum()),
        new_applications=new_apps,
        duplicates=rows.duplicates,
        skipped=pd.concat(skipped, ignore_index=True)
        if skipped
        else pd.DataFrame(columns=["file", "row", "company", "role", "reason"]),
        status_mapping=pd.concat(mapping, ignore_index=True)
        if mapping
        else pd.DataFrame(columns=["file", "their status", "becomes", "rows"]),
        column_mapping=pd.concat(columns, ignore_index=True)
        if columns
        else pd.DataFrame(columns=["file", "their column", "becomes"]),
    )


def preview_without_writing(path: Path, plan: ImportPlan) -> ImportPreview:
    """What importing `plan` into the database at `path` would add, writing nothing anywhere.

    An existing database is opened read-only. Where there is none, the plan is
    compared with an empty database in memory, which is what the import would
    start from: no folder or file is made.
    """
    if path.exists():
        db = Database(path, read_only=True)
        try:
            return preview_import(db.cursor(), plan)
        finally:
            db.close()
    con = duckdb.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            for statement in migration.statements:
                con.execute(statement)
        return preview_import(con, plan)
    finally:
        con.close()


_SINGULAR = {
    "applications": "application",
    "interviews": "interview",
    "reflections": "reflection",
    "contacts": "contact",
    "follow_ups": "follow-up",
}


def describe_counts(counts: dict[str, int]) -> str:
    """Counts by table in words: "12 applications, 1 interview" (tables with none are left out)."""
    words = [
        f"{n:,} {_SINGULAR[kind] if n == 1 else _SINGULAR[kind] + 's'}"
        for kind, n in counts.items()
        if n and kind in _SINGULAR
    ]
    return ", ".join(words) or "nothing new"


# ---------------------------------------------------------------------------
# Comparing with the database: what the preview counts and the writing writes


@dataclass
class Incoming:
    """The plan's rows ready to write, compared with the database.

    `applications` are those to add (each with the file and row it came from,
    its file id, and whether another tracker's export gave it); `duplicates`
    those left out, and why. The interviews, reflections and follow-ups are
    those of the applications kept. `existing_contact_ids` gives, for each of
    `contacts`, the id of the same contact already in Debrief (no value for a
    new one).
    """

    applications: pd.DataFrame
    interviews: pd.DataFrame
    reflections: pd.DataFrame
    follow_ups: pd.DataFrame
    contacts: pd.DataFrame
    existing_contact_ids: pd.Series
    duplicates: pd.DataFrame


def incoming(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> Incoming:
    """The rows of `plan` compared with the database `con` reads: what to add, what is already there."""
    apps = _applications(plan)
    why = _mark_duplicates(con, apps)
    duplicate = why != ""
    duplicates = apps.loc[duplicate, ["file", "row", "company", "role", "applied_on"]].assign(why=why[duplicate])
    kept_apps = apps[~duplicate].reset_index(drop=True)
    kept_file_ids = kept_apps["file_id"].dropna()

    def from_file(kind: str) -> pd.DataFrame:
        if kind not in plan.debrief:
            return pd.DataFrame(columns=column_names(kind))
        return plan.debrief[kind].values.reset_index(drop=True)

    interviews = from_file("interviews")
    interviews = interviews[interviews["application_id"].isin(kept_file_ids)]
    kept_interviews = interviews["id"].dropna()
    reflections = from_file("reflections")
    reflections = reflections[reflections["interview_id"].isin(kept_interviews)]
    follow_ups = from_file("follow_ups")
    follow_ups = follow_ups[follow_ups["application_id"].isin(kept_file_ids)]
    contacts = from_file("contacts")
    return Incoming(
        kept_apps,
        interviews.reset_index(drop=True),
        reflections.reset_index(drop=True),
        follow_ups.reset_index(drop=True),
        contacts,
        _existing_contacts(con, contacts),
        duplicates.reset_index(drop=True),
    )


def _applications(plan: ImportPlan) -> pd.DataFrame:
    """Every incoming application in one frame: where it came from, its values, its file id."""
    parts = []
    if "applications" in plan.debrief:
        file = plan.debrief["applications"]
        part = file.values[[*APPLICATION_COLUMNS, "id", "reference_ids", "about"]].copy()
        part["file"], part["row"], part["foreign"] = file.table.name, part.index, False
        parts.append(part.rename(columns={"id": "file_id"}))
    for rows in plan.trackers:
        part = rows.applications.reindex(columns=APPLICATION_COLUMNS)
        part["file"], part["row"], part["foreign"] = rows.table.name, part.index, True
        part["file_id"] = pd.array([pd.NA] * len(part), dtype="Int64")
        part["reference_ids"] = pd.Series(None, index=part.index, dtype=object)
        part["about"] = pd.Series(None, index=part.index, dtype=object)
        parts.append(part)
    if not parts:
        return pd.DataFrame(
            columns=[*APPLICATION_COLUMNS, "file_id", "reference_ids", "about", "file", "row", "foreign"]
        )
    frame = pd.concat(parts, ignore_index=True)
    for column in ("applied_on", "responded_on"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    return frame


def _mark_duplicates(con: duckdb.DuckDBPyConnection, apps: pd.DataFrame) -> pd.Series:
    """Why each incoming application is a duplicate ('' when it is not).

    A duplicate has the same company, role and date applied (ignoring case and
    surrounding spaces) as an application already in the database or, for
    other trackers' rows, as an earlier row of this import.
    """
    why = pd.Series(np.full(len(apps), "", dtype=object), index=apps.index, dtype=object)
    if apps.empty:
        return why
    keys = (
        apps[["company", "role", "applied_on"]]
        .reset_index(drop=True)
        .assign(pos=np.arange(len(apps)), foreign=apps["foreign"].astype(bool).to_numpy())
    )
    con.register("incoming_keys", keys)
    try:
        # Only the duplicates come back; an earlier row is looked for among other trackers' rows alone.
        found = con.execute(
            """
            WITH k AS (
                SELECT pos, lower(trim(company)) AS company, lower(trim(role)) AS role,
                       CAST(applied_on AS DATE) AS applied_on, "foreign"
                FROM incoming_keys
            ),
            in_debrief AS (
                SELECT pos FROM k
                WHERE EXISTS (
                    SELECT 1 FROM applications e
                    WHERE lower(trim(e.company)) = k.company AND lower(trim(e.role)) = k.role
                      AND e.applied_on = k.applied_on
                )
            ),
            repeated AS (
                SELECT pos FROM k WHERE "foreign"
                QUALIFY row_number() OVER (PARTITION BY company, role, applied_on ORDER BY pos) > 1
            )
            SELECT pos, 'already in Debrief' AS why FROM in_debrief
            UNION ALL
            SELECT pos, 'earlier in this import' FROM repeated WHERE pos NOT IN (SELECT pos FROM in_debrief)
            """
        ).fetchall()
    finally:
        con.unregister("incoming_keys")
    for position, reason in found:
        why.iat[position] = reason
    return why


def _existing_contacts(con: duckdb.DuckDBPyConnection, contacts: pd.DataFrame) -> pd.Series:
    """For each incoming contact, the id of the same contact already in the database, if any.

    The same contact has the same name, kind and company, ignoring case.
    """
    if contacts.empty:
        return pd.Series([], dtype="Int64")
    keys = pd.DataFrame(
        {
            "pos": np.arange(len(contacts)),
            "name": contacts["name"].astype(object),
            "kind": contacts["kind"].astype(object),
            "company": contacts["company"].astype(object),
        }
    )
    con.register("incoming_contact_keys", keys)
    try:
        found = con.execute(
            """
            SELECT k.pos, min(c.id) AS id
            FROM incoming_contact_keys k
            LEFT JOIN contacts c
              ON lower(trim(c.name)) = lower(trim(k.name)) AND c.kind = k.kind
             AND lower(coalesce(c.company, '')) = lower(coalesce(k.company, ''))
            GROUP BY k.pos ORDER BY k.pos
            """
        ).df()
    finally:
        con.unregister("incoming_contact_keys")
    return found["id"].astype("Int64").set_axis(contacts.index)
