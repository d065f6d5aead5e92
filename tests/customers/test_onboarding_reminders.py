"""remind_onboarding (cron): one reminder when answers are still not submitted after 7 days."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from customers import services
from customers.models import Onboarding, RelationshipEvent
from customers.services import onboarding as onboarding_services
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with

pytestmark = pytest.mark.django_db


def _started(onboarding, days_ago: float) -> None:
    Onboarding.objects.filter(pk=onboarding.pk).update(
        started_at=timezone.now() - timedelta(days=days_ago)
    )


def _run(django_capture_on_commit_callbacks) -> str:
    import io

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_onboarding", stdout=out)
    return out.getvalue()


def test_answers_not_submitted_after_seven_days_are_reminded_once(
    onboarding, supplier_user, mailoutbox, django_capture_on_commit_callbacks
):
    _started(onboarding, days_ago=7.1)

    first = _run(django_capture_on_commit_callbacks)
    second = _run(django_capture_on_commit_callbacks)

    assert first == "1 reminded.\n"
    assert second == "0 reminded.\n"
    [message] = mailoutbox
    assert message.to == [supplier_user.email]
    assert message.subject == "Acme Test Industries is waiting for your onboarding answers"
    assert "1 of 10 required questions are answered" in message.body  # the name, prefilled
    assert f"/setup/customers/{onboarding.relationship.customer_id}/onboarding/" in message.body
    onboarding.refresh_from_db()
    assert onboarding.reminded_at is not None
    event = RelationshipEvent.objects.filter(relationship=onboarding.relationship).last()
    assert event.description == "Reminder sent: the onboarding answers are not submitted yet"
    assert event.actor is None


def test_no_reminder_before_seven_days(onboarding, mailoutbox, django_capture_on_commit_callbacks):
    _started(onboarding, days_ago=6.9)

    assert _run(django_capture_on_commit_callbacks) == "0 reminded.\n"
    assert mailoutbox == []


def test_the_number_of_days_is_a_setting(
    onboarding, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.ONBOARDING_REMINDER_DAYS = 3
    _started(onboarding, days_ago=3.5)

    assert _run(django_capture_on_commit_callbacks) == "1 reminded.\n"


def test_submitted_or_ended_onboardings_are_not_reminded(
    onboarding,
    supplier,
    supplier_user,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from tests.customers.onboarding_factories import VALID_INPUT, questions_by_label
    from tests.factories import make_customer

    by_label = questions_by_label(onboarding.questionnaire)
    onboarding_services.submit_answers(
        onboarding=onboarding,
        actor=supplier_user,
        values={by_label[label].answer_key: value for label, value in VALID_INPUT.items()},
    )
    ended_customer = make_customer("Ended Ltd")
    make_questionnaire(ended_customer)
    ended = onboarding_with(
        supplier, ended_customer, supplier_user=supplier_user, customer_admin=None
    )
    services.end(relationship=ended.relationship, actor=supplier_user, reason="No")
    _started(onboarding, days_ago=30)
    _started(ended, days_ago=30)
    mailoutbox.clear()

    assert _run(django_capture_on_commit_callbacks) == "0 reminded.\n"
    assert mailoutbox == []


def test_a_returned_onboarding_is_not_reminded_as_unsubmitted(
    onboarding, supplier_user, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.customers.onboarding_factories import VALID_INPUT, questions_by_label

    by_label = questions_by_label(onboarding.questionnaire)
    onboarding_services.submit_answers(
        onboarding=onboarding,
        actor=supplier_user,
        values={by_label[label].answer_key: value for label, value in VALID_INPUT.items()},
    )
    onboarding_services.return_answers(onboarding=onboarding, actor=customer_admin, comment="Fix")
    _started(onboarding, days_ago=30)
    mailoutbox.clear()

    assert _run(django_capture_on_commit_callbacks) == "0 reminded.\n"
