"""Fixed choices of the product: stored values with the Dutch labels people read."""

THEMES = (
    ("groen", "Groen en natuur"),
    ("spelen", "Spelen en sport"),
    ("ontmoeten", "Ontmoeten en samen doen"),
    ("zorg", "Zorg en welzijn"),
    ("cultuur", "Kunst en cultuur"),
    ("veiligheid", "Veiligheid en verkeer"),
    ("duurzaam", "Duurzaamheid en energie"),
    ("anders", "Iets anders"),
)
SUPPORT_KINDS = (
    ("geld", "Geld of subsidie"),
    ("vergunning", "Een vergunning"),
    ("ruimte", "Een ruimte of plek"),
    ("advies", "Advies"),
    ("materiaal", "Materiaal"),
    ("netwerk", "Contact met anderen (netwerk)"),
)
