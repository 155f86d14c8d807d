"""Outgoing mail: the outbox queue, the composers of each mail, and the dispatcher."""
