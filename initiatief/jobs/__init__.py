"""The scheduler's periodic mail jobs: idempotent functions of `now`, one module per audience.

Each job takes `now` (aware UTC), queues outbox rows whose keys name their cause,
commits once at the end and returns how many mails it queued; running a job
twice queues nothing new. Dates are Amsterdam dates (dates.planning.today_local).
The scheduler lists them in scheduler.JOBS; tests call them directly.
"""
