"""In a real browser: a customer admin invites an address; the newcomer follows the saved
email's link, creates the account and lands on Customer Setup, connected."""

import email
import email.policy
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _invitation_path(mail_dir, recipient: str) -> str:
    for path in mail_dir.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == recipient:
            text = message.get_body(preferencelist=("plain",)).get_content()
            return re.search(r"https?://[^/\s]+(/invite/[A-Za-z0-9_-]+/)", text).group(1)
    raise AssertionError(f"no email to {recipient} in {mail_dir}")


def test_customer_admin_invites_and_the_newcomer_signs_up_and_is_connected(
    page_for, local_mail_dir, customer, customer_admin
):
    admin = page_for("en")
    admin.goto("/customer-admin/")
    assert_accessible(admin, "login")
    admin.get_by_label("Email").fill(customer_admin.email)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    expect(admin.get_by_role("link", name="Invitations").first).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("link", name="Invitations").first.click()
    expect(admin.get_by_role("link", name="Invite a supplier")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("link", name="Invite a supplier").click()
    expect(admin.get_by_label("Email address")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_label("Email address").fill("nina@newco.example")
    admin.get_by_label("Contact name").fill("Nina Person")
    admin.get_by_label("Company name").fill("NewCo Supplies")
    admin.get_by_label("Language of the email").select_option("en")
    admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_text("Invitation sent to nina@newco.example.")).to_be_visible()
    assert_accessible(admin, "invitation sent")

    newcomer = page_for("en")
    newcomer.goto(_invitation_path(local_mail_dir, "nina@newco.example"))
    expect(
        newcomer.get_by_role("heading", name="Acme Test Industries invites you to connect")
    ).to_be_visible()
    assert_accessible(newcomer)
    newcomer.get_by_role("link", name="Create an account").click()
    expect(newcomer.get_by_label("Email")).to_have_value("nina@newco.example")
    assert_accessible(newcomer)
    expect(newcomer.get_by_label("Company name")).to_have_value("NewCo Supplies")
    newcomer.get_by_label(re.compile(r"^Password\s*:?$")).fill(PASSWORD)
    newcomer.get_by_label("Password (again)").fill(PASSWORD)
    newcomer.get_by_role("button", name="Create the account").click()
    expect(newcomer.get_by_role("button", name="Accept invitation")).to_be_visible()
    assert_accessible(newcomer, "signed up")
    newcomer.get_by_role("button", name="Accept invitation").click()

    expect(newcomer.get_by_role("heading", name="Customer Setup", exact=True)).to_be_visible()
    panel = newcomer.get_by_role("region", name="Acme Test Industries")
    expect(panel.get_by_text("Connected", exact=True)).to_be_visible()
    expect(newcomer.get_by_role("link", name=re.compile("Acme Test Industries"))).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(newcomer, "invitation accepted")

    admin.reload()
    expect(admin.get_by_text("Accepted", exact=True)).to_be_visible()
    assert_accessible(admin)
