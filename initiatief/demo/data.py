"""Reference data of the demo municipality Voorbeeld: journeys, wijken, teams and staff."""

from ..models import Actor, NormUnit, Role
from ..services.intake import SUPPORT_KINDS, THEMES

__all__ = ["DEMO_PASSWORD", "JOURNEYS", "STAFF", "SUPPORT_KINDS", "TEAMS", "THEMES"]

# Every demo staff account has this password; the command prints it with the logins.
DEMO_PASSWORD = "demo-wachtwoord"

WD = NormUnit.WORKING_DAYS
CD = NormUnit.CALENDAR_DAYS

# Phase texts are what a resident reads on the status page: B1, "u", short sentences.
RECEIVED = {
    "name": "Ontvangen",
    "actor": Actor.MUNICIPALITY,
    # The receipt mail already goes out on submit; a second mail would say the same.
    "mail_on_enter": False,
    "checkin_after_days": None,
    "resident_task": "",
}
JOURNEYS = (
    {
        "slug": "standaard",
        "name": "Initiatief met ondersteuning",
        "is_default": True,
        "description": (
            "Voor plannen waarbij u hulp, geld of een vergunning van de gemeente nodig heeft. "
            "U krijgt één vaste contactpersoon, van het eerste gesprek tot het einde."
        ),
        "phases": (
            {
                **RECEIVED,
                "norm_days": 2,
                "norm_unit": WD,
                "expectation": (
                    "We hebben uw idee ontvangen. **Binnen 2 werkdagen** weet u wie uw vaste "
                    "contactpersoon is. U krijgt dan een mail met de naam en het telefoonnummer. "
                    "U hoeft nu niets te doen."
                ),
            },
            {
                "name": "Kennismaking",
                "norm_days": 10,
                "norm_unit": WD,
                "actor": Actor.TOGETHER,
                "mail_on_enter": True,
                "checkin_after_days": 10,
                "resident_task": "Maak een afspraak met uw contactpersoon over uw plan.",
                "expectation": (
                    "Uw contactpersoon belt u of komt bij u langs. U vertelt over uw plan. "
                    "Samen kijken we wat u nodig heeft en wie u kan helpen. "
                    "Na het gesprek weet u wat de volgende stap is."
                ),
            },
            {
                "name": "Uitwerken",
                "norm_days": 30,
                "norm_unit": WD,
                "actor": Actor.INITIATOR,
                "mail_on_enter": True,
                "checkin_after_days": 15,
                "resident_task": "Schrijf uw plan en begroting op en stuur ze naar uw contactpersoon.",
                "expectation": (
                    "U schrijft op wat u wilt doen, met wie, waar en wat het kost. "
                    "Uw contactpersoon helpt u daarbij. Heeft u een vraag? Bel of mail gerust. "
                    "Is uw plan klaar? Stuur het dan naar uw contactpersoon."
                ),
            },
            {
                "name": "Besluit",
                "norm_days": 40,
                "norm_unit": WD,
                "actor": Actor.MUNICIPALITY,
                "mail_on_enter": True,
                "checkin_after_days": 15,
                "resident_task": "",
                "expectation": (
                    "De gemeente bekijkt uw plan. We besluiten of u geld, hulp of een vergunning "
                    "krijgt. Dit duurt **hoogstens 8 weken**. U krijgt het besluit met uitleg."
                ),
            },
            {
                "name": "Uitvoering",
                "norm_days": None,
                "norm_unit": WD,
                "actor": Actor.INITIATOR,
                "mail_on_enter": True,
                "checkin_after_days": 20,
                "resident_task": "Voer uw plan uit en vertel het ons als er iets verandert.",
                "expectation": (
                    "Nu gaat u aan de slag. Uw contactpersoon blijft bereikbaar en vraagt af en "
                    "toe hoe het gaat. Verandert er iets aan uw plan? Laat het ons dan weten."
                ),
            },
            {
                "name": "Evaluatie",
                "norm_days": 10,
                "norm_unit": WD,
                "actor": Actor.TOGETHER,
                # Entering Evaluatie sends the evaluatieverzoek; no extra phase mail.
                "mail_on_enter": False,
                "checkin_after_days": 10,
                "resident_task": "Vertel ons hoe het is gegaan.",
                "expectation": (
                    "We kijken samen terug. Wat ging goed en wat kan beter? "
                    "U krijgt een paar korte vragen. Uw antwoorden helpen ons om andere "
                    "inwoners beter te helpen."
                ),
            },
        ),
    },
    {
        "slug": "klein",
        "name": "Klein initiatief (tot € 2.500)",
        "is_default": False,
        "description": (
            "Voor kleine plannen, zoals een buurtfeest of plantenbakken in de straat. "
            "U hoort snel of u een bijdrage krijgt."
        ),
        "phases": (
            {
                **RECEIVED,
                "norm_days": 2,
                "norm_unit": WD,
                "expectation": (
                    "We hebben uw idee ontvangen. **Binnen 2 werkdagen** weet u wie uw "
                    "contactpersoon is. U hoeft nu niets te doen."
                ),
            },
            {
                "name": "Kennismaking",
                "norm_days": 5,
                "norm_unit": WD,
                "actor": Actor.TOGETHER,
                "mail_on_enter": True,
                "checkin_after_days": 10,
                "resident_task": "Bel of mail uw contactpersoon over uw plan.",
                "expectation": (
                    "Uw contactpersoon neemt contact met u op. In een kort gesprek kijken we "
                    "wat u nodig heeft. Vaak kunt u daarna meteen een bijdrage aanvragen."
                ),
            },
            {
                "name": "Besluit",
                # Two weeks: the same span as 10 working days, counted as the regulation does.
                "norm_days": 14,
                "norm_unit": CD,
                "actor": Actor.MUNICIPALITY,
                "mail_on_enter": True,
                "checkin_after_days": 10,
                "resident_task": "",
                "expectation": (
                    "We bekijken uw aanvraag. **Binnen 2 weken** hoort u of u de bijdrage krijgt."
                ),
            },
            {
                "name": "Uitvoering",
                "norm_days": None,
                "norm_unit": WD,
                "actor": Actor.INITIATOR,
                "mail_on_enter": True,
                "checkin_after_days": 20,
                "resident_task": "Voer uw plan uit en bewaar de bonnetjes.",
                "expectation": (
                    "U voert uw plan uit. Bewaar de bonnetjes, want daar vragen we later naar. "
                    "Heeft u hulp nodig? Uw contactpersoon is er voor u."
                ),
            },
            {
                "name": "Evaluatie",
                "norm_days": 5,
                "norm_unit": WD,
                "actor": Actor.TOGETHER,
                "mail_on_enter": False,
                "checkin_after_days": 10,
                "resident_task": "Vertel ons hoe het is gegaan.",
                "expectation": (
                    "Hoe is het gegaan? U krijgt een paar korte vragen. "
                    "Zo leren we wat we beter kunnen doen."
                ),
            },
        ),
    },
)

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
