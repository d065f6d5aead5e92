"""`manage.py expire_stale` closes what nobody answered in time."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from customers import services
from customers.models import Relationship, RelationshipState
from tests.factories import make_customer

pytestmark = pytest.mark.django_db


def test_expire_stale_expires_only_what_is_past_its_deadline(
    supplier, supplier_user, customer, customer_admin, capsys
):
    stale_request = services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )
    other = make_customer("Initech Test")
    stale_invitation = services.invite(supplier=supplier, customer=other, actor=None)
    fresh = services.request_connection(
        supplier=supplier,
        customer=make_customer("Hooli Test"),
        actor=supplier_user,
        contact_email="a@hooli.example",
    )
    Relationship.objects.filter(pk__in=[stale_request.pk, stale_invitation.pk]).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )

    call_command("expire_stale")

    assert "2 expired." in capsys.readouterr().out
    stale_request.refresh_from_db()
    stale_invitation.refresh_from_db()
    fresh.refresh_from_db()
    assert stale_request.state == RelationshipState.EXPIRED
    assert stale_request.deadline is None
    assert stale_request.events.last().description == "Request expired: nobody answered in time"
    assert stale_invitation.state == RelationshipState.EXPIRED
    assert stale_invitation.events.last().actor_side == "system"
    assert fresh.state == RelationshipState.REQUESTED


def test_expire_stale_twice_does_nothing_more(supplier, supplier_user, customer, capsys):
    relationship = services.request_connection(
        supplier=supplier, customer=customer, actor=supplier_user, contact_email="a@acme.example"
    )
    Relationship.objects.filter(pk=relationship.pk).update(
        deadline=timezone.now() - timedelta(seconds=1)
    )
    call_command("expire_stale")

    call_command("expire_stale")

    assert capsys.readouterr().out.splitlines()[-1] == "0 expired."
    assert relationship.events.count() == 2
