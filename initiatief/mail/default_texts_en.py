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
    # The resident's rights (AVG).
    "verwijderverzoek_ontvangen": Text(
        "We have received your request ({nummer})",
        """
Dear {naam},

You asked us to delete your details for your initiative "{titel}".
We have received your request.

Your initiative is still running. We may need your details to finish it,
for example for a grant or a permit.

So a coordinator will look at your request.
You will get an answer by **{antwoord_voor}** at the latest.
""",
        {"antwoord_voor": "within one month"},
    ),
    "gegevens_bewaard": Text(
        "We will keep your details until your initiative is finished ({nummer})",
        """
Dear {naam},

You asked us to delete your details for your initiative "{titel}".
We still need your details until your initiative is finished.

**Why?** {reden}

Is your initiative finished or stopped? Then we will delete your details straight away.
You will get an e-mail when we do.
""",
        {"reden": "We need your details to finish your initiative."},
    ),
    "gegevens_verwijderd": Text(
        "Your details have been deleted ({nummer})",
        """
Hello,

You asked us to delete your details for initiative {nummer} "{titel}".
We have done that.

## What have we deleted?

- your name, e-mail address, phone number and address
- what you wrote to us
- the phone numbers we called you on
- the e-mails we sent you

## What do we keep?

- the number and the name of the initiative
- the subject and the neighbourhood
- the steps and the dates

This way the municipality can show what it has done. Nobody can see that it was yours.

This is the last e-mail about this initiative. You can no longer see it on the website.
""",
    ),
    "email_bevestigen": Text(
        "Please confirm your new e-mail address",
        """
Dear {naam},

You want to get e-mail about your initiatives at this address from now on: {nieuw_adres}.
Click the link to confirm this:

[Yes, this is my new e-mail address]({link_bevestigen})

The link works for {uren} hours and only once. Until then we use your old address.

Did you not ask for this? Then you can ignore this e-mail. Nothing will change.
""",
        {"uren": "24"},
    ),
    "email_wijziging_melding": Text(
        "The e-mail address for your initiatives is being changed",
        """
Dear {naam},

Someone has asked to change the e-mail address for your initiatives to
**{nieuw_adres}**. We have sent a link to that address. We will only send e-mail
to the new address once that link has been used.

**Was this not you?** Then please call us as soon as possible on {telefoon_gemeente}.
""",
        {"telefoon_gemeente": "the municipality's phone number"},
    ),
}
