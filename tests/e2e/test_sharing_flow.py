"""In a real browser, in French: the supplier shares its restricted profile with one
customer; that customer's admin then sees the tax ID, and another customer does not."""

import pytest
from playwright.sync_api import expect

from tests.customers.sharing_helpers import connect, give_restricted_profile
from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, email_address, next_path="/"):
    page.goto(f"/accounts/login/?next={next_path}")
    assert_accessible(page, "login")
    page.locator("input[name=login]").fill(email_address)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert_accessible(page)


def test_the_supplier_ticks_the_box_in_french_and_that_customers_admin_sees_the_tax_id(
    page_for,
    supplier,
    supplier_user,
    customer,
    customer_admin,
    other_customer,
    other_customer_admin,
):
    supplier_user.language = "fr"
    supplier_user.save()
    give_restricted_profile(supplier)
    acme = connect(supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin)
    globex = connect(
        supplier, other_customer, supplier_user=supplier_user, customer_admin=other_customer_admin
    )
    page = page_for("fr")
    _log_in(page, supplier_user.email)

    navigation = page.get_by_role("navigation", name="Menu principal")
    navigation.get_by_role("button", name="Configuration").click()
    navigation.get_by_role("link", name="Profil de l'entreprise").click()
    assert_accessible(page, "company page")
    sharing = page.get_by_role("region", name="Partage")
    box = sharing.get_by_label("Partager le profil restreint avec Acme Test Industries")
    expect(box).not_to_be_checked()
    expect(
        sharing.get_by_label("Partager le profil restreint avec Globex Test Corporation")
    ).not_to_be_checked()
    box.check()
    sharing.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("Partage enregistré")
    assert_accessible(page, "sharing saved")
    expect(
        page.get_by_role("region", name="Partage").get_by_label(
            "Partager le profil restreint avec Acme Test Industries"
        )
    ).to_be_checked()

    buyer = page_for("fr")
    _log_in(
        buyer, customer_admin.email, f"/customer-admin/customers/relationship/{acme.pk}/change/"
    )
    expect(buyer.get_by_text("FR99887766554")).to_be_visible()
    expect(buyer.get_by_text("Profil restreint partagé")).to_be_visible()  # the timeline

    other = page_for("fr")
    _log_in(
        other,
        other_customer_admin.email,
        f"/customer-admin/customers/relationship/{globex.pk}/change/",
    )
    expect(other.get_by_role("heading", name="Profil du fournisseur")).to_be_visible()
    expect(other.get_by_text("FR99887766554")).to_have_count(0)
