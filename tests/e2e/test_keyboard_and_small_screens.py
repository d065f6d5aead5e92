"""In a real browser: the keyboard (first Tab, error summary, language switcher, focus ring)
and a 390 px wide screen (tables, Customer Setup, the customer administration's lists)."""

import pytest
from playwright.sync_api import expect

from csp_portal import demo
from customers.models import Customer
from tests.e2e.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# WCAG contrast of the focus ring's colour against the background behind the element.
FOCUS_RING_CONTRAST = """
() => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const element = document.activeElement;
  const ring = rgb(getComputedStyle(element).outlineColor);
  let behind = element.parentElement;
  while (behind) {
    const colour = rgb(getComputedStyle(behind).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) { break; }
    behind = behind.parentElement;
  }
  const background = behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255];
  const [light, dark] = [luminance(ring), luminance(background)].sort((a, b) => b - a);
  return {width: getComputedStyle(element).outlineWidth, contrast: (light + 0.05) / (dark + 0.05)};
}
"""


def _log_in(page, email_address):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("input[name=login]").fill(email_address)
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert_accessible(page)


def _focus_is_in_main(page) -> bool:
    return page.evaluate("() => document.activeElement.closest('main') !== null")


def test_form_pages_start_in_the_page_and_errors_take_the_focus(page_for):
    demo.seed()
    target = Customer.objects.get(name="Électricité Démo SA")
    page = page_for("en")
    _log_in(page, "supplier@example.com")

    page.goto("/setup/connection-requests/search/?q=demo")
    assert_accessible(page)
    page.keyboard.press("Tab")
    assert _focus_is_in_main(page)

    page.goto(f"/setup/connection-requests/new/{target.pk}/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Customer Contact")).to_be_focused()

    page.get_by_label("Customer Contact").fill("someone@elsewhere.example")
    page.get_by_role("button", name="Request").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There are 2 problems to fix")
    expect(summary.get_by_role("link", name="Customer Contact:")).to_be_visible()
    expect(page.get_by_label("Customer Contact")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "errors")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()


def test_the_language_switcher_waits_for_a_press_and_the_focus_ring_shows(page_for):
    demo.seed()
    page = page_for("en")
    _log_in(page, "supplier@example.com")
    page.goto("/setup/customers/")
    assert_accessible(page)

    switcher = page.get_by_role("button", name="Français")
    switcher.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # nothing switched

    # The ring reaches 3:1 on the header, on a white card and on a current entry's soft blue.
    page.keyboard.press("Tab")
    stark = page.locator(".setup-entries a", has_text="Stark Industries")
    for focused in [switcher, page.locator(".brand"), stark]:
        focused.focus()
        ring = page.evaluate(FOCUS_RING_CONTRAST)
        assert ring["width"] == "3px" and ring["contrast"] >= 3, ring
    stark.click()
    expect(stark).to_have_attribute("aria-current", "page")
    assert_accessible(page)
    page.keyboard.press("Tab")
    stark.focus()
    ring = page.evaluate(FOCUS_RING_CONTRAST)
    assert ring["width"] == "3px" and ring["contrast"] >= 3, ring

    switcher.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert_accessible(page, "in French")


def test_at_390_pixels_nothing_is_hidden_and_the_opened_customer_is_in_view(page_for):
    demo.seed()
    page = page_for("fr")
    page.set_viewport_size(PHONE)
    _log_in(page, "supplier@example.com")

    page.goto("/setup/connection-requests/")
    assert_accessible(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    first_row = page.locator("tbody tr").first
    for cell in first_row.locator("td[data-label]").all():
        expect(cell).to_be_visible()

    stark = Customer.objects.get(name="Stark Industries")
    page.goto(f"/setup/customers/{stark.pk}/")
    assert_accessible(page)
    panel = page.get_by_role("region", name="Stark Industries")
    expect(panel).to_be_in_viewport()
    expect(page.get_by_text("à gauche")).to_have_count(0)

    admin = page_for("en")
    admin.set_viewport_size(PHONE)
    _log_in(admin, "buyer@acme.example")
    admin.goto("/customer-admin/connections/connectionrequest/")
    assert_accessible(admin)
    expect(admin.get_by_text("Scroll the table sideways to see every column")).to_be_visible()
