"""Markdown from anyone is rendered safely; Dutch dates read as Dutch people write them."""

from datetime import UTC, date, datetime

import pytest

from initiatief.mail.safety import without_links
from initiatief.rendering import format_day, format_euros, format_time, render_markdown
from tests.samples import XSS_CORPUS


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_markdown_xss_corpus_renders_harmless(source):
    html = str(render_markdown(source)).lower()
    for danger in (
        "<script",
        "onerror",
        "onload",
        "ontoggle",
        "javascript:",
        "vbscript:",
        "<iframe",
        "<svg",
        "<img",
        "style=",
        "<form",
        "<input",
        "<style",
        "data:text",
    ):
        assert danger not in html, (source, html)


def test_markdown_keeps_the_useful_parts():
    html = str(
        render_markdown(
            "**Samen** groenten kweken:\n\n- tomaten\n- bonen\n\n[Plan](https://example.nl/plan)"
        )
    )
    assert "<strong>Samen</strong>" in html
    assert "<li>tomaten</li>" in html
    assert 'href="https://example.nl/plan"' in html and 'rel="nofollow noopener noreferrer"' in html


def test_dutch_dates_and_times():
    assert format_day(date(2026, 3, 3)) == "3 maart 2026"
    # 15.30 UTC in summer is 17.30 in Amsterdam.
    assert format_time(datetime(2026, 7, 1, 15, 30, tzinfo=UTC)) == "17.30 uur"
    # 23.30 UTC on 2 March is 3 March in Amsterdam.
    assert format_day(datetime(2026, 3, 2, 23, 30, tzinfo=UTC)) == "3 maart 2026"
    assert format_euros(2500) == "€ 2.500"


@pytest.mark.parametrize(
    "text",
    [
        "zie https://evil.example/login",
        "www.evil.example",
        "evil.example/login",
        "ftp://x.example",
        "mail bank-login.nl",
    ],
)
def test_link_like_resident_text_is_removed_from_mails(text):
    cleaned = without_links(text)
    assert "evil" not in cleaned and "x.example" not in cleaned and "bank-login" not in cleaned


def test_plain_resident_text_is_kept():
    assert (
        without_links("Moestuin aan de Lindelaan, 3 bakken.")
        == "Moestuin aan de Lindelaan, 3 bakken."
    )
