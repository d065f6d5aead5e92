"""The periodic jobs: one command each, a schedule in one place, run by the worker."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from crontask import scheduler
from django.core.management import call_command, get_commands
from django_tasks_db.models import DBTaskResult

from csp_portal import checks, tasks

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_every_periodic_job_of_the_issue_is_scheduled_as_a_command():
    for command in (
        "send_pending_mail",
        "expire_stale",
        "remind_pending_requests",
        "remind_onboarding",
    ):
        assert command in tasks.SCHEDULE
    assert set(tasks.SCHEDULE) <= set(get_commands())
    assert checks.check_scheduled_jobs(None) == []


def test_the_scheduler_knows_each_job_and_when_it_runs_next():
    paris = ZoneInfo("Europe/Paris")
    morning = datetime(2026, 11, 30, 7, 59, 30, tzinfo=paris)

    jobs = {job.id: job for job in scheduler.get_jobs()}

    assert set(tasks.SCHEDULE) <= set(jobs)
    assert jobs["send_pending_mail"].trigger.get_next_fire_time(None, morning) == datetime(
        2026, 11, 30, 8, 0, tzinfo=paris
    )
    assert jobs["remind_pending_requests"].trigger.get_next_fire_time(None, morning) == datetime(
        2026, 11, 30, 8, 0, tzinfo=paris
    )
    assert jobs["expire_stale"].trigger.get_next_fire_time(None, morning) == datetime(
        2026, 11, 30, 8, 15, tzinfo=paris
    )


def test_a_misspelt_job_or_schedule_is_refused_by_the_checks(monkeypatch):
    monkeypatch.setitem(tasks.SCHEDULE, "send_pending_emails", "* * * * *")
    monkeypatch.setitem(tasks.SCHEDULE, "remind_onboarding", "0 9 * * 1")

    ids = sorted(error.id for error in checks.check_scheduled_jobs(None))

    assert ids == ["csp_portal.E008", "csp_portal.E009"]


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left in a transaction
def test_the_scheduler_enqueues_a_job_and_the_worker_runs_its_command(settings):
    settings.TASKS = DATABASE_TASKS
    job = scheduler.get_job("expire_stale")

    job.func(*job.args)  # what APScheduler calls at 15 past each hour

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "csp_portal.tasks.run_job"
    assert queued.args_kwargs["args"] == ["expire_stale"]

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == "0 expired."
