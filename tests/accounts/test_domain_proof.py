"""A company email domain counts only once proven: by the admin's own address, or a link."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.exceptions import DomainReserved, DomainTaken, TooManyUnprovenDomains
from accounts.models import CompanyDomain, SupplierAuditEvent, SupplierMember, hash_proof_token
from tests.factories import PASSWORD, make_supplier_user

pytestmark = pytest.mark.django_db

COMPANY_URL = reverse("accounts:company")


@pytest.fixture
def squatter(db):
    """An admin of another company, whose own address is elsewhere."""
    return make_supplier_user("boss@squatter.example", company="Squatter Ltd")


def _audit(supplier) -> list[tuple[str, str]]:
    return [
        (event.action, event.description)
        for event in SupplierAuditEvent.objects.for_supplier(supplier).order_by("created_at", "pk")
    ]


def _link_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/company/domains/prove/[^/\s]+/)", mail.body).group(1)


def _send_link(client, claim, email):
    return client.post(
        reverse("accounts:send_domain_link", args=[claim.pk]), {f"domain-{claim.pk}-email": email}
    )


def _signup(client, email):
    return client.post(
        reverse("account_signup"),
        {
            "company_name": "Newcomer SARL",
            "full_name": "Nina Person",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


# --- proven at once by the admin's own address ---------------------------------------


def test_the_admins_own_verified_address_proves_the_domain_at_once(supplier_user, supplier):
    claim = services.declare_company_domain(
        supplier=supplier, domain="fournitures.example", actor=supplier_user
    )

    assert (claim.is_proven, claim.proof, claim.proven_with) == (
        True,
        CompanyDomain.Proof.ADMIN_EMAIL,
        "sophie@fournitures.example",
    )
    assert _audit(supplier) == [
        ("domain.declared", "Email domain fournitures.example declared"),
        (
            "domain.proven",
            "Email domain fournitures.example proven by the administrator's own address "
            "sophie@fournitures.example",
        ),
    ]


def test_an_address_not_verified_proves_nothing(supplier):
    admin = make_supplier_user("unverified@newco.example", supplier=supplier, verified=False)

    claim = services.declare_company_domain(supplier=supplier, domain="newco.example", actor=admin)

    assert not claim.is_proven


# --- an unproven domain does nothing -------------------------------------------------


def test_an_unproven_domain_offers_nobody_to_join(client, squatter):
    services.declare_company_domain(
        supplier=squatter.supplier_membership.supplier, domain="victim.example", actor=squatter
    )

    response = _signup(client, "nina@victim.example")

    assert response.status_code == 302  # registered her own company, as anyone
    assert SupplierMember.objects.get(user__email="nina@victim.example").supplier.name == (
        "Newcomer SARL"
    )


def test_an_unproven_claim_never_blocks_the_real_owner_proof_wins(supplier_user, squatter):
    """The squatter declared it first; the real company proves it and the squatter's claim goes."""
    squatter_company = squatter.supplier_membership.supplier
    services.declare_company_domain(
        supplier=squatter_company, domain="fournitures.example", actor=squatter
    )

    claim = services.declare_company_domain(
        supplier=supplier_user.supplier_membership.supplier,
        domain="fournitures.example",
        actor=supplier_user,
    )

    assert claim.is_proven
    assert list(CompanyDomain.objects.values_list("supplier__name", flat=True)) == [
        "Fournitures Test SARL"
    ]
    assert _audit(squatter_company)[-1] == (
        "domain.released",
        "Email domain fournitures.example released: another company proved that it is theirs",
    )


def test_a_domain_another_company_proved_cannot_be_claimed(supplier_user, supplier, squatter):
    services.declare_company_domain(
        supplier=supplier, domain="fournitures.example", actor=supplier_user
    )

    with pytest.raises(DomainTaken):
        services.declare_company_domain(
            supplier=squatter.supplier_membership.supplier,
            domain="fournitures.example",
            actor=squatter,
        )


@pytest.mark.parametrize("domain", ["acme.example", "ACME.example", "mail.acme.example"])
def test_a_customers_domain_can_never_be_declared_by_a_supplier(client, squatter, customer, domain):
    client.force_login(squatter)

    response = client.post(reverse("accounts:add_domain"), {"domain": domain})

    assert response.status_code == 200
    assert "is the email domain of a customer on csp-portal" in response.content.decode()
    assert not CompanyDomain.objects.exists()


def test_a_domain_a_customer_took_meanwhile_cannot_be_proven(client, squatter, customer):
    claim = services.declare_company_domain(
        supplier=squatter.supplier_membership.supplier, domain="globex.example", actor=squatter
    )
    client.force_login(squatter)
    _send_link(client, claim, "it@globex.example")
    customer.email_domains = ["acme.example", "globex.example"]
    customer.save()

    with pytest.raises(DomainReserved):
        services.mark_domain_proven(domain_id=claim.pk, actor=None)


def test_a_company_has_at_most_ten_domains_waiting_for_proof(squatter):
    company = squatter.supplier_membership.supplier
    for n in range(10):
        services.declare_company_domain(supplier=company, domain=f"d{n}.example", actor=squatter)

    with pytest.raises(TooManyUnprovenDomains):
        services.declare_company_domain(supplier=company, domain="d10.example", actor=squatter)


# --- proven by a link ---------------------------------------------------------------


@pytest.fixture
def unproven(client, squatter):
    """An unproven domain of Squatter Ltd (whose admin is signed in on ``client``)."""
    client.force_login(squatter)
    return services.declare_company_domain(
        supplier=squatter.supplier_membership.supplier, domain="newco.example", actor=squatter
    )


def test_the_link_goes_to_the_address_on_the_domain_and_only_its_hash_is_stored(
    client, unproven, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send_link(client, unproven, "IT@NewCo.example")

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["it@newco.example"]
    assert mail.subject == "Does Squatter Ltd use addresses on newco.example?"
    assert "boss@squatter.example, an administrator of Squatter Ltd on csp-portal" in mail.body
    assert "ignore this email: nothing changes" in mail.body
    token = _link_path(mail).split("/")[-2]
    unproven.refresh_from_db()
    assert unproven.link_token_hash == hash_proof_token(token) != token
    assert not unproven.is_proven
    assert _audit(unproven.supplier)[-1] == (
        "domain.link_sent",
        "Link to prove the email domain newco.example sent to it@newco.example",
    )


def test_a_link_to_an_address_elsewhere_is_refused_on_the_field(client, unproven, mailoutbox):
    response = _send_link(client, unproven, "me@gmail.com")

    assert response.status_code == 200
    assert "Type an address on newco.example" in response.content.decode()
    assert 'value="me@gmail.com"' in response.content.decode()
    assert mailoutbox == []


def test_another_link_waits_a_few_minutes_and_replaces_the_first(
    client, unproven, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send_link(client, unproven, "it@newco.example")
    refused = _send_link(client, unproven, "boss@newco.example")
    CompanyDomain.objects.filter(pk=unproven.pk).update(
        link_sent_at=timezone.now() - timedelta(minutes=6)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _send_link(client, unproven, "boss@newco.example")

    assert "Wait a few minutes" in refused.content.decode()
    first, second = mailoutbox
    assert client.get(_link_path(first)).status_code == 404  # replaced
    assert client.get(_link_path(second)).status_code == 200


def test_following_the_link_asks_first_then_proves_the_domain_once(
    client, unproven, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send_link(client, unproven, "it@newco.example")
    path = _link_path(mailoutbox[0])
    client.logout()  # whoever reads that mailbox may have no account

    asked = client.get(path)
    unproven.refresh_from_db()
    assert asked.status_code == 200 and not unproven.is_proven
    assert "Confirm that newco.example is Squatter Ltd" in asked.content.decode()

    done = client.post(path, follow=True)
    again = client.post(path)

    assert done.redirect_chain == [(reverse("home"), 302)]
    assert "newco.example is now proven for Squatter Ltd" in done.content.decode()
    assert "already proven for Squatter Ltd" in again.content.decode()
    unproven.refresh_from_db()
    assert (unproven.proof, unproven.proven_with) == (CompanyDomain.Proof.LINK, "it@newco.example")
    assert _audit(unproven.supplier)[-1] == (
        "domain.proven",
        "Email domain newco.example proven: the link sent to it@newco.example was followed",
    )


def test_an_expired_link_says_so_and_proves_nothing(
    client, unproven, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _send_link(client, unproven, "it@newco.example")
    CompanyDomain.objects.filter(pk=unproven.pk).update(
        link_sent_at=timezone.now() - timedelta(days=8)
    )

    response = client.post(_link_path(mailoutbox[0]))

    assert response.status_code == 410
    assert "has expired" in response.content.decode()
    unproven.refresh_from_db()
    assert not unproven.is_proven


@pytest.mark.parametrize("token", ["x", "a" * 43, "%00", "é" * 300])
def test_a_tampered_link_says_it_proves_nothing(client, db, token):
    response = client.get(f"/company/domains/prove/{token}/")

    assert response.status_code == 404
    assert "This link does not prove any domain" in response.content.decode()


def test_the_company_page_shows_each_domains_status(client, supplier_user, supplier, unproven):
    services.declare_company_domain(
        supplier=supplier, domain="fournitures.example", actor=supplier_user
    )
    client.force_login(supplier_user)

    content = client.get(COMPANY_URL).content.decode()

    assert "Proven" in content
    assert "the administrator who added it has the address sophie@fournitures.example" in content
    assert "Squatter" not in content and "newco.example" not in content


def test_a_member_sees_the_status_but_no_form_to_prove(client, supplier, supplier_member):
    services.declare_company_domain(supplier=supplier, domain="newco.example", actor=None)
    client.force_login(supplier_member)

    content = client.get(COMPANY_URL).content.decode()

    assert "Not proven" in content
    assert "send-link" not in content


def test_removing_a_domain_is_in_the_audit_log(client, supplier_user, supplier):
    claim = services.declare_company_domain(
        supplier=supplier, domain="fournitures.example", actor=supplier_user
    )
    client.force_login(supplier_user)

    client.post(reverse("accounts:remove_domain", args=[claim.pk]))

    assert not CompanyDomain.objects.exists()
    assert _audit(supplier)[-1] == ("domain.removed", "Email domain fournitures.example removed")


def test_the_operator_vouches_for_a_domain(client, operator, unproven):
    client.force_login(operator)

    client.post(
        reverse("admin:accounts_companydomain_changelist"),
        {"action": "vouch_for_selected", "_selected_action": [unproven.pk]},
    )

    unproven.refresh_from_db()
    assert unproven.proof == CompanyDomain.Proof.OPERATOR
    assert _audit(unproven.supplier)[-1][1] == (
        "Email domain newco.example proven: the operator vouched for it"
    )


def test_the_demo_domain_is_proven_so_ask_to_join_works(client, django_capture_on_commit_callbacks):
    from csp_portal import demo

    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()

    assert CompanyDomain.objects.get(domain="demo-fournitures.example").is_proven
    response = _signup(client, "new.colleague@demo-fournitures.example")
    assert "Démo Fournitures SARL is already on csp-portal" in response.content.decode()


def test_a_link_for_a_domain_proven_meanwhile_says_so_on_the_page(client, supplier_user, supplier):
    claim = services.declare_company_domain(
        supplier=supplier, domain="fournitures.example", actor=supplier_user
    )
    client.force_login(supplier_user)

    response = _send_link(client, claim, "it@fournitures.example")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "fournitures.example is already proven for Fournitures Test SARL" in page
