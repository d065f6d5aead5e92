"""The company page (Setup → Company profile): who may see and change what."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import CompanyDomain, Supplier

pytestmark = pytest.mark.django_db

COMPANY_URL = reverse("accounts:company")

PROFILE = {
    "name": "Fournitures Test",
    "country": "FR",
    "website": "https://fournitures.example",
    "description": "Office supplies, delivered in two days.",
    "legal_name": "Fournitures Test SARL",
    "tax_id": "fr 123 456 789 01",
    "postal_address": "1 rue du Test\n75001 Paris",
    "phone": "+33 1 23 45 67 89",
    "contact_name": "Sophie Martin",
    "contact_email": "sophie@fournitures.example",
}


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(COMPANY_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_admin_sees_the_profile_form_in_both_parts(client, supplier_user):
    client.force_login(supplier_user)

    response = client.get(COMPANY_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Company profile</h1>" in content
    assert "<legend>Public profile</legend>" in content
    assert "<legend>Restricted profile</legend>" in content
    assert 'value="Fournitures Test SARL"' in content  # the trading name, to edit
    assert '<label for="id_tax_id">Tax ID</label>' in content


def test_admin_saves_public_and_restricted_fields(client, supplier_user, supplier):
    client.force_login(supplier_user)

    response = client.post(COMPANY_URL, PROFILE)

    assert response.status_code == 302
    assert response["Location"] == COMPANY_URL
    supplier.refresh_from_db()
    assert supplier.name == "Fournitures Test"
    assert supplier.country.code == "FR"
    assert supplier.website == "https://fournitures.example"
    assert supplier.tax_id == "FR 123 456 789 01"
    assert supplier.postal_address == "1 rue du Test\n75001 Paris"
    assert supplier.contact_email == "sophie@fournitures.example"
    page = client.get(COMPANY_URL).content.decode()
    assert "The company profile is saved." in page


def test_bad_profile_input_is_explained_and_kept(client, supplier_user, supplier):
    client.force_login(supplier_user)

    response = client.post(
        COMPANY_URL,
        {**PROFILE, "website": "not a website", "phone": "call me", "country": "XX"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid URL." in content
    assert "Type a phone number with its digits" in content
    assert "Select a valid choice. XX is not one of the available choices." in content
    assert 'value="Fournitures Test"' in content  # what was typed, not what is saved
    assert 'value="call me"' in content
    supplier.refresh_from_db()
    assert supplier.name == "Fournitures Test SARL"  # nothing saved


def test_trading_name_cannot_be_emptied(client, supplier_user, supplier):
    client.force_login(supplier_user)

    response = client.post(COMPANY_URL, {**PROFILE, "name": "   "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.name == "Fournitures Test SARL"


def test_member_reads_the_profile_without_a_form(client, supplier_member, supplier):
    supplier.legal_name = "Fournitures Test SARL au capital de 10 000 €"
    supplier.tax_id = "FR12345678901"
    supplier.save()
    client.force_login(supplier_member)

    response = client.get(COMPANY_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Only the administrators of Fournitures Test SARL can change this." in content
    assert "FR12345678901" in content
    assert '<form method="post" action="/company/"' not in content
    assert "Add the domain" not in content


def test_member_cannot_change_the_profile(client, supplier_member, supplier):
    client.force_login(supplier_member)

    response = client.post(COMPANY_URL, PROFILE)

    assert response.status_code == 403
    assert "Only the administrators of Fournitures Test SARL can change this." in (
        response.content.decode()
    )
    supplier.refresh_from_db()
    assert supplier.name == "Fournitures Test SARL"


def test_page_answers_405_to_other_methods(client, supplier_user):
    client.force_login(supplier_user)

    assert client.put(COMPANY_URL).status_code == 405
    assert client.get(reverse("accounts:add_domain")).status_code == 405


def test_user_without_company_is_told_so(client, operator):
    client.force_login(operator)

    response = client.get(COMPANY_URL)

    assert response.status_code == 200
    assert "Your account is not part of a supplier company." in response.content.decode()
    assert client.post(reverse("accounts:add_domain"), {"domain": "x.example"}).status_code == 403


def test_company_profile_is_in_the_setup_menu_of_supplier_users_only(
    client, supplier_member, operator
):
    client.force_login(supplier_member)
    assert f'<a href="{COMPANY_URL}">Company profile</a>' in client.get("/").content.decode()

    client.force_login(operator)
    assert "Company profile" not in client.get("/").content.decode()


def test_each_user_sees_only_their_own_company(client, supplier_user, other_supplier_user):
    client.force_login(other_supplier_user)

    content = client.get(COMPANY_URL).content.decode()

    assert 'value="Other Supplier Ltd"' in content
    assert "Fournitures Test SARL" not in content


# --- Company email domains ----------------------------------------------------


def test_admin_declares_a_domain_stored_in_lower_case(client, supplier_user, supplier):
    client.force_login(supplier_user)

    response = client.post(reverse("accounts:add_domain"), {"domain": " @Fournitures.Example "})

    assert response.status_code == 302
    [domain] = CompanyDomain.objects.all()
    assert (domain.supplier, domain.domain, domain.added_by) == (
        supplier,
        "fournitures.example",
        supplier_user,
    )
    assert "fournitures.example is added and proven" in client.get(COMPANY_URL).content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("gmail.com", "gmail.com is a public mail provider"),
        ("Yahoo.fr", "yahoo.fr is a public mail provider"),
        ("not a domain", "is not a domain name"),
        ("https://fournitures.example/", "Type only the domain of your addresses"),
        ("localhost", "is not a domain name"),
    ],
)
def test_a_domain_that_cannot_identify_the_company_is_refused(
    client, supplier_user, typed, message
):
    client.force_login(supplier_user)

    response = client.post(reverse("accounts:add_domain"), {"domain": typed})

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert f'value="{typed}"' in content
    assert not CompanyDomain.objects.exists()


def test_a_domain_another_company_proved_is_refused_whatever_its_case(
    client, supplier_user, other_supplier_user
):
    other = other_supplier_user.supplier_membership.supplier
    CompanyDomain.objects.create(
        supplier=other,
        domain="shared.example",
        proven_at=timezone.now(),
        proof=CompanyDomain.Proof.OPERATOR,
    )
    client.force_login(supplier_user)

    response = client.post(reverse("accounts:add_domain"), {"domain": "SHARED.example"})

    assert response.status_code == 200
    assert "shared.example is already declared and proven by another company on csp-portal." in (
        response.content.decode()
    )
    assert CompanyDomain.objects.get().supplier == other


def test_member_cannot_declare_or_remove_a_domain(client, supplier_member, supplier):
    domain = CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example")
    client.force_login(supplier_member)

    added = client.post(reverse("accounts:add_domain"), {"domain": "other.example"})
    removed = client.post(reverse("accounts:remove_domain", args=[domain.pk]))

    assert (added.status_code, removed.status_code) == (403, 403)
    assert list(CompanyDomain.objects.values_list("domain", flat=True)) == ["fournitures.example"]


def test_admin_removes_a_domain(client, supplier_user, supplier):
    domain = CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example")
    client.force_login(supplier_user)

    response = client.post(reverse("accounts:remove_domain", args=[domain.pk]))

    assert response.status_code == 302
    assert not CompanyDomain.objects.exists()


def test_another_suppliers_domain_is_not_found(client, supplier, other_supplier_user):
    domain = CompanyDomain.objects.create(supplier=supplier, domain="fournitures.example")
    client.force_login(other_supplier_user)

    response = client.post(reverse("accounts:remove_domain", args=[domain.pk]))

    assert response.status_code == 404
    assert CompanyDomain.objects.filter(pk=domain.pk).exists()


def test_removing_a_domain_asks_for_confirmation_first(client, supplier_user, supplier):
    domain = CompanyDomain.objects.create(
        supplier=supplier,
        domain="fournitures.example",
        proven_at=timezone.now(),
        proof=CompanyDomain.Proof.OPERATOR,
    )
    client.force_login(supplier_user)

    response = client.get(reverse("accounts:remove_domain", args=[domain.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Remove fournitures.example?" in content
    assert "you will have to prove it again" in content
    assert CompanyDomain.objects.filter(pk=domain.pk).exists()


def test_company_page_in_french(client, supplier_user):
    client.force_login(supplier_user)

    content = client.get(COMPANY_URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "<h1>Profil de l'entreprise</h1>" in content


def test_supplier_profile_fields_are_grouped_on_the_model():
    assert set(Supplier.PUBLIC_PROFILE_FIELDS).isdisjoint(Supplier.RESTRICTED_PROFILE_FIELDS)
