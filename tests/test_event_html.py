"""Event bodies are rendered and sanitised once, when written; stale HTML is never shown.

Stored HTML carries the renderer's stamp (rendering.RENDERER_STAMP); with another
stamp, or none, pages render the body in memory and write nothing, and the command
or the nightly job stores it again. Anonymising clears what scrubbing changed.
"""

from sqlalchemy import func, select, update

from initiatief.extensions import db
from initiatief.jobs.event_html import store_stale_event_html
from initiatief.mail.dispatcher import dispatch_due
from initiatief.models import Event, EventKind
from initiatief.rendering import RENDERER_STAMP, render_markdown
from initiatief.services import actions, event_html
from initiatief.services.anonymise import Cause, anonymise
from initiatief.services.event_html import render_stale_event_html
from tests.factories import act_and_commit, at, login_resident, submit
from tests.shared_fixtures import in_app

EMAIL = "fatima@voorbeeld.example"
BODY = "Goed **nieuws**: zie [de kaart](https://kaart.example). <script>x()</script>"


def with_update(world, body: str = BODY) -> tuple[str, int]:
    initiative = submit(at(3, 2))
    db.session.commit()
    event = act_and_commit(world, actions.post_update, initiative, at(3, 3), body=body)
    return initiative.number, event.id


def store_raw(event_id: int, html: str, stamp: str | None) -> None:
    db.session.execute(
        update(Event).where(Event.id == event_id).values(body_html=html, body_html_stamp=stamp)
    )
    db.session.commit()


def stored(event_id: int) -> tuple[str | None, str | None]:
    db.session.expire_all()
    row = db.session.get(Event, event_id)
    return row.body_html, row.body_html_stamp


def test_an_update_is_stored_rendered_and_sanitised_when_written(world, app):
    with in_app(app, world):
        _, event_id = with_update(world)
        initiative = db.session.get(Event, event_id).initiative
        reply = actions.resident_reply(initiative, body="Dank **u**", now=at(3, 4))
        db.session.commit()

        html, stamp = stored(event_id)
        assert html == str(render_markdown(BODY))
        assert "<strong>nieuws</strong>" in html and "<script>" not in html
        assert stamp == RENDERER_STAMP
        # A reply is shown as plain text: no HTML, only the stamp that says it was looked at.
        assert stored(reply.id) == (None, RENDERER_STAMP)


def test_the_page_shows_stored_html_while_its_stamp_is_current(world, app, client):
    with in_app(app, world):
        number, event_id = with_update(world)
        store_raw(event_id, "<p>Zoals opgeslagen</p>", RENDERER_STAMP)
    login_resident(app, client, EMAIL)

    page = client.get(f"/mijn/initiatief/{number}").get_data(as_text=True)

    assert "<p>Zoals opgeslagen</p>" in page


def test_a_new_renderer_stamp_makes_the_old_html_unused_and_a_get_writes_nothing(
    world, app, client, monkeypatch
):
    with in_app(app, world):
        number, event_id = with_update(world)
        store_raw(event_id, "<p>Van de vorige renderer</p>", RENDERER_STAMP)
    login_resident(app, client, EMAIL)
    # An upgrade of markdown or nh3, or another allow-list: another stamp.
    monkeypatch.setattr(event_html, "RENDERER_STAMP", "nieuwe-renderer")

    page = client.get(f"/mijn/initiatief/{number}").get_data(as_text=True)

    assert "Van de vorige renderer" not in page
    assert "<strong>nieuws</strong>" in page and "<script>x()" not in page
    with in_app(app):
        assert stored(event_id) == ("<p>Van de vorige renderer</p>", RENDERER_STAMP)


def test_stale_html_is_stored_again_in_batches_and_replies_get_only_the_stamp(world, app):
    with in_app(app, world):
        _, first = with_update(world, "Eerste *bericht*")
        initiative = db.session.get(Event, first).initiative
        second = act_and_commit(
            world, actions.post_update, initiative, at(3, 4), body="Tweede **bericht**"
        ).id
        third = act_and_commit(world, actions.add_note, initiative, at(3, 5), body="Notitie").id
        reply = actions.resident_reply(initiative, body="Antwoord", now=at(3, 6)).id
        current_reply = actions.resident_reply(initiative, body="Nog een", now=at(3, 7)).id
        db.session.commit()
        store_raw(first, "<p>oud</p>", "oude-stempel")
        store_raw(second, None, None)  # as bulk loads and older rows have it
        store_raw(reply, None, None)  # a reply written before replies got the stamp
        current = stored(third)

        done, last_id = render_stale_event_html(batch_size=1)
        db.session.commit()
        assert (done, last_id) == (1, first)
        done, last_id = render_stale_event_html(batch_size=10, after_id=last_id)
        db.session.commit()
        assert (done, last_id) == (2, reply)
        assert render_stale_event_html(batch_size=10, after_id=last_id) == (0, 0)
        assert render_stale_event_html(batch_size=10) == (0, 0)  # nothing stale is left

        assert stored(first) == (str(render_markdown("Eerste *bericht*")), RENDERER_STAMP)
        assert stored(second) == (str(render_markdown("Tweede **bericht**")), RENDERER_STAMP)
        assert stored(third) == current
        assert stored(reply) == (None, RENDERER_STAMP)
        assert stored(current_reply) == (None, RENDERER_STAMP)
        kinds = db.session.scalars(select(Event.kind).where(Event.id.in_([reply, current_reply])))
        assert set(kinds) == {EventKind.REPLY}


def test_a_new_stamp_sorting_before_or_after_the_old_one_makes_every_row_stale(
    world, app, monkeypatch
):
    # An upgrade of markdown or nh3 gives a stamp that may sort on either side of the old.
    with in_app(app, world):
        _, event_id = with_update(world)
        events = db.session.scalar(select(func.count()).select_from(Event))
        for new_stamp in ("0" * 16, "f" * 16):
            monkeypatch.setattr(event_html, "RENDERER_STAMP", new_stamp)

            assert store_stale_event_html(at(3, 10)) == {"rendered": events}

            assert stored(event_id) == (str(render_markdown(BODY)), new_stamp)
            assert store_stale_event_html(at(3, 11)) == {"rendered": 0}


def test_events_inserted_past_the_orm_are_stamped_when_written(world, app):
    with in_app(app, world):
        initiative = submit(at(3, 2), email=EMAIL)
        db.session.commit()
        assert dispatch_due(at(3, 2)).sent == 1  # the receipt: a MAIL_SENT event, in bulk
        anonymise([initiative.id], now=at(3, 13), cause=Cause.RESIDENT)
        db.session.commit()

        def written(kind: str) -> tuple[str | None, str | None]:
            row = db.session.scalars(select(Event).where(Event.kind == kind)).one()
            return stored(row.id)

        assert written(EventKind.MAIL_SENT) == ("", RENDERER_STAMP)
        html, stamp = written(EventKind.ANONYMISED)
        assert "Gegevens van de initiatiefnemer verwijderd" in html and stamp == RENDERER_STAMP


def test_the_nightly_job_and_the_command_store_what_is_stale(world, app, runner):
    with in_app(app, world):
        _, event_id = with_update(world)
        store_raw(event_id, None, None)
        assert store_stale_event_html(at(3, 10)) == {"rendered": 1}
        assert stored(event_id)[1] == RENDERER_STAMP
        assert store_stale_event_html(at(3, 11)) == {"rendered": 0}
        store_raw(event_id, "<p>oud</p>", "oude-stempel")

    result = runner.invoke(args=["render-event-html", "--batch-size", "2"])

    assert result.exit_code == 0, result.output
    assert "1 berichten opnieuw opgemaakt" in result.output
    with in_app(app):
        assert stored(event_id) == (str(render_markdown(BODY)), RENDERER_STAMP)


def test_anonymising_leaves_no_name_in_stored_html(world, app):
    with in_app(app, world):
        initiative = submit(at(3, 2), name="Fatima el Amrani", email=EMAIL)
        db.session.commit()
        update_id = act_and_commit(
            world, actions.post_update, initiative, at(3, 3), body="Beste **Fatima**, welkom."
        ).id
        note_id = act_and_commit(
            world, actions.add_note, initiative, at(3, 3), body="Geen naam."
        ).id
        assert "Fatima" in stored(update_id)[0]
        kept = stored(note_id)

        anonymise([initiative.id], now=at(3, 13), cause=Cause.RESIDENT)
        db.session.commit()

        assert stored(update_id) == (None, None)  # rendered from the scrubbed body until stored
        assert stored(note_id) == kept  # nothing to scrub: its HTML stays
        assert "Fatima" not in event_html.event_html(db.session.get(Event, update_id))
