"""Fixed choices of the product: stored values with the Dutch labels people read.

The labels are marked with N_ so `pybabel extract -k N_` puts them in the catalog;
they are translated where they are shown (rendering._label, the forms' _l(label)).
"""


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "mark only")
    """Mark a string for extraction without translating it now."""
    return message


THEMES = (
    ("groen", N_("Groen en natuur")),
    ("spelen", N_("Spelen en sport")),
    ("ontmoeten", N_("Ontmoeten en samen doen")),
    ("zorg", N_("Zorg en welzijn")),
    ("cultuur", N_("Kunst en cultuur")),
    ("veiligheid", N_("Veiligheid en verkeer")),
    ("duurzaam", N_("Duurzaamheid en energie")),
    ("anders", N_("Iets anders")),
)
SUPPORT_KINDS = (
    ("geld", N_("Geld of subsidie")),
    ("vergunning", N_("Een vergunning")),
    ("ruimte", N_("Een ruimte of plek")),
    ("advies", N_("Advies")),
    ("materiaal", N_("Materiaal")),
    ("netwerk", N_("Contact met anderen (netwerk)")),
)
