"""SQLAlchemy models, one module per aggregate; import them from here."""

from .access import AuditEntry, LoginToken, ResidentSession
from .activity import CallbackRequest, Event, EventKind
from .calendar import CalendarDay
from .config_stamp import CONFIG, ConfigStamp
from .delivery import FlaggedAddress, JobRun
from .feedback import ASPECTS, Feedback, feedback_phases
from .improvement import ActionFigure, ActionStatus, DesiredNorm, ImprovementAction
from .initiative import (
    ContactPreference,
    Initiative,
    Initiator,
    NumberSequence,
    Pause,
    PhaseVisit,
    Status,
)
from .job_moments import NEVER, is_due, start_of  # and its listener keeps them honest
from .journey import Actor, ClosedDay, Journey, NormUnit, Phase
from .mail import MailStatus, OutboxMail
from .mail_text import MailText
from .organisation import Role, Team, User, Wijk, team_members
from .outcome import VisitOutcome
from .privacy import DataRequest, DataRequestStatus, EmailChange, RetentionPolicy
from .types import UTCDateTime, utcnow

__all__ = [
    "NEVER",
    "is_due",
    "start_of",
    "ASPECTS",
    "ActionFigure",
    "ActionStatus",
    "Actor",
    "AuditEntry",
    "CONFIG",
    "CalendarDay",
    "CallbackRequest",
    "ClosedDay",
    "ConfigStamp",
    "ContactPreference",
    "DataRequest",
    "DataRequestStatus",
    "DesiredNorm",
    "EmailChange",
    "Event",
    "Feedback",
    "FlaggedAddress",
    "EventKind",
    "ImprovementAction",
    "Initiative",
    "Initiator",
    "Journey",
    "JobRun",
    "LoginToken",
    "MailStatus",
    "MailText",
    "NormUnit",
    "NumberSequence",
    "OutboxMail",
    "Pause",
    "Phase",
    "PhaseVisit",
    "ResidentSession",
    "RetentionPolicy",
    "Role",
    "Status",
    "Team",
    "UTCDateTime",
    "User",
    "VisitOutcome",
    "Wijk",
    "feedback_phases",
    "team_members",
    "utcnow",
]
