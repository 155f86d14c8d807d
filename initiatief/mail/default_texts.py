"""The resident mail kinds: their built-in wording, their placeholders, and what the frame adds.

A kind's body is only the message itself. composers.compose_resident puts the
fixed frame around it: "Wat gebeurt er nu?" (who is aan zet, the expected date),
the contact person's block, the link to the status page, the greeting and the
footer. So the default bodies leave those out, and a kind whose text already
says what happens next, or names the date, tells the frame to leave that part out.
"""

from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Source(StrEnum):
    """Where a placeholder's value comes from, which decides how it is made safe."""

    TEXT = "text"  # our own data or short staff text: escaped
    RESIDENT = "resident"  # resident free text: links removed, then escaped
    MARKDOWN = "markdown"  # staff Markdown (messages, 'wat kunt u verwachten'): as written
    URL = "url"  # an absolute link we built ourselves: as is


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str
    source: Source = Source.TEXT
    # Shown when the composer has no value, so a resident never reads "{datum}" or a gap.
    fallback: str = ""


@dataclass(frozen=True)
class MailKind:
    kind: str  # also the outbox kind of the mails sent with this text
    name: str
    sent_when: str
    subject: str
    body: str
    placeholders: tuple[Placeholder, ...]
    # Sent even when the resident switched news mails off; such mails have no opt-out line.
    essential: bool = True
    # The text itself is the next step (the frame leaves out "Wat gebeurt er nu?").
    tells_next: bool = False
    # The text itself names the expected date (the frame does not say it again).
    tells_date: bool = False
    # The mail asks the resident to do something (act, answer). It always goes on
    # its own: never held back by the throttle, never combined with news (mail.combine).
    asks_action: bool = False
    # The frame links to the status page; not after the data was removed (no login left).
    links_status: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.placeholders)

    @property
    def subject_names(self) -> tuple[str, ...]:
        """Multi-line Markdown and links have no place in a subject line."""
        plain = (Source.TEXT, Source.RESIDENT)
        return tuple(p.name for p in self.placeholders if p.source in plain)


NAAM = Placeholder("naam", _l("naam van de initiatiefnemer"), Source.RESIDENT)
TITEL = Placeholder("titel", _l("naam van het initiatief"), Source.RESIDENT)
NUMMER = Placeholder("nummer", _l("nummer van het initiatief, bijvoorbeeld INI-2026-0042"))
CONTACT = Placeholder(
    "contactpersoon", _l("naam van de contactpersoon"), fallback="uw contactpersoon"
)
LINK = Placeholder("link", _l("adres van de pagina van het initiatief"), Source.URL)
FASE = Placeholder("fase", _l("naam van de fase waar het initiatief nu in zit"))
BERICHT = Placeholder(
    "bericht", _l("bericht van de medewerker (Markdown, op een eigen regel)"), Source.MARKDOWN
)
VOLGENDE = Placeholder(
    "volgende_datum", _l("datum van de volgende stap"), fallback="nog niet bekend"
)
NIEUWE = Placeholder("nieuwe_datum", _l("de nieuwe verwachte datum"), fallback="nog niet bekend")
COMMON = (NAAM, TITEL, NUMMER, CONTACT, LINK)
NIEUW_ADRES = Placeholder(
    "nieuw_adres", _l("het nieuwe e-mailadres van de inwoner"), fallback="uw nieuwe e-mailadres"
)
EVALUATION_LINKS = tuple(
    Placeholder(
        f"link_{answer}", _l("link die het antwoord '%(answer)s' kiest", answer=answer), Source.URL
    )
    for answer in ("tevreden", "neutraal", "ontevreden")
)


def _kind(kind, name, sent_when, subject, body, *extra: Placeholder, **frame) -> MailKind:
    return MailKind(kind, name, sent_when, subject, body.strip() + "\n", COMMON + extra, **frame)


KINDS: dict[str, MailKind] = {
    k.kind: k
    for k in (
        _kind(
            "ontvangstbevestiging",
            _l("Ontvangstbevestiging"),
            _l("Direct nadat iemand een initiatief indient."),
            "Wij hebben uw initiatief ontvangen ({nummer})",
            """
Beste {naam},

Bedankt voor uw initiatief "{titel}". Wij hebben het ontvangen op {datum_ontvangen}.

Uw nummer is **{nummer}**. Noem dit nummer als u contact met ons opneemt.

Uw contactpersoon belt of mailt u om kennis te maken, uiterlijk op {volgende_datum}.
""",
            Placeholder("datum_ontvangen", _l("datum waarop wij het initiatief ontvingen")),
            VOLGENDE,
            tells_date=True,
        ),
        _kind(
            "contactpersoon_voorgesteld",
            _l("Contactpersoon voorgesteld"),
            _l("Als een initiatief een (nieuwe) contactpersoon krijgt."),
            "Uw contactpersoon voor initiatief {nummer}",
            """
Beste {naam},

Vanaf nu is **{contactpersoon}** uw contactpersoon voor uw initiatief "{titel}".
Uw contactpersoon kent uw plan en helpt u verder.

Uw contactpersoon neemt contact met u op. U mag ook zelf bellen of mailen.
""",
            VOLGENDE,
        ),
        _kind(
            "nieuwe_fase",
            _l("Nieuwe fase"),
            _l("Als een initiatief in een nieuwe fase komt en die fase dat zegt."),
            "Uw initiatief {nummer} is in een nieuwe fase: {fase}",
            """
Beste {naam},

Uw initiatief "{titel}" is in een nieuwe fase: **{fase}**.

{bericht}

## Wat kunt u verwachten?

{verwachting}

Wij verwachten deze fase af te ronden op: {verwachte_datum}.
""",
            FASE,
            Placeholder(
                "verwachte_datum", _l("datum waarop de fase klaar is"), fallback="nog niet bekend"
            ),
            Placeholder(
                "verwachting",
                _l("'wat kunt u verwachten' van de fase (Markdown)"),
                Source.MARKDOWN,
                fallback="Uw contactpersoon vertelt u wat er in deze fase gebeurt.",
            ),
            BERICHT,
            essential=False,
            tells_date=True,
        ),
        _kind(
            "actie_gevraagd",
            _l("Actie gevraagd"),
            _l("Als wij wachten op de initiatiefnemer. Kan niet uit."),
            "Wij hebben iets van u nodig voor initiatief {nummer}",
            """
Beste {naam},

Wij kunnen pas verder met uw initiatief "{titel}" als wij iets van u hebben.

## Wat vragen wij van u?

**{wat_nodig}**

Zolang wij op u wachten, staat de klok stil. De verwachte datum schuift dan op.

Lukt het niet, of heeft u een vraag? Neem dan contact op met {contactpersoon}.
""",
            Placeholder(
                "wat_nodig",
                _l("wat de initiatiefnemer moet doen of sturen"),
                fallback="Uw contactpersoon vertelt u wat wij nodig hebben.",
            ),
            tells_next=True,
            asks_action=True,
        ),
        _kind(
            "termijn_verlengd",
            _l("Termijn verlengd"),
            _l("Als een medewerker de termijn van een fase verlengt."),
            "Uw initiatief {nummer} duurt langer",
            """
Beste {naam},

De fase **{fase}** van uw initiatief "{titel}" duurt langer dan wij u hadden gezegd.

**Waarom?** {reden}

**Nieuwe verwachte datum:** {nieuwe_datum}
""",
            FASE,
            Placeholder("reden", _l("waarom het langer duurt")),
            NIEUWE,
            tells_date=True,
        ),
        _kind(
            "weer_verder",
            _l("Weer verder na een pauze"),
            _l("Als de klok weer loopt na een pauze en de verwachte datum daardoor opschuift."),
            "Wij gaan verder met uw initiatief {nummer}",
            """
Beste {naam},

Wij gaan weer verder met uw initiatief "{titel}", in de fase **{fase}**.
Omdat wij moesten wachten, schuift de verwachte datum op.

**Nieuwe verwachte datum:** {nieuwe_datum}
""",
            FASE,
            NIEUWE,
            tells_date=True,
        ),
        _kind(
            "gestopt",
            _l("Gestopt"),
            _l("Als een initiatief stopt, bijvoorbeeld ingetrokken of afgewezen."),
            "Uw initiatief {nummer} is gestopt",
            """
Beste {naam},

Uw initiatief "{titel}" is gestopt. {uitkomst}

**Waarom?** {reden}

{bericht}

Heeft u een vraag, of bent u het er niet mee eens? Neem dan contact op met {contactpersoon}.
""",
            Placeholder(
                "uitkomst",
                _l(
                    "wat er besloten is, in één zin, bijvoorbeeld: De gemeente heeft besloten "
                    "uw initiatief niet te steunen."
                ),
            ),
            Placeholder("reden", _l("waarom het initiatief stopt")),
            BERICHT,
        ),
        _kind(
            "afgerond",
            _l("Afgerond"),
            _l("Als de laatste fase klaar is."),
            "Uw initiatief {nummer} is afgerond",
            """
Beste {naam},

Uw initiatief "{titel}" is afgerond. Bedankt voor uw inzet voor de buurt!

{bericht}
""",
            BERICHT,
            essential=False,
        ),
        _kind(
            "nieuw_bericht",
            _l("Nieuw bericht"),
            _l("Als een medewerker een bericht voor de initiatiefnemer plaatst."),
            "Nieuw bericht over uw initiatief {nummer}",
            """
Beste {naam},

Er is een nieuw bericht over uw initiatief "{titel}" van {afzender}:

{bericht}

U kunt reageren op de pagina van uw initiatief.
""",
            Placeholder(
                "afzender",
                _l("naam van de medewerker die het bericht schreef"),
                fallback="de gemeente",
            ),
            BERICHT,
            essential=False,
        ),
        # The three kinds below are queued by the scheduler's jobs (initiatief/jobs/).
        _kind(
            "stand_van_zaken",
            _l("Stand van zaken"),
            _l(
                "Als de initiatiefnemer een aantal dagen niets van ons hoorde "
                "(het aantal dagen staat bij de fase)."
            ),
            "Stand van zaken van uw initiatief {nummer}",
            """
Beste {naam},

U heeft al een tijdje niets van ons gehoord over uw initiatief "{titel}".
Daarom laten wij u weten hoe het gaat.

Uw initiatief is in de fase **{fase}**. Wij zijn ermee bezig.

Heeft u een vraag? Neem dan contact op met {contactpersoon}.
""",
            FASE,
            essential=False,
        ),
        _kind(
            "het_duurt_langer",
            _l("Het duurt langer"),
            _l("Als de verwachte datum van een fase voorbij is en de fase nog niet klaar is."),
            "Uw initiatief {nummer} duurt langer",
            """
Beste {naam},

De fase **{fase}** van uw initiatief "{titel}" duurt langer dan wij u hadden gezegd.
Wij hadden gezegd dat de fase klaar zou zijn op {verwachte_datum}.

**Waarom?** {reden}

Het spijt ons dat het langer duurt.
""",
            FASE,
            Placeholder(
                "verwachte_datum",
                _l("de datum die wij hadden genoemd (die is nu voorbij)"),
                fallback="de datum die wij u noemden",
            ),
            Placeholder(
                "reden",
                _l("waarom het langer duurt"),
                fallback=(
                    "Uw contactpersoon laat u zo snel mogelijk weten wanneer het wel klaar is."
                ),
            ),
            tells_date=True,
        ),
        _kind(
            "herinnering_actie",
            _l("Herinnering actie gevraagd"),
            _l("Als wij na 10 werkdagen nog wachten op de initiatiefnemer. Kan niet uit."),
            "Herinnering: wij hebben iets van u nodig voor initiatief {nummer}",
            """
Beste {naam},

Op {datum_gevraagd} hebben wij u om iets gevraagd voor uw initiatief "{titel}".
Wij hebben het nog niet gekregen.

## Wat vragen wij van u?

**{wat_nodig}**

Zolang wij op u wachten, staat de klok stil. De verwachte datum schuift dan op.

Lukt het niet, of heeft u een vraag? Neem dan contact op met {contactpersoon}.
""",
            Placeholder(
                "wat_nodig",
                _l("wat de initiatiefnemer moet doen of sturen"),
                fallback="Uw contactpersoon vertelt u wat wij nodig hebben.",
            ),
            Placeholder(
                "datum_gevraagd",
                _l("datum waarop wij erom vroegen"),
                fallback="een eerdere datum",
            ),
            tells_next=True,
            asks_action=True,
        ),
        _kind(
            "evaluatieverzoek",
            _l("Evaluatieverzoek"),
            _l("Bij de start van de evaluatie, of als een initiatief stopt of klaar is."),
            "Hoe ging het met uw initiatief {nummer}?",
            """
Beste {naam},

Wij willen graag weten hoe het ging met uw initiatief "{titel}". Zo leren wij ervan.

## Hoe tevreden bent u over de hulp van de gemeente?

Kies één antwoord. Daarna kunt u nog iets toelichten als u wilt.

- [Tevreden]({link_tevreden})
- [Neutraal]({link_neutraal})
- [Ontevreden]({link_ontevreden})
""",
            *EVALUATION_LINKS,
            essential=False,
            tells_next=True,
            asks_action=True,
        ),
        _kind(
            "herinnering_evaluatie",
            _l("Herinnering evaluatie"),
            _l("Eén keer, als er na 10 werkdagen nog geen antwoord is."),
            "Herinnering: hoe ging het met uw initiatief {nummer}?",
            """
Beste {naam},

Een tijdje geleden vroegen wij hoe het ging met uw initiatief "{titel}".
Wij hebben nog geen antwoord gekregen. Het kost maar één klik.

- [Tevreden]({link_tevreden})
- [Neutraal]({link_neutraal})
- [Ontevreden]({link_ontevreden})

Wij vragen het daarna niet meer.
""",
            *EVALUATION_LINKS,
            essential=False,
            tells_next=True,
            asks_action=True,
        ),
        # The resident's rights (AVG): composed by mail/privacy_notices.py.
        _kind(
            "verwijderverzoek_ontvangen",
            _l("Verzoek om gegevens te verwijderen ontvangen"),
            _l("Als een inwoner vraagt om de gegevens van een lopend initiatief te verwijderen."),
            "Wij hebben uw verzoek ontvangen ({nummer})",
            """
Beste {naam},

U vroeg ons om uw gegevens bij uw initiatief "{titel}" te verwijderen.
Wij hebben uw verzoek ontvangen.

Uw initiatief loopt nog. Misschien hebben wij uw gegevens nodig om het af te maken,
bijvoorbeeld voor een subsidie of een vergunning.

Daarom bekijkt een coördinator uw verzoek. U krijgt uiterlijk op **{antwoord_voor}** antwoord.
""",
            Placeholder(
                "antwoord_voor",
                _l("datum waarop de inwoner uiterlijk antwoord krijgt"),
                fallback="binnen een maand",
            ),
            tells_next=True,
        ),
        _kind(
            "gegevens_bewaard",
            _l("Gegevens bewaard tot afronding"),
            _l("Als een coördinator besluit de gegevens te bewaren tot het initiatief klaar is."),
            "Wij bewaren uw gegevens tot uw initiatief klaar is ({nummer})",
            """
Beste {naam},

U vroeg ons om uw gegevens bij uw initiatief "{titel}" te verwijderen.
Wij hebben uw gegevens nog nodig tot uw initiatief klaar is.

**Waarom?** {reden}

Is uw initiatief afgerond of gestopt? Dan verwijderen wij uw gegevens meteen.
U krijgt dan een e-mail.
""",
            Placeholder(
                "reden",
                _l("waarom wij de gegevens nog nodig hebben"),
                fallback="Wij hebben uw gegevens nodig om uw initiatief af te maken.",
            ),
            tells_next=True,
        ),
        _kind(
            "gegevens_verwijderd",
            _l("Gegevens verwijderd"),
            _l(
                "Als de gegevens van de inwoner zijn verwijderd op diens verzoek. "
                "De naam is dan al weg: gebruik {naam} hier niet."
            ),
            "Uw gegevens zijn verwijderd ({nummer})",
            """
Goedendag,

U vroeg ons om uw gegevens bij initiatief {nummer} "{titel}" te verwijderen.
Dat hebben wij gedaan.

## Wat hebben wij verwijderd?

- uw naam, e-mailadres, telefoonnummer en adres
- wat u ons schreef
- de telefoonnummers waarop wij u terugbelden
- de e-mails die wij u stuurden

## Wat bewaren wij?

- het nummer en de naam van het initiatief
- het onderwerp en de wijk
- de stappen en de data

Zo kan de gemeente laten zien wat zij heeft gedaan. Niemand kan zien dat het van u was.

Dit is de laatste e-mail over dit initiatief. U kunt het niet meer bekijken op de website.
""",
            tells_next=True,
            links_status=False,
        ),
        _kind(
            "email_bevestigen",
            _l("Nieuw e-mailadres bevestigen"),
            _l("Naar het nieuwe adres, als een inwoner zijn e-mailadres verandert."),
            "Bevestig uw nieuwe e-mailadres",
            """
Beste {naam},

U wilt voortaan e-mail over uw initiatieven krijgen op dit adres: {nieuw_adres}.
Klik op de link om dat te bevestigen:

[Ja, dit is mijn nieuwe e-mailadres]({link_bevestigen})

De link werkt {uren} uur en maar één keer. Tot die tijd gebruiken wij uw oude adres.

Heeft u dit niet gevraagd? Dan kunt u deze e-mail negeren. Er verandert dan niets.
""",
            NIEUW_ADRES,
            Placeholder(
                "link_bevestigen", _l("link die het nieuwe e-mailadres bevestigt"), Source.URL
            ),
            Placeholder("uren", _l("hoeveel uur de link werkt"), fallback="24"),
            tells_next=True,
            tells_date=True,
        ),
        _kind(
            "email_wijziging_melding",
            _l("Melding e-mailadres wordt veranderd"),
            _l("Naar het oude adres, als een inwoner zijn e-mailadres verandert."),
            "Uw e-mailadres voor uw initiatieven wordt veranderd",
            """
Beste {naam},

Iemand heeft gevraagd om het e-mailadres voor uw initiatieven te veranderen in
**{nieuw_adres}**. Wij hebben een link naar dat adres gestuurd. Pas als die link
gebruikt wordt, sturen wij e-mail naar het nieuwe adres.

**Was u dit niet?** Bel ons dan zo snel mogelijk op {telefoon_gemeente}.
""",
            NIEUW_ADRES,
            Placeholder(
                "telefoon_gemeente",
                _l("telefoonnummer van de gemeente"),
                fallback="het telefoonnummer van de gemeente",
            ),
            tells_next=True,
            tells_date=True,
        ),
    )
}
