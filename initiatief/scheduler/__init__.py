"""The scheduler process: which jobs run when, and `flask scheduler`.

One module each: the job table (job_table.py: JOBS, what runs when), the
single-instance lock (lock.py), running a job and recording its run, and the
APScheduler that runs them on their triggers (runs.py), and the commands
`flask scheduler run`, `run-once` and `status` (commands.py).
"""

from .commands import scheduler_cli
from .job_table import JOBS, Job

__all__ = ["JOBS", "Job", "scheduler_cli"]
