"""Numbers and dates on an English page are written the English way."""

from datetime import date

from flask_babel import force_locale

from initiatief.rendering import format_day, format_euros, format_weekday


def test_amounts_and_days_follow_the_language(app):
    with app.test_request_context("/"):
        assert format_euros(2500) == "€ 2.500"
        assert format_euros(1_000_000) == "€ 1.000.000"
        with force_locale("en"):
            assert format_euros(2500) == "€2,500"
            assert format_euros(750) == "€750"
            assert format_day(date(2026, 3, 3)) == "3 March 2026"
            assert format_weekday(date(2026, 3, 3)) == "Tuesday 3 March 2026"
