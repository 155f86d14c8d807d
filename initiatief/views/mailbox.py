"""mailbox views."""

from flask import Blueprint

bp = Blueprint("mailbox", __name__)
