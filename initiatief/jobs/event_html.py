"""Storing event HTML that is missing or stale, a bounded part per night.

Rows written in bulk or before stored HTML existed, bodies scrubbed by the
retention job, and every row after an upgrade of markdown or nh3 (a new renderer
stamp) are rendered in memory on each view until this job stores their HTML.
Replies written before replies got the stamp get it here, without HTML.
"""

from datetime import datetime

from ..extensions import db
from ..services.event_html import BATCH_SIZE, render_stale_event_html

BATCHES_PER_RUN = 40  # 20,000 rows: a few minutes at most, then tomorrow night again


def store_stale_event_html(now: datetime) -> dict[str, int]:
    """Render and store up to BATCHES_PER_RUN batches of stale event HTML; commits per batch."""
    total, after_id = 0, 0
    for _ in range(BATCHES_PER_RUN):
        done, after_id = render_stale_event_html(BATCH_SIZE, after_id)
        db.session.commit()
        total += done
        if not after_id:
            break
    return {"rendered": total}
