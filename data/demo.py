"""A realistic, made-up job search to explore Debrief with, or to measure it on.

`generate_demo(db, applications=150, seed=1)` fills an empty database with
applications spread over months, interview rounds, reflections whose scores
improve as the search goes on, follow-ups done on time, late or still open,
references, and the feedback employers gave. The same seed and day give the
same data. Everything is drawn with numpy and written as whole sets of rows, so
100,000 applications take seconds.

Names, companies and addresses are invented (addresses use example.com).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from data import reads
from data.applications import SOURCES
from data.bulk import insert_frame, new_ids
from data.db import Database
from data.errors import DebriefError
from followups.plan import (
    DEFAULT_WAIT_DAYS,
    FEEDBACK_AFTER,
    HEADS_UP_WITHIN,
    MORNING,
    STAGES_WORTH_A_HEADS_UP,
    THANK_YOU_WITHIN,
)

DEMO_APPLICATIONS = 150
DEMO_SEED = 1


def demo_database_path(database: Path) -> Path:
    """Where the demo database for the user's database at `database` lives.

    In its own folder, so that its backups never mix with (or push out) the
    user's own.
    """
    return database.parent / "debrief-demo" / "demo.duckdb"


class DemoRefused(DebriefError):
    """Demo data goes only into an empty database, never among a user's own records."""

    title = "No demo data was added"


_PREFIXES = np.array(
    [
        "Acme",
        "Globex",
        "Initech",
        "Umbrella",
        "Hooli",
        "Vandelay",
        "Stark",
        "Wayne",
        "Wonka",
        "Cyberdyne",
        "Soylent",
        "Tyrell",
        "Aperture",
        "Gringotts",
        "Oscorp",
        "Nakatomi",
        "Monarch",
        "Pied",
        "Dunder",
        "Sterling",
        "Prestige",
        "Massive",
        "Duff",
        "Gekko",
        "Virtucon",
        "Hanso",
        "Dharma",
        "Weyland",
        "Rekall",
        "Veridian",
        "Zorg",
        "Blue",
        "Bright",
        "Cobalt",
        "Delta",
        "Evergreen",
        "Falcon",
        "Granite",
        "Harbor",
        "Ivory",
        "Juniper",
    ]
)
_SUFFIXES = np.array(
    [
        "Labs",
        "Systems",
        "Analytics",
        "Health",
        "Energy",
        "Robotics",
        "Bank",
        "Logistics",
        "Media",
        "Foods",
        "Software",
        "Insurance",
        "Games",
        "Mobility",
        "Cloud",
        "Retail",
        "Biotech",
        "Capital",
        "Studios",
        "Networks",
    ]
)
_ROLES = np.array(
    [
        "Data Engineer",
        "Data Analyst",
        "Analytics Engineer",
        "Backend Developer",
        "Software Engineer",
        "Machine Learning Engineer",
        "Product Analyst",
        "Platform Engineer",
        "Business Intelligence Developer",
        "Data Scientist",
        "Senior Data Engineer",
        "Site Reliability Engineer",
    ]
)
_LOCATIONS = np.array(
    ["Remote", "Berlin", "Amsterdam", "London", "Paris", "Lisbon", "Barcelona", "Zürich", "Dublin", "Hybrid, Munich"]
)
_FIRST = np.array(
    [
        "Dana",
        "Sam",
        "Kim",
        "Alex",
        "Priya",
        "Jonas",
        "Léa",
        "Mateo",
        "Aisha",
        "Tom",
        "Yuki",
        "Omar",
        "Sofia",
        "Lars",
        "Nina",
        "Ravi",
        "Chloé",
        "Felix",
        "Ines",
        "Marco",
    ]
)
_LAST = np.array(
    [
        "Lee",
        "Ortiz",
        "Park",
        "Novak",
        "Shah",
        "Berg",
        "Dubois",
        "García",
        "Khan",
        "Becker",
        "Tanaka",
        "Haddad",
        "Rossi",
        "Nilsen",
        "Petrova",
        "Iyer",
        "Martin",
        "Weber",
        "Costa",
        "Bianchi",
    ]
)
_NOTES = np.array(
    [
        "Referred by a former colleague.",
        "Salary range posted: 70–85k.",
        "Team uses dbt and DuckDB; good fit.",
        "Applied through the careers page; cover letter tailored.",
        "Recruiter reached out first.",
        "Asked for a portfolio link.",
    ]
)
_WENT_WELL = np.array(
    [
        "Explained the pipeline redesign clearly, with numbers.",
        "Good rapport with the hiring manager from the start.",
        "Solved the SQL exercise quickly and talked through edge cases.",
        "My STAR story about the migration landed well.",
        "Asked sharp questions about the team's roadmap.",
        "Stayed calm when the system design question changed midway.",
    ]
)
_TO_IMPROVE = np.array(
    [
        "Rambled on the first question; lead with the answer.",
        "Prepare a shorter story about a conflict with a colleague.",
        "Review window functions before the next technical round.",
        "Had no question ready about on-call; prepare two.",
        "Slow down when explaining trade-offs.",
        "Research the company's product before the call.",
    ]
)
_TOPICS = np.array(
    [
        "SQL, data modelling",
        "System design, streaming",
        "Behavioural: conflict, ownership",
        "Python, testing",
        "Stakeholder management",
        "Cloud costs, orchestration",
    ]
)
_QUESTIONS = np.array(
    [
        "How is success measured in the first 90 days?",
        "What does the on-call rotation look like?",
        "How do data and product teams work together?",
        "What is the biggest challenge for the team this year?",
    ]
)
_REJECTED_FEEDBACK = np.array(
    [
        "Strong SQL, but they wanted more experience with streaming systems.",
        "Another candidate had closer domain experience.",
        "Good communication; the system design answer lacked depth on scaling.",
        "They went with an internal candidate.",
    ]
)
_OFFER_FEEDBACK = np.array(
    [
        "The panel liked the clear explanations and the questions you asked.",
        "Strong technical round; the team enjoyed the collaboration exercise.",
    ]
)
# The stage of the first, second, third and fourth round (two choices each).
_STAGES = np.array([["screen", "screen"], ["technical", "behavioral"], ["onsite", "panel"], ["final", "final"]])


def generate_demo(
    db: Database, applications: int = DEMO_APPLICATIONS, seed: int = DEMO_SEED, today: date | None = None
) -> dict[str, int]:
    """Fill the empty database `db` with a made-up job search; return how many rows of each kind.

    Raises `DemoRefused` if the database already holds applications.
    """
    cur = db.cursor()
    try:
        if reads.has_any_application(cur):
            raise DemoRefused("This database already holds applications; demo data goes only into an empty one.")
    finally:
        cur.close()
    search = build_demo(applications, seed, today or date.today())
    with db.transaction() as cur:
        ids = {table: new_ids(cur, table, len(frame)) for table, frame in search.items() if table in _WITH_IDS}
        for table in _WRITE_ORDER:
            insert_frame(cur, table, _with_ids(table, search[table], ids))
    return {table: len(frame) for table, frame in search.items()}


_WITH_IDS = ("applications", "contacts", "interviews", "reflections", "follow_ups")
_WRITE_ORDER = (
    "applications",
    "contacts",
    "interviews",
    "interview_interviewers",
    "application_references",
    "reflections",
    "follow_ups",
)
# Columns holding positions in another generated frame, and the frame they point into.
_POSITIONS = {
    "application": ("application_id", "applications"),
    "interview": ("interview_id", "interviews"),
    "contact": ("contact_id", "contacts"),
}


def _with_ids(table: str, frame: pd.DataFrame, ids: dict[str, np.ndarray]) -> pd.DataFrame:
    """The generated rows with positions turned into the ids the database gave them."""
    out = frame.copy()
    if table in ids:
        out.insert(0, "id", ids[table])
    for position, (column, target) in _POSITIONS.items():
        if position in out:
            where = out.pop(position)
            present = where.notna()
            linked = pd.array([pd.NA] * len(out), dtype="Int64")
            linked[present.to_numpy()] = ids[target][where[present].astype(int).to_numpy()]
            out[column] = linked
    return out


def build_demo(applications: int, seed: int, today: date) -> dict[str, pd.DataFrame]:
    """The demo search as frames, one per table, linked by position (row number) rather than id."""
    rng = np.random.default_rng(seed)
    now = datetime.combine(today, time(18, 0))
    span = int(np.clip(applications * 0.8, 90, 730))
    start = pd.Timestamp(today - timedelta(days=span))
    n = applications

    # Applications, oldest first.
    offsets = np.sort(rng.integers(0, span + 1, n))
    applied_on = start + pd.to_timedelta(offsets, unit="D")
    company = (
        pd.Series(_PREFIXES[rng.integers(0, len(_PREFIXES), n)]) + " " + _SUFFIXES[rng.integers(0, len(_SUFFIXES), n)]
    )
    age = (pd.Timestamp(today) - applied_on).days.to_numpy()
    delay = 2 + rng.gamma(2.0, 4.0, n).round().astype(int)
    answered = (rng.random(n) < 0.45) & (delay <= age)
    interviewed = answered & (rng.random(n) < 0.5)
    status = np.where(age > 30, np.where(rng.random(n) < 0.75, "ghosted", "applied"), "applied").astype(object)
    status[(~answered) & (rng.random(n) < 0.03)] = "withdrawn"
    status[answered & ~interviewed] = "rejected"
    responded_on = pd.Series(applied_on + pd.to_timedelta(delay, unit="D")).where(answered)
    apps = pd.DataFrame(
        {
            "company": company,
            "role": _ROLES[rng.integers(0, len(_ROLES), n)],
            "location": _LOCATIONS[rng.integers(0, len(_LOCATIONS), n)],
            "source": np.array(SOURCES)[rng.choice(len(SOURCES), n, p=[0.35, 0.15, 0.2, 0.1, 0.1, 0.05, 0.05])],
            "url": [f"https://careers.example.com/jobs/{i + 1000}" for i in range(n)],
            "applied_on": applied_on,
            "responded_on": responded_on,
            "status": status,
            "notes": pd.Series(_NOTES[rng.integers(0, len(_NOTES), n)]).where(rng.random(n) < 0.3),
        }
    )

    # Interview rounds: each interviewed application has one to four, a week or so apart.
    rounds = rng.choice([1, 2, 3, 4], int(interviewed.sum()), p=[0.3, 0.3, 0.25, 0.15])
    app_of_round = np.repeat(np.flatnonzero(interviewed), rounds)
    number = np.arange(len(app_of_round)) - np.repeat(np.cumsum(rounds) - rounds, rounds)
    gaps = np.where(number == 0, rng.integers(3, 8, len(number)), rng.integers(5, 11, len(number)))
    held_day = (
        responded_on.to_numpy()[app_of_round]
        + pd.to_timedelta(pd.Series(gaps).groupby(app_of_round).cumsum().to_numpy(), unit="D").to_numpy()
    )
    plan = pd.DataFrame(
        {
            "application": app_of_round,
            "number": number,
            "held_at": pd.Series(held_day)
            + pd.to_timedelta(rng.integers(9, 17, len(number)), unit="h")
            + pd.to_timedelta(rng.choice([0, 30], len(number)), unit="min"),
            "stage": _STAGES[number, rng.integers(0, 2, len(number))],
            "remote": rng.random(len(number)) < 0.6,
            "ending": rng.choice(["offer", "rejected", "pending"], len(number), p=[0.15, 0.6, 0.25]),
            "wait": rng.integers(1, 9, len(number)),
        }
    )
    # Rounds are known up to the first one still to come, and at most ten days ahead.
    future = (plan["held_at"] > pd.Timestamp(now)).astype(int)
    future_before = future.groupby(plan["application"]).cumsum() - future
    plan = plan[(plan["held_at"] <= pd.Timestamp(now + timedelta(days=10))) & (future_before == 0)]
    plan = plan.reset_index(drop=True)
    last = plan["application"].ne(plan["application"].shift(-1)).to_numpy()
    past = (plan["held_at"] <= pd.Timestamp(now)).to_numpy()
    heard = plan["held_at"].dt.normalize() + pd.to_timedelta(plan["wait"], unit="D")
    next_held = plan["held_at"].shift(-1).dt.normalize()
    decided = past & last & (plan["ending"] != "pending").to_numpy() & (heard <= pd.Timestamp(today)).to_numpy()
    advanced = past & ~last
    outcome = np.where(advanced, "advanced", "pending").astype(object)
    outcome[decided] = plan["ending"].to_numpy()[decided]
    heard_back_on = heard.where(decided)
    heard_back_on[advanced] = np.minimum(heard[advanced], next_held[advanced])
    feedback = pd.Series(None, index=plan.index, dtype=object)
    rejected, offered = outcome == "rejected", outcome == "offer"
    feedback[rejected] = _REJECTED_FEEDBACK[rng.integers(0, len(_REJECTED_FEEDBACK), int(rejected.sum()))]
    feedback[rejected & (rng.random(len(plan)) < 0.4)] = None
    feedback[offered] = _OFFER_FEEDBACK[rng.integers(0, len(_OFFER_FEEDBACK), int(offered.sum()))]
    interviews = pd.DataFrame(
        {
            "application": plan["application"],
            "stage": plan["stage"],
            "format": np.where(plan["number"] == 0, "phone", np.where(plan["remote"], "video", "onsite")),
            "held_at": plan["held_at"].astype("datetime64[us]"),
            "outcome": outcome,
            "heard_back_on": heard_back_on.astype("datetime64[us]"),
            "feedback": feedback,
        }
    )

    # Each application's status follows its last round.
    last = interviews.groupby("application").tail(1)
    app_status = np.where(
        last["outcome"] == "offer",
        np.where(rng.random(len(last)) < 0.4, "accepted", "offer"),
        np.where(last["outcome"] == "rejected", "rejected", "interviewing"),
    )
    app_status[(last["held_at"] > pd.Timestamp(now)).to_numpy() & (last["stage"] == "screen").to_numpy()] = "screening"
    apps.loc[last["application"].to_numpy(), "status"] = app_status

    # Interviewers: one or two people of the company per round; the same name at the same company is one contact.
    per_round = rng.choice([1, 2], len(interviews), p=[0.6, 0.4])
    round_of_link = np.repeat(np.arange(len(interviews)), per_round)
    names = (
        _FIRST[rng.integers(0, len(_FIRST), len(round_of_link))]
        + " "
        + _LAST[rng.integers(0, len(_LAST), len(round_of_link))]
    )
    links = pd.DataFrame(
        {
            "interview": round_of_link,
            "name": names,
            "company": apps["company"].to_numpy()[interviews["application"].to_numpy()[round_of_link]],
        }
    ).drop_duplicates(["interview", "name"])
    interviewers = links[["name", "company"]].drop_duplicates().reset_index(drop=True)
    interviewers["kind"] = "interviewer"
    references = pd.DataFrame(
        {
            "name": ["Marta Jensen", "Kofi Mensah", "Ana Sousa"],
            "kind": "reference",
            "company": ["Previous employer", "Previous employer", "University"],
            "email": ["marta.jensen@example.com", "kofi.mensah@example.com", "ana.sousa@example.com"],
            "title": ["Engineering manager", "Senior data engineer", "Thesis supervisor"],
            "relationship": ["Former manager", "Former teammate", "Professor"],
        }
    )
    recruiters = pd.DataFrame(
        {
            "name": ["Julia Hart", "Ben Okafor"],
            "kind": "recruiter",
            "company": ["Talent Partners", "Hire Well"],
            "email": ["julia@talent.example.com", "ben@hirewell.example.com"],
        }
    )
    contacts = pd.concat([interviewers, references, recruiters], ignore_index=True)
    position = {key: i for i, key in enumerate(zip(interviewers["name"], interviewers["company"], strict=True))}
    links["contact"] = [position[key] for key in zip(links["name"], links["company"], strict=True)]
    interview_interviewers = links[["interview", "contact"]].reset_index(drop=True)

    # References are attached to applications that reached a round past the screen.
    serious = interviews[interviews["stage"].isin(STAGES_WORTH_A_HEADS_UP)]
    first_serious = serious.groupby("application").head(1)
    reference_positions = np.arange(len(interviewers), len(interviewers) + len(references))
    chosen = rng.integers(0, len(references), (len(first_serious), 2))
    attached = pd.DataFrame(
        {
            "application": np.repeat(first_serious["application"].to_numpy(), 2),
            "contact": reference_positions[chosen.ravel()],
            "interview": np.repeat(first_serious.index.to_numpy(), 2),
            "held_at": np.repeat(first_serious["held_at"].to_numpy(), 2),
        }
    ).drop_duplicates(["application", "contact"])
    application_references = attached[["application", "contact"]].assign(
        attached_at=apps["responded_on"].to_numpy()[attached["application"].to_numpy()]
    )

    # Reflections: most past rounds, written a few hours after; scores climb as the search goes on.
    done = interviews[interviews["held_at"] <= pd.Timestamp(now) - pd.Timedelta(hours=6)]
    done = done[rng.random(len(done)) < 0.85]
    m = len(done)
    progress = ((done["held_at"] - start) / pd.Timedelta(days=span)).clip(0, 1).to_numpy()
    overall = np.clip(np.rint(2.1 + 2.2 * progress + rng.normal(0, 0.6, m)), 1, 5).astype(int)

    def around(spread: float, missing: float = 0.0) -> pd.Series:
        score = pd.Series(np.clip(np.rint(overall + rng.normal(0, spread, m)), 1, 5).astype(int), dtype="Int64")
        return score.mask(rng.random(m) < missing)

    reflections = pd.DataFrame(
        {
            "interview": done.index.to_numpy(),
            "written_at": (done["held_at"] + pd.to_timedelta(rng.integers(60, 300, m), unit="min")).dt.floor("min"),
            "overall": overall,
            "communication": around(0.7).to_numpy(),
            "skills": around(0.8).to_numpy(),
            "examples": around(0.9, 0.1).to_numpy(),
            "rapport": around(0.8).to_numpy(),
            "questions": around(1.0, 0.15).to_numpy(),
            "preparation": around(0.8, 0.1).to_numpy(),
            "stress": pd.array(
                np.clip(np.rint(4.2 - 2.4 * progress + rng.normal(0, 0.7, m)), 1, 5).astype(int), dtype="Int64"
            ),
            "went_well": _WENT_WELL[rng.integers(0, len(_WENT_WELL), m)],
            "to_improve": _TO_IMPROVE[rng.integers(0, len(_TO_IMPROVE), m)],
            "topics": _TOPICS[rng.integers(0, len(_TOPICS), m)],
            "questions_asked": pd.Series(_QUESTIONS[rng.integers(0, len(_QUESTIONS), m)])
            .where(rng.random(m) < 0.7)
            .to_numpy(),
        }
    ).reset_index(drop=True)

    follow_ups = _follow_ups(rng, now, today, interviews, interview_interviewers, attached)
    return {
        "applications": apps,
        "contacts": contacts,
        "interviews": interviews,
        "interview_interviewers": interview_interviewers,
        "application_references": application_references,
        "reflections": reflections,
        "follow_ups": follow_ups,
    }


def _follow_ups(
    rng: np.random.Generator,
    now: datetime,
    today: date,
    interviews: pd.DataFrame,
    interview_interviewers: pd.DataFrame,
    attached: pd.DataFrame,
) -> pd.DataFrame:
    """The follow-ups the plan calls for (see followups.plan), done on time, late, or still open."""
    thank_you = interview_interviewers.assign(
        kind="thank_you",
        application=interviews["application"].to_numpy()[interview_interviewers["interview"].to_numpy()],
        due_at=interviews["held_at"].to_numpy()[interview_interviewers["interview"].to_numpy()]
        + np.timedelta64(THANK_YOU_WITHIN),
    )
    heads_up = attached.assign(kind="reference_heads_up", due_at=pd.to_datetime(attached["held_at"]) + HEADS_UP_WITHIN)
    decided = interviews[interviews["outcome"].isin(["rejected", "offer"])]
    feedback = pd.DataFrame(
        {
            "interview": decided.index.to_numpy(),
            "application": decided["application"].to_numpy(),
            "kind": "feedback_request",
            "due_at": decided["heard_back_on"] + pd.Timedelta(hours=MORNING.hour) + FEEDBACK_AFTER,
        }
    )
    waiting = interviews[(interviews["outcome"] == "pending") & interviews["heard_back_on"].isna()]
    status_check = pd.DataFrame(
        {
            "interview": waiting.index.to_numpy(),
            "application": waiting["application"].to_numpy(),
            "kind": "status_check",
            "due_at": waiting["held_at"].dt.normalize()
            + pd.Timedelta(hours=MORNING.hour)
            + pd.Timedelta(days=int(DEFAULT_WAIT_DAYS) + 1),
        }
    )
    items = pd.concat(
        [
            thank_you[["interview", "application", "kind", "contact", "due_at"]],
            heads_up[["interview", "application", "kind", "contact", "due_at"]],
            feedback,
            status_check,
        ],
        ignore_index=True,
    )
    items["contact"] = items["contact"].astype("Int64")
    k = len(items)
    due = pd.Series(pd.to_datetime(items["due_at"]).astype("datetime64[us]"))
    fate = rng.choice(["on time", "late", "open"], k, p=[0.65, 0.22, 0.13])
    early = pd.to_timedelta(rng.integers(30, 20 * 60, k), unit="min")
    late = pd.to_timedelta(rng.integers(2 * 60, 72 * 60, k), unit="min")
    done_at = pd.Series(np.where(fate == "on time", due - early, due + late), dtype="datetime64[us]")
    done_at = done_at.where((fate != "open") & (done_at <= pd.Timestamp(now)))
    notes = np.where(items["kind"] == "thank_you", "Sent by email.", None)
    return pd.DataFrame(
        {
            "interview": items["interview"].astype("Int64"),
            "application": items["application"],
            "kind": items["kind"],
            "contact": items["contact"],
            "due_at": due.dt.floor("min"),
            "done_at": done_at.dt.floor("min"),
            "note": pd.Series(notes).where(done_at.notna().to_numpy(), None),
        }
    )
