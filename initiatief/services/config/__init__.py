"""What a beheerder configures: journeys and phases, the organisation, mail texts,

closed days and retention periods, one module each.

Every operation adds and flushes; the view commits once. A change the rules do
not allow raises Refused.
"""


class Refused(Exception):
    """A change the rules do not allow, with a Dutch message for the beheerder.

    field names the form field the message belongs to, or None for the page.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
