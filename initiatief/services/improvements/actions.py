"""Writing a verbeteractie: every field checked, a stale form refused, no personal data copied.

Only coördinatoren and beheerders write. An action that came from a resident's
remark is written in the coördinator's own words: the service refuses a title,
reason or notes that name the resident (their name, e-mail address, phone number
or postal address), so removing the resident's data later has little to find.
Flushes, never commits.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from ...extensions import db
from ...models import (
    ActionFigure,
    ActionStatus,
    Feedback,
    ImprovementAction,
    Phase,
    Role,
    Team,
    User,
)
from ...rendering import format_day
from ..anonymise import live_initiators
from ..calendar_table import ORIGIN, last_reportable_day
from ..errors import DomainError, EditConflict
from ..scrubber import Person, Scrubber

TITLE_MAX = 200
REASON_MAX = 2000
NOTES_MAX = 5000
WRITERS = (Role.COORDINATOR, Role.BEHEERDER)

ACTION_CHANGED = _l(
    "Iemand anders heeft deze verbeteractie intussen gewijzigd. Er is niets opgeslagen. "
    "Laad de pagina opnieuw, bekijk de wijziging en probeer het nog een keer."
)


@dataclass(frozen=True)
class ActionData:
    """What the form sends; ids as parsed (None: not chosen)."""

    title: str
    phase_id: int | None
    reason: str = ""
    figure: str = ActionFigure.MEDIAN_DAYS
    team_id: int | None = None
    owner_id: int | None = None
    status: str = ActionStatus.IDEA
    starts_on: date | None = None
    notes: str = ""
    feedback_id: int | None = None  # only when the action is made: the link stays


def may_write(user: User) -> bool:
    return user.role in WRITERS


def create_action(data: ActionData, *, actor: User, now: datetime, today: date):
    """A new action (an idea when status is idee); feedback_id links the remark it came from."""
    _check_writer(actor)
    action = ImprovementAction(created_by_id=actor.id, created_at=now, updated_at=now)
    feedback = None
    if data.feedback_id is not None:
        feedback = db.session.get(Feedback, data.feedback_id)
        if feedback is None:
            raise DomainError(_l("Deze opmerking bestaat niet meer. Begin opnieuw."))
        action.feedback_id = feedback.id
    _apply(action, data, today, feedback)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(
    action: ImprovementAction,
    data: ActionData,
    *,
    expected_version: int | None,
    actor: User,
    now: datetime,
    today: date,
) -> ImprovementAction:
    """Change an action; refused (EditConflict) when it changed after the form was loaded."""
    _check_writer(actor)
    if expected_version is None or action.version != expected_version:
        raise EditConflict(ACTION_CHANGED)
    _apply(action, data, today, action.feedback)
    action.updated_at = now
    try:
        db.session.flush()
    except StaleDataError as error:  # someone committed between our read and this flush
        raise EditConflict(ACTION_CHANGED) from error
    return action


def _check_writer(actor: User) -> None:
    if not may_write(actor):
        raise DomainError(_l("Alleen een coördinator of beheerder kan verbeteracties vastleggen."))


def _apply(action, data: ActionData, today: date, feedback: Feedback | None) -> None:
    title = _text(data.title, TITLE_MAX, "title")
    if not title:
        raise DomainError(_l("Schrijf in een paar woorden wat u gaat veranderen."), "title")
    reason = _text(data.reason, REASON_MAX, "reason")
    notes = _text(data.notes, NOTES_MAX, "notes")
    if feedback is not None:
        _without_personal_data(feedback, {"title": title, "reason": reason, "notes": notes})
    if data.phase_id is None or db.session.get(Phase, data.phase_id) is None:
        raise DomainError(_l("Kies de fase die beter moet."), "phase")
    if data.figure not in set(ActionFigure):
        raise DomainError(_l("Kies een cijfer uit de lijst."), "figure")
    if data.team_id is not None and db.session.get(Team, data.team_id) is None:
        raise DomainError(_l("Dit team bestaat niet. Kies er een uit de lijst."), "team")
    if data.owner_id is not None:
        owner = db.session.get(User, data.owner_id)
        # An owner whose account was closed may stay; nobody new becomes one.
        if owner is None or (not owner.active and owner.id != action.owner_id):
            raise DomainError(
                _l("Kies als eigenaar een medewerker met een actief account."), "owner"
            )
    if data.status not in set(ActionStatus):
        raise DomainError(_l("Kies een status uit de lijst."), "status")
    _check_start(data.status, data.starts_on, today)
    action.title, action.reason, action.notes = title, reason, notes
    action.phase_id, action.figure = data.phase_id, data.figure
    action.team_id, action.owner_id = data.team_id, data.owner_id
    action.status, action.starts_on = data.status, data.starts_on


def _text(value: str | None, limit: int, field: str) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(
            _l(
                "Deze tekst is te lang: hoogstens %(limit)s tekens.",
                limit=f"{limit:,}".replace(",", "."),
            ),
            field,
        )
    return value


def _check_start(status: str, starts_on: date | None, today: date) -> None:
    if starts_on is None:
        if status != ActionStatus.IDEA:
            raise DomainError(
                _l("Vul de startdatum in. Alleen een idee heeft nog geen startdatum."), "starts_on"
            )
        return
    last = last_reportable_day(today)
    if not ORIGIN <= starts_on <= last:
        raise DomainError(
            _l(
                "Kies een startdatum tussen %(first)s en %(last)s.",
                first=format_day(ORIGIN),
                last=format_day(last),
            ),
            "starts_on",
        )


def resident_of(feedback: Feedback) -> Person | None:
    """The live initiator behind a remark (None once their data was removed)."""
    people = live_initiators([feedback.initiative_id])
    return people[0] if people else None


def _without_personal_data(feedback: Feedback, texts: dict[str, str]) -> None:
    person = resident_of(feedback)
    if person is None:
        return
    scrubber = Scrubber.for_person(person)
    for field, text in texts.items():
        if text and scrubber.mentions_in_any_form(text):
            raise DomainError(
                _l(
                    "Deze tekst noemt de inwoner: een naam, e-mailadres, telefoonnummer of "
                    "adres. Schrijf het in uw eigen woorden, zonder persoonsgegevens."
                ),
                field,
            )
