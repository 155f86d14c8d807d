"""Mails about a resident's request to delete their data (AVG), one composer per mail.

All three are essential (an answer the law owes the resident), so they go
despite an opt-out and are never combined. The texts are editable kinds in
default_texts, in the same frame as the other resident mails.
"""

from datetime import datetime

from ..models import DataRequest, Initiative
from ..rendering import format_day
from .composers import compose_resident
from .notices import queue_resident_mail, resident_send_after
from .outbox import queue_mail


def queue_request_received(initiative: Initiative, request: DataRequest, now: datetime) -> None:
    """'Wij hebben uw verzoek ontvangen': a coördinator answers before request.due_on."""
    queue_resident_mail(
        initiative,
        key=f"data-request:{request.id}:received",
        kind="verwijderverzoek_ontvangen",
        now=now,
        antwoord_voor=format_day(request.due_on),
    )


def queue_kept_until_closing(initiative: Initiative, request: DataRequest, now: datetime) -> None:
    """'Wij bewaren uw gegevens tot uw initiatief klaar is', with the coördinator's reason."""
    queue_resident_mail(
        initiative,
        key=f"data-request:{request.id}:kept",
        kind="gegevens_bewaard",
        now=now,
        reden=request.answer,
    )


def queue_data_removed(initiative: Initiative, address: str, now: datetime) -> None:
    """'Uw gegevens zijn verwijderd', to the address as it was before anonymising.

    Composed after anonymising, so nothing personal is left to put in it but the
    address it goes to. It is not linked to the initiative: the dispatcher would
    otherwise write that address into the initiative's history when it sends,
    because it no longer matches the (emptied) initiator's.
    """
    if not address:
        return  # a resident without e-mail hears from us by phone or letter
    mail = compose_resident("gegevens_verwijderd", initiative, now)
    queue_mail(
        key=f"data-removed:{initiative.id}",
        kind="gegevens_verwijderd",
        to=address,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        send_after=resident_send_after(now),
    )
