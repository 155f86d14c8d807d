"""The site has its own icon: /favicon.ico answers, and every page links the SVG icon."""

import re


def test_favicon_ico_is_an_icon(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO header


def test_every_page_links_the_svg_icon(client):
    for path in ("/", "/privacy", "/mijn/inloggen", "/bestaat-niet"):
        page = client.get(path).get_data(as_text=True)
        link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
        assert link, path
    with client.get(link.group(1)) as icon:
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"
        assert b"<svg" in icon.data
