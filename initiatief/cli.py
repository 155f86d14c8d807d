"""Flask commands: demo data, the scheduler process, the development mail sink."""

from flask import Flask


def register(app: Flask) -> None:
    pass
