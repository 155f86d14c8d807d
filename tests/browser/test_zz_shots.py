from tests.browser.test_admin_pages import seed, sign_in
from tests.browser.conftest import ARTIFACTS
def test_shots(live_app, page):
    world, secret = seed(live_app)
    base = live_app.config["LIVE_URL"]
    sign_in(page, base, secret)
    page.set_viewport_size({"width": 360, "height": 800})
    for name, path in {"j": f"/beheer/klantreizen/{world.journey}", "u": "/beheer/medewerkers", "t": "/beheer/teams", "c": "/beheer/gesloten-dagen", "p": f"/beheer/fasen/{world.phases[1]}", "m": "/beheer/mailteksten", "k": "/beheer/klantreizen"}.items():
        page.goto(base + path)
        page.screenshot(path=f"/tmp/smoke/{name}.png", full_page=True)
