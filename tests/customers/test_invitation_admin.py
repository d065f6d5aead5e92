"""Invitations in the customer admin site: invite, follow, resend, revoke — own customer only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.models import Invitation, InvitationStatus, Relationship, RelationshipState
from customers.services import invitation_answers, invitations
from customers.services import relationships as relationship_services
from tests.customers.invitation_helpers import send
from tests.factories import make_supplier_user

pytestmark = pytest.mark.django_db

LIST = reverse("customer_admin:customers_invitation_changelist")
ADD = reverse("customer_admin:customers_invitation_add")


def _change(invitation):
    return reverse("customer_admin:customers_invitation_change", args=[invitation.pk])


def _resend(invitation):
    return reverse("customer_admin:customers_invitation_resend", args=[invitation.pk])


def _revoke(invitation):
    return reverse("customer_admin:customers_invitation_revoke", args=[invitation.pk])


@pytest.fixture
def invite(django_capture_on_commit_callbacks, mailoutbox, customer, customer_admin):
    def _invite(**fields):
        fields.setdefault("invited_by", customer_admin)
        fields.setdefault("customer", customer)
        return send(django_capture_on_commit_callbacks, mailoutbox, **fields)[0]

    return _invite


@pytest.fixture
def admin_client(client, customer_admin):
    client.force_login(customer_admin)
    return client


# --- inviting ----------------------------------------------------------------------


def test_customer_admin_invites_a_supplier_by_email(
    admin_client, customer, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    form = admin_client.get(ADD)
    assert form.status_code == 200
    for label in ["Email address", "Contact name", "Company name", "Language of the email"]:
        assert label in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD,
            {
                "email": "Jane@NewCo.example",
                "contact_name": "Jane Doe",
                "company_name": "NewCo",
                "language": "en",
                "message": "Hello Jane",
            },
        )

    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _change(invitation)
    assert invitation.customer == customer
    assert invitation.invited_by == customer_admin
    assert invitation.email == "jane@newco.example"
    assert [message.to for message in mailoutbox] == [["jane@newco.example"]]
    page = admin_client.get(response["Location"])
    assert "Invitation sent to jane@newco.example." in page.content.decode()


def test_inviting_an_email_with_a_pending_invitation_offers_to_resend(
    admin_client, invite, mailoutbox
):
    pending = invite(email="jane@newco.example")

    response = admin_client.post(ADD, {"email": "jane@newco.example", "language": "en"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "is still waiting for an answer. You can send it again with a new link." in content
    assert f'action="{_resend(pending)}"' in content
    assert "Resend it with a new link" in content
    assert 'value="jane@newco.example"' in content  # input kept
    assert Invitation.objects.count() == 1


def test_inviting_a_connected_supplier_is_refused_with_an_explanation(
    admin_client, customer, customer_admin, supplier, supplier_user
):
    relationship_services.invite(supplier=supplier, customer=customer, actor=customer_admin)
    relationship_services.connect(supplier=supplier, customer=customer, actor=customer_admin)

    response = admin_client.post(ADD, {"email": supplier_user.email, "language": "fr"})

    assert response.status_code == 200
    assert (
        "Fournitures Test SARL is already connected with you: there is nothing to invite them to."
    ) in response.content.decode()
    assert not Invitation.objects.exists()


def test_invalid_input_is_shown_on_the_form(admin_client):
    response = admin_client.post(ADD, {"email": "not-an-email", "language": "en"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()


# --- the list and the page ------------------------------------------------------------


def test_list_shows_each_status_with_its_date(admin_client, invite, supplier_user):
    invite(email="waiting@newco.example")
    accepted = invite(email=supplier_user.email)
    invitation_answers.accept_invitation(invitation=accepted, user=supplier_user)
    declined = invite(email="no@newco.example")
    invitation_answers.decline_invitation(invitation=declined, actor=None)
    expired = invite(email="late@newco.example")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))

    content = admin_client.get(LIST).content.decode()

    today = timezone.localtime()
    assert f"{today.day} {today:%B} {today.year}" in content
    for label in ["Pending", "Accepted", "Declined", "Expired"]:
        assert f">{label}</span>" in content
    assert "Fournitures Test SARL" in content  # the company that accepted


def test_list_query_count_stays_flat_with_many_invitations(
    admin_client, customer, customer_admin, django_assert_max_num_queries
):
    supplier_user = make_supplier_user("many@supplier.example", company="Many Ltd")
    supplier = supplier_user.supplier_membership.supplier
    Invitation.objects.bulk_create(
        Invitation(
            customer=customer,
            email=f"person{i}@newco.example",
            token_hash=f"{i:064d}",
            expires_at=timezone.now() + timedelta(days=3),
            accepted_supplier=supplier if i % 2 else None,
            status=InvitationStatus.ACCEPTED if i % 2 else InvitationStatus.PENDING,
            accepted_at=timezone.now() if i % 2 else None,
        )
        for i in range(60)
    )

    with django_assert_max_num_queries(12):
        response = admin_client.get(LIST)

    assert response.status_code == 200
    assert "person59@newco.example" in response.content.decode()


def test_page_shows_the_history_and_the_actions(admin_client, invite):
    invitation = invite()

    content = admin_client.get(_change(invitation)).content.decode()

    assert "waiting for an answer until" in content
    assert 'form="invitation-resend"' in content
    assert f'action="{_resend(invitation)}"' in content
    assert f'href="{_revoke(invitation)}"' in content


# --- resend and revoke -----------------------------------------------------------------


def test_resend_button_sends_a_new_link(
    admin_client, invite, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = invite()
    old_hash = invitation.token_hash

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(_resend(invitation), follow=True)

    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash
    assert len(mailoutbox) == 2
    assert "A new link was sent to new.person@newco.example" in response.content.decode()


def test_revoke_asks_for_confirmation_first(admin_client, invite, supplier_user):
    invitation = invite(email=supplier_user.email)

    confirm = admin_client.get(_revoke(invitation))
    assert confirm.status_code == 200
    assert "Revoke the invitation to sophie@fournitures.example?" in confirm.content.decode()
    assert Invitation.objects.get().status == InvitationStatus.PENDING

    response = admin_client.post(_revoke(invitation), follow=True)

    assert "is revoked; its link no longer works" in response.content.decode()
    assert Invitation.objects.get().status == InvitationStatus.REVOKED
    assert Relationship.objects.get().state == RelationshipState.REVOKED


def test_resend_and_revoke_actions_on_the_list(
    admin_client, invite, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = invite(email="a@newco.example"), invite(email="b@newco.example")

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(LIST, {"action": "resend_selected", "_selected_action": [first.pk]})
    confirm = admin_client.post(
        LIST, {"action": "revoke_selected", "_selected_action": [first.pk, second.pk]}
    )
    assert "Revoke these invitations?" in confirm.content.decode()
    assert Invitation.objects.filter(status="revoked").count() == 0
    admin_client.post(
        LIST,
        {
            "action": "revoke_selected",
            "_selected_action": [first.pk, second.pk],
            "confirmed": "yes",
        },
    )

    assert len(mailoutbox) == 3
    assert Invitation.objects.filter(status="revoked").count() == 2


def test_a_refused_resend_is_explained(admin_client, invite, customer_admin):
    invitation = invite()
    invitations.revoke_invitation(invitation=invitation, actor=customer_admin)

    response = admin_client.post(_resend(invitation), follow=True)

    assert "is no longer waiting for an answer: it is revoked" in response.content.decode()


# --- scoping ------------------------------------------------------------------------------


def test_another_customers_invitations_are_invisible_and_untouchable(
    client, invite, other_customer_admin, mailoutbox
):
    invitation = invite()
    client.force_login(other_customer_admin)

    listing = client.get(LIST)
    page = client.get(_change(invitation))
    resend = client.post(_resend(invitation))
    revoke_page = client.get(_revoke(invitation))
    revoke = client.post(_revoke(invitation))
    history = client.get(_change(invitation).replace("/change/", "/history/"))
    client.post(
        LIST,
        {"action": "revoke_selected", "_selected_action": [invitation.pk], "confirmed": "yes"},
    )

    assert "new.person@newco.example" not in listing.content.decode()
    assert page.status_code == 404
    assert resend.status_code == 404
    assert revoke_page.status_code == 404
    assert revoke.status_code == 404
    assert history.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.send_count == 1


def test_anonymous_is_sent_to_the_login(client, db):
    response = client.get(LIST)

    assert response.status_code == 302
    assert "/customer-admin/login/" in response["Location"]


def test_a_supplier_user_is_refused_with_an_explanation(client, supplier_user):
    client.force_login(supplier_user)

    response = client.get(ADD, follow=True)

    assert response.status_code == 403
    assert "not an admin of any customer" in response.content.decode()


def test_resend_needs_post(admin_client, invite):
    invitation = invite()

    assert admin_client.get(_resend(invitation)).status_code == 405
