"""Moved to initiatief.dates.planning; only services/calendar_table.py still imports from here.

calendar_table.py is being changed elsewhere at the same time; when that change
lands, its import names initiatief.dates.planning and this module goes.
"""

from ..dates.planning import WorkCalendar  # noqa: F401 (see the docstring)
