"""The Follow-ups page as AppTest runs it: groups, drafts from the reflection, done, undo, skip, snooze."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from data.store.applications import Application, save_application
from data.store.follow_ups import count_open_follow_ups, mark_no_answer, set_signature, snooze
from data.store.interviews import Interview, save_interview
from data.store.reflections import Reflection, save_reflection
from data.store.settings import lapse_windows, set_lapse_windows, your_details
from followups.drafts import YourDetails
from followups.plan import LapseWindows
from tests.conftest import page_opener

PAGE = "pages/follow_ups.py"


# Windows wide enough that follow-ups months old are still due, not missed (tests of missing them widen nothing).
WIDE = LapseWindows(thank_you_days=365, heads_up_days=365, feedback_days=365, wait_limit_days=365)


@pytest.fixture
def search(served_search):
    """The served small search (tests/conftest.py), every follow-up long overdue but within `WIDE` windows."""
    set_lapse_windows(served_search[0], WIDE)
    return served_search


open_page = page_opener(PAGE)


def open_cards(at, *follow_up_ids: int):
    """Open these follow-ups' cards, as a click on each does (a closed card draws no draft)."""
    for follow_up_id in follow_up_ids:
        at.session_state[f"card-{follow_up_id}"] = True
    return at.run()


def open_follow_up_ids(db) -> list[int]:
    return [r[0] for r in db.cursor().execute("SELECT id FROM follow_ups WHERE done_at IS NULL ORDER BY id").fetchall()]


def plain(text: str) -> str:
    return text.replace("\\", "").replace("**", "")


def thank_you_id(db, interview_id: int, name: str) -> int:
    return (
        db.cursor()
        .execute(
            "SELECT f.id FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.kind = 'thank_you' AND f.interview_id = ? AND c.name = ?",
            [interview_id, name],
        )
        .fetchall()[0][0]
    )


def follow_up(db, follow_up_id: int) -> dict:
    cur = db.cursor().execute("SELECT * FROM follow_ups WHERE id = ?", [follow_up_id])
    return dict(zip([d[0] for d in cur.description], cur.fetchall()[0], strict=True))


PAGE_EXPANDERS = ("Calendar", "Plan one yourself", "When a follow-up is missed")


def cards(at) -> list:
    """The follow-up cards: every expander but the page's own and the Missed group."""
    return [e for e in at.expander if e.label not in PAGE_EXPANDERS and not e.label.startswith("Missed (")]


def subheaders(at) -> list[str]:
    return [s.value for s in at.subheader]


def test_empty_database_says_there_is_nothing_to_follow_up(app, empty):
    at = open_page(app)
    assert at.title[0].value == "Follow-ups"
    assert [s.value for s in at.success] == ["Nothing to follow up right now."]
    assert subheaders(at) == []
    assert len(at.text_area) == 0
    assert at.get("download_button")[0].proto.disabled


def test_follow_ups_are_grouped_overdue_and_upcoming_with_countdowns(app, empty):
    set_lapse_windows(empty, WIDE)
    now = datetime.now()
    application = save_application(empty, Application("Acme", "Data Engineer", now.date() - timedelta(days=9)))
    save_interview(empty, Interview(application, "screen", "video", now - timedelta(days=3), ["Old Overdue"]))
    save_interview(empty, Interview(application, "screen", "video", now + timedelta(days=3, hours=1), ["Far Upcoming"]))
    at = open_page(app)
    assert subheaders(at) == ["Overdue (1)", "Upcoming (3)"]
    labels = [plain(e.label) for e in cards(at)]
    assert labels[:2] == ["Thank Old Overdue (Acme) · 2 days overdue", "Thank Far Upcoming (Acme) · due in 4 days"]
    assert [label.split(" · ")[0] for label in labels[2:]] == ["Check in with Acme", "Check in with Acme"]
    # The first overdue item is open; upcoming ones wait closed.
    assert [e.proto.expanded for e in cards(at)] == [True, False, False, False]


def test_a_long_overdue_list_shows_its_full_count_and_still_shows_what_is_due_today(app, empty):
    set_lapse_windows(empty, WIDE)
    now = datetime.now()
    application = save_application(empty, Application("Acme", "Data Engineer", now.date() - timedelta(days=40)))
    save_interview(empty, Interview(application, "screen", "video", now - timedelta(days=30), ["Dana Lee"]))
    # More overdue check-ins than any one query of the page reads, and one snoozed to later today.
    with empty.transaction() as cur:
        cur.execute(
            "INSERT INTO follow_ups (application_id, kind, due_at)"
            " SELECT ?, 'status_check', ? - to_minutes(i) FROM range(1, 601) AS t(i)",
            [application, now - timedelta(days=1)],
        )
    later_today = now + (datetime.combine(now.date() + timedelta(days=1), time()) - now) / 2
    snooze(empty, open_follow_up_ids(empty)[0], later_today)
    overdue = count_open_follow_ups(empty.cursor()) - 1
    assert overdue > 600
    at = open_page(app)
    assert subheaders(at) == [f"Overdue ({overdue:,})", "Due today (1)"]
    assert f"And {overdue - 25:,} more, shown once these are done." in [c.value for c in at.caption]
    labels = [plain(e.label) for e in cards(at)]
    assert len(labels) == 26
    assert "overdue" not in labels[-1]


def test_with_nothing_pressing_the_soonest_follow_up_is_open(app, empty):
    now = datetime.now()
    application = save_application(empty, Application("Acme", "Data Engineer", now.date()))
    save_interview(empty, Interview(application, "screen", "video", now + timedelta(days=2), ["Dana Lee", "Sam"]))
    at = open_page(app)
    assert subheaders(at) == ["Upcoming (3)"]
    assert [(plain(e.label).split(" · ")[0], e.proto.expanded) for e in cards(at)] == [
        ("Thank Dana Lee (Acme)", True),
        ("Thank Sam (Acme)", False),
        ("Check in with Acme", False),
    ]


def test_thank_you_draft_for_dana_greets_her_and_mentions_the_topic_asked_for_the_thank_you(app, search):
    db, ids = search
    save_reflection(
        db,
        Reflection(
            ids["acme_technical"],
            4,
            topics="- The move to streaming «Kafka» 🚀\n- On-call",
            thank_you_topic="their move to streaming «Kafka» 🚀",
        ),
    )
    set_signature(db, "Alex Kim")
    thanks = thank_you_id(db, ids["acme_technical"], "Dana Lee")
    screen_thanks = thank_you_id(db, ids["acme_screen"], "Dana Lee")
    at = open_cards(open_page(app), thanks, screen_thanks)
    body = at.text_area(key=f"body-{thanks}").value
    assert body.startswith("Dear Dana,\n\n")
    assert "about the Data Engineer role at Acme." in body
    assert "I really enjoyed our conversation about their move to streaming «Kafka» 🚀." in body
    # The private notes of "What we discussed" never reach a draft.
    assert "The move to streaming" not in body and "On-call" not in body
    assert "the chance to join Acme" in body
    assert body.endswith("Best regards,\nAlex Kim")
    assert at.text_input(key=f"subject-{thanks}").value == "Thank you: Data Engineer interview at Acme"
    # The screen Dana also led has no reflection: its draft leaves the topic out.
    assert "conversation about" not in at.text_area(key=f"body-{screen_thanks}").value


def test_open_in_email_link_carries_the_edited_draft(app, search):
    db, ids = search
    with db.transaction() as cur:
        cur.execute("UPDATE contacts SET email = 'kim@globex.example' WHERE name = 'Kim Park'")
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    at = open_cards(open_page(app), thanks)
    at.text_area(key=f"body-{thanks}").input("Hi Kim,\nThanks & see you soon? #1").run()
    link = next(b for b in at.get("link_button") if "kim%40" in b.proto.url or "kim@" in b.proto.url)
    parts = urlsplit(link.proto.url)
    assert parts.path == "kim@globex.example"
    assert parse_qs(parts.query)["body"] == ["Hi Kim,\r\nThanks & see you soon? #1"]
    assert parse_qs(parts.query)["subject"] == ["Thank you: Analyst interview at Globex"]


def test_mark_done_moves_the_thank_you_to_done_and_undo_brings_it_back(app, search):
    db, ids = search
    thanks = thank_you_id(db, ids["acme_technical"], "Dana Lee")
    at = open_cards(open_page(app), thanks)
    assert subheaders(at) == ["Overdue (6)"]
    at.button(key=f"done-{thanks}").click().run()
    assert not at.exception

    assert follow_up(db, thanks)["done_at"] is not None
    assert subheaders(at) == ["Overdue (5)", "Done"]
    assert [plain(m.value).split(" · ")[0] for m in at.markdown if "material/check" in m.value] == [
        ":material/check: Thank Dana Lee (Acme)"
    ]
    assert not any(t.key == f"body-{thanks}" for t in at.text_area)
    assert [plain(t.value) for t in at.toast] == ["Done: Thank Dana Lee (Acme)"]

    at.button(key=f"undo-{thanks}").click().run()
    assert not at.exception
    assert follow_up(db, thanks)["done_at"] is None
    assert subheaders(at) == ["Overdue (6)"]
    at = open_cards(at, thanks)
    assert at.text_area(key=f"body-{thanks}").value.startswith("Dear Dana,")


def test_skip_without_a_reason_shows_the_problem_and_keeps_the_follow_up(app, search):
    db, ids = search
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    at = open_cards(open_page(app), thanks)
    at.button(key=f"skip-{thanks}").click().run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == ["Not saved yet. Please fix:\n- Reason is required."]
    assert follow_up(db, thanks)["skipped_at"] is None

    at.text_input(key=f"skip-reason-{thanks}").input("Thanked Kim in person")
    at.button(key=f"skip-{thanks}").click().run()
    assert not at.exception
    saved = follow_up(db, thanks)
    assert saved["skip_reason"] == "Thanked Kim in person"
    assert saved["skipped_at"] is not None
    assert any("Thank Kim Park (Globex) · skipped" in plain(m.value) for m in at.markdown)


def test_snooze_moves_the_follow_up_and_keeps_its_planned_time(app, search):
    db, ids = search
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    later = date.today() + timedelta(days=3)
    at = open_cards(open_page(app), thanks)
    at.date_input(key=f"snooze-day-{thanks}").set_value(later)
    at.time_input(key=f"snooze-time-{thanks}").set_value(time(8, 30))
    at.button(key=f"snooze-{thanks}").click().run()
    assert not at.exception
    saved = follow_up(db, thanks)
    assert (saved["snoozed_until"], saved["due_at"]) == (
        datetime.combine(later, time(8, 30)),
        datetime(2026, 3, 13, 9, 30),
    )
    assert subheaders(at) == ["Overdue (5)", "Upcoming (1)"]


def test_first_use_asks_for_a_name_once_and_it_signs_every_draft(app, search):
    db, ids = search
    at = open_cards(open_page(app), *open_follow_up_ids(db))
    bodies = [t.value for t in at.text_area if t.key.startswith("body-")]
    # Unsigned, never a bare closing; each draft asks for the name where it is shown.
    assert bodies and not any("regards" in body for body in bodies)
    assert len([f for f in at.text_input if f.key.startswith("sign-")]) == len(bodies)
    at.text_input(key="first-use-details-name").input("Zoë Ångström")
    at.text_input(key="first-use-details-sign-off").input("Thanks,")
    at.radio(key="first-use-details-tone").set_value("friendly")
    at.button(key="FormSubmitter:first-use-details-Save").click().run()
    assert not at.exception
    assert your_details(db.cursor()) == YourDetails(my_name="Zoë Ångström", sign_off="Thanks", tone="friendly")
    bodies = [t.value for t in at.text_area if t.key.startswith("body-")]
    assert len(bodies) == 6
    assert all(body.endswith("Thanks,\nZoë Ångström") for body in bodies)
    assert any(body.startswith("Hi Dana,") for body in bodies)
    # Asked once: the question is gone, the details page is one link away.
    assert not any(f.key.startswith("first-use-details") for f in at.text_input)
    assert not any(f.key.startswith("sign-") for f in at.text_input)


def test_first_use_question_put_off_is_not_asked_again_but_drafts_still_ask_for_a_name(app, search):
    db, ids = search
    at = open_page(app)
    at.button(key="FormSubmitter:first-use-details-Not now").click().run()
    assert not at.exception
    assert not any(f.key.startswith("first-use-details") for f in at.text_input)
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    at = open_cards(at, thanks)
    at.text_input(key=f"sign-{thanks}-name").input("Alex Kim")
    at.button(key=f"FormSubmitter:sign-{thanks}-Sign").click().run()
    assert not at.exception
    assert at.text_area(key=f"body-{thanks}").value.endswith("Best regards,\nAlex Kim")


def test_calendar_download_is_offered_while_follow_ups_are_open(app, search):
    at = open_page(app)
    button = at.get("download_button")[0]
    assert button.proto.label == "Add open follow-ups to your calendar (.ics)"
    assert not button.proto.disabled
    # The file is written when clicked (a deferred download), not on every run.
    assert button.proto.deferred_file_id


def test_mark_done_works_when_drafts_are_signed(app, search):
    db, ids = search
    set_signature(db, "Alex Kim")
    thanks = thank_you_id(db, ids["globex_screen"], "Kim Park")
    at = open_cards(open_page(app), thanks)
    at.button(key=f"done-{thanks}").click().run()
    assert not at.exception
    assert follow_up(db, thanks)["done_at"] is not None


def test_asking_for_feedback_by_hand_plans_a_request_due_now(app, search):
    db, ids = search
    at = open_page(app)
    at.selectbox(key="feedback-interview").set_value(ids["acme_screen"]).run()
    at.button(key="plan-feedback").click().run()
    assert not at.exception
    rows = (
        db.cursor()
        .execute("SELECT interview_id, done_at FROM follow_ups WHERE kind = 'feedback_request' ORDER BY id")
        .fetchall()
    )
    # Globex's rejection planned one already; Acme's screen (advanced) now has one asked by hand.
    assert rows == [(ids["globex_screen"], None), (ids["acme_screen"], None)]
    assert any("Ask Acme for feedback" in plain(e.label) for e in at.expander)


def test_giving_references_a_heads_up_now_plans_one_per_reference(app, search):
    db, ids = search
    with db.transaction() as cur:
        ana = cur.execute("INSERT INTO contacts (name, kind) VALUES ('Ana Ruiz', 'reference') RETURNING id").fetchall()
        cur.execute(
            "INSERT INTO application_references (application_id, contact_id) VALUES (?, ?)", [ids["initech"], ana[0][0]]
        )
    at = open_page(app)
    assert at.selectbox(key="heads-up-application").options == ["Initech: Developer (1 reference)"]
    at.selectbox(key="heads-up-application").set_value(ids["initech"]).run()
    at.button(key="plan-heads-up").click().run()
    assert not at.exception
    rows = (
        db.cursor()
        .execute("SELECT application_id, interview_id, contact_id FROM follow_ups WHERE kind = 'reference_heads_up'")
        .fetchall()
    )
    assert rows == [(ids["initech"], None, ana[0][0])]
    assert any("Give Ana Ruiz a heads-up about Initech" in plain(e.label) for e in at.expander)


# Follow-ups that lapse: an old history shows no overdue count beyond the windows.


@pytest.fixture
def old_history(served_search):
    """The served March search as it stands months later, with the default windows: every follow-up has lapsed."""
    return served_search


def test_an_old_history_shows_its_follow_ups_as_missed_not_overdue(app, old_history):
    db, ids = old_history
    at = open_page(app)
    assert subheaders(at) == []
    assert not any("overdue" in plain(e.label) for e in at.expander)
    [missed] = [e for e in at.expander if e.label.startswith("Missed (")]
    assert missed.label == f"Missed ({count_open_follow_ups(db.cursor())})"
    assert not missed.proto.expanded
    assert not any(b.key.startswith("dismiss-") for b in at.button)  # a closed group reads no cards
    at = open_missed(at)
    assert len([b for b in at.button if b.key.startswith("dismiss-")]) == count_open_follow_ups(db.cursor())
    assert [s.value for s in at.success] == ["Nothing to follow up right now."]


def open_missed(at):
    """Open the Missed group, as a click on it does (a closed group reads no cards)."""
    at.session_state["missed-group"] = True
    return at.run()


def test_send_anyway_opens_the_draft_of_a_missed_follow_up_as_late(app, old_history):
    db, ids = old_history
    thanks = thank_you_id(db, ids["acme_technical"], "Dana Lee")
    at = open_missed(open_page(app))
    at.button(key=f"send-anyway-{thanks}").click().run()
    assert not at.exception
    assert "Send anyway" in subheaders(at)
    [card] = [e for e in cards(at) if e.proto.expanded]
    assert plain(card.label) == "Thank Dana Lee (Acme) · missed, to send late"
    at.button(key=f"done-{thanks}").click().run()
    assert follow_up(db, thanks)["done_at"] is not None


def test_dismiss_puts_a_missed_follow_up_away_and_undo_brings_it_back(app, old_history):
    db, ids = old_history
    thanks = thank_you_id(db, ids["acme_technical"], "Dana Lee")
    open_before = count_open_follow_ups(db.cursor())
    at = open_missed(open_page(app))
    at.button(key=f"dismiss-{thanks}").click().run()
    assert not at.exception
    assert follow_up(db, thanks)["skip_reason"] == "Missed, dismissed"
    assert [e.label for e in at.expander if e.label.startswith("Missed (")] == [f"Missed ({open_before - 1})"]
    at.button(key=f"undo-{thanks}").click().run()
    assert follow_up(db, thanks)["skipped_at"] is None
    assert [e.label for e in at.expander if e.label.startswith("Missed (")] == [f"Missed ({open_before})"]


def test_the_lapse_windows_can_be_changed_on_the_page(app, old_history):
    db, _ = old_history
    at = open_page(app)
    at.number_input[0].set_value(365)
    at.number_input[3].set_value(365)
    at.button(key="FormSubmitter:lapse-windows-Save").click().run()
    assert not at.exception
    assert lapse_windows(db.cursor()) == LapseWindows(thank_you_days=365, wait_limit_days=365)
    assert any(s.startswith("Overdue (") for s in subheaders(at))


def test_a_wait_closed_as_no_answer_gets_no_check_in_anywhere(app, old_history):
    db, ids = old_history
    mark_no_answer(db, ids["acme_technical"], date.today())
    at = open_missed(open_page(app))
    shown = [plain(e.label) for e in at.expander] + [plain(m.value) for m in at.markdown]
    assert not any("Check in with Acme" in text for text in shown)
    assert not any("overdue" in text for text in shown)
    today = app.run()
    today.switch_page("pages/today.py").run()
    assert not today.exception
    assert "No interview is waiting for an answer." in [c.value for c in today.caption]
    assert not any("check-in" in m.value for m in today.markdown)
