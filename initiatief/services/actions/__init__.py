"""What staff do with an initiative; the one module views import for every staff action.

Each operation checks the version the staff member's form was built from, changes
the initiative, writes exactly one Event and queues the mails it causes. It adds
and flushes; the caller commits once, so a change, its history and its mails stand
or fall together. A refusal is a DomainError (services/errors.py; EditConflict when
someone changed the initiative first), after which the caller rolls back.

Triage and phase moves are in phases.py; the clock (pause, resume, extend, stop)
in clock.py; the words (updates, notes, call-backs, replies) in messages.py; the
rules they share in guards.py.
"""

from .clock import OUTCOME_LABELS, WAITING_ON_LABELS, extend, pause, resume, stop
from .guards import MESSAGE_MAX, REASON_MAX, check_version
from .messages import REPLY_MAX, add_note, handle_callback, post_update, resident_reply
from .phases import advance, triage

__all__ = [
    "MESSAGE_MAX",
    "OUTCOME_LABELS",
    "REASON_MAX",
    "REPLY_MAX",
    "WAITING_ON_LABELS",
    "add_note",
    "advance",
    "check_version",
    "extend",
    "handle_callback",
    "pause",
    "post_update",
    "resident_reply",
    "resume",
    "stop",
    "triage",
]
