"""Texts for the demo initiatives: residents, their ideas, and what staff write back."""

from typing import NamedTuple


class Idea(NamedTuple):
    theme: str
    title: str
    summary: str
    body: str  # the resident's own words, Markdown
    support: tuple[str, ...]
    amount: int | None  # euros asked, when "geld" is in support
    location: str


# One idea per entry: theme, title, summary, body, support, amount, location.
# fmt: off
IDEAS = (
    Idea("groen", "Geveltuintjes in de Molenbuurt",
         "Wij willen met de buren geveltuintjes aanleggen in onze straat.",
         "In onze straat is alles grijs. Met twaalf buren willen we langs de gevels "
         "planten zetten. De kinderen helpen mee met planten en water geven.",
         ("vergunning", "materiaal", "geld"), 900, "Meidoornstraat"),
    Idea("groen", "Pluktuin bij de Oosterparkschool",
         "Een tuin met fruit en kruiden waar kinderen en buren samen oogsten.",
         "Naast de school ligt een stuk gras waar niemand iets mee doet. Wij willen daar "
         "bessenstruiken, kruiden en een paar fruitbomen planten. De school doet mee.",
         ("ruimte", "geld", "advies"), 2200, "Grasveld naast de Oosterparkschool"),
    Idea("spelen", "Nieuwe speeltoestellen voor speeltuin Het Klavertje",
         "De speeltuin is oud. Wij willen nieuwe toestellen, ook voor kinderen met een beperking.",
         "De glijbaan is al een jaar kapot en er is niets voor kinderen in een rolstoel. "
         "Met de speeltuinvereniging hebben we een plan gemaakt.",
         ("geld", "vergunning", "advies"), 18000, "Speeltuin Het Klavertje"),
    Idea("spelen", "Sportweek in de zomervakantie",
         "Een week lang sport en spel op het plein voor kinderen die niet op vakantie gaan.",
         "Veel kinderen in de wijk gaan in de zomer niet weg. Wij organiseren elke ochtend "
         "voetbal, dansen en spelletjes. Vrijwilligers hebben we al.",
         ("geld", "ruimte", "materiaal"), 1800, "Zuiderplein"),
    Idea("ontmoeten", "Buurtfeest in de Vlietzoom",
         "Een feest voor de hele straat, zodat nieuwe en oude bewoners elkaar leren kennen.",
         "Er zijn veel nieuwe mensen komen wonen. We willen de straat een middag afsluiten "
         "en samen eten, muziek maken en spelletjes doen.",
         ("geld", "vergunning", "materiaal"), 1500, "Vlietstraat"),
    Idea("ontmoeten", "Koffieochtend in het buurthuis",
         "Elke woensdag koffie en een praatje voor iedereen die wil aanschuiven.",
         "Veel ouderen in de buurt zien bijna niemand. Een vaste ochtend in de week helpt. "
         "We zoeken een ruimte en geld voor koffie en thee.",
         ("ruimte", "geld"), 1200, "Buurthuis De Schakel"),
    Idea("ontmoeten", "Repair Café in De Weiden",
         "Samen kapotte spullen repareren in plaats van weggooien.",
         "Ik ben gepensioneerd monteur en wil één zaterdag per maand een Repair Café houden. "
         "Er zijn al vijf buren die willen helpen.",
         ("ruimte", "materiaal", "netwerk"), 2000, "De Weiden"),
    Idea("zorg", "Wandelmaatjes voor ouderen",
         "Vrijwilligers die één keer per week met een oudere buurtbewoner gaan wandelen.",
         "Mijn moeder durft niet meer alleen naar buiten. Zo zijn er meer mensen. "
         "Ik wil vrijwilligers en ouderen aan elkaar koppelen.",
         ("netwerk", "advies"), None, "Heel Het Broek"),
    Idea("zorg", "Samen eten voor alleenstaanden",
         "Eén keer per maand een warme maaltijd met elkaar, gekookt door buren.",
         "Alleen eten is niet leuk. Wij koken met een groep vrijwilligers en nodigen "
         "mensen uit die alleen wonen.",
         ("geld", "ruimte"), 2400, "Wijkcentrum Kerkeveld"),
    Idea("cultuur", "Muurschildering in de fietstunnel",
         "Een kleurige schildering in de donkere tunnel bij het station.",
         "De tunnel voelt onveilig en zit vol graffiti. Een kunstenaar uit de wijk wil "
         "samen met jongeren een schildering maken.",
         ("vergunning", "geld"), 7500, "Fietstunnel Stationsweg"),
    Idea("cultuur", "Openluchtbioscoop in het Lindenhofpark",
         "Drie zomeravonden film kijken in het park, gratis voor iedereen.",
         "We hebben een scherm en een beamer kunnen lenen. We zoeken nog hulp voor de "
         "vergunning en geld voor de stroom en de stoelen.",
         ("vergunning", "geld", "materiaal"), 4800, "Lindenhofpark"),
    Idea("veiligheid", "Buurtpreventie met een wandelgroep",
         "Een groep buren die 's avonds een rondje loopt en let op de buurt.",
         "Er is de laatste tijd veel ingebroken. We willen een wandelgroep starten en "
         "afspraken maken met de wijkagent.",
         ("advies", "netwerk"), None, "Stationskwartier"),
    Idea("veiligheid", "Veilig oversteken bij de Kerkeveldschool",
         "Een veilige oversteekplaats voor kinderen die naar school lopen.",
         "Auto's rijden hier veel te hard. Ouders willen klaar-overs regelen en vragen de "
         "gemeente om mee te denken over de weg.",
         ("advies", "netwerk"), None, "Kerkeveldschool"),
    Idea("duurzaam", "Zonnepanelen op het buurthuis",
         "Met de buurt zonnepanelen op het dak van het buurthuis leggen.",
         "Het buurthuis heeft een groot plat dak. Buren kunnen meedoen met een klein bedrag. "
         "De opbrengst gaat naar activiteiten in het buurthuis.",
         ("geld", "advies", "netwerk"), 35000, "Buurthuis De Schakel"),
    Idea("duurzaam", "Deelbakfietsen aan de Oude Haven",
         "Twee elektrische bakfietsen die buren samen gebruiken.",
         "Niet iedereen heeft een auto of plek voor een bakfiets. Met een app kunnen "
         "buren de fiets reserveren.",
         ("geld", "ruimte"), 6000, "Oude Haven"),
    Idea("duurzaam", "Energiecafé: samen de rekening omlaag",
         "Buren helpen elkaar met tips om energie te besparen.",
         "Veel mensen schrikken van hun energierekening. Energiecoaches uit de buurt "
         "geven tips en helpen met kleine klusjes.",
         ("advies", "ruimte"), 800, "Bibliotheek Centrum"),
    Idea("groen", "Bloemrijke berm langs de Noorderhavenweg",
         "De berm inzaaien met wilde bloemen voor bijen en vlinders.",
         "Nu wordt de berm vaak gemaaid. Wij willen bloemen zaaien en zelf helpen met het "
         "onderhoud.",
         ("advies", "materiaal"), 500, "Noorderhavenweg"),
    Idea("spelen", "Jeu-de-boulesbaan bij de Lindenhof",
         "Een baan waar jong en oud samen jeu de boules kunnen spelen.",
         "In de zomer spelen we nu op het grind van de parkeerplaats. Een echte baan "
         "brengt meer mensen samen.",
         ("ruimte", "vergunning", "geld"), 2400, "Lindenhof"),
    Idea("ontmoeten", "Boekenkastje op het Kerkplein",
         "Een kastje waar iedereen gratis een boek mag pakken of brengen.",
         "Ik heb al een oud kastje opgeknapt. Ik wil weten of het op het plein mag staan.",
         ("vergunning", "materiaal"), 350, "Kerkplein"),
    Idea("zorg", "Huiswerkklas in Het Broek",
         "Twee middagen per week hulp bij huiswerk voor kinderen.",
         "Niet alle ouders kunnen hun kind helpen met huiswerk. Studenten uit de buurt "
         "willen dat wel doen. We zoeken een rustige ruimte.",
         ("ruimte", "netwerk", "geld"), 3000, "Het Broek"),
    Idea("cultuur", "Kerstconcert met het buurtkoor",
         "Een gratis concert in december, met koffie en warme chocolademelk.",
         "Ons koor bestaat tien jaar. Dat willen we vieren met een concert voor de buurt.",
         ("ruimte", "geld"), 1500, "Dorpskerk"),
    Idea("anders", "Buurtkrant voor het Stationskwartier",
         "Vier keer per jaar een krant over en door de buurt.",
         "Niet iedereen zit op internet. Een krant op papier laat zien wat er in de buurt "
         "gebeurt. Buren schrijven de stukjes.",
         ("geld", "netwerk"), 2100, "Stationskwartier"),
    Idea("groen", "Afval prikken met de basisscholen",
         "Elke maand met kinderen zwerfafval opruimen in de wijk.",
         "De kinderen willen een schone wijk. We hebben grijpers en vuilniszakken nodig.",
         ("materiaal", "netwerk"), 250, "Zuiderpark"),
    Idea("duurzaam", "Tegels eruit, groen erin",
         "Buren helpen elkaar om tegels uit de tuin te halen en planten terug te zetten.",
         "Bij regen loopt de straat onder water. Met minder tegels kan het water weg. "
         "We halen samen tegels weg en planten groen.",
         ("materiaal", "advies"), 1000, "Molenbuurt"),
    Idea("veiligheid", "Meer licht op het fietspad naar De Weiden",
         "Verlichting op het donkere fietspad, zodat scholieren veilig fietsen.",
         "In de winter fietsen kinderen hier in het donker. We vragen de gemeente om te "
         "kijken naar lantaarns.",
         ("advies",), None, "Fietspad Weidelaan"),
    Idea("spelen", "Skatebaan in het Zuiderpark",
         "Een plek voor jongeren om te skaten en elkaar te ontmoeten.",
         "Jongeren uit de wijk hebben zelf een ontwerp getekend. Ze willen meehelpen met "
         "bouwen en de baan schoon houden.",
         ("geld", "vergunning", "ruimte", "advies"), 45000, "Zuiderpark"),
    Idea("zorg", "Beweegtuin bij zorgcentrum De Linde",
         "Toestellen in de tuin waar ouderen rustig kunnen bewegen.",
         "Bewegen is goed voor ouderen, maar de sportschool is te ver. Een beweegtuin "
         "naast het zorgcentrum is voor bewoners en buren.",
         ("geld", "vergunning"), 22000, "Zorgcentrum De Linde"),
    Idea("cultuur", "Gedichten op de ramen",
         "Gedichten van buurtbewoners op de ramen van winkels en huizen.",
         "We houden een schrijfmiddag. De mooiste gedichten schilderen we op ramen in "
         "de straat.",
         ("geld", "netwerk"), 800, "Centrum"),
    Idea("anders", "Hondenuitlaatveld in Vlietzoom",
         "Een omheind veld waar honden los mogen lopen.",
         "Er is nu geen plek waar honden los mogen. Een veld met een hek is veilig voor "
         "honden en voor spelende kinderen.",
         ("ruimte", "vergunning"), 4000, "Vlietzoom"),
    Idea("duurzaam", "Regentonnen voor de Kerkeveldbuurt",
         "Samen regentonnen kopen, zodat buren regenwater opvangen voor de tuin.",
         "Als we samen kopen, is het goedkoper. We helpen ook buren die het niet zelf "
         "kunnen aansluiten.",
         ("geld", "materiaal"), 1200, "Kerkeveld"),
    Idea("ontmoeten", "Picknicktafels op het grasveld aan de Vliet",
         "Twee picknicktafels waar buren in de zomer samen kunnen zitten.",
         "Op mooie dagen zitten mensen nu op het gras of op een muurtje. Met tafels "
         "wordt het een echte ontmoetingsplek.",
         ("vergunning", "materiaal", "geld"), 1800, "Grasveld aan de Vliet"),
    Idea("spelen", "Natuurspeelplaats bij de Weidenschool",
         "Het schoolplein groen maken, met boomstammen, zand en water om mee te spelen.",
         "Het plein is nu helemaal van steen. Ouders, kinderen en leraren hebben samen "
         "een ontwerp gemaakt.",
         ("geld", "vergunning", "advies"), 12000, "Weidenschool"),
    Idea("groen", "Buurtmoestuin op het lege terrein",
         "Een moestuin voor de buurt op het terrein waar vroeger de garage stond.",
         "Het terrein ligt al jaren leeg. Twintig buren willen er groente kweken. "
         "Wat we oogsten, delen we met de voedselbank.",
         ("ruimte", "geld", "advies"), 5500, "Terrein Molenweg"),
    Idea("zorg", "Rustbankjes langs de wandelroute",
         "Bankjes om de 200 meter, zodat ouderen onderweg even kunnen uitrusten.",
         "Veel ouderen lopen niet meer naar het park, omdat er nergens een bankje staat. "
         "De ouderenbond heeft de route al uitgezocht.",
         ("geld", "vergunning"), 3600, "Wandelroute Oosterpark"),
    Idea("cultuur", "Zomerfestival op het Marktplein",
         "Een dag met muziek, theater en eten van buurtbewoners uit veel landen.",
         "In onze wijk wonen mensen uit meer dan veertig landen. Op het festival laten "
         "we zien wat we allemaal kunnen.",
         ("vergunning", "geld", "netwerk"), 9000, "Marktplein"),
    Idea("ontmoeten", "Buurtkamer in een leeg winkelpand",
         "Een huiskamer voor de buurt, waar iedereen binnen kan lopen.",
         "De winkel op de hoek staat al een jaar leeg. Wij willen er een buurtkamer van "
         "maken met koffie, spelletjes en een spreekuur.",
         ("ruimte", "geld", "netwerk"), 8000, "Hoek Kerkstraat"),
)
# fmt: on

SUPPORT_ASKS = {
    "geld": "een bijdrage in de kosten",
    "vergunning": "hulp bij de vergunning",
    "ruimte": "een plek of ruimte",
    "advies": "advies en meedenken",
    "materiaal": "materiaal om te lenen",
    "netwerk": "contact met andere organisaties",
}

FIRST_NAMES = (
    "Anouk", "Henk", "Fatima", "Kees", "Ilse", "Mehmet", "Joke", "Daan", "Samira", "Wim",
    "Noor", "Gerrit", "Aylin", "Pieter", "Mirjam", "Rachid", "Els", "Jeroen", "Chantal",
    "Stefan", "Hanneke", "Kofi", "Marloes", "Ahmed", "Tineke", "Dewi",
)  # fmt: skip
LAST_NAMES = (
    "de Graaf", "Smit", "Bos", "Kuipers", "Visser", "Meijer", "Bouali", "Demir", "Postma",
    "van Leeuwen", "Kramer", "Brouwer", "Willems", "Hoekstra", "Wouters", "Pinas",
    "Veenstra", "van den Berg", "Tahiri", "Sardjoe",
)  # fmt: skip
STREETS = ("Lindelaan", "Meidoornstraat", "Vlietstraat", "Molenweg", "Kerkstraat", "Havenkade")

# Public updates, as the contact person writes them, by phase name: (needed support, text).
UPDATES = {
    "Kennismaking": (
        (None, "Fijn dat we elkaar hebben gesproken. Ik heb uw plan besproken met {colleague}. "
               "Zij denken graag mee. Ik stuur u deze week een voorbeeld van een plan."),
        (None, "Ik heb u vandaag gebeld, maar kreeg u niet te pakken. Wilt u mij terugbellen? "
               "Dan maken we een afspraak om kennis te maken."),
    ),
    "Uitwerken": (
        ("geld", "Ik heb uw begroting bekeken. Die ziet er goed uit. Nog twee tips:\n\n"
                 "- Zet de kosten voor materiaal en voor eten apart.\n"
                 "- Vraag bij twee winkels een prijs op.\n\n"
                 "Stuur het plan gerust naar mij als het klaar is."),
        ("vergunning", "Ik heb uw plan besproken met {colleague}. Zij helpen u met de "
                       "vergunning. U hoort deze week van hen."),
        (None, "Ik heb uw plan besproken met {colleague}. Zij vinden het een goed idee."),
    ),
    "Besluit": (
        (None, "Uw plan ligt nu bij de collega's die erover beslissen. Zij komen op {date} "
               "bij elkaar. Daarna hoort u van mij."),
        ("late", "Het besluit duurt langer dan we hadden gezegd. Er waren deze maand veel "
                 "aanvragen. Mijn excuses daarvoor. Ik houd u op de hoogte."),
    ),
    "Uitvoering": (
        ("geld", "Het geld is vandaag naar uw rekening overgemaakt. Succes met de uitvoering!"),
        ("geld", "Goed om te horen dat de eerste activiteit is geweest! Bewaar de bonnetjes. "
                 "Die heeft u later nodig om te laten zien waar het geld naartoe ging."),
        (None, "Goed om te horen dat het van start is gegaan! Loopt u ergens tegenaan? "
               "Laat het mij dan weten."),
    ),
    "Evaluatie": (
        (None, "Dank u wel voor alles wat u voor de buurt heeft gedaan. U krijgt een mail met "
               "een paar korte vragen. Wilt u die invullen? Dan leren wij ervan."),
    ),
}  # fmt: skip
COLLEAGUES = (
    "de collega's van groenbeheer", "de buurtsportcoaches", "de collega's van het welzijnswerk",
    "de collega's van verkeer", "de collega's van evenementen",
)  # fmt: skip

NOTES = (
    "Gebeld, voicemail ingesproken. Morgen nog een keer proberen.",
    "Initiatiefnemer heeft ook bij de woningcorporatie aangeklopt. Met hen afgestemd.",
    "Besproken in het teamoverleg: past goed bij de wijkagenda.",
)

# (waiting on, reason as the resident reads it under "Wij wachten op ...")
PAUSES = (
    ("initiatiefnemer", "U vraagt een prijsopgave op bij de leverancier. "
                        "Stuur die naar uw contactpersoon als u hem heeft."),
    ("initiatiefnemer", "U heeft gevraagd om even te wachten, omdat u een paar weken weg bent."),
    ("derde", "We wachten op toestemming van de woningcorporatie voor het gebruik van het dak."),
    ("derde", "We wachten op het advies van de brandweer over de veiligheid."),
)  # fmt: skip

DELAYS = (
    "Er zijn deze weken veel aanvragen. Daarom duurt het langer. "
    "Uw contactpersoon laat u weten wanneer de volgende stap komt.",
    "Uw contactpersoon was een tijd ziek. Een collega pakt het nu op.",
)

STOPS = (
    "Ingetrokken: de initiatiefnemer is verhuisd en stopt met het plan.",
    "Afgewezen: met het plan wordt winst gemaakt. Dat past niet bij de regels voor een bijdrage.",
    "Samengevoegd met een plan van buren uit dezelfde straat.",
    "Ingetrokken: er waren te weinig vrijwilligers om het plan uit te voeren.",
)
FINISHED = (
    "Uitgevoerd zoals gepland.",
    "Uitgevoerd. De buurt wil het volgend jaar weer doen.",
    "Uitgevoerd, iets kleiner dan eerst gepland.",
)
CALLBACK_MOMENTS = ("Liefst 's ochtends, voor 11.00 uur.", "Na 16.00 uur, dan ben ik thuis.")
