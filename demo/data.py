"""The demo journeys with their phases, and the product constants the demo uses."""

from initiatief.models import Actor, NormUnit
from initiatief.services.intake import SUPPORT_KINDS, THEMES

__all__ = ["DEMO_PASSWORD", "JOURNEYS", "SUPPORT_KINDS", "THEMES"]

# Every demo staff account has this password; the command prints it with the logins.
DEMO_PASSWORD = "demo-wachtwoord"  # noqa: S105  (public on purpose: demo only)

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
                "resident_task": "Werk uw plan en begroting uit en stuur ze naar ons.",
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
