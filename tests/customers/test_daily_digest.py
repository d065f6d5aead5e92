"""The daily digest: one email per person, only on days something waits, each in the
person's language, turned off by the person; ``manage.py send_daily_digest``."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from customers.models import CustomerMember
from customers.services import digest
from tests.customers.workspace_helpers import seed_waiting
from tests.factories import make_customer_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks, mailoutbox):
    """Run the digest (at ``now``), send its emails; gives the emails sent by this run."""

    def run(now=None):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            digest.send_daily_digests(now=now)
        return mailoutbox[before:]

    return run


def test_each_person_gets_one_email_saying_what_waits_with_links(send, customer, customer_admin):
    colleague = make_customer_admin("colleague@acme.example", customer=customer)
    seed_waiting(customer, 2)

    mails = send()

    assert sorted(mail.to[0] for mail in mails) == [customer_admin.email, colleague.email]
    mail = mails[0]
    assert mail.subject == "Acme Test Industries: what waits for you today"
    assert "- 2 connection requests wait for your answer" in mail.body
    assert "- 2 suppliers' onboarding answers wait for your review" in mail.body
    assert "- 2 invitations bounced: check the addresses" in mail.body
    assert "/customer-admin/connections/connectionrequest/?todo=waiting" in mail.body
    assert "/customer-admin/notifications/" in mail.body


def test_the_digest_is_in_the_persons_language(send, customer, customer_admin):
    customer_admin.language = "fr"
    customer_admin.save(update_fields=["language"])
    seed_waiting(customer, 1)

    [mail] = send()

    assert mail.subject == "Acme Test Industries\u00a0: ce qui vous attend aujourd'hui"
    assert "1 demande de connexion attend votre réponse" in mail.body


def test_nothing_is_sent_on_a_day_nothing_waits(send, customer, customer_admin):
    assert send() == []
    assert CustomerMember.objects.get(user=customer_admin).digest_sent_on is None


def test_a_person_who_turned_it_off_gets_none(send, customer, customer_admin):
    colleague = make_customer_admin("colleague@acme.example", customer=customer)
    digest.set_daily_digest(
        membership=CustomerMember.objects.get(user=customer_admin), enabled=False
    )
    seed_waiting(customer, 1)

    assert [mail.to for mail in send()] == [[colleague.email]]


def test_a_deactivated_person_gets_none(send, customer, customer_admin):
    customer_admin.is_active = False
    customer_admin.save(update_fields=["is_active"])
    seed_waiting(customer, 1)

    assert send() == []


def test_running_it_again_the_same_day_sends_nothing_more_and_the_next_day_again(
    send, customer, customer_admin
):
    seed_waiting(customer, 1)
    now = timezone.now()

    first, again = send(now=now), send(now=now)
    tomorrow = send(now=now + timedelta(days=1))

    assert (len(first), len(again), len(tomorrow)) == (1, 0, 1)


def test_each_customer_s_staff_read_their_own_customer(send, customer, other_customer_admin):
    other_customer = other_customer_admin.customer_membership.customer
    seed_waiting(other_customer, 3, prefix="Other")

    mails = send()

    assert [mail.to for mail in mails] == [[other_customer_admin.email]]
    assert "- 3 connection requests" in mails[0].body


def test_the_command_is_the_one_entry_point(customer, customer_admin, capsys, mailoutbox):
    seed_waiting(customer, 1)

    call_command("send_daily_digest")
    call_command("send_daily_digest")

    assert capsys.readouterr().out.splitlines() == [
        "Daily summaries sent: 1.",
        "Daily summaries sent: 0.",
    ]
