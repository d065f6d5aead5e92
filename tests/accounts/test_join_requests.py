"""Requests to join a company: the services behind the sign-up choice and the company page."""

import pytest
from django.db import IntegrityError, transaction

from accounts import services
from accounts.exceptions import AlreadyInCompany
from accounts.models import JoinRequest, SupplierMember
from csp_portal.errors import TransitionNotAllowed
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def requester(db):
    return make_user("nina@fournitures.example", full_name="Nina Person")


def test_a_request_waits_for_the_email_confirmation_before_the_admins_hear_of_it(
    supplier, supplier_user, requester, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join_request = services.request_to_join(user=requester, supplier=supplier)
    assert join_request.status == JoinRequest.Status.AWAITING_EMAIL
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit_join_request(user=requester)

    assert submitted == join_request
    assert JoinRequest.objects.get().status == JoinRequest.Status.PENDING
    assert [mail.to for mail in mailoutbox] == [[supplier_user.email]]


def test_every_admin_is_told_and_members_are_not(
    supplier,
    supplier_user,
    supplier_member,
    requester,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    second_admin = make_user("boss@fournitures.example")
    SupplierMember.objects.create(
        supplier=supplier, user=second_admin, role=SupplierMember.Role.ADMIN
    )
    services.request_to_join(user=requester, supplier=supplier)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_join_request(user=requester)

    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "boss@fournitures.example",
        supplier_user.email,
    ]


def test_confirming_an_address_without_a_request_changes_nothing(requester, mailoutbox):
    assert services.submit_join_request(user=requester) is None
    assert mailoutbox == []


def test_a_request_not_yet_confirmed_cannot_be_approved(supplier, supplier_user, requester):
    join_request = services.request_to_join(user=requester, supplier=supplier)

    with pytest.raises(TransitionNotAllowed, match="has not confirmed their email address"):
        services.approve_join_request(join_request_id=join_request.pk, actor=supplier_user)

    assert not SupplierMember.objects.filter(user=requester).exists()


def test_someone_who_already_works_for_a_company_cannot_be_added(
    supplier, supplier_user, other_supplier_user
):
    join_request = JoinRequest.objects.create(
        supplier=supplier, user=other_supplier_user, status=JoinRequest.Status.PENDING
    )

    with pytest.raises(AlreadyInCompany):
        services.approve_join_request(join_request_id=join_request.pk, actor=supplier_user)

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert other_supplier_user.supplier_membership.supplier != supplier
    with pytest.raises(AlreadyInCompany):
        services.request_to_join(user=other_supplier_user, supplier=supplier)


def test_a_person_has_one_open_request_at_most(supplier, other_supplier_user, requester):
    other = other_supplier_user.supplier_membership.supplier
    services.request_to_join(user=requester, supplier=supplier)

    with pytest.raises(IntegrityError), transaction.atomic():
        services.request_to_join(user=requester, supplier=other)


def test_a_declined_request_can_be_followed_by_a_new_one(supplier, supplier_user, requester):
    first = JoinRequest.objects.create(
        supplier=supplier, user=requester, status=JoinRequest.Status.PENDING
    )
    services.decline_join_request(join_request_id=first.pk, actor=supplier_user)

    second = services.request_to_join(user=requester, supplier=supplier)

    assert second.pk != first.pk
    assert JoinRequest.objects.open().get() == second
