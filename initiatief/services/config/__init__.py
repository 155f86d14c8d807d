"""What a beheerder configures: journeys and phases, the organisation, mail texts,

closed days and retention periods, one module each.

Every operation adds and flushes; the view commits once. A change the rules do
not allow raises DomainError (services/errors.py).
"""
