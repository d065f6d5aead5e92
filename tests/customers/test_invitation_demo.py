"""The demo data holds the guide's invitations, with their emails saved under var/mail/."""

import email
import email.policy

import pytest

from customers.models import Invitation, InvitationStatus, Relationship, RelationshipState

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_both_invitations_and_saves_their_emails(
    local_mail_dir, django_capture_on_commit_callbacks
):
    from csp_portal import demo

    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        again = demo.seed()

    globex = Invitation.objects.get(customer__name="Globex Corporation")
    newcomer = Invitation.objects.get(email="new.supplier@newco.example")
    assert globex.email == "supplier@example.com"
    assert globex.status == newcomer.status == InvitationStatus.PENDING
    assert newcomer.invited_supplier is None
    assert (
        Relationship.objects.get(customer__name="Globex Corporation").state
        == RelationshipState.INVITED
    )
    assert not any("invitation" in line for line in again)  # seeding never duplicates
    saved = {
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["To"]
        for path in local_mail_dir.glob("*.eml")
    }
    # Both invitations' emails are there (among the demo's other emails).
    assert {"supplier@example.com", "new.supplier@newco.example"} <= saved
