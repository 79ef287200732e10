"""Writing an import: one transaction that adds the plan's rows, after a backup, or refuses.

`run_import(db, plan)` is the last of the import's three steps. It refuses a
plan with problems; otherwise it takes a backup (when the database holds any
application), then writes everything in one transaction, as sets of rows with
new ids: it all goes in, or (on any problem) nothing does. Importing restores
history as written: it plans no follow-ups of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeAlias

import duckdb
import numpy as np
import pandas as pd

from data.store.bulk import insert_frame, new_ids
from data.store.db import Database
from data.store.errors import DebriefError
from data.store.reads import has_any_application
from data.store.schema import RECORD_TABLES
from data.transfer.import_preview import APPLICATION_COLUMNS, incoming
from data.transfer.import_reading import ImportPlan

Progress = Callable[[float, str], None]


@dataclass
class ImportResult:
    """What an import added, and the backup taken first (None for an empty database)."""

    added: dict[str, int]
    duplicates: int
    skipped: int
    backup: Path | None


class ImportRefused(DebriefError):
    """The plan has problems (or columns still to choose); nothing was written."""

    title = "Nothing was imported"


def run_import(db: Database, plan: ImportPlan, progress: Progress | None = None) -> ImportResult:
    """Write the plan into `db` in one transaction, all of it or (on any error) nothing.

    A backup of the database is taken first when it holds any application.
    Raises `ImportRefused` when the plan is not ready.
    """
    if not plan.ready:
        raise ImportRefused(
            f"{plan.problem_count:,} problem(s) in the files; nothing was imported."
            if plan.problems
            else "Choose the columns of each spreadsheet first; nothing was imported."
        )
    report = progress or (lambda fraction, text: None)
    report(0.0, "Taking a backup")
    backup = db.backup("before-import") if _has_applications(db) else None
    added: dict[str, int] = {}
    with db.transaction() as cur:
        report(0.1, "Comparing with your applications")
        rows = incoming(cur, plan)
        report(0.2, "Adding contacts")
        contact_ids, added["contacts"] = _write_contacts(cur, rows.contacts, rows.existing_contact_ids)
        report(0.3, "Adding applications")
        new_app_ids, added["applications"] = _write_applications(cur, rows.applications)
        _write_references(cur, rows.applications, new_app_ids, contact_ids)
        app_ids = _id_map(rows.applications["file_id"], new_app_ids)
        report(0.5, "Adding interviews")
        interview_ids, added["interviews"] = _write_interviews(cur, rows.interviews, app_ids)
        added["contacts"] += _write_interviewers(
            cur, rows.interviews, interview_ids, rows.applications, app_ids, rows.contacts, contact_ids
        )
        _write_interviewer_topics(cur, rows.interviews, interview_ids)
        report(0.7, "Adding reflections")
        added["reflections"] = _write_reflections(cur, rows.reflections, interview_ids)
        report(0.85, "Adding follow-ups")
        added["follow_ups"] = _write_follow_ups(cur, rows.follow_ups, app_ids, interview_ids, contact_ids)
        report(0.95, "Saving")
    report(1.0, "Done")
    skipped = sum(len(tracker.skipped) for tracker in plan.trackers)
    in_order = {table: added[table] for table in RECORD_TABLES if table in added}
    return ImportResult(in_order, len(rows.duplicates), skipped, backup)


def _has_applications(db: Database) -> bool:
    cur = db.cursor()
    try:
        return has_any_application(cur)
    finally:
        cur.close()


# From the ids in a file to the ids Debrief gave the same rows: a Series indexed by file id.
IdMap: TypeAlias = pd.Series


def _id_map(file_ids: pd.Series, new: np.ndarray) -> IdMap:
    """The ids Debrief gave the rows of a file, by the ids the file gave them (rows without one left out)."""
    present = file_ids.notna().to_numpy()
    return pd.Series(np.asarray(new, dtype="int64")[present], index=file_ids[present].astype("int64").to_numpy())


def _remap(links: pd.Series, ids: IdMap) -> pd.Series:
    """Links by file id turned into links by Debrief's id (no value where there was none): a join on the id."""
    return links.astype("Int64").map(ids).astype("Int64")


def _write_contacts(cur: duckdb.DuckDBPyConnection, contacts: pd.DataFrame, matched: pd.Series) -> tuple[IdMap, int]:
    fresh = contacts[matched.isna().to_numpy()]
    ids = new_ids(cur, "contacts", len(fresh))
    columns = ["name", "kind", "email", "phone", "company", "title", "relationship", "notes"]
    insert_frame(cur, "contacts", fresh[columns].assign(id=ids))
    mapping = pd.concat(
        [_id_map(contacts["id"][matched.notna().to_numpy()], matched.dropna().to_numpy()), _id_map(fresh["id"], ids)]
    )
    return mapping, len(fresh)


def _write_applications(cur: duckdb.DuckDBPyConnection, apps: pd.DataFrame) -> tuple[np.ndarray, int]:
    ids = new_ids(cur, "applications", len(apps))
    insert_frame(cur, "applications", apps[[*APPLICATION_COLUMNS, "about"]].assign(id=ids))
    return ids, len(apps)


def _write_references(
    cur: duckdb.DuckDBPyConnection, apps: pd.DataFrame, app_ids: np.ndarray, contact_ids: IdMap
) -> None:
    if apps["reference_ids"].isna().all():
        return
    pairs = pd.DataFrame({"application_id": app_ids, "contact": apps["reference_ids"].to_numpy()}).explode("contact")
    pairs = pairs.dropna(subset=["contact"])
    pairs["contact_id"] = _remap(pairs["contact"].astype("Int64"), contact_ids)
    insert_frame(cur, "application_references", pairs[["application_id", "contact_id"]].drop_duplicates())


def _write_interviews(cur: duckdb.DuckDBPyConnection, interviews: pd.DataFrame, app_ids: IdMap) -> tuple[IdMap, int]:
    ids = new_ids(cur, "interviews", len(interviews))
    columns = ["stage", "format", "held_at", "outcome", "heard_back_on", "feedback", "no_answer_on"]
    frame = interviews[columns].assign(id=ids, application_id=_remap(interviews["application_id"], app_ids))
    insert_frame(cur, "interviews", frame)
    return _id_map(interviews["id"], ids), len(interviews)


def _write_interviewers(
    cur: duckdb.DuckDBPyConnection,
    interviews: pd.DataFrame,
    interview_ids: IdMap,
    apps: pd.DataFrame,
    app_ids: IdMap,
    contacts: pd.DataFrame,
    contact_ids: IdMap,
) -> int:
    """Link each interview to its interviewers by name; return how many interviewer contacts were created.

    A name is matched, ignoring case, to a contact of the interview's company:
    first one from the imported contacts (interviewers before other kinds),
    then an interviewer already in Debrief; a name matched to none becomes a
    new interviewer contact of that company, as when typed in the interview form.
    """
    if interviews.empty:
        return 0
    linked = apps[apps["file_id"].notna()]
    company_of_app = pd.Series(linked["company"].to_numpy(), index=linked["file_id"].astype("int64").to_numpy())
    names = pd.DataFrame(
        {
            "interview_id": _remap(interviews["id"], interview_ids),
            "company": interviews["application_id"].astype("Int64").map(company_of_app),
            "name": interviews["interviewers"],
        }
    ).explode("name")
    names = names.dropna(subset=["name"]).reset_index(drop=True)
    if names.empty:
        return 0
    names["key"] = list(zip(names["name"].str.casefold(), names["company"].str.casefold(), strict=True))

    # By (name, company) casefolded: the contact's id, or None for a contact of the file without an id.
    in_file: dict[tuple[str, str], int | None] = {}
    if not contacts.empty:
        ordered = contacts.assign(not_interviewer=contacts["kind"] != "interviewer", order=range(len(contacts)))
        for row in ordered.sort_values(["not_interviewer", "order"]).itertuples():
            key = (row.name.casefold(), (row.company if isinstance(row.company, str) else "").casefold())
            in_file.setdefault(key, contact_ids[int(row.id)] if pd.notna(row.id) else None)
    names["contact_id"] = pd.array([in_file.get(k) for k in names["key"]], dtype="Int64")

    unmatched = names[names["contact_id"].isna()]
    if not unmatched.empty:
        lookup = unmatched[["name", "company"]].drop_duplicates().astype(object)
        cur.register("incoming_interviewer_names", lookup)
        try:
            found = cur.execute(
                """
                SELECT n.name, n.company, min(c.id) AS contact_id
                FROM incoming_interviewer_names n JOIN contacts c
                  ON c.kind = 'interviewer' AND lower(c.name) = lower(n.name)
                 AND lower(coalesce(c.company, '')) = lower(n.company)
                GROUP BY n.name, n.company
                """
            ).df()
        finally:
            cur.unregister("incoming_interviewer_names")
        in_db = {(n, c): int(i) for n, c, i in found.itertuples(index=False)}
        names["contact_id"] = names["contact_id"].fillna(
            pd.Series([in_db.get((n, c)) for n, c in zip(names["name"], names["company"], strict=True)], dtype="Int64")
        )

    created = names[names["contact_id"].isna()].drop_duplicates("key")
    ids = new_ids(cur, "contacts", len(created))
    insert_frame(
        cur,
        "contacts",
        pd.DataFrame(
            {
                "id": ids,
                "name": created["name"].to_numpy(),
                "kind": "interviewer",
                "company": created["company"].to_numpy(),
            }
        ),
    )
    new_by_key = dict(zip(created["key"], ids, strict=True))
    names["contact_id"] = names["contact_id"].fillna(names["key"].map(new_by_key).astype("Int64"))
    insert_frame(cur, "interview_interviewers", names[["interview_id", "contact_id"]].drop_duplicates())
    return len(created)


def _write_interviewer_topics(cur: duckdb.DuckDBPyConnection, interviews: pd.DataFrame, interview_ids: IdMap) -> None:
    """Give each linked interviewer the thank-you topic of their "Name: topic" line, matched ignoring case."""
    lines = pd.DataFrame(
        {"interview_id": _remap(interviews["id"], interview_ids), "line": interviews["interviewer_topics"]}
    ).dropna(subset=["line"])
    if lines.empty:
        return
    lines["line"] = lines["line"].str.split("\n")
    lines = lines.explode("line")
    parts = lines["line"].str.partition(": ")
    topics = pd.DataFrame(
        {"interview_id": lines["interview_id"], "name": parts[0].str.strip(), "topic": parts[2].str.strip()}
    )
    topics = topics[(parts[1] != "") & (topics["topic"] != "")].astype(object)
    if topics.empty:
        return
    cur.register("incoming_interviewer_topics", topics)
    try:
        cur.execute(
            """
            UPDATE interview_interviewers AS ii SET thank_you_topic = t.topic
            FROM incoming_interviewer_topics t, contacts c
            WHERE c.id = ii.contact_id AND ii.interview_id = t.interview_id AND lower(c.name) = lower(t.name)
            """
        )
    finally:
        cur.unregister("incoming_interviewer_topics")


def _write_reflections(cur: duckdb.DuckDBPyConnection, reflections: pd.DataFrame, interview_ids: IdMap) -> int:
    ids = new_ids(cur, "reflections", len(reflections))
    now = pd.Timestamp(datetime.now().replace(second=0, microsecond=0))
    frame = reflections.drop(columns=["id"]).assign(
        id=ids,
        interview_id=_remap(reflections["interview_id"], interview_ids),
        written_at=reflections["written_at"].fillna(now),
    )
    return insert_frame(cur, "reflections", frame)


def _write_follow_ups(
    cur: duckdb.DuckDBPyConnection,
    follow_ups: pd.DataFrame,
    app_ids: IdMap,
    interview_ids: IdMap,
    contact_ids: IdMap,
) -> int:
    ids = new_ids(cur, "follow_ups", len(follow_ups))
    frame = follow_ups.drop(columns=["id"]).assign(
        id=ids,
        application_id=_remap(follow_ups["application_id"], app_ids),
        interview_id=_remap(follow_ups["interview_id"], interview_ids),
        contact_id=_remap(follow_ups["contact_id"], contact_ids),
    )
    return insert_frame(cur, "follow_ups", frame)
