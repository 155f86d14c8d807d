"""The English built-in texts of the resident mails: same kinds, same placeholders.

Plain B1 English, as the Dutch texts are plain B1 Dutch. A beheerder can change
each of them (MailText with language "en"); a kind without a saved English text
uses the text here, never the Dutch one. Fallbacks are what a placeholder says
when the mail has no value for it, per kind where kinds differ.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    fallbacks: dict[str, str] = field(default_factory=dict)


# What a placeholder says without a value, in every kind (a kind may say otherwise).
FALLBACKS = {
    "contactpersoon": "your contact person",
    "volgende_datum": "not known yet",
    "nieuwe_datum": "not known yet",
    "verwachte_datum": "not known yet",
    "afzender": "the municipality",
}

WHAT_WE_NEED = "Your contact person will tell you what we need."

TEXTS: dict[str, Text] = {
    "ontvangstbevestiging": Text(
        "We have received your initiative ({nummer})",
        """
Dear {naam},

Thank you for your initiative "{titel}". We received it on {datum_ontvangen}.

Your number is **{nummer}**. Please give this number when you contact us.

Your contact person will call or e-mail you to get to know you, on {volgende_datum} at the latest.
""",
    ),
    "contactpersoon_voorgesteld": Text(
        "Your contact person for initiative {nummer}",
        """
Dear {naam},

From now on, **{contactpersoon}** is your contact person for your initiative "{titel}".
Your contact person knows your plan and will help you further.

Your contact person will get in touch with you. You can also call or e-mail yourself.
""",
    ),
    "nieuwe_fase": Text(
        "Your initiative {nummer} is in a new phase: {fase}",
        """
Dear {naam},

Your initiative "{titel}" is in a new phase: **{fase}**.

{bericht}

## What can you expect?

{verwachting}

We expect to finish this phase on: {verwachte_datum}.
""",
        {"verwachting": "Your contact person will tell you what happens in this phase."},
    ),
    "actie_gevraagd": Text(
        "We need something from you for initiative {nummer}",
        """
Dear {naam},

We can only go on with your initiative "{titel}" when we have something from you.

## What do we ask of you?

**{wat_nodig}**

While we wait for you, the clock stops. The expected date then moves later.

Is this not possible, or do you have a question? Please contact {contactpersoon}.
""",
        {"wat_nodig": WHAT_WE_NEED},
    ),
    "termijn_verlengd": Text(
        "Your initiative {nummer} takes longer",
        """
Dear {naam},

The phase **{fase}** of your initiative "{titel}" takes longer than we told you.

**Why?** {reden}

**New expected date:** {nieuwe_datum}
""",
    ),
    "weer_verder": Text(
        "We are going on with your initiative {nummer}",
        """
Dear {naam},

We are going on with your initiative "{titel}" again, in the phase **{fase}**.
Because we had to wait, the expected date moves later.

**New expected date:** {nieuwe_datum}
""",
    ),
    "gestopt": Text(
        "Your initiative {nummer} has stopped",
        """
Dear {naam},

Your initiative "{titel}" has stopped. {uitkomst}

**Why?** {reden}

{bericht}

Do you have a question, or do you not agree? Please contact {contactpersoon}.
""",
    ),
    "afgerond": Text(
        "Your initiative {nummer} is finished",
        """
Dear {naam},

Your initiative "{titel}" is finished. Thank you for what you did for your neighbourhood!

{bericht}
""",
    ),
    "nieuw_bericht": Text(
        "New message about your initiative {nummer}",
        """
Dear {naam},

There is a new message about your initiative "{titel}" from {afzender}:

{bericht}

You can reply on the page of your initiative.
""",
    ),
    "stand_van_zaken": Text(
        "How your initiative {nummer} is doing",
        """
Dear {naam},

You have not heard from us for a while about your initiative "{titel}".
So we let you know how it is going.

Your initiative is in the phase **{fase}**. We are working on it.

Do you have a question? Please contact {contactpersoon}.
""",
    ),
    "het_duurt_langer": Text(
        "Your initiative {nummer} takes longer",
        """
Dear {naam},

The phase **{fase}** of your initiative "{titel}" takes longer than we told you.
We said the phase would be finished on {verwachte_datum}.

**Why?** {reden}

We are sorry that it takes longer.
""",
        {
            "verwachte_datum": "the date we gave you",
            "reden": (
                "Your contact person will let you know as soon as possible when it will be ready."
            ),
        },
    ),
    "herinnering_actie": Text(
        "Reminder: we need something from you for initiative {nummer}",
        """
Dear {naam},

On {datum_gevraagd} we asked you for something for your initiative "{titel}".
We have not received it yet.

## What do we ask of you?

**{wat_nodig}**

While we wait for you, the clock stops. The expected date then moves later.

Is this not possible, or do you have a question? Please contact {contactpersoon}.
""",
        {"wat_nodig": WHAT_WE_NEED, "datum_gevraagd": "an earlier date"},
    ),
    "evaluatieverzoek": Text(
        "How did it go with your initiative {nummer}?",
        """
Dear {naam},

We would like to know how it went with your initiative "{titel}". This helps us learn.

## How happy are you with the help from the municipality?

Choose one answer. After that you can tell us more if you want.

- [Happy]({link_tevreden})
- [Neutral]({link_neutraal})
- [Not happy]({link_ontevreden})
""",
    ),
    "herinnering_evaluatie": Text(
        "Reminder: how did it go with your initiative {nummer}?",
        """
Dear {naam},

Some time ago we asked how it went with your initiative "{titel}".
We have not had an answer yet. It only takes one click.

- [Happy]({link_tevreden})
- [Neutral]({link_neutraal})
- [Not happy]({link_ontevreden})

We will not ask again after this.
""",
    ),
}
