"""The dispatcher: claims due outbox rows and sends them over one SMTP connection.

One module each: claiming due rows (claims.py), one message and its connection
(smtp.py), what a failed send means and when to retry (failures.py), each row's
state after a try and the pass's counts (results.py), and the pass that ties
them together (batch.py).
"""

from .batch import dispatch_due
from .results import DispatchResult

__all__ = ["DispatchResult", "dispatch_due"]
