"""The periodic jobs, and when each runs.

Each job is a management command: its one entry point, which cron, an
operator or a test can run by hand. The scheduler (``manage.py crontask
--no-heartbeat``, django-crontask on APScheduler; one per deployment, see
``deploy/``) enqueues ``run_job`` at each time below; the task worker
(``manage.py db_worker``) runs it, so a job's run is one task line in the logs
and one task result in ``/admin/``. Every job is safe to run twice at once (a
late scheduler, two machines): each claims or locks what it changes.

Adding a job is one line in ``SCHEDULE``; ``manage.py check`` refuses a
command that does not exist or a schedule that does not parse.
"""

import io

from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from django.core.management import call_command
from django.tasks import task
from django.utils import timezone

# command: when, as crontab fields "minute hour day month weekday", in TIME_ZONE
# (weekdays as names, Mon…Sun: APScheduler counts numbers from Monday, cron from Sunday).
SCHEDULE: dict[str, str] = {
    "send_pending_mail": "* * * * *",  # the outbox sweeper: failed sends, lapsed claims
    "expire_stale": "15 * * * *",  # invitations and requests past their deadline
    "remind_pending_requests": "0 8 * * *",  # the customer's admins, once per request
    "remind_onboarding": "0 9 * * *",  # suppliers with unsubmitted answers, once each
    "remind_expiring_documents": "30 7 * * *",  # suppliers, once per document and expiry
    "send_daily_digest": "0 7 * * *",  # customer staff who want it, on days something waits
    "prune_db_task_results": "30 3 * * *",  # finished task results older than 14 days
    "clearsessions": "45 3 * * *",  # expired sessions
    # The buyer's daily digest and the document expiry reminder join here, one line each.
}


@task()
def run_job(command: str) -> str:
    """Run one scheduled command in the worker; its output is the task's result."""
    output = io.StringIO()
    call_command(command, stdout=output)
    return output.getvalue().strip()


def trigger(when: str) -> CronTrigger:
    weekday = when.split()[-1]
    if any(character.isdigit() for character in weekday):
        raise ValueError(f"{when!r}: name the weekdays (Mon, Tue, …) or use *")
    return CronTrigger.from_crontab(when, timezone=timezone.get_default_timezone())


def register_jobs() -> None:
    """Give the scheduler each job of SCHEDULE (``manage.py crontask`` imports this module).

    A schedule that does not parse is left out here and reported by ``manage.py
    check`` (csp_portal.E009), which every process runs at start.
    """
    for command, when in SCHEDULE.items():
        try:
            when_trigger = trigger(when)
        except ValueError:
            continue
        scheduler.add_job(
            run_job.enqueue,
            trigger=when_trigger,
            args=(command,),
            id=command,
            name=command,
            replace_existing=True,
        )


register_jobs()
