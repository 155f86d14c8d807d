"""resident views."""

from flask import Blueprint

bp = Blueprint("resident", __name__)
