"""Issue 9: a rate-limit refusal shows the form again, filled in, with when to try again."""

import re

from sqlalchemy import select

from initiatief.extensions import db
from initiatief.models import OutboxMail
from tests.samples import INTAKE_FORM

INTAKE = {
    **INTAKE_FORM,
    "description": "We willen samen groenten kweken & delen.",
    "email": "fatima@voorbeeld.example",
}


def send_intake(client, **changes):
    return client.post("/initiatief-indienen", data={**INTAKE, **changes, "action": "send"})


def assert_refusal_page(response):
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "te vaak geprobeerd" in page
    assert re.search(r"over ongeveer \d+ minuten|over ongeveer 1 minuut", page), page
    assert re.search(r"na \d{1,2}\.\d{2} uur", page)
    assert "14 0123" in page
    assert 'role="alert"' in page
    assert int(response.headers["Retry-After"]) > 0
    return page


def test_intake_refusal_keeps_everything_typed(limited):
    client = limited.test_client()
    assert send_intake(client).status_code == 303
    refused = send_intake(client, title="Bankje bij de speeltuin")
    page = assert_refusal_page(refused)
    # The check page again, every answer still in the form, ready to send later.
    assert 'value="Bankje bij de speeltuin"' in page
    assert 'value="We willen samen groenten kweken &amp; delen."' in page
    assert 'value="06 12345678"' in page
    assert 'name="action" value="send"' in page
    assert "Controleer uw gegevens" in page


def test_intake_refusal_of_a_form_that_does_not_validate_shows_the_form(limited):
    client = limited.test_client()
    assert send_intake(client).status_code == 303
    refused = send_intake(client, title="", summary="Alleen dit")
    page = assert_refusal_page(refused)
    assert "Alleen dit" in page
    assert 'name="title"' in page and 'class="intake-form"' in page


def test_checking_the_intake_is_not_limited(limited):
    client = limited.test_client()
    assert send_intake(client).status_code == 303
    check = client.post("/initiatief-indienen", data={**INTAKE, "action": "check"})
    assert check.status_code == 200


def test_login_link_refusal_keeps_the_address(limited):
    client = limited.test_client()
    first = client.post("/mijn/inloggen", data={"email": "fatima@voorbeeld.example"})
    assert first.status_code == 303
    refused = client.post(
        "/mijn/inloggen",
        data={"email": "iemand.anders@voorbeeld.example", "next": "/mijn/"},
    )
    page = assert_refusal_page(refused)
    assert 'value="iemand.anders@voorbeeld.example"' in page
    assert 'name="next" value="/mijn/"' in page


def log_in(app, client):
    client.post("/mijn/inloggen", data={"email": "fatima@voorbeeld.example"})
    with app.app_context():
        mail = db.session.execute(
            select(OutboxMail).where(OutboxMail.kind == "inloglink")
        ).scalar_one()
        link = re.search(r"http://localhost(/mijn/inloggen/link/\S+)", mail.text_body).group(1)
    assert client.post(link).status_code == 303


def test_callback_and_reply_refusals_keep_what_was_typed(limited):
    client = limited.test_client()
    log_in(limited, client)
    number = re.search(r"/mijn/initiatief/([\w-]+)", client.get("/mijn/").get_data(as_text=True))
    path = f"/mijn/initiatief/{number.group(1)}"
    data = {"phone": "06 11112222", "moment": "dinsdagmiddag"}
    assert client.post(f"{path}/terugbellen", data=data).status_code == 303
    refused = client.post(f"{path}/terugbellen", data={**data, "moment": "woensdagochtend"})
    page = assert_refusal_page(refused)
    assert 'value="woensdagochtend"' in page
    assert client.post(f"{path}/reactie", data={"body": "Eerste vraag."}).status_code == 303
    refused = client.post(f"{path}/reactie", data={"body": "Mijn tweede, lange vraag."})
    page = assert_refusal_page(refused)
    assert "Mijn tweede, lange vraag." in page


def test_a_refusal_elsewhere_still_gets_the_plain_page(limited):
    """Endpoints without their own form page get the general 429 page, with the time."""
    limited.config["STAFF_LOGIN_RATE_LIMIT"] = "1/hour"
    client = limited.test_client()
    data = {"email": "niemand@gemeente.example", "password": "x"}
    client.post("/medewerker/inloggen", data=data)
    refused = client.post("/medewerker/inloggen", data=data)
    assert refused.status_code == 429
    assert "te vaak geprobeerd" in refused.get_data(as_text=True)
