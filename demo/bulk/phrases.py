"""Texts the bulk demo adds to those of the small demo: verdicts, replies, failed mails."""

# What residents write with their verdict, by verdict (1 ontevreden .. 3 tevreden).
REMARKS = {
    1: (
        "Ik heb lang niets gehoord. Ik moest zelf steeds bellen.",
        "Het besluit duurde veel langer dan beloofd. Niemand legde uit waarom.",
        "Mijn contactpersoon veranderde twee keer. Ik moest alles opnieuw vertellen.",
        "Veel formulieren en regels. Voor een klein feest is dat te veel.",
        "Het plan ging niet door en ik snap nog steeds niet goed waarom.",
    ),
    2: (
        "Het is gelukt, maar het duurde wel lang.",
        "Goed contact, maar de regels voor de subsidie waren niet duidelijk.",
        "Soms moest ik lang wachten op antwoord.",
        "Prima geholpen. Een vast telefoonnummer zou handig zijn.",
    ),
    3: (
        "Fijn dat ik één vaste contactpersoon had. Dank u wel!",
        "Snel geregeld en goed uitgelegd. De buurt is blij.",
        "Ik wist steeds wat de volgende stap was. Heel prettig.",
        "Goed meegedacht over de begroting. Volgend jaar doen we het weer.",
        "Vriendelijk en behulpzaam. De mails waren duidelijk.",
    ),
}
FOLLOW_UP_NOTES = (
    "Gebeld met de initiatiefnemer. Excuses gemaakt voor de lange wachttijd.",
    "Teruggebeld en uitgelegd waarom het besluit zo is genomen.",
    "Gesprek gehad. Afgesproken dat het team vaker laat weten hoe het ervoor staat.",
)
# What the resident writes back on the status page.
REPLIES = (
    "Dank u wel voor het bericht. Ik stuur de begroting deze week.",
    "Bedankt! Wanneer hoor ik meer over het besluit?",
    "Is het goed als de buren ook meedenken? Ze willen graag helpen.",
)
CALLBACK_NOTES = (
    "Teruggebeld. Vragen over de begroting beantwoord.",
    "Teruggebeld. Uitgelegd hoe lang het besluit nog duurt.",
    "Voicemail ingesproken; later die dag alsnog gesproken.",
)
# Why a permanently failed mail failed, as the mail server said it.
MAIL_ERRORS = (
    "550 5.1.1 <{address}>: Recipient address rejected: User unknown",
    "552 5.2.2 <{address}>: Mailbox full",
    "554 5.7.1 <{address}>: Relay access denied",
)
# (mail kind as the composers name it, subject)
MAIL_KINDS = (
    ("nieuwe_fase", "Uw initiatief {number}: de volgende stap"),
    ("actie_gevraagd", "Uw initiatief {number}: wij wachten op u"),
    ("ontvangstbevestiging", "We hebben uw initiatief {number} ontvangen"),
)
