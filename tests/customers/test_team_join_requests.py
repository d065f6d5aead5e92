"""The Team page's requests to join: people who signed up on a company domain asked to join."""

import pytest
from django.urls import reverse

from accounts.models import JoinRequest, SupplierAuditEvent, SupplierMember
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TEAM_URL = reverse("customers:team")


@pytest.fixture
def join_request(supplier):
    requester = make_user("nina@fournitures.example", full_name="Nina Person")
    return JoinRequest.objects.create(
        supplier=supplier, user=requester, status=JoinRequest.Status.PENDING
    )


def test_admin_sees_pending_requests_to_join(client, supplier_user, join_request):
    client.force_login(supplier_user)

    content = client.get(TEAM_URL).content.decode()

    assert "nina@fournitures.example" in content
    assert "Nina Person" in content


def test_admin_approves_a_request_and_the_person_becomes_a_member(
    client, supplier_user, supplier, join_request, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(supplier_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("customers:team_approve_join_request", args=[join_request.pk])
        )

    assert response.status_code == 302
    membership = SupplierMember.objects.get(user=join_request.user)
    assert (membership.supplier, membership.role) == (supplier, SupplierMember.Role.MEMBER)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == supplier_user
    [mail] = mailoutbox
    assert mail.to == ["nina@fournitures.example"]
    assert mail.subject == "You have joined Fournitures Test SARL"
    assert (
        "Nina Person is now a member of your company, for all customers."
        in client.get(TEAM_URL).content.decode()
    )


def test_admin_declines_a_request(
    client, supplier_user, join_request, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(supplier_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("customers:team_decline_join_request", args=[join_request.pk]))

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not SupplierMember.objects.filter(user=join_request.user).exists()
    [mail] = mailoutbox
    assert mail.subject == "Your request to join Fournitures Test SARL"


def test_answering_a_request_twice_is_refused_with_a_message(client, supplier_user, join_request):
    client.force_login(supplier_user)
    url = reverse("customers:team_approve_join_request", args=[join_request.pk])
    client.post(url)

    response = client.post(url, follow=True)

    assert "This request has already been answered." in response.content.decode()
    assert SupplierMember.objects.filter(user=join_request.user).count() == 1


def test_member_cannot_answer_a_request(client, supplier_member, join_request):
    client.force_login(supplier_member)

    response = client.post(reverse("customers:team_approve_join_request", args=[join_request.pk]))

    assert response.status_code == 403
    assert not SupplierMember.objects.filter(user=join_request.user).exists()


def test_another_suppliers_request_is_not_found(client, other_supplier_user, join_request):
    client.force_login(other_supplier_user)

    approve = client.post(reverse("customers:team_approve_join_request", args=[join_request.pk]))
    decline = client.post(reverse("customers:team_decline_join_request", args=[join_request.pk]))

    assert (approve.status_code, decline.status_code) == (404, 404)
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING


def test_answer_endpoints_answer_405_to_get(client, supplier_user, join_request):
    client.force_login(supplier_user)

    assert (
        client.get(
            reverse("customers:team_approve_join_request", args=[join_request.pk])
        ).status_code
        == 405
    )


def test_an_answered_request_is_in_the_team_history(client, supplier_user, join_request):
    client.force_login(supplier_user)

    client.post(reverse("customers:team_approve_join_request", args=[join_request.pk]))

    event = SupplierAuditEvent.objects.get(action="team.join_request_approved")
    assert (event.actor, event.after) == (
        supplier_user,
        {"role": "member", "manage_connections": False},
    )
    assert (
        "Approved the request of Nina Person to join the team"
        in client.get(TEAM_URL).content.decode()
    )
