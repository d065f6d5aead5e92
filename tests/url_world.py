"""The world of ``tests/test_url_permissions.py``: one object of each kind its URLs name, and
the URL of each row filled with their ids."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import CompanyDomain, JoinRequest, SupplierMember
from connections import services as connection_services
from csp_portal.join_links import hash_link_token
from customers.models import Customer, CustomerTeamInvitation
from customers.services import colleagues, invitation_imports, invitations, sharing
from customers.services import team as team_services
from customers.services.audit import record_customer_change
from tests.accounts.documents import make_document
from tests.customers.onboarding_factories import make_questionnaire, onboarding_with
from tests.factories import (
    limit_to_customers,
    make_customer,
    make_customer_admin,
    make_supplier_user,
    make_user,
)

CATCH_ALL = "customer_admin:(?P<url>.*)$"  # the admin's last pattern: any other path
JOIN_TOKEN = "J" * 43
NO_OBJECT = {"changelist", "add", "export", "new_version", "template"}


def build_world(
    supplier,
    supplier_user,
    other_supplier_user,
    customer,
    customer_admin,
    customer_reviewer,
    other_customer,
    other_customer_admin,
    operator,
):
    """The personas, and one object of each kind the URLs name (the customer's are Acme's):
    ``(users by persona, url arguments by url key, objects by admin model)``."""
    questionnaire = make_questionnaire(customer)
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    inviting = make_customer("Inviting Customer SA", email_domains=["inviting.example"])
    invitations.send_invitation(customer=inviting, email=supplier_user.email, invited_by=None)
    requested = make_customer("Requested Customer SA", email_domains=["requested.example"])
    connection_services.request_connection(
        supplier=supplier,
        customer=requested,
        actor=supplier_user,
        contact_email="buyer@requested.example",
        terms_version=requested.terms_version,
    )
    open_customer = make_customer("Open Customer SA")
    with_access = make_supplier_user(
        "with.access@fournitures.example", supplier=supplier, role="member"
    )
    SupplierMember.objects.filter(user=with_access).update(can_manage_connections=True)
    limit_to_customers(with_access, [customer, inviting, requested, open_customer])
    without_access = make_supplier_user(
        "without@fournitures.example", supplier=supplier, role="member"
    )
    limit_to_customers(without_access, [other_customer])
    spare = make_supplier_user("spare@fournitures.example", supplier=supplier, role="member")
    team_invitation = team_services.invite_colleague(
        supplier=supplier, actor=supplier_user, email="new.colleague@fournitures.example"
    )
    join_invitation = CustomerTeamInvitation.objects.get(
        pk=colleagues.invite_customer_colleague(
            customer=customer, actor=customer_admin, email="new.buyer@acme.example", role="reviewer"
        ).pk
    )
    CustomerTeamInvitation.objects.filter(pk=join_invitation.pk).update(
        token_hash=hash_link_token(JOIN_TOKEN)
    )
    requester = make_supplier_user("owner@requester.example", company="Requester SARL")
    connection_request = connection_services.request_connection(
        supplier=requester.supplier_membership.supplier,
        customer=customer,
        actor=requester,
        contact_email="buyer@acme.example",
        terms_version=customer.terms_version,
    )
    supplier_invitation = invitations.send_invitation(
        customer=customer, email="someone@newco.example", invited_by=customer_admin
    )
    colleague = make_customer_admin("colleague@acme.example", customer=customer, role="reviewer")
    domain = CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example")
    join_request = JoinRequest.objects.create(
        supplier=supplier, user=make_user("joiner@fournitures.example"), status="pending"
    )
    document = make_document(supplier, actor=supplier_user)
    sharing.set_sharing(relationship=onboarding.relationship, shared=True, actor=supplier_user)
    audit_event = record_customer_change(
        customer=customer,
        actor=customer_admin,
        action="settings.changed",
        message="Settings changed",
        before={"listed": True},
        after={"listed": False},
    )
    users = {
        "anonymous": None,
        "supplier_admin": supplier_user,
        "member_with_access": with_access,
        "member_without_access": without_access,
        "other_supplier": other_supplier_user,
        "customer_admin": customer_admin,
        "customer_reviewer": customer_reviewer,
        "other_customer": other_customer_admin,
        "operator": operator,
    }
    relationship = onboarding.relationship
    args = {
        "accounts:remove_domain": [domain.pk],
        "accounts:send_domain_link": [domain.pk],
        "accounts:prove_domain": ["P" * 43],
        "customers:setup_customer": [customer.pk],
        "customers:end_relationship": [customer.pk],
        "customers:onboarding": [customer.pk],
        "customers:accept_invitation": [inviting.pk],
        "customers:decline_invitation": [inviting.pk],
        "customers:team_member": [spare.supplier_membership.pk],
        "customers:team_deactivate": [spare.supplier_membership.pk],
        "customers:team_reactivate": [spare.supplier_membership.pk],
        "customers:team_remove": [spare.supplier_membership.pk],
        "customers:team_resend_invitation": [team_invitation.pk],
        "customers:team_revoke_invitation": [team_invitation.pk],
        "customers:team_approve_join_request": [join_request.pk],
        "customers:team_decline_join_request": [join_request.pk],
        "customers:join_link": [JOIN_TOKEN],
        "customers:invitation_link": ["N" * 43],
        "connections:terms": [requested.pk],
        "connections:request": [open_customer.pk],
        "connections:withdraw": [requested.pk],
        "customer_admin:app_list": ["customers"],
        "customer_admin:view_on_site": [
            ContentType.objects.get_for_model(Customer).pk,
            customer.pk,
        ],
        "accounts:replace_document": [document.pk],
        "accounts:remove_document": [document.pk],
        "accounts:document_download": [document.versions.get().pk],
        "customer_admin:customers_relationship_document": [
            onboarding.relationship.pk,
            document.pk,
        ],
        "customer_admin:customers_customermember_resend": [join_invitation.pk],
        "customer_admin:customers_customermember_revoke": [join_invitation.pk],
    }
    objects = {
        "customers_customer": customer,
        "customers_customermember": colleague.customer_membership,
        "customers_questionnaire": questionnaire,
        "customers_section": questionnaire.sections.first(),
        "customers_relationship": relationship,
        "customers_invitation": supplier_invitation,
        "connections_connectionrequest": connection_request,
        "customers_onboarding": onboarding,
        "customers_customerauditevent": audit_event,
        "customers_invitationimport": invitation_imports.preview_import(
            customer=customer,
            uploaded_by=customer_admin,
            file_name="suppliers.csv",
            content=b"email\nsomeone.else@newco.example\n",
            language="en",
        ),
    }
    return users, args, objects


def url_of(key: str, args: dict, objects: dict) -> str:
    """The URL of ``key``, filled with the world's ids (the customer admin's: Acme's objects)."""
    if key in args:
        return reverse(key, args=args[key])
    if key == CATCH_ALL:
        return reverse("customer_admin:index") + "nothing-here/"
    if ":" not in key:
        return reverse(key)
    namespace, rest = key.split(":", 1)
    if rest.endswith("<path:object_id>/"):  # a model admin's redirect to the change page
        app, model = rest.split("/")[:2]
        change = reverse(f"{namespace}:{app}_{model}_change", args=[objects[f"{app}_{model}"].pk])
        return change.removesuffix("change/")
    for prefix, obj in objects.items():
        if rest.startswith(f"{prefix}_") and rest.removeprefix(f"{prefix}_") not in NO_OBJECT:
            return reverse(key, args=[obj.pk])
    return reverse(key)
