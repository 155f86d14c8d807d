"""Flask-WTF forms; every message a person reads is Dutch."""
