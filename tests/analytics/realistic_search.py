"""A realistic job search of any size, written straight into a Debrief database with SQL.

For the Trends page's tests, screenshots and speed checks: months of applications
to a few dozen companies, about a third answered, interviews through the stages,
reflections whose scores slowly improve, and thank-you notes mostly on time. The
same `seed` always writes the same search.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from data.store.db import Database

COMPANIES = (
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Stark Industries",
    "Wayne Enterprises",
    "Wonka",
    "Soylent",
    "Cyberdyne",
    "Tyrell",
    "Aperture",
    "Black Mesa",
    "Vandelay Industries",
    "Pied Piper",
    "Massive Dynamic",
    "Oscorp",
    "Gringotts",
    "Monsters Inc",
    "Dunder Mifflin",
)
ROLES = ("Data Engineer", "Analytics Engineer", "Data Analyst", "Backend Developer", "Platform Engineer")
STAGES_IN_ORDER = ("screen", "technical", "behavioral", "onsite", "final")
SCORED = ("overall", "communication", "skills", "examples", "rapport", "questions", "preparation")


def write_realistic_search(
    db: Database, *, applications: int = 120, weeks: int = 16, today: date | None = None, seed: int = 4
) -> dict[str, int]:
    """Write `applications` applications spread over the `weeks` weeks before `today` into an empty database.

    Returns how many rows of each kind were written.
    """
    rng = np.random.default_rng(seed)
    today = today or date.today()
    first_day = today - timedelta(weeks=weeks)
    days_span = (today - first_day).days

    app_rows, interview_rows, reflection_rows, follow_up_rows = [], [], [], []
    interview_id = 0
    follow_up_id = 0
    for app_id in range(1, applications + 1):
        applied_on = first_day + timedelta(days=int(rng.integers(0, days_span)))
        company = COMPANIES[int(rng.integers(0, len(COMPANIES)))]
        role = ROLES[int(rng.integers(0, len(ROLES)))]
        status, responded_on = "applied", None
        answered = rng.random() < 0.35 and applied_on + timedelta(days=3) < today
        interviews_here: list[tuple[str, datetime]] = []
        if answered:
            responded_on = min(today, applied_on + timedelta(days=int(rng.integers(1, 15))))
            status = "rejected"
            if rng.random() < 0.6:
                held = datetime.combine(responded_on + timedelta(days=int(rng.integers(2, 8))), time(10))
                for stage in STAGES_IN_ORDER:
                    interviews_here.append((stage, held + timedelta(hours=int(rng.integers(0, 7)))))
                    if rng.random() < 0.45:
                        break
                    held += timedelta(days=int(rng.integers(5, 12)))
        outcome_of_last = rng.choice(["advanced", "offer", "rejected", "withdrawn"], p=[0.0, 0.25, 0.65, 0.10])
        for position, (stage, held_at) in enumerate(interviews_here):
            interview_id += 1
            last = position == len(interviews_here) - 1
            outcome = "advanced" if not last else str(outcome_of_last)
            heard_back_on = held_at.date() + timedelta(days=int(rng.choice([0, 1, 2, 3, 4, 5, 7, 9, 12, 16])))
            if held_at.date() >= today or heard_back_on > today or (last and rng.random() < 0.2):
                outcome, heard_back_on = "pending", None
            interview_rows.append(
                (
                    interview_id,
                    app_id,
                    stage,
                    str(rng.choice(["phone", "video", "onsite"])),
                    held_at,
                    outcome,
                    heard_back_on,
                )
            )
            if outcome == "offer":
                status = "offer"
            elif outcome in ("pending", "advanced"):
                status = "interviewing"
            if held_at < datetime.combine(today, time(0)) and rng.random() < 0.85:
                # Scores start middling and improve with practice.
                progress = (held_at.date() - first_day).days / max(days_span, 1)
                base = 2.4 + 1.6 * progress
                scores = [int(np.clip(round(base + rng.normal(0, 0.8)), 1, 5)) for _ in SCORED]
                scores = [s if i == 0 or rng.random() > 0.15 else None for i, s in enumerate(scores)]
                reflection_rows.append((interview_id, held_at + timedelta(hours=2), *scores))
            if held_at + timedelta(hours=24) < datetime.combine(today, time(0)):
                follow_up_id += 1
                hours = float(rng.choice([2, 5, 9, 20, 23, 30, 50]))
                done_at = held_at + timedelta(hours=hours) if rng.random() < 0.9 else None
                follow_up_rows.append(
                    (follow_up_id, interview_id, app_id, "thank_you", held_at + timedelta(hours=24), done_at)
                )
                if outcome in ("rejected", "offer") and rng.random() < 0.5:
                    follow_up_id += 1
                    due = datetime.combine(heard_back_on, time(9)) + timedelta(days=2)
                    follow_up_rows.append((follow_up_id, interview_id, app_id, "feedback_request", due, due))
        app_rows.append((app_id, company, role, applied_on, responded_on, status))

    frames = {
        "new_applications": pd.DataFrame(
            app_rows, columns=["id", "company", "role", "applied_on", "responded_on", "status"]
        ),
        "new_interviews": pd.DataFrame(
            interview_rows,
            columns=["id", "application_id", "stage", "format", "held_at", "outcome", "heard_back_on"],
        ),
        "new_reflections": pd.DataFrame(reflection_rows, columns=["interview_id", "written_at", *SCORED]),
        "new_follow_ups": pd.DataFrame(
            follow_up_rows, columns=["id", "interview_id", "application_id", "kind", "due_at", "done_at"]
        ),
    }
    with db.transaction() as cur:
        for name, frame in frames.items():
            cur.register(name, frame)
        cur.execute(
            "INSERT INTO applications (id, company, role, applied_on, responded_on, status)"
            " SELECT id, company, role, CAST(applied_on AS DATE), CAST(responded_on AS DATE), status"
            " FROM new_applications"
        )
        if interview_rows:
            cur.execute(
                "INSERT INTO interviews (id, application_id, stage, format, held_at, outcome, heard_back_on)"
                " SELECT id, application_id, stage, format, held_at, outcome, CAST(heard_back_on AS DATE)"
                " FROM new_interviews"
            )
        if reflection_rows:
            cur.execute(
                "INSERT INTO reflections (interview_id, written_at, overall, communication, skills, examples,"
                " rapport, questions, preparation) SELECT * FROM new_reflections"
            )
        if follow_up_rows:
            cur.execute(
                "INSERT INTO follow_ups (id, interview_id, application_id, kind, due_at, done_at)"
                " SELECT * FROM new_follow_ups"
            )
        # The ids above were given by hand; move each sequence past them so
        # that later saves through the app take new ids.
        cur.execute("SELECT max(nextval('applications_id_seq')) FROM range(?)", [len(app_rows)]).fetchall()
        cur.execute("SELECT max(nextval('interviews_id_seq')) FROM range(?)", [len(interview_rows)]).fetchall()
        cur.execute("SELECT max(nextval('follow_ups_id_seq')) FROM range(?)", [len(follow_up_rows)]).fetchall()
        for name in frames:
            cur.unregister(name)
    return {
        "applications": len(app_rows),
        "interviews": len(interview_rows),
        "reflections": len(reflection_rows),
        "follow_ups": len(follow_up_rows),
    }
