"""Pending mails that describe a state the initiative has just left are withdrawn.

A check-in, a 'het duurt langer', a reminder to act, or a due-date warning that
still waits in the outbox (held for the 08.00-20.00 window, say) would tell the
resident or the contact person something that is no longer true. They are
cancelled in the same transaction as the change; the jobs queue fresh ones for
the new state. Messages written by people (updates, phase messages, decisions)
are never withdrawn.
"""

from sqlalchemy import update

from ..extensions import db
from ..models import Initiative, MailStatus, OutboxMail
from ..models.job_moments import reset_initiatives

STATE_BOUND_KINDS = (
    "stand_van_zaken",
    "het_duurt_langer",
    "herinnering_actie",
    "actie_gevraagd",
    "waarschuwing_termijn",
    "escalatie",
)


def withdraw_outdated_mail(initiative: Initiative, why: str) -> int:
    """Cancel this initiative's unsent state-bound mails; returns how many."""
    if initiative.id is None:
        return 0
    result = db.session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.initiative_id == initiative.id,
            OutboxMail.status == MailStatus.PENDING,
            OutboxMail.kind.in_(STATE_BOUND_KINDS),
        )
        .values(status=MailStatus.CANCELLED, last_error=f"vervallen: {why}")
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        # A withdrawn mail is no news: the jobs look at this initiative again.
        reset_initiatives(db.session, [initiative.id])
    return result.rowcount
