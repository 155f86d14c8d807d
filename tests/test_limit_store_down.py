"""A rate-limit store that does not answer costs the resident nothing: no 500, limits per worker."""

from initiatief import create_app
from initiatief.extensions import db


def test_login_links_still_work_and_are_still_limited_when_redis_is_down(database_url):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "LOGIN_LINK_RATE_LIMIT": "2 per hour",
        }
    )
    client = app.test_client()
    codes = [
        client.post("/mijn/inloggen", data={"email": "fatima@voorbeeld.example"}).status_code
        for _ in range(3)
    ]
    assert codes == [303, 303, 429]
    with app.app_context():
        db.engine.dispose()
