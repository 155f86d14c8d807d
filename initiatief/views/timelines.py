"""The resident's timeline as of today, from the worker's config copy."""

from ..dates.planning import today_local
from ..dates.timeline import Timeline, build_timeline
from ..models import Initiative, utcnow
from ..services.config_cache import ConfigSnapshot, current_config


def timeline_today(initiative: Initiative, config: ConfigSnapshot | None = None) -> Timeline:
    """The calendar and the journey's phases kept per worker: one small read (the stamp).

    config: the snapshot when the caller read the stamp already.
    """
    if config is None:
        config = current_config()
    return build_timeline(
        initiative,
        config.calendar,
        today_local(utcnow()),
        phases=config.journey_phases(initiative.journey_id),
    )
