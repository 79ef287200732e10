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

import unicodedata
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from data.store import reads
from data.store.applications import SOURCES
from data.store.bulk import BULK_TABLES, insert_frame, new_ids
from data.store.db import Database
from data.store.errors import DebriefError
from data.store.schema import INTERVIEW_STAGES, RECORD_TABLES
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


# Made-up companies: a plausible name and a line of business, never a real firm.
_PREFIXES = np.array(
    [
        "Northwind",
        "Bluefin",
        "Larkspur",
        "Copperleaf",
        "Tidewater",
        "Fernhill",
        "Brightline",
        "Kestrel",
        "Meridian",
        "Halcyon",
        "Silverpine",
        "Redwood",
        "Lumen",
        "Orbital",
        "Sundial",
        "Tandem",
        "Beacon",
        "Cascade",
        "Driftwood",
        "Ember",
        "Foundry",
        "Glacier",
        "Harvest",
        "Ironbark",
        "Keystone",
        "Lantern",
        "Mosaic",
        "Nimbus",
        "Oakline",
        "Pinnacle",
        "Quill",
        "Riverstone",
        "Sable",
        "Trellis",
        "Upland",
        "Verdant",
        "Willow",
        "Yarrow",
        "Zephyr",
        "Alder",
        "Bramble",
        "Clearwater",
        "Dovetail",
        "Fieldstone",
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
        "Bio",
        "Capital",
        "Payments",
        "Travel",
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
# What each role is about, three ways, in the user's words: each ends "The role is about …".
_ABOUT = np.array(
    [
        [
            "moving their nightly batch jobs to streaming pipelines",
            "building the pipelines behind their new pricing engine",
            "owning data ingestion from a dozen partner APIs",
        ],
        [
            "helping the sales team understand churn",
            "the weekly reporting for their marketplace",
            "finding where customers drop out of onboarding",
        ],
        [
            "turning a tangle of SQL scripts into tested dbt models",
            "the metrics layer the whole company reports from",
            "making their warehouse something analysts trust",
        ],
        [
            "the payments API and its move to event sourcing",
            "scaling the booking service for the summer peak",
            "splitting a large Django monolith into services",
        ],
        [
            "the mobile checkout and the services behind it",
            "building internal tools for their support team",
            "a new search feature for their catalogue",
        ],
        [
            "taking their recommendation models from notebooks to production",
            "the fraud detection models and how they are monitored",
            "forecasting demand for their warehouses",
        ],
        [
            "running experiments on the sign-up flow",
            "measuring which features keep customers coming back",
            "the product metrics behind their roadmap",
        ],
        [
            "the Kubernetes platform every team deploys to",
            "making builds and deploys faster for 200 engineers",
            "the infrastructure behind their move to the cloud",
        ],
        [
            "the dashboards finance and operations rely on",
            "replacing spreadsheets with a proper reporting layer",
            "self-serve reporting for their regional managers",
        ],
        [
            "pricing experiments and what they mean for revenue",
            "modelling customer lifetime value",
            "the models that route deliveries",
        ],
        [
            "leading the data platform team's move to a lakehouse",
            "the streaming platform behind real-time dashboards",
            "data quality across a growing warehouse",
        ],
        [
            "keeping a busy platform reliable and on-call humane",
            "observability and incident response across their services",
            "cutting their cloud bill without hurting reliability",
        ],
    ]
)
_LOCATIONS = np.array(
    [
        "Remote",
        "Berlin",
        "Amsterdam",
        "London",
        "Paris",
        "Lisbon",
        "Barcelona",
        "Zürich",
        "Dublin",
        "Hybrid, Munich",
        "Copenhagen",
        "Hybrid, Rotterdam",
        "Vienna",
        "Stockholm",
    ]
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
        "Hannah",
        "Diego",
        "Mei",
        "Kwame",
        "Elena",
        "Tobias",
        "Zara",
        "Niels",
        "Amara",
        "Lucas",
        "Freya",
        "Hugo",
        "Leila",
        "Pavel",
        "Rosa",
        "Theo",
        "Anya",
        "Emeka",
        "Clara",
        "Jakub",
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
        "Okoye",
        "Lindqvist",
        "Moreau",
        "Fischer",
        "Santos",
        "Kowalski",
        "Nakamura",
        "Hansen",
        "Rahman",
        "Schulz",
        "Oliveira",
        "Murphy",
        "Jansen",
        "Ali",
        "Horvat",
        "Chen",
        "Eriksen",
        "Mendes",
        "Vogel",
        "Adeyemi",
    ]
)
_INTERVIEWER_TITLES = np.array(
    [
        "Engineering manager",
        "Head of data",
        "Senior data engineer",
        "Staff engineer",
        "Talent partner",
        "Product manager",
        "Analytics lead",
        "CTO",
        "Tech lead",
        "Senior software engineer",
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
        "Four days in the office; 40 min commute.",
        "Met two of the team at a meetup in the spring.",
    ]
)
# A person's own notes, terse and in the first person.
_WENT_WELL = np.array(
    [
        "Explained the pipeline redesign clearly, with numbers.",
        "Good rapport with the hiring manager from the start.",
        "Solved the SQL exercise quickly and talked through edge cases.",
        "My STAR story about the migration landed well.",
        "Asked sharp questions about the team's roadmap.",
        "Stayed calm when the system design question changed midway.",
        "Kept my answers short and checked they were what they wanted.",
        "Had numbers ready for every project I mentioned.",
        "Admitted what I didn't know and reasoned out loud; they seemed to like it.",
        "The take-home walkthrough went smoothly, no surprises.",
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
        "Forgot to ask about next steps and the timeline.",
        "Blanked on the salary question; decide on a range beforehand.",
        "Drew the design too fast; start from the requirements.",
        "Said 'we' too much; make my own part clear.",
    ]
)
# What was discussed, as a person notes it down after the call (two of these, one a line).
_DISCUSSED = np.array(
    [
        "Walked through the warehouse migration I led; lots of questions on backfills.",
        "Their move to event sourcing, and how they replay events after a bug.",
        "On-call: one week in six, with a handover on Mondays.",
        "Team: four engineers, one analyst, a product manager shared with billing.",
        "Live SQL exercise on sessionising click events.",
        "System design: a rate limiter for their public API.",
        "My conflict story (the dashboard deadline) and what I'd do differently.",
        "Salary range and notice period; they can wait six weeks.",
        "How they test dbt models: no CI yet, they want someone to set it up.",
        "The product: invoicing for small shops, growing fast in Spain.",
        "Their data catalogue project, stalled since last year.",
        "How they run incident reviews; blameless, written up within a week.",
    ]
)
# Something talked about, as it ends "I enjoyed our conversation about …" in a thank-you note.
_THANK_YOU_TOPICS = np.array(
    [
        "their move to event sourcing",
        "how the team runs on-call",
        "the migration from batch jobs to streaming",
        "how you measure data quality",
        "the roadmap for self-serve analytics",
        "how product and data teams plan work together",
        "your approach to code review",
        "scaling the recommendation service",
        "the pricing experiments you are running",
        "how new engineers are onboarded",
        "cutting the warehouse's cloud costs",
        "how incidents are reviewed without blame",
        "what the first ninety days would look like",
        "testing dbt models in CI",
    ]
)
# Every two different notes, one a line: drawn by index, no string is built per reflection.
_DISCUSSED_PAIRS = np.array([[f"{a}\n{b}" for b in _DISCUSSED] for a in _DISCUSSED], dtype=object)
# Questions interviewers asked, by stage (screen, technical, behavioral, panel, onsite, final, other).
_QUESTIONS = np.array(
    [
        [
            "Why are you looking to leave your current role?",
            "What are your salary expectations?",
            "Walk me through your CV in two minutes.",
            "What is your notice period?",
            "What do you know about what we do?",
            "Why this role, and why now?",
        ],
        [
            "How would you deduplicate events that arrive late?",
            "What is the difference between a left join and a semi join?",
            "How would you design a pipeline that backfills a year of data?",
            "How do you decide what to test in a data pipeline?",
            "How would you find the slowest query in a warehouse?",
            "Walk me through how you would model slowly changing dimensions.",
        ],
        [
            "Tell me about a time you disagreed with a stakeholder.",
            "Describe a project that failed. What did you learn?",
            "How do you handle a request you think is a bad idea?",
            "Tell me about feedback that changed how you work.",
            "When did you have to deliver with too little time?",
            "How do you keep a team informed when plans change?",
        ],
        [
            "Walk us through a project you are proud of.",
            "How would you explain your last project to a non-technical colleague?",
            "What would you change about how your current team works?",
            "How do you prioritise when everything is urgent?",
            "What kind of manager helps you do your best work?",
            "How would your former teammates describe you?",
        ],
        [
            "Can you design our order pipeline on the whiteboard?",
            "How would you make this service survive a region outage?",
            "Pair with us on this bug: where would you start?",
            "How would you roll out a schema change without downtime?",
            "What would you monitor first on a new service?",
            "How do you review a colleague's pull request?",
        ],
        [
            "What would you do in your first thirty days here?",
            "What questions do you still have about the role?",
            "What would make you turn down an offer from us?",
            "Where do you want to be in three years?",
            "How do you like to receive feedback?",
            "Is there anything we haven't asked that we should have?",
        ],
        [
            "Tell me about yourself.",
            "What are you looking for in your next role?",
            "What is your notice period?",
            "How do you keep your skills up to date?",
            "What are your salary expectations?",
            "Why do you want to work here?",
        ],
    ]
)
# One, two or three questions of a stage in a row (wrapping round), one a line, by stage, first and how many.
_QUESTION_RUNS = np.array(
    [
        [["\n".join(np.roll(questions, -start)[:count]) for count in (1, 2, 3)] for start in range(len(questions))]
        for questions in _QUESTIONS
    ],
    dtype=object,
)
_REJECTED_FEEDBACK = np.array(
    [
        "Strong SQL, but they wanted more experience with streaming systems.",
        "Another candidate had closer domain experience.",
        "Good communication; the system design answer lacked depth on scaling.",
        "They went with an internal candidate.",
        "They liked the take-home but wanted someone more senior.",
        "Role put on hold after a reorganisation.",
    ]
)
_OFFER_FEEDBACK = np.array(
    [
        "The panel liked the clear explanations and the questions you asked.",
        "Strong technical round; the team enjoyed the collaboration exercise.",
        "They liked how you talked about trade-offs and owned your mistakes.",
    ]
)
# Why a follow-up was skipped, by kind (thank-you, heads-up, feedback request, check-in).
_SKIP_REASONS = {
    "thank_you": np.array(["Thanked them at the end of the call.", "Sent a LinkedIn message instead."]),
    "reference_heads_up": np.array(["Called them instead.", "Told them in person at lunch."]),
    "feedback_request": np.array(["They gave feedback on the phone.", "Not worth asking this time."]),
    "status_check": np.array(["They wrote first with next steps.", "The recruiter called with an update."]),
}
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
        ids = {table: new_ids(cur, table, len(frame)) for table, frame in search.items() if table in RECORD_TABLES}
        for table in (table for table in BULK_TABLES if table in search):  # each after those it links to
            insert_frame(cur, table, _with_ids(table, search[table], ids))
    return {table: len(frame) for table, frame in search.items()}


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
    role = rng.integers(0, len(_ROLES), n)
    apps = pd.DataFrame(
        {
            "company": company,
            "role": _ROLES[role],
            "location": _LOCATIONS[rng.integers(0, len(_LOCATIONS), n)],
            "source": np.array(SOURCES)[rng.choice(len(SOURCES), n, p=[0.35, 0.15, 0.2, 0.1, 0.1, 0.05, 0.05])],
            "url": [f"https://careers.example.com/jobs/{i + 1000}" for i in range(n)],
            "applied_on": applied_on,
            "responded_on": responded_on,
            "status": status,
            "notes": pd.Series(_NOTES[rng.integers(0, len(_NOTES), n)]).where(rng.random(n) < 0.3),
            # Written down for most applications that came to interviews, for some others.
            "about": pd.Series(_ABOUT[role, rng.integers(0, _ABOUT.shape[1], n)]).where(
                rng.random(n) < np.where(interviewed, 0.9, 0.35)
            ),
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
    # Few employers stay silent for a month after an interview: most of those answer with a no.
    long_ago = (plan["held_at"] < pd.Timestamp(now) - pd.Timedelta(days=30)).to_numpy()
    answered_late = long_ago & (plan["ending"] == "pending").to_numpy() & (rng.random(len(plan)) < 0.8)
    plan.loc[answered_late, "ending"] = "rejected"
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
            "format": np.where(
                plan["number"] == 0,
                "phone",
                np.where(plan["remote"] & (plan["stage"] != "onsite"), "video", "onsite"),
            ),
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
    interviewers["title"] = _INTERVIEWER_TITLES[rng.integers(0, len(_INTERVIEWER_TITLES), len(interviewers))]
    # Most interviewers' addresses are known (from the invitation); the rest are typed on the card when needed.
    interviewers["email"] = _addresses(interviewers["name"], interviewers["company"]).where(
        rng.random(len(interviewers)) < 0.75
    )
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
    # Each link's contact is the interviewer's position, found by a join (a left join keeps the links' order).
    positions = interviewers[["name", "company"]].assign(contact=np.arange(len(interviewers)))
    interview_interviewers = links.merge(positions, on=["name", "company"], how="left")[["interview", "contact"]]

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
    # Nearly every round has its reflection. The last three days' are all written (their
    # thank-you notes are open, and read best with the topic the reflection gives them);
    # some of the days before are still to write.
    age = pd.Timestamp(now) - done["held_at"]
    recent = (age <= pd.Timedelta(days=3)).to_numpy()
    this_week = (age <= pd.Timedelta(days=7)).to_numpy()
    done = done[rng.random(len(done)) < np.where(recent, 1.0, np.where(this_week, 0.6, 0.93))]
    m = len(done)
    progress = ((done["held_at"] - start) / pd.Timedelta(days=span)).clip(0, 1).to_numpy()
    overall = np.clip(np.rint(2.1 + 2.2 * progress + rng.normal(0, 0.6, m)), 1, 5).astype(int)

    topic = rng.integers(0, len(_THANK_YOU_TOPICS), m)

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
            "topics": _discussed(rng, m),
            "questions_asked": _questions_asked(rng, done["stage"]).where(rng.random(m) < 0.8).to_numpy(),
            "thank_you_topic": pd.Series(_THANK_YOU_TOPICS[topic]).where(rng.random(m) < 0.8).to_numpy(),
        }
    ).reset_index(drop=True)
    interview_interviewers["thank_you_topic"] = _topic_per_interviewer(
        rng, interview_interviewers["interview"], pd.Series(topic, index=done.index)
    )

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


def _addresses(names: pd.Series, companies: pd.Series) -> pd.Series:
    """Made-up work addresses, `first.last@company.example.com`, in plain ASCII."""

    def ascii_word(text: str, joiner: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return joiner.join(plain.lower().split())

    local = names.map({name: ascii_word(name, ".") for name in names.unique()}).astype(str)
    domain = companies.map({company: ascii_word(company, "") for company in companies.unique()}).astype(str)
    return local + "@" + domain + ".example.com"


def _discussed(rng: np.random.Generator, m: int) -> np.ndarray:
    """What was discussed, as noted after the call: one or two different notes, one a line."""
    first = rng.integers(0, len(_DISCUSSED), m)
    second = (first + rng.integers(1, len(_DISCUSSED), m)) % len(_DISCUSSED)
    return np.where(rng.random(m) < 0.3, _DISCUSSED[first], _DISCUSSED_PAIRS[first, second])


def _questions_asked(rng: np.random.Generator, stages: pd.Series) -> pd.Series:
    """One to three different questions the interviewers asked, fitting each round's stage, one a line."""
    m = len(stages)
    row = stages.map({stage: i for i, stage in enumerate(INTERVIEW_STAGES)}).to_numpy(dtype=int)
    start = rng.integers(0, _QUESTIONS.shape[1], m)
    how_many = rng.choice([1, 2, 3], m, p=[0.3, 0.45, 0.25])
    return pd.Series(_QUESTION_RUNS[row, start, how_many - 1])


def _topic_per_interviewer(rng: np.random.Generator, interview: pd.Series, reflected_topic: pd.Series) -> pd.Series:
    """For rounds with several interviewers and a reflection, mostly a different topic for each of them.

    `reflected_topic` holds, by interview position, the index of the reflection's
    own topic; each interviewer's differs from it and from the other's.
    """
    base = interview.map(reflected_topic)
    position = interview.groupby(interview).cumcount()
    several = interview.groupby(interview).transform("size") > 1
    index = ((base.fillna(0).astype(int) + 1 + 5 * position) % len(_THANK_YOU_TOPICS)).to_numpy()
    chosen = base.notna() & several & (rng.random(len(interview)) < 0.7)
    return pd.Series(_THANK_YOU_TOPICS[index], index=interview.index).where(chosen).to_numpy()


def _in_the_day(moments: pd.Series) -> pd.Series:
    """The same days, each moment moved into waking hours (08:00–22:00), keeping their order within the day."""
    day = moments.dt.normalize()
    return day + pd.Timedelta(hours=8) + (moments - day) * (14 / 24)


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
    # A diligent user: what fell due more than three days ago is done (mostly on time) or
    # skipped with a reason; only recent follow-ups are still open.
    settled = (due < pd.Timestamp(now) - pd.Timedelta(days=3)).to_numpy()
    fate = np.where(
        settled,
        rng.choice(["on time", "late", "skipped"], k, p=[0.72, 0.2, 0.08]),
        rng.choice(["on time", "late", "open"], k, p=[0.45, 0.1, 0.45]),
    )
    early = pd.to_timedelta(rng.integers(30, 20 * 60, k), unit="min")
    late = pd.to_timedelta(rng.integers(2 * 60, 72 * 60, k), unit="min")
    done_at = _in_the_day(pd.Series(np.where(fate == "on time", due - early, due + late), dtype="datetime64[us]"))
    done_at = done_at.where(np.isin(fate, ["on time", "late"]) & (done_at <= pd.Timestamp(now)))
    skipped = fate == "skipped"
    skipped_at = _in_the_day(pd.Series((due + early).to_numpy(), dtype="datetime64[us]")).where(skipped)
    which = rng.integers(0, 2, k)
    # numpy reads None as an object scalar (no value); its stubs take no bare None where an array-like goes.
    reasons = np.select(  # type: ignore[call-overload]
        [items["kind"].to_numpy() == kind for kind in _SKIP_REASONS],
        [reasons[which] for reasons in _SKIP_REASONS.values()],
        None,
    )
    notes = np.where(items["kind"] == "thank_you", "Sent by email.", None)  # type: ignore[call-overload]
    return pd.DataFrame(
        {
            "interview": items["interview"].astype("Int64"),
            "application": items["application"],
            "kind": items["kind"],
            "contact": items["contact"],
            "due_at": due.dt.floor("min"),
            "done_at": done_at.dt.floor("min"),
            "skipped_at": skipped_at.dt.floor("min"),
            "skip_reason": pd.Series(reasons).where(skipped, None),
            "note": pd.Series(notes).where(done_at.notna().to_numpy(), None),
        }
    )
