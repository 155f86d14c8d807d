"""The development mail sink and the /dev/mailbox pages that read it."""

import asyncio
import concurrent.futures
import re
import socket
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from initiatief import create_app
from initiatief.extensions import db
from initiatief.mail.dispatcher import dispatch_due
from initiatief.mail.outbox import queue_mail
from initiatief.mail.sink import MailboxHandler, list_messages, make_controller, read_message
from initiatief.views.mailbox import HTML_PART_CSP, linkify

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEXT = (
    "Beste bewoner,\n\n"
    "Bekijk de stand van zaken op https://example.org/status?a=1&b=2.\n"
    "Niet klikbaar: javascript:alert(1) en <script>alert(1)</script>\n"
)
HTML = "<p>Hallo <strong>één</strong></p><script>alert(1)</script>"


def run_outside_any_loop(coroutine):
    """asyncio.run in a worker thread: the browser tests keep a loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sink(tmp_path):
    """The real sink listening on a free port, storing into tmp_path/mailbox."""
    directory = tmp_path / "mailbox"
    port = free_port()
    controller = make_controller(directory, "127.0.0.1", port)
    controller.start()
    yield SimpleNamespace(directory=directory, port=port)
    controller.stop()


@pytest.fixture
def app(database_url, sink, tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": sink.port,
            "MAIL_TIMEOUT": 5,
            "MAILBOX_DIR": str(sink.directory),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def send(app, key="test:1", subject="Één stap verder: Kennismaking", html=HTML) -> str:
    """Queue and dispatch one mail through the sink; returns the sink's id for it."""
    with app.app_context():
        queue_mail(
            key=key,
            kind="test",
            to="bewoner@example.org",
            subject=subject,
            text=TEXT,
            html=html,
            send_after=NOW,
        )
        db.session.commit()
        assert dispatch_due(NOW).sent == 1
        return list_messages(app.config["MAILBOX_DIR"])[0].id


def test_sink_stores_what_the_dispatcher_sends_with_headers_decoded(app, sink):
    send(app)
    [mail] = list_messages(sink.directory)

    assert mail.subject == "Één stap verder: Kennismaking"
    assert mail.to == "bewoner@example.org"
    assert "initiatieven@gemeente.example" in mail.sender
    assert mail.text == TEXT
    assert mail.html == HTML
    assert mail.message_id.startswith("<") and mail.date is not None


def test_list_shows_received_to_and_subject_with_a_link(app, client):
    mail_id = send(app)
    page = client.get("/dev/mailbox/")

    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Één stap verder: Kennismaking" in body
    assert "bewoner@example.org" in body
    assert f'href="/dev/mailbox/{mail_id}"' in body
    assert "Alles wissen" in body


def test_message_page_escapes_text_and_links_only_web_addresses(app, client):
    mail_id = send(app)
    body = client.get(f"/dev/mailbox/{mail_id}").get_data(as_text=True)

    assert '<a href="https://example.org/status?a=1&amp;b=2">' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body
    assert 'href="javascript' not in body
    assert f'href="/dev/mailbox/{mail_id}/html"' in body


def test_html_part_is_served_under_its_own_restrictive_policy(app, client):
    mail_id = send(app)
    response = client.get(f"/dev/mailbox/{mail_id}/html")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == HTML
    assert response.headers["Content-Security-Policy"] == HTML_PART_CSP
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src" not in response.headers["Content-Security-Policy"]


def test_unknown_or_malformed_ids_are_not_found(app, client, sink):
    sink.directory.mkdir(parents=True, exist_ok=True)
    (sink.directory / "secret.eml").write_text("Subject: geheim\n\nniet tonen")
    for path in [
        "/dev/mailbox/secret",
        "/dev/mailbox/20260302T090000.000000Z-000000000000",
        "/dev/mailbox/..%2Fsecret",
        "/dev/mailbox/secret/html",
    ]:
        assert client.get(path).status_code == 404, path
    assert read_message(sink.directory, "../mailbox/secret") is None


def test_clear_needs_the_csrf_token_and_then_empties_the_mailbox(app, client, sink):
    app.config["WTF_CSRF_ENABLED"] = True
    send(app)

    assert client.post("/dev/mailbox/wissen").status_code == 400
    assert len(list_messages(sink.directory)) == 1

    page = client.get("/dev/mailbox/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/dev/mailbox/wissen", data={"csrf_token": token})

    assert response.status_code == 302
    assert response.headers["Location"] == "/dev/mailbox/"
    assert list_messages(sink.directory) == []
    assert "1 mail gewist." in client.get("/dev/mailbox/").get_data(as_text=True)


def test_mailbox_is_absent_without_mailbox_dir(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert "mailbox" not in app.blueprints


def test_list_is_newest_first(tmp_path):
    for stamp in ["20260302T090000.000000Z", "20260302T110000.000000Z", "20260302T100000.000000Z"]:
        (tmp_path / f"{stamp}-0123456789ab.eml").write_text(f"Subject: {stamp}\n\nx\n")

    subjects = [mail.subject for mail in list_messages(tmp_path)]

    assert subjects == [
        "20260302T110000.000000Z",
        "20260302T100000.000000Z",
        "20260302T090000.000000Z",
    ]
    assert list_messages(tmp_path)[0].received == datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


def test_handler_decodes_encoded_headers_and_other_charsets(tmp_path):
    raw = (
        b"Subject: =?utf-8?b?w4nDqW4gbWFpbA==?=\r\n"
        b"To: =?iso-8859-1?q?B=E9woner?= <bewoner@example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"Caf=E9 op het pl=E9in\r\n"
    )
    envelope = SimpleNamespace(original_content=raw, content=raw)
    reply = run_outside_any_loop(MailboxHandler(tmp_path).handle_DATA(None, None, envelope))
    [mail] = list_messages(tmp_path)

    assert reply.startswith("250")
    assert mail.subject == "Één mail"
    assert mail.to == "Béwoner <bewoner@example.org>"
    assert mail.text.strip() == "Café op het pléin"
    assert mail.html is None


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("zie https://a.nl/x.", 'zie <a href="https://a.nl/x">https://a.nl/x</a>.'),
        ("(http://a.nl)", '(<a href="http://a.nl">http://a.nl</a>)'),
        (
            '<b>https://a.nl/?q="x"</b>',
            '&lt;b&gt;<a href="https://a.nl/?q=">https://a.nl/?q=</a>&#34;x&#34;&lt;/b&gt;',
        ),
        ("ftp://a.nl javascript:alert(1)", "ftp://a.nl javascript:alert(1)"),
    ],
)
def test_linkify_escapes_everything_and_links_only_http(text, html):
    assert str(linkify(text)) == html
