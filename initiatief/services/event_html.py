"""Event bodies rendered to sanitised HTML once, when written, not on every page view.

An event's Markdown body (an update, a phase change's message, a staff note) is
rendered with rendering.render_markdown when the row is inserted or its body
changes, and stored beside it with the renderer's stamp. Pages show the stored
HTML only while that stamp is current; otherwise they render in memory (a GET
never writes) until `flask render-event-html` or the nightly job stores it again.
Replies are shown as plain text: they get no HTML, only the stamp, which says
they were looked at. Writes that bypass the ORM write stored_html's columns, or
leave both empty (bulk loads) or clear them (scrubbing) for the job to fill.
"""

import time

import click
from flask import Flask
from flask.cli import with_appcontext
from markupsafe import Markup
from sqlalchemy import String, bindparam, event, inspect, literal, or_, select
from sqlalchemy.orm import Mapper

from ..extensions import db
from ..models import Event, EventKind
from ..rendering import RENDERER_STAMP, render_markdown

BATCH_SIZE = 500


def shows_markdown(kind: str) -> bool:
    """A reply is the resident's own plain text; every other body is Markdown."""
    return kind != EventKind.REPLY


def event_html(event_row: Event) -> Markup:
    """The body as sanitised HTML: stored when its stamp is current, else rendered now."""
    if event_row.body_html is not None and event_row.body_html_stamp == RENDERER_STAMP:
        return Markup(event_row.body_html)  # noqa: S704 (render_markdown's output, stored)
    return render_markdown(event_row.body)


def html_of(kind: str, body: str) -> str | None:
    """What to store as the body's HTML: none for a reply."""
    return str(render_markdown(body)) if shows_markdown(kind) else None


def stored_html(kind: str, body: str) -> dict[str, str | None]:
    """The HTML columns of a new row, for an insert that bypasses the ORM's hook."""
    return {"body_html": html_of(kind, body), "body_html_stamp": RENDERER_STAMP}


def _store_html(target: Event) -> None:
    target.body_html = html_of(target.kind or "", target.body)
    target.body_html_stamp = RENDERER_STAMP


@event.listens_for(Event, "before_insert")
def _render_new(mapper: Mapper, connection, target: Event) -> None:
    _store_html(target)


@event.listens_for(Event, "before_update")
def _render_changed(mapper: Mapper, connection, target: Event) -> None:
    state = inspect(target)
    if state.attrs.body.history.has_changes() or state.attrs.kind.history.has_changes():
        _store_html(target)


def render_stale_event_html(batch_size: int = BATCH_SIZE, after_id: int = 0) -> tuple[int, int]:
    """Store the HTML of up to batch_size events without the current stamp, from after_id on.

    A reply gets the stamp and no HTML. Returns (rows written, the last id looked
    at; 0 when none was left). In id order, so batches resume where the last one
    ended; see stale_stamp for how the rows are found. Flushes; the caller commits.
    """
    rows = db.session.execute(
        select(Event.id, Event.kind, Event.body)
        .where(Event.id > after_id, stale_stamp())
        .order_by(Event.id)
        .limit(batch_size)
    ).all()
    if not rows:
        return 0, 0
    table = Event.__table__
    db.session.execute(
        table.update()
        .where(table.c.id == bindparam("row_id"))
        .values(body_html=bindparam("html"), body_html_stamp=RENDERER_STAMP),
        [{"row_id": row.id, "html": html_of(row.kind, row.body)} for row in rows],
    )
    return len(rows), rows[-1].id


def stale_stamp():
    """Rows without the current renderer's stamp, found through the stamp's index.

    Every row carries the stamp once looked at (a reply too), so when nothing is
    stale the index answers "none" at once instead of a walk through every event.
    "<" or ">" rather than "!=", which no index answers; the stamp written into the
    statement, so the planner knows it matches nearly no row, and after an upgrade
    (a new stamp, every row stale) walks the primary key instead.
    """
    current = literal(RENDERER_STAMP, String, literal_execute=True)
    stamp = Event.body_html_stamp
    return or_(stamp.is_(None), stamp < current, stamp > current)


@click.command("render-event-html")
@click.option("--batch-size", default=BATCH_SIZE, show_default=True, type=click.IntRange(1))
@with_appcontext
def render_event_html_command(batch_size: int) -> None:
    """Store the HTML of every event body whose stored HTML is missing or stale.

    Run after `flask db upgrade` or an upgrade of markdown or nh3; the nightly job
    does it too, a bounded part per night. Commits each batch.
    """
    started = time.perf_counter()
    total, after_id = 0, 0
    while True:
        done, after_id = render_stale_event_html(batch_size, after_id)
        db.session.commit()
        total += done
        if not after_id:
            break
    click.echo(f"{total} berichten opnieuw opgemaakt in {time.perf_counter() - started:.1f} s.")


def register(app: Flask) -> None:
    app.add_template_global(event_html, "event_html")
