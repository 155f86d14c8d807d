"""The one write a GET may make: the audit lines of a look at a resident's personal data.

Pages that only show things write nothing: what they need is made when its data
changes or by a scheduled job. A page that shows personal data records who
looked, and that line must outlive the request, so it is committed here, in one
place, instead of by each view.
"""

from collections.abc import Callable
from typing import TypeVar

from flask import request

from ..extensions import db
from ..models import utcnow

R = TypeVar("R")


def record_view(write_audit: Callable[..., R], *args, **kwargs) -> R:
    """Call write_audit(*args, now=..., origin=..., **kwargs) and commit the audit lines it added.

    write_audit is audit.record, audit.record_numbers or a service that adds its
    own audit line while it reads (a resident's own data, a mail preview); its
    result is returned.
    """
    result = write_audit(*args, now=utcnow(), origin=request.remote_addr or "", **kwargs)
    db.session.commit()
    return result
