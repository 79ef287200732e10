"""Contacts and references: saving, finding, deleting, and keeping the follow-up plan in step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from data.store import contacts
from data.store.applications import Application, ApplicationPicker, save_application
from data.store.contacts import Contact, ContactFilter
from data.store.interviews import Interview, save_interview
from data.store.schema import NOTE_MAX
from data.store.validation import InvalidRecord


def _heads_ups(db, application_id):
    return (
        db.cursor()
        .execute(
            "SELECT contact_id, interview_id, due_at FROM follow_ups"
            " WHERE application_id = ? AND kind = 'reference_heads_up' ORDER BY contact_id",
            [application_id],
        )
        .fetchall()
    )


def _set_attached_at(db, application_id, contact_id, when):
    with db.transaction() as cur:
        cur.execute(
            "UPDATE application_references SET attached_at = ? WHERE application_id = ? AND contact_id = ?",
            [when, application_id, contact_id],
        )


def test_saved_contact_reads_back_with_texts_trimmed_and_blanks_as_no_value(db):
    # As typed: a padded name and email, a blank phone; the other fields filled in as well.
    typed = Contact("  Ana Ruiz ", "reference", email=" ana@example.com ", phone="", title="Team lead")
    typed = replace(typed, company="Initech", relationship="Former manager", notes="Prefers a call «first» 🙂")
    contact_id = contacts.save_contact(db, typed)
    saved = contacts.get_contact(db.cursor(), contact_id)
    # The padded name and email come back trimmed, the blank phone as no value, the rest as typed.
    assert saved == replace(typed, name="Ana Ruiz", email="ana@example.com", phone=None)
    assert saved.id == contact_id


@pytest.mark.parametrize(
    ("contact", "field"),
    [
        (Contact("   "), "Name"),
        (Contact("x" * 201), "Name"),
        (Contact("Ana", kind="friend"), "Kind"),
        (Contact("Ana", email="ana.example.com"), "Email"),
        (Contact("Ana", email="ana@example"), "Email"),
        (Contact("Ana", notes="n" * (NOTE_MAX + 1)), "Notes"),
        (Contact("Ana", phone="1" * 201), "Phone"),
    ],
)
def test_contact_breaking_a_rule_is_refused_and_nothing_is_written(db, contact, field):
    with pytest.raises(InvalidRecord) as refused:
        contacts.save_contact(db, contact)
    assert [p.field for p in refused.value.problems] == [field]
    assert db.cursor().execute("SELECT count(*) FROM contacts").fetchall()[0][0] == 0


def test_contact_at_the_length_limits_is_saved(db):
    contact_id = contacts.save_contact(db, Contact("n" * 200, notes="x" * NOTE_MAX))
    saved = contacts.get_contact(db.cursor(), contact_id)
    assert (len(saved.name), len(saved.notes)) == (200, NOTE_MAX)


def test_editing_an_interviewer_keeps_their_interviews_and_thank_you_notes(filled_db):
    db, ids = filled_db
    con = db.cursor()
    dana = con.execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchall()[0][0]
    contact = contacts.get_contact(con, dana)
    contact.email, contact.title = "dana@acme.example", "Engineering manager"

    assert contacts.save_contact(db, contact) == dana

    saved = contacts.get_contact(db.cursor(), dana)
    assert (saved.kind, saved.email, saved.title, saved.company) == (
        "interviewer",
        "dana@acme.example",
        "Engineering manager",
        "Acme",
    )
    thank_yous = (
        db.cursor()
        .execute("SELECT count(*) FROM follow_ups WHERE kind = 'thank_you' AND contact_id = ?", [dana])
        .fetchall()[0][0]
    )
    assert thank_yous == 2


def test_saving_a_contact_that_was_deleted_meanwhile_says_so(db):
    contact_id = contacts.save_contact(db, Contact("Ana Ruiz"))
    contacts.delete_contact(db, contact_id)
    with pytest.raises(InvalidRecord, match="no longer exists"):
        contacts.save_contact(db, Contact("Ana Ruiz", id=contact_id))


def test_list_contacts_filters_by_kind_and_search_ignoring_case_and_wildcards(filled_db):
    db, ids = filled_db
    contacts.save_contact(db, Contact("Ana Ruiz", "reference", relationship="Former manager at Initech"))
    contacts.save_contact(db, Contact("Raj 100%", "recruiter", company="Hooli"))
    con = db.cursor()

    assert list(contacts.list_contacts(con)["name"]) == ["Ana Ruiz", "Dana Lee", "Kim Park", "Raj 100%", "Sam Ortiz"]
    assert list(contacts.list_contacts(con, ContactFilter(kind="interviewer"))["name"]) == [
        "Dana Lee",
        "Kim Park",
        "Sam Ortiz",
    ]
    assert list(contacts.list_contacts(con, ContactFilter(search="INITECH"))["name"]) == ["Ana Ruiz"]
    assert list(contacts.list_contacts(con, ContactFilter(search="acme"))["name"]) == ["Dana Lee", "Sam Ortiz"]
    assert list(contacts.list_contacts(con, ContactFilter(kind="reference", search="acme"))["name"]) == []
    assert list(contacts.list_contacts(con, ContactFilter(search="0%"))["name"]) == ["Raj 100%"]
    assert list(contacts.list_contacts(con, ContactFilter(search="_"))["name"]) == []


def test_list_contacts_counts_interviews_and_applications(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    contacts.attach_reference(db, ids["acme"], ana)
    contacts.attach_reference(db, ids["globex"], ana)
    listed = contacts.list_contacts(db.cursor()).set_index("name")
    assert listed.loc["Dana Lee", "interviews"] == 2
    assert listed.loc["Sam Ortiz", "interviews"] == 1
    assert listed.loc["Ana Ruiz", "applications"] == 2
    assert listed.loc["Ana Ruiz", "interviews"] == 0


def test_attaching_a_reference_plans_a_heads_up_48_hours_after_the_first_technical_interview(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))

    contacts.attach_reference(db, ids["acme"], ana)

    assert _heads_ups(db, ids["acme"]) == [(ana, ids["acme_technical"], datetime(2026, 3, 18, 14))]
    assert list(contacts.references_of(db.cursor(), ids["acme"])["name"]) == ["Ana Ruiz"]


def test_reference_on_an_application_with_only_a_screen_has_no_heads_up_yet(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))

    contacts.attach_reference(db, ids["globex"], ana)

    assert _heads_ups(db, ids["globex"]) == []
    shown = contacts.references_of(db.cursor(), ids["globex"])
    assert list(shown["name"]) == ["Ana Ruiz"]
    assert shown["heads_up_due_at"].isna().all()


def test_attaching_the_same_reference_twice_keeps_one_link_and_one_heads_up(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    contacts.attach_reference(db, ids["acme"], ana)
    _set_attached_at(db, ids["acme"], ana, datetime(2026, 3, 1, 8))

    contacts.attach_reference(db, ids["acme"], ana)

    links = db.cursor().execute("SELECT attached_at FROM application_references").fetchall()
    assert links == [(datetime(2026, 3, 1, 8),)]
    assert len(_heads_ups(db, ids["acme"])) == 1


def test_only_a_reference_can_be_attached(filled_db):
    db, ids = filled_db
    recruiter = contacts.save_contact(db, Contact("Raj", "recruiter"))
    with pytest.raises(InvalidRecord, match="not a reference"):
        contacts.attach_reference(db, ids["acme"], recruiter)
    with pytest.raises(InvalidRecord, match="no longer exists"):
        contacts.attach_reference(db, ids["acme"], 9999)
    assert db.cursor().execute("SELECT count(*) FROM application_references").fetchall()[0][0] == 0


def test_detaching_a_reference_removes_its_open_heads_up_but_keeps_a_done_one(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    ben = contacts.save_contact(db, Contact("Ben Okafor", "reference"))
    contacts.attach_reference(db, ids["acme"], ana)
    contacts.attach_reference(db, ids["acme"], ben)
    with db.transaction() as cur:
        cur.execute("UPDATE follow_ups SET done_at = TIMESTAMP '2026-03-17 09:00' WHERE contact_id = ?", [ben])

    contacts.detach_reference(db, ids["acme"], ana)
    contacts.detach_reference(db, ids["acme"], ben)

    assert contacts.references_of(db.cursor(), ids["acme"]).empty
    assert _heads_ups(db, ids["acme"]) == [(ben, ids["acme_technical"], datetime(2026, 3, 18, 14))]


def test_a_later_technical_interview_gives_an_attached_reference_its_heads_up(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    contacts.attach_reference(db, ids["globex"], ana)

    save_interview(db, Interview(ids["globex"], "onsite", "onsite", datetime(2026, 3, 20, 11)))

    assert _heads_ups(db, ids["globex"])[0][2] == datetime(2026, 3, 22, 11)


def test_deleting_a_contact_removes_links_and_open_follow_ups_but_keeps_done_history(filled_db):
    db, ids = filled_db
    con = db.cursor()
    dana = con.execute("SELECT id FROM contacts WHERE name = 'Dana Lee'").fetchall()[0][0]
    with db.transaction() as cur:
        cur.execute(
            "UPDATE follow_ups SET done_at = TIMESTAMP '2026-03-09 18:00' WHERE contact_id = ? AND interview_id = ?",
            [dana, ids["acme_screen"]],
        )

    contacts.delete_contact(db, dana)

    con = db.cursor()
    assert contacts.get_contact(con, dana) is None
    assert con.execute("SELECT count(*) FROM interview_interviewers WHERE contact_id = ?", [dana]).fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM follow_ups WHERE contact_id = ?", [dana]).fetchall()[0][0] == 0
    thank_yous = con.execute(
        "SELECT interview_id, contact_id, done_at FROM follow_ups WHERE kind = 'thank_you' ORDER BY interview_id, id"
    ).fetchall()
    sam = con.execute("SELECT id FROM contacts WHERE name = 'Sam Ortiz'").fetchall()[0][0]
    kim = con.execute("SELECT id FROM contacts WHERE name = 'Kim Park'").fetchall()[0][0]
    assert thank_yous == [
        (ids["acme_screen"], None, datetime(2026, 3, 9, 18)),
        (ids["acme_technical"], sam, None),
        (ids["globex_screen"], kim, None),
    ]
    assert list(contacts.list_contacts(con, ContactFilter(kind="interviewer"))["name"]) == ["Kim Park", "Sam Ortiz"]


def test_deleting_a_reference_takes_it_off_every_application(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    contacts.attach_reference(db, ids["acme"], ana)
    contacts.attach_reference(db, ids["initech"], ana)

    contacts.delete_contact(db, ana)

    con = db.cursor()
    assert con.execute("SELECT count(*) FROM application_references").fetchall()[0][0] == 0
    assert _heads_ups(db, ids["acme"]) == []
    assert list(contacts.applications_for_references(con)["references"]) == [0, 0, 0]


def test_applications_for_references_lists_newest_first_with_counts(filled_db):
    db, ids = filled_db
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    contacts.attach_reference(db, ids["globex"], ana)
    listed = contacts.applications_for_references(db.cursor())
    assert list(listed["company"]) == ["Initech", "Globex", "Acme"]
    assert list(listed["references"]) == [0, 1, 0]
    assert listed["applied_on"].iloc[0] == pd.Timestamp(date(2026, 3, 10))


def test_reference_usage_counts_attachments_in_the_30_days_ending_today(db):
    today = date(2026, 4, 30)
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    ben = contacts.save_contact(db, Contact("Ben Okafor", "reference"))
    contacts.save_contact(db, Contact("Cleo Diaz", "reference"))
    contacts.save_contact(db, Contact("Dana Lee", "interviewer"))
    # Ana: on the window's first day, mid-window, today; once a day too early.
    ana_days = [today - timedelta(days=29), today - timedelta(days=10), today, today - timedelta(days=30)]
    for number, day in enumerate(ana_days):
        application = save_application(db, Application(f"Company {number}", "Analyst", day))
        contacts.attach_reference(db, application, ana)
        _set_attached_at(db, application, ana, datetime.combine(day, datetime.min.time()).replace(hour=23))
    application = save_application(db, Application("Hooli", "Analyst", today))
    contacts.attach_reference(db, application, ben)
    _set_attached_at(db, application, ben, datetime(2026, 4, 29, 12))

    usage = contacts.reference_usage(db.cursor(), today)

    assert list(usage["name"]) == ["Ana Ruiz", "Ben Okafor", "Cleo Diaz"]
    assert list(usage["recent"]) == [3, 1, 0]
    assert list(usage["total"]) == [4, 1, 0]
    assert list(usage["over_asked"]) == [True, False, False]
    assert usage["last_given"].iloc[0] == pd.Timestamp(today)
    assert usage["last_given"].isna().iloc[2]


def test_reference_given_out_twice_is_not_yet_over_asked(db):
    ana = contacts.save_contact(db, Contact("Ana Ruiz", "reference"))
    for company in ("Acme", "Globex"):
        contacts.attach_reference(db, save_application(db, Application(company, "Analyst", date.today())), ana)
    usage = contacts.reference_usage(db.cursor(), date.today())
    assert (usage["recent"].iloc[0], usage["over_asked"].iloc[0]) == (2, False)


# Long lists: a page at a time, with a count; the application picker offers the newest and a search.


def test_contacts_come_a_page_at_a_time_by_name_and_count_with_the_same_filters(db):
    with db.transaction() as cur:
        # Names given in an order unlike their ids; two contacts named the same.
        cur.execute(
            "INSERT INTO contacts (name, kind, company)"
            " SELECT 'Person ' || lpad(CAST((n * 7) % 23 AS VARCHAR), 2, '0'),"
            " CASE WHEN n % 3 = 0 THEN 'reference' ELSE 'interviewer' END, 'Firm ' || (n % 4)"
            " FROM range(23) t(n)"
        )
    twin = contacts.save_contact(db, Contact("person 05", "recruiter", company="Firm 9"))
    con = db.cursor()
    everyone = contacts.list_contacts(con)

    pages = [contacts.list_contacts(con, limit=5, offset=offset) for offset in range(0, 25, 5)]

    assert contacts.count_contacts(con) == 24
    assert list(everyone["name"][:7]) == [f"Person {n:02}" for n in range(5)] + ["Person 05", "person 05"]
    assert everyone["id"].iloc[6] == twin
    assert [len(page) for page in pages] == [5, 5, 5, 5, 4]
    assert pd.concat(pages, ignore_index=True).equals(everyone)
    assert (
        contacts.count_contacts(con, ContactFilter(kind="reference"))
        == len(contacts.list_contacts(con, ContactFilter(kind="reference")))
        == 8
    )
    assert (
        contacts.count_contacts(con, ContactFilter(search="FIRM 1"))
        == len(contacts.list_contacts(con, ContactFilter(search="firm 1")))
        == 6
    )
    assert contacts.count_contacts(con, ContactFilter(kind="recruiter", search="firm")) == 1
    assert contacts.count_contacts(con, ContactFilter(search="%")) == 0


def test_the_search_looks_in_each_text_of_a_contact(db):
    for field in ("name", "title", "company", "phone", "relationship", "notes"):
        contacts.save_contact(db, Contact(**{"name": f"Someone {field}", field: f"Needle in {field}"}))
    contacts.save_contact(db, Contact("Someone email", email="needle@example.com"))
    contacts.save_contact(db, Contact("Nobody", email="nobody@example.com"))
    con = db.cursor()
    assert contacts.count_contacts(con, ContactFilter(search="needle")) == 7
    assert "Nobody" not in list(contacts.list_contacts(con, ContactFilter(search="needle"))["name"])


def test_applications_for_references_limit_search_and_the_one_already_picked(db):
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO applications (id, company, role, applied_on)"
            " SELECT n, 'Company ' || n, 'Role ' || n, DATE '2026-01-01' + CAST(n / 3 AS INTEGER) FROM range(1, 31) t(n)"
        )
    con = db.cursor()

    # Three a day: the newest day first, then the newest id.
    assert list(contacts.applications_for_references(con, ApplicationPicker(limit=4))["id"]) == [30, 29, 28, 27]
    assert list(contacts.applications_for_references(con, ApplicationPicker(limit=2, including=(1,)))["id"]) == [
        30,
        29,
        1,
    ]
    assert list(contacts.applications_for_references(con, ApplicationPicker(search="role 1", limit=3))["id"]) == [
        19,
        18,
        17,
    ]
    assert list(
        contacts.applications_for_references(con, ApplicationPicker(search="ROLE 2", limit=2, including=(5,)))["id"]
    ) == [29, 28, 5]
    assert contacts.applications_for_references(con, ApplicationPicker(search="nothing like it", limit=3)).empty
    assert len(contacts.applications_for_references(con)) == 30
