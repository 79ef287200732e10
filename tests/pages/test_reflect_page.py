"""The Reflect page as AppTest runs it: pick or add an interview, rate it, save, edit, delete, history."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from streamlit.testing.v1 import AppTest

from data.store.db import backups_dir
from data.store.interviews import Interview, add_interview_on_the_spot, save_interview
from data.store.reflections import Reflection, get_reflection, save_reflection
from data.store.settings import set_your_details
from tests.conftest import open_app_page

PAGE = "pages/reflect.py"


def open_page(app, interview: int | None = None):
    return open_app_page(app, PAGE, interview=interview)


def plain(text: str) -> str:
    return text.replace("\\", "").replace("**", "")


def pick(at, interview: int):
    at.selectbox(key="reflect-interview").set_value(interview).run()
    assert not at.exception
    return at


def save(at, interview: int):
    at.button(key=f"reflection-{interview}-save").click().run()
    assert not at.exception
    return at


def reflections(db) -> list[tuple]:
    return db.cursor().execute("SELECT * FROM reflections ORDER BY ALL").fetchall()


def test_empty_database_offers_to_add_the_interview_and_shows_no_form(app, empty):
    at = open_page(app)
    assert at.title[0].value == "Reflect"
    assert at.info[0].value == "No interviews yet. Add the one you just had above, then reflect on it here."
    assert at.expander[0].label == "Not in the list? Add the interview"
    assert at.expander[0].proto.expanded
    assert len(at.radio) == 0
    assert len(at.selectbox(key="on-the-spot-0-stage").options) == 7


def test_opens_the_latest_interview_waiting_for_a_reflection(app, search):
    db, ids = search
    at = open_page(app)
    assert at.selectbox(key="reflect-interview").value == ids["acme_technical"]
    assert plain(at.markdown[0].value) == (
        "Acme, Data Engineer: Technical interview with Dana Lee, Sam Ortiz, Monday 16 March 2026 at 14:00."
    )


def test_picking_an_interview_opens_its_form(app, search):
    db, ids = search
    at = pick(open_page(app), ids["globex_screen"])
    assert (
        plain(at.markdown[0].value)
        == "Globex, Analyst: Screening interview with Kim Park, Thursday 12 March 2026 at 09:30."
    )
    assert at.radio(key=f"reflection-{ids['globex_screen']}-overall").value is None
    assert at.text_area(key=f"reflection-{ids['globex_screen']}-topics").value == ""


def test_saving_ratings_and_notes_stores_the_reflection_and_lists_it(app, search):
    db, ids = search
    interview = ids["acme_technical"]
    at = open_page(app)
    key = f"reflection-{interview}"
    for name, score in (("overall", 4), ("communication", 3), ("rapport", 5), ("stress", 2)):
        at.radio(key=f"{key}-{name}").set_value(score)
    at.text_area(key=f"{key}-went_well").input("Clear backfill story")
    at.text_area(key=f"{key}-topics").input("Their move to streaming «Kafka» 🚀")
    at.text_area(key=f"{key}-questions_asked").input("Why data?\nA conflict you solved")
    save(at, interview)

    assert get_reflection(db.cursor(), interview) == Reflection(
        interview,
        4,
        communication=3,
        rapport=5,
        stress=2,
        went_well="Clear backfill story",
        topics="Their move to streaming «Kafka» 🚀",
        questions_asked="Why data?\nA conflict you solved",
    )
    assert [t.value for t in at.toast] == ["Reflection saved. This interview's thank-you notes are below."]
    history = at.dataframe[0].value
    assert history[["interview_id", "company", "overall", "went_well"]].values.tolist() == [
        [interview, "Acme", 4, "Clear backfill story"]
    ]
    assert at.selectbox(key="reflect-interview").value == interview
    assert at.radio(key=f"{key}-overall").value == 4


def test_opening_a_reflected_interview_again_edits_its_reflection(app, search):
    db, ids = search
    interview = ids["acme_screen"]
    save_reflection(db, Reflection(interview, 2, went_well="Calm start", topics="Team size"))
    at = pick(open_page(app), interview)
    key = f"reflection-{interview}"
    assert at.radio(key=f"{key}-overall").value == 2
    assert at.text_area(key=f"{key}-went_well").value == "Calm start"
    at.radio(key=f"{key}-overall").set_value(3)
    at.text_area(key=f"{key}-to_improve").input("Slow down")
    save(at, interview)

    saved = get_reflection(db.cursor(), interview)
    assert (saved.overall, saved.went_well, saved.topics, saved.to_improve) == (
        3,
        "Calm start",
        "Team size",
        "Slow down",
    )
    assert len(reflections(db)) == 1


def test_a_save_without_overall_shows_the_problem_and_keeps_every_typed_value(app, search):
    db, ids = search
    interview = ids["acme_technical"]
    at = open_page(app)
    key = f"reflection-{interview}"
    at.radio(key=f"{key}-rapport").set_value(5)
    at.text_area(key=f"{key}-went_well").input("Good rapport with Sam")
    at.text_area(key=f"{key}-topics").input("On-call rotation")
    save(at, interview)

    assert len(at.error) == 1
    assert "Overall is required: how did it go, all in all?" in plain(at.error[0].value)
    assert at.radio(key=f"{key}-rapport").value == 5
    assert at.text_area(key=f"{key}-went_well").value == "Good rapport with Sam"
    assert at.text_area(key=f"{key}-topics").value == "On-call rotation"
    assert reflections(db) == []

    at.radio(key=f"{key}-overall").set_value(4)
    save(at, interview)
    assert len(at.error) == 0
    saved = get_reflection(db.cursor(), interview)
    assert (saved.overall, saved.rapport, saved.went_well, saved.topics) == (
        4,
        5,
        "Good rapport with Sam",
        "On-call rotation",
    )


def test_an_interview_that_has_not_happened_yet_shows_when_to_come_back_and_no_form(app, search):
    db, ids = search
    soon = (datetime.now() + timedelta(days=2)).replace(hour=11, minute=0, second=0, microsecond=0)
    upcoming = save_interview(db, Interview(ids["initech"], "screen", "video", soon, ["Lee Wong"]))
    at = pick(open_page(app), upcoming)
    assert [i.value for i in at.info] == [
        f"This interview has not happened yet. Come back after it, on {soon:%A %d %B at %H:%M}, to reflect."
    ]
    assert len(at.radio) == 0
    assert not any(b.key == f"reflection-{upcoming}-save" for b in at.button)


def test_a_link_with_an_interview_opens_that_interview(app, search):
    db, ids = search
    at = open_page(app, interview=ids["acme_screen"])
    assert at.selectbox(key="reflect-interview").value == ids["acme_screen"]
    assert at.radio(key=f"reflection-{ids['acme_screen']}-overall").value is None
    assert "interview" not in at.query_params


def test_the_default_is_the_latest_interview_still_waiting_for_a_reflection(app, search):
    db, ids = search
    save_reflection(db, Reflection(ids["acme_technical"], 4))
    at = open_page(app)
    assert at.selectbox(key="reflect-interview").value == ids["globex_screen"]
    assert at.selectbox(key="reflect-interview").options[0].endswith("· reflected")


def test_a_link_to_an_unknown_interview_opens_the_default_one(app, search):
    db, ids = search
    at = open_page(app, interview=999)
    assert at.selectbox(key="reflect-interview").value == ids["acme_technical"]


def test_adding_an_interview_on_the_spot_opens_it_with_its_thank_you_planned(app, search):
    db, ids = search
    at = open_page(app)
    at.text_input(key="on-the-spot-0-company").input("Hooli")
    at.text_input(key="on-the-spot-0-role").input("Platform Engineer")
    at.selectbox(key="on-the-spot-0-stage").set_value("technical")
    at.date_input(key="on-the-spot-0-date").set_value(date(2026, 3, 18))
    at.time_input(key="on-the-spot-0-time").set_value(time(15, 30))
    at.multiselect(key="on-the-spot-0-interviewers").set_value(["Priya Shah", "Tom Baker"]).run()
    at.button(key="on-the-spot-0-add").click().run()
    assert not at.exception
    # March is long past: the date is questioned, and confirmed.
    assert at.warning[0].value.endswith("days ago: is that right?")
    assert db.cursor().execute("SELECT count(*) FROM applications WHERE company = 'Hooli'").fetchone()[0] == 0
    at.button(key="on-the-spot-0-confirm").click().run()
    assert not at.exception

    added = (
        db.cursor()
        .execute(
            "SELECT i.id, a.company, a.role, i.stage, i.held_at FROM interviews i JOIN applications a"
            " ON a.id = i.application_id WHERE a.company = 'Hooli'"
        )
        .fetchall()
    )
    assert [row[1:] for row in added] == [("Hooli", "Platform Engineer", "technical", datetime(2026, 3, 18, 15, 30))]
    assert db.cursor().execute(
        "SELECT c.name, f.due_at FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
        " WHERE f.interview_id = ? AND f.kind = 'thank_you' ORDER BY c.name",
        [added[0][0]],
    ).fetchall() == [("Priya Shah", datetime(2026, 3, 19, 15, 30)), ("Tom Baker", datetime(2026, 3, 19, 15, 30))]
    assert at.selectbox(key="reflect-interview").value == added[0][0]
    assert [t.value for t in at.toast] == ["Interview added; its thank-you notes are planned."]
    # A fresh, empty form for the next one.
    assert at.text_input(key="on-the-spot-1-company").value == ""


def test_adding_an_interview_on_the_spot_without_a_company_keeps_what_was_typed(app, search):
    db, ids = search
    at = open_page(app)
    at.text_input(key="on-the-spot-0-role").input("Platform Engineer")
    at.multiselect(key="on-the-spot-0-interviewers").set_value(["Priya Shah"]).run()
    at.button(key="on-the-spot-0-add").click().run()
    assert not at.exception
    assert "Company is required." in plain(at.error[0].value)
    assert at.text_input(key="on-the-spot-0-role").value == "Platform Engineer"
    assert at.multiselect(key="on-the-spot-0-interviewers").value == ["Priya Shah"]
    assert db.cursor().execute("SELECT count(*) FROM interviews").fetchone()[0] == 3


def test_history_filters_by_company_and_stage(app, search):
    db, ids = search
    for key, overall in (("acme_screen", 2), ("globex_screen", 3), ("acme_technical", 5)):
        save_reflection(db, Reflection(ids[key], overall))
    at = open_page(app)
    assert at.dataframe[0].value.interview_id.tolist() == [
        ids["acme_technical"],
        ids["globex_screen"],
        ids["acme_screen"],
    ]
    at.selectbox(key="history-company").set_value("Acme").run()
    assert at.dataframe[0].value.interview_id.tolist() == [ids["acme_technical"], ids["acme_screen"]]
    at.selectbox(key="history-stage").set_value("screen").run()
    assert at.dataframe[0].value.interview_id.tolist() == [ids["acme_screen"]]
    at.selectbox(key="history-company").set_value("Initech").run()
    assert len(at.dataframe) == 0
    assert "No reflections match yet. Saved reflections appear here, newest first." in [c.value for c in at.caption]


def test_deleting_a_reflection_asks_first_and_keeps_a_backup(app, search):
    db, ids = search
    interview = ids["acme_technical"]
    save_reflection(db, Reflection(interview, 4, topics="Kafka"))
    at = open_page(app, interview=interview)
    at.button(key="delete-reflection-ask").click().run()
    assert at.warning[0].value.startswith("Delete this reflection?")
    assert get_reflection(db.cursor(), interview) is not None

    at.button(key="delete-reflection-yes").click().run()
    assert not at.exception
    assert get_reflection(db.cursor(), interview) is None
    assert [p.name.endswith("-before-delete.duckdb") for p in backups_dir(db.path).glob("auto-*")] == [True]
    assert at.radio(key=f"reflection-{interview}-overall").value is None
    assert db.cursor().execute("SELECT count(*) FROM interviews").fetchone()[0] == 3


def test_cancelling_the_delete_keeps_the_reflection(app, search):
    db, ids = search
    save_reflection(db, Reflection(ids["acme_technical"], 4))
    at = open_page(app, interview=ids["acme_technical"])
    at.button(key="delete-reflection-ask").click().run()
    at.button(key="delete-reflection-cancel").click().run()
    assert len(at.warning) == 0
    assert get_reflection(db.cursor(), ids["acme_technical"]).overall == 4


def test_two_windows_editing_one_reflection_keep_each_others_changes(app, search):
    db, ids = search
    interview = ids["acme_technical"]
    save_reflection(db, Reflection(interview, 3, went_well="first draft", to_improve="first draft"))
    key = f"reflection-{interview}"
    window_a = open_page(app, interview=interview)
    window_b = open_page(AppTest.from_file(app._script_path, default_timeout=60), interview=interview)

    window_a.text_area(key=f"{key}-went_well").input("Explained the design well")
    save(window_a, interview)
    window_b.text_area(key=f"{key}-to_improve").input("Ask about on-call")
    save(window_b, interview)
    saved = get_reflection(db.cursor(), interview)
    assert (saved.went_well, saved.to_improve) == ("Explained the design well", "Ask about on-call")

    # Window B now shows the merged reflection, so its next save keeps A's change too.
    assert window_b.text_area(key=f"{key}-went_well").value == "Explained the design well"
    window_b.radio(key=f"{key}-overall").set_value(5)
    save(window_b, interview)
    saved = get_reflection(db.cursor(), interview)
    assert (saved.overall, saved.went_well, saved.to_improve) == (5, "Explained the design well", "Ask about on-call")


def test_a_just_had_interview_dated_in_the_future_is_questioned_and_can_be_corrected(app, search):
    db, ids = search
    today = datetime.now().date()
    at = open_page(app)
    at.text_input(key="on-the-spot-0-company").input("Hooli")
    at.text_input(key="on-the-spot-0-role").input("Platform Engineer")
    at.date_input(key="on-the-spot-0-date").set_value(today + timedelta(days=7))
    at.button(key="on-the-spot-0-add").click().run()
    assert at.warning[0].value.startswith(f"This says next {today + timedelta(days=7):%A}")
    at.button(key="on-the-spot-0-correct").click().run()
    assert len(at.warning) == 0
    assert db.cursor().execute("SELECT count(*) FROM applications WHERE company = 'Hooli'").fetchone()[0] == 0
    at.date_input(key="on-the-spot-0-date").set_value(today)
    at.button(key="on-the-spot-0-add").click().run()
    assert not at.exception
    assert len(at.warning) == 0
    assert db.cursor().execute(
        "SELECT CAST(i.held_at AS DATE), a.applied_on, a.responded_on FROM interviews i"
        " JOIN applications a ON a.id = i.application_id WHERE a.company = 'Hooli'"
    ).fetchall() == [(today, None, today)]


def test_interviewers_on_the_spot_get_their_e_mails_and_a_known_one_is_linked_not_duplicated(app, search):
    db, ids = search
    dana = db.cursor().execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchone()[0]
    at = open_page(app)
    at.text_input(key="on-the-spot-0-company").input("Acme")
    at.text_input(key="on-the-spot-0-role").input("Data Engineer")
    at.date_input(key="on-the-spot-0-date").set_value(datetime.now().date())
    at.multiselect(key="on-the-spot-0-interviewers").set_value([dana, "Ray Chen"]).run()
    at.text_input(key=f"on-the-spot-0-email-{dana}").input("dana@acme.example")
    at.text_input(key="on-the-spot-0-email-ray chen").input("ray@acme.example")
    at.button(key="on-the-spot-0-add").click().run()
    assert not at.exception
    assert db.cursor().execute(
        "SELECT name, email FROM contacts WHERE name IN ('Dana Lee', 'Ray Chen') ORDER BY name"
    ).fetchall() == [("Dana Lee", "dana@acme.example"), ("Ray Chen", "ray@acme.example")]


def test_a_malformed_interviewer_e_mail_is_refused_on_the_spot(app, search):
    db, ids = search
    at = open_page(app)
    at.text_input(key="on-the-spot-0-company").input("Hooli")
    at.text_input(key="on-the-spot-0-role").input("Platform Engineer")
    at.date_input(key="on-the-spot-0-date").set_value(datetime.now().date())
    at.multiselect(key="on-the-spot-0-interviewers").set_value(["Ray Chen"]).run()
    at.text_input(key="on-the-spot-0-email-ray chen").input("ray at hooli")
    at.button(key="on-the-spot-0-add").click().run()
    assert "E-mail of Ray Chen" in plain(at.error[0].value)
    assert db.cursor().execute("SELECT count(*) FROM contacts WHERE name = 'Ray Chen'").fetchone()[0] == 0


def test_an_interview_that_has_not_happened_yet_can_have_its_date_corrected_in_place(app, search):
    db, ids = search
    soon = (datetime.now() + timedelta(days=2)).replace(hour=11, minute=0, second=0, microsecond=0)
    upcoming = save_interview(db, Interview(ids["initech"], "screen", "video", soon, ["Lee Wong"]))
    at = pick(open_page(app), upcoming)
    yesterday = (datetime.now() - timedelta(days=1)).date()
    at.date_input(key=f"correct-date-{upcoming}-date").set_value(yesterday)
    at.button(key=f"FormSubmitter:correct-date-{upcoming}-Save the date").click().run()
    assert not at.exception
    held = db.cursor().execute("SELECT held_at FROM interviews WHERE id = ?", [upcoming]).fetchone()[0]
    assert held == datetime.combine(yesterday, time(11, 0))
    assert at.radio(key=f"reflection-{upcoming}-overall").value is None


def test_after_two_reflections_in_a_row_the_page_shows_the_second_interviews_own_thank_you_notes(app, empty):
    db = empty
    set_your_details(db, "Alex Kim")
    now = datetime.now().replace(second=0, microsecond=0)
    acme = add_interview_on_the_spot(
        db, "Acme", "Data Engineer", Interview(None, "technical", "video", now - timedelta(hours=3), ["Lee Chen"])
    )
    northwind = add_interview_on_the_spot(
        db,
        "Northwind",
        "Backend Engineer",
        Interview(None, "technical", "video", now - timedelta(hours=2), ["Dana Lee", "Sam Ortiz"]),
    )
    at = open_page(app, acme.id)
    at.radio(key=f"reflection-{acme.id}-overall").set_value(4)
    at.text_input(key=f"reflection-{acme.id}-thank_you_topic").input("their data contracts")
    save(at, acme.id)
    pick(at, northwind.id)
    key = f"reflection-{northwind.id}"
    sam = db.cursor().execute("SELECT id FROM contacts WHERE name = 'Sam Ortiz'").fetchone()[0]
    at.radio(key=f"{key}-overall").set_value(5)
    at.text_area(key=f"{key}-topics").input("Behavioural: conflict, ownership")
    at.text_input(key=f"{key}-thank_you_topic").input("their move to event sourcing")
    at.text_input(key=f"{key}-topic-{sam}").input("how the team runs on-call")
    save(at, northwind.id)

    assert "Your thank-you notes" in [s.value for s in at.subheader]
    cards = [plain(e.label).split(" · ")[0] for e in at.expander if e.label.startswith("Thank")]
    assert sorted(cards) == ["Thank Dana Lee (Northwind)", "Thank Sam Ortiz (Northwind)"]
    bodies = {t.value.split(",")[0]: t.value for t in at.text_area if t.key.startswith("body-")}
    assert set(bodies) == {"Dear Dana", "Dear Sam"}
    assert "the Backend Engineer role at Northwind" in bodies["Dear Dana"]
    assert "our conversation about their move to event sourcing." in bodies["Dear Dana"]
    assert "our conversation about how the team runs on-call." in bodies["Dear Sam"]
    assert all(body.endswith("Best regards,\nAlex Kim") for body in bodies.values())
    assert not any("Behavioural" in body or "Acme" in body for body in bodies.values())
