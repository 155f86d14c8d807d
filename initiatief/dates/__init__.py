"""The dates a resident is promised: working days, due dates and the timeline.

Pure reads of the models, below mail and services: a mail, a staff page and the
resident's status page all say the same dates because they ask the same code.
"""
