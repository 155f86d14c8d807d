"""The demo municipality Voorbeeld: its wijken, wijkteams and staff with a public profile."""

from initiatief.models import Role

# (team name, team mailbox, takes intakes without a wijk, the wijken it covers)
TEAMS = (
    (
        "Wijkteam Noord",
        "noord@gemeente.example",
        False,
        ("Noorderhaven", "De Weiden", "Molenbuurt", "Vlietzoom"),
    ),
    (
        "Wijkteam Zuid",
        "zuid@gemeente.example",
        False,
        ("Zuiderpark", "Oosterpark", "Het Broek", "Kerkeveld"),
    ),
    (
        "Wijkteam Centrum",
        "centrum@gemeente.example",
        True,
        ("Centrum", "Stationskwartier", "Oude Haven", "Lindenhof"),
    ),
)

MON_THU = "maandag tot en met donderdag, 9.00 tot 17.00 uur"
TUE_FRI = "dinsdag tot en met vrijdag, 9.00 tot 17.00 uur"
MORNINGS = "maandag tot en met vrijdag, 8.30 tot 12.30 uur"

# The key is the login name (key@gemeente.example) and seeds the portrait.
STAFF = (
    {
        "key": "sanne",
        "name": "Sanne Bakker",
        "role": Role.MEDEWERKER,
        "team": "Wijkteam Noord",
        "job_title": "Initiatievenmakelaar",
        "phone": "06 0000 0101",
        "reachable": MON_THU,
        "introduction": (
            "Ik help bewoners in Noord om hun plan waar te maken. Ik woon zelf ook in "
            "De Weiden. Bel me gerust, ook als uw idee nog niet af is."
        ),
    },
    {
        "key": "youssef",
        "name": "Youssef El Amrani",
        "role": Role.MEDEWERKER,
        "team": "Wijkteam Noord",
        "job_title": "Wijkcoördinator",
        "phone": "06 0000 0102",
        "reachable": TUE_FRI,
        "introduction": (
            "Ik ken veel mensen en organisaties in de wijk. Zoekt u hulp, een ruimte of "
            "mensen die mee willen doen? Dan breng ik u graag met hen in contact."
        ),
    },
    {
        "key": "priya",
        "name": "Priya Ramdin",
        "role": Role.MEDEWERKER,
        "team": "Wijkteam Zuid",
        "job_title": "Wijkverbinder",
        "phone": "06 0000 0103",
        "reachable": MON_THU,
        "introduction": (
            "Ik werk al tien jaar in Zuid. Ik denk graag met u mee over een plan voor "
            "de buurt. Samen zoeken we uit wat nodig is."
        ),
    },
    {
        "key": "thomas",
        "name": "Thomas Verbeek",
        "role": Role.MEDEWERKER,
        "team": "Wijkteam Zuid",
        "job_title": "Initiatievenmakelaar",
        "phone": "14 0000",
        "reachable": MORNINGS,
        "introduction": (
            "Ik help u met de regels: een vergunning, een subsidie of een begroting. "
            "Ik leg het uit in gewone taal."
        ),
    },
    {
        "key": "esra",
        "name": "Esra Yıldız",
        "role": Role.MEDEWERKER,
        "team": "Wijkteam Centrum",
        "job_title": "Wijkcoördinator",
        "phone": "06 0000 0105",
        "reachable": MON_THU,
        "introduction": (
            "Ik werk in het centrum en kom graag bij u langs. Vertel me over uw plan, "
            "dan kijken we samen naar de eerste stap."
        ),
    },
    {
        "key": "bart",
        "name": "Bart Mulder",
        "role": Role.MEDEWERKER,
        "team": "Wijkteam Centrum",
        "job_title": "Wijkverbinder",
        "phone": "06 0000 0106",
        "reachable": TUE_FRI,
        "introduction": (
            "Ik help bewoners die iets willen doen voor hun straat of buurt. "
            "Ik ben vaak in het buurthuis aan de Oude Haven. Loop gerust binnen."
        ),
        # Left without a portrait on purpose, so the initials on the contact card show.
        "photo": False,
    },
    {
        "key": "ingrid",
        "name": "Ingrid van Dijk",
        "role": Role.COORDINATOR,
        "team": None,
        "job_title": "Coördinator maatschappelijke initiatieven",
        "phone": "14 0000",
        "reachable": MON_THU,
        "introduction": (
            "Ik verdeel de nieuwe initiatieven over de wijkteams. Loopt er iets niet "
            "goed? Dan kunt u mij altijd bellen."
        ),
    },
    {
        "key": "ruben",
        "name": "Ruben Koster",
        "role": Role.COORDINATOR,
        "team": None,
        "job_title": "Coördinator maatschappelijke initiatieven",
        "phone": "14 0000",
        "reachable": TUE_FRI,
        "introduction": (
            "Ik zorg ervoor dat geen enkel plan blijft liggen. Ik kijk elke week welke "
            "initiatieven langer duren dan we hebben beloofd."
        ),
    },
    {
        "key": "lotte",
        "name": "Lotte Hendriks",
        "role": Role.BEHEERDER,
        "team": None,
        "job_title": "Functioneel beheerder",
        "phone": "14 0000",
        "reachable": MON_THU,
        "introduction": (
            "Ik beheer deze website. Ik zorg dat de teksten, de termijnen en de mails kloppen."
        ),
    },
)
