"""Anonymising, table by table: a few set-wise statements for a whole list of initiatives.

Resident text is replaced, staff text scrubbed (scrubber.py, verbeteracties too), mails emptied,
and addresses with no live initiative left forgotten. Flushes, never commits.
"""

from datetime import datetime

from sqlalchemy import bindparam, delete, select, update

from ..extensions import db
from ..models import (
    CallbackRequest,
    DataRequest,
    EmailChange,
    Event,
    EventKind,
    Feedback,
    FlaggedAddress,
    ImprovementAction,
    Initiative,
    Initiator,
    LoginToken,
    MailStatus,
    OutboxMail,
    Pause,
    PhaseVisit,
    ResidentSession,
    Team,
    User,
)
from .scrubber import Scrubber

REMOVED_TEXT = "Deze tekst van de initiatiefnemer is verwijderd, om de privacy te beschermen."


def empty_initiators(ids: list[int], now: datetime) -> None:
    db.session.execute(
        update(Initiator)
        .where(Initiator.initiative_id.in_(ids))
        .values(
            name="",
            email="",
            phone="",
            postal_address="",
            organisation="",
            co_initiators="",
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def replace_resident_text(ids: list[int]) -> None:
    """What the resident wrote becomes one fixed sentence; the rows themselves stay."""
    statements = [
        update(Initiative)
        .where(Initiative.id.in_(ids))
        .values(
            summary=REMOVED_TEXT, description=REMOVED_TEXT, location="", holds_personal_data=False
        ),
        update(Event)
        .where(Event.initiative_id.in_(ids), Event.kind == EventKind.REPLY, Event.body != "")
        .values(body=REMOVED_TEXT, body_html=None, body_html_stamp=None),
        update(CallbackRequest)
        .where(CallbackRequest.initiative_id.in_(ids))
        .values(phone="", preferred_moment=""),
        update(Feedback)
        .where(Feedback.initiative_id.in_(ids), Feedback.remark != "")
        .values(remark=REMOVED_TEXT),
    ]
    for statement in statements:
        db.session.execute(statement.execution_options(synchronize_session=False))


def scrub_staff_text(scrubbers: dict[int, Scrubber]) -> None:
    """Staff text stays, without the resident's name, address or number in it.

    An event's stored HTML (services/event_html.py) is the unscrubbed body: it is
    cleared, so pages render the scrubbed body until the nightly job stores it again.
    """
    ids = list(scrubbers)
    sources = [
        (Initiative, [Initiative.title, Initiative.outcome], Initiative.id),
        (Event, [Event.body], Event.initiative_id),
        (PhaseVisit, [PhaseVisit.delay_reason], PhaseVisit.initiative_id),
        (CallbackRequest, [CallbackRequest.note], CallbackRequest.initiative_id),
        (Feedback, [Feedback.follow_up_note], Feedback.initiative_id),
        (DataRequest, [DataRequest.answer], DataRequest.initiative_id),
    ]
    cleared = {Event: {"body_html": None, "body_html_stamp": None}}
    for model, columns, owner in sources:
        rows = db.session.execute(select(model.id, owner, *columns).where(owner.in_(ids)))
        _write_changed(model, columns, rows, scrubbers, cleared.get(model, {}))
    pauses = db.session.execute(
        select(Pause.id, PhaseVisit.initiative_id, Pause.reason)
        .join(PhaseVisit, Pause.visit_id == PhaseVisit.id)
        .where(PhaseVisit.initiative_id.in_(ids))
    )
    _write_changed(Pause, [Pause.reason], pauses, scrubbers, {})
    _scrub_actions(scrubbers)


def _scrub_actions(scrubbers: dict[int, Scrubber]) -> None:
    """Verbeteracties that came from these residents' remarks: staff text, scrubbed too.

    The version goes up, so a form loaded before still names the resident and is
    refused (EditConflict) instead of writing the name back.
    """
    a = ImprovementAction
    columns = [a.title, a.reason, a.notes]
    rows = db.session.execute(
        select(a.id, Feedback.initiative_id, *columns)
        .join(Feedback, Feedback.id == a.feedback_id)
        .where(Feedback.initiative_id.in_(list(scrubbers)))
    )
    changes = []
    for row_id, owner_id, *values in rows:
        cleaned = {c.key: scrubbers[owner_id](v) for c, v in zip(columns, values, strict=True)}
        if list(cleaned.values()) != [v or "" for v in values]:
            changes.append({"row_id": row_id, **cleaned})
    if changes:
        table = a.__table__
        statement = (
            table.update()
            .where(table.c.id == bindparam("row_id"))
            .values({**{c.key: bindparam(c.key) for c in columns}, "version": table.c.version + 1})
        )
        db.session.execute(statement, changes)


def _write_changed(model, columns, rows, scrubbers, also: dict) -> None:
    """Write back only the rows whose text changed (with the values in also), in one executemany."""
    changes = []
    for row_id, owner_id, *values in rows:
        scrub = scrubbers[owner_id]
        pairs = list(zip(columns, values, strict=True))
        cleaned = {column.key: scrub(value) for column, value in pairs}
        if any(cleaned[column.key] != (value or "") for column, value in pairs):
            changes.append({"row_id": row_id, **cleaned, **also})
    _update_by_id(model, changes)


def _update_by_id(model, changes: list[dict]) -> None:
    """Core executemany by primary key; the ORM's version counter is not involved."""
    if not changes:
        return
    table = model.__table__
    columns = [name for name in changes[0] if name != "row_id"]
    statement = (
        table.update()
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(name) for name in columns})
    )
    db.session.execute(statement, changes)


def empty_mail(ids: list[int], scrubbers: dict[int, Scrubber]) -> None:
    """Mails about these initiatives lose address and body; those not yet sent are cancelled."""
    db.session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.initiative_id.in_(ids),
            OutboxMail.status.in_([MailStatus.PENDING, MailStatus.SENDING]),
        )
        .values(status=MailStatus.CANCELLED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    rows = db.session.execute(
        select(
            OutboxMail.id, OutboxMail.initiative_id, OutboxMail.subject, OutboxMail.last_error
        ).where(OutboxMail.initiative_id.in_(ids))
    )
    changes = [
        {
            "row_id": row_id,
            "to_address": "",
            "text_body": "",
            "html_body": "",
            "headers": "",
            "subject": scrubbers[owner](subject),
            "last_error": scrubbers[owner](last_error),
        }
        for row_id, owner, subject, last_error in rows
    ]
    _update_by_id(OutboxMail, changes)


def still_live(addresses: set[str]) -> set[str]:
    """Those addresses that another, not anonymised initiative still uses."""
    if not addresses:
        return set()
    return set(
        db.session.scalars(
            select(Initiator.email).where(
                Initiator.email.in_(addresses), Initiator.anonymised_at.is_(None)
            )
        )
    )


def forget_addresses(gone: set[str], now: datetime) -> None:
    """An address with no live initiative: its links, sessions and mails go.

    Login links and mails without an initiative (a login link, an address
    change) name the address; the sessions of that resident end, so a link or
    a logged-in device no longer opens anything.
    """
    if not gone:
        return
    for statement in (
        delete(LoginToken).where(LoginToken.email.in_(gone)),
        delete(ResidentSession).where(ResidentSession.email.in_(gone)),
        delete(EmailChange).where(
            EmailChange.old_email.in_(gone) | EmailChange.new_email.in_(gone)
        ),
        # Mails about an initiative were emptied with it (empty_mail).
        update(OutboxMail)
        .where(
            OutboxMail.initiative_id.is_(None),
            OutboxMail.to_address.in_(gone),
            OutboxMail.status.in_([MailStatus.PENDING, MailStatus.SENDING]),
        )
        .values(status=MailStatus.CANCELLED, lease_until=None),
        update(OutboxMail)
        .where(OutboxMail.initiative_id.is_(None), OutboxMail.to_address.in_(gone))
        .values(to_address="", text_body="", html_body="", headers="", last_error=""),
    ):
        db.session.execute(statement.execution_options(synchronize_session=False))
    staff = set(db.session.scalars(select(User.email).where(User.email.in_(gone))))
    staff |= set(db.session.scalars(select(Team.email).where(Team.email.in_(gone))))
    flagged = gone - staff
    if flagged:
        db.session.execute(
            delete(FlaggedAddress)
            .where(FlaggedAddress.address.in_(flagged))
            .execution_options(synchronize_session=False)
        )
