"""gunicorn entry point for the status-page benchmark: the real app plus a bare route.

The bare `return "ok"` route is the ceiling the status page is compared with: the
same app, hooks and worker, no page. It exists only here, never in the product app.
"""

from initiatief import create_app

app = create_app()


@app.get("/benchmark/ok")
def bare() -> str:
    return "ok"
