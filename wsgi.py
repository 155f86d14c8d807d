"""Entry point for gunicorn (`gunicorn wsgi:app`) and the flask command (`--app wsgi`)."""

from initiatief import create_app

app = create_app()
