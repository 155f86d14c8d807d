"""Fields shared by the forms: ids and days, read the same strict way everywhere."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from wtforms import DateField, IntegerField

from ..catalogue import current_catalogue
from ..inputs import parse_id
from ..rendering import format_day

# Days a form takes: no initiative is older, and date sums on them cannot overflow.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def _translated(message: str) -> str:
    """message in the current locale (catalogue.current_catalogue: one lookup, not three)."""
    return current_catalogue().ugettext(message)


def lazy_text(message: str) -> LazyString:
    """lazy_gettext for labels and messages without variables, translated when shown."""
    return LazyString(_translated, message)


def coerce_id(value) -> int:
    """`coerce=` for lists of ids: what parse_id reads, else ValueError (the field says so).

    int() would take "٣" and numbers beyond INTEGER, which PostgreSQL refuses.
    """
    if isinstance(value, int):  # the choices themselves, and data from the model
        return value
    number = parse_id(value)
    if number is None:
        raise ValueError(value)
    return number


class IdField(IntegerField):
    """A choice sent as a number (a journey, a team, a person): an id as parse_id reads it."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] == "":
            self.data = None
            return
        self.data = parse_id(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Kies een van de mogelijkheden uit de lijst."))


class DayField(DateField):
    """A day between FIRST_DAY and LAST_DAY, with a Dutch message for anything else.

    not_a_day replaces WTForms' message for text that is no date at all. A day
    outside the range stays in data, so the page shows it again with the message.
    """

    not_a_day = None

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            self.data = None
            if self.not_a_day is None:
                raise
            raise ValueError(self.not_a_day) from error
        if self.data is not None and not FIRST_DAY <= self.data <= LAST_DAY:
            raise ValueError(
                _(
                    "Kies een datum tussen %(first)s en %(last)s.",
                    first=format_day(FIRST_DAY),
                    last=format_day(LAST_DAY),
                )
            )
