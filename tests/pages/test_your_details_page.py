"""Your details and templates as AppTest runs it: name, tone, each kind's template with a live preview."""

from __future__ import annotations

from data.store.settings import set_template, set_your_details, your_details
from followups.drafts import DEFAULT_TEMPLATES, Template
from tests.conftest import page_opener

PAGE = "pages/your_details.py"


open_page = page_opener(PAGE)


def preview(at) -> str:
    return "\n".join(m.value.replace("\\", "") for m in at.markdown)


def subject_box(at, kind="thank_you"):
    return next(t for t in at.text_input if t.key.startswith(f"tpl-{kind}-") and t.key.endswith("-subject"))


def body_box(at, kind="thank_you"):
    return next(t for t in at.text_area if t.key.startswith(f"tpl-{kind}-") and t.key.endswith("-body"))


def test_the_follow_ups_page_links_to_your_details(app, search):
    at = app.run()
    at.switch_page("pages/follow_ups.py").run()
    assert any(
        link.proto.page.endswith("your_details.py") or "Your details" in link.label for link in at.get("page_link")
    )


def test_saving_your_details_signs_the_preview(app, search):
    db, _ = search
    at = open_page(app)
    assert "Alex Kim" not in preview(at)
    at.text_input(key="details-name").input("Alex Kim")
    at.radio(key="details-tone").set_value("friendly")
    at.button(key="FormSubmitter:details-Save").click().run()
    assert not at.exception
    assert your_details(db.cursor()).my_name == "Alex Kim"
    shown = preview(at)
    assert "Best regards,  \nAlex Kim" in shown
    assert "Hi Dana," in shown or "Hi Sam," in shown or "Hi Kim," in shown


def test_the_template_previews_live_on_a_real_follow_up_and_saves(app, search):
    db, _ = search
    set_your_details(db, "Alex Kim")
    at = open_page(app)
    # A real follow-up of this kind is offered for the preview.
    picker = at.selectbox(key="preview-thank_you")
    assert "Acme: Data Engineer" in picker.format_func(picker.value) or "Globex" in picker.format_func(picker.value)
    body_box(at).input("{greeting}\n\nThank you for the chat about the {role} role, {first_name}!\n\n{my_name}").run()
    assert not at.exception
    assert "Thank you for the chat about the" in preview(at)
    next(b for b in at.button if b.label == "Save template").click().run()
    assert not at.exception
    saved = your_details(db.cursor()).template("thank_you")
    assert saved.body.startswith("{greeting}\n\nThank you for the chat")
    assert [t.value for t in at.toast] == ["Thank-you note template saved."]


def test_an_unknown_placeholder_is_refused_at_save_with_a_clear_message(app, search):
    db, _ = search
    at = open_page(app)
    body_box(at).input("Hi {nickname},").run()
    assert any("{nickname}" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Save template").click().run()
    assert not at.exception
    assert "Message uses {nickname}, which Debrief does not know" in at.error[0].value.replace("\\", "")
    assert your_details(db.cursor()).templates == {}


def test_reset_to_default_brings_the_shipped_template_back(app, search):
    db, _ = search
    set_template(db, "status_check", Template("Any news?", "{greeting}\n\nAny news on the {role} role?"))
    at = open_page(app)
    at.segmented_control(key="template-kind").set_value("status_check").run()
    assert subject_box(at, "status_check").value == "Any news?"
    next(b for b in at.button if b.label == "Reset to default").click().run()
    assert not at.exception
    assert your_details(db.cursor()).templates == {}
    assert subject_box(at, "status_check").value == DEFAULT_TEMPLATES["status_check"].subject
    assert body_box(at, "status_check").value == DEFAULT_TEMPLATES["status_check"].body
