"""docs/vocabulary.md is what the pages say: each state's badges and sentences, in both languages.

For every state of the table, a relationship is brought there the way the
portal does it (through the services); then the supplier's Customer Setup
panel, the search results and the customer administration are read in
English and in French, and compared with the table's row.
"""

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from customers import services
from customers.models import RelationshipState, SetupGroup
from tests.customers.onboarding_factories import make_questionnaire

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "vocabulary.md"
CONTACT = "buyer@acme.example"
REASON = "Not this year."


def _table(heading: str) -> dict[str, dict[str, str]]:
    """The table under ``## heading``, by its first column."""
    section = DOC.read_text().split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    table = {}
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        table[cells[0]] = dict(zip(header, cells, strict=True))
    return table


STATES = _table("Relationship states")
GROUPS = _table("Groups of Customer Setup")


def test_the_table_names_every_state_the_pages_show():
    shown = {state for state in RelationshipState.values if state != RelationshipState.ACCEPTED}
    assert set(STATES) == shown


@pytest.mark.parametrize("state", sorted(STATES))
def test_each_states_labels_are_the_tables(state):
    label = RelationshipState(state).label
    for language, column in [("en", "English"), ("fr", "French")]:
        with translation.override(language):
            assert str(label) == STATES[state][column], (state, language)


def test_the_setup_groups_are_the_tables():
    assert set(GROUPS) == set(SetupGroup.values)
    for key, label in SetupGroup.choices:
        for language, column in [("en", "English"), ("fr", "French")]:
            with translation.override(language):
                assert str(label) == GROUPS[key][column]


# --- each state, as the pages show it ----------------------------------------


def _bring_to(state, *, supplier, customer, supplier_user, customer_admin):
    """Move the pair's relationship to ``state`` the way the portal does."""
    invite = {"supplier": supplier, "customer": customer, "actor": customer_admin}
    request = {**invite, "actor": supplier_user, "contact_email": CONTACT}
    pair = {"supplier": supplier, "customer": customer}
    match state:
        case "invited":
            return services.invite(**invite)
        case "requested":
            return services.request_connection(**request)
        case "onboarding":
            make_questionnaire(customer)
            services.request_connection(**request)
            return services.connect(**pair, actor=customer_admin)
        case "connected":
            services.request_connection(**request)
            return services.connect(**pair, actor=customer_admin)
        case "rejected":
            relationship = services.request_connection(**request)
            return services.reject(relationship=relationship, actor=customer_admin, reason=REASON)
        case "declined":
            return services.decline(relationship=services.invite(**invite), actor=supplier_user)
        case "withdrawn":
            relationship = services.request_connection(**request)
            return services.withdraw(relationship=relationship, actor=supplier_user)
        case "revoked":
            return services.revoke(relationship=services.invite(**invite), actor=customer_admin)
        case "expired":
            relationship = services.request_connection(**request)
            return services.expire(
                relationship=relationship, now=relationship.deadline + timedelta(1)
            )
        case "ended":
            services.request_connection(**request)
            relationship = services.connect(**pair, actor=customer_admin)
            return services.end(relationship=relationship, actor=customer_admin, reason=REASON)
    raise AssertionError(state)


def _sentence(template: str, relationship, *, supplier, customer) -> str:
    day = lambda moment: date_format(timezone.localtime(moment))  # noqa: E731
    until = relationship.cooldown_ends_at
    return template.format(
        customer=customer.name,
        supplier=supplier.name,
        date=day(relationship.state_changed_at),
        deadline=day(relationship.deadline) if relationship.deadline else "",
        until=day(until) if until else "",
        contact=CONTACT,
        reason=REASON,
    )


def _text(response) -> str:
    """The page's text as read: tags dropped, entities decoded, spaces collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(without_tags))


def _badge(response, label: str) -> bool:
    return (
        re.search(r'class="badge badge-\w+">' + re.escape(label) + "<", response.content.decode())
        is not None
    )


@pytest.mark.parametrize("state", sorted(STATES))
def test_each_state_reads_as_the_table_says(
    state, client, supplier, supplier_user, customer, customer_admin
):
    relationship = _bring_to(
        state,
        supplier=supplier,
        customer=customer,
        supplier_user=supplier_user,
        customer_admin=customer_admin,
    )
    row = STATES[state]
    panel = reverse("customers:setup_customer", args=[customer.pk])
    search = reverse("connections:search")
    admin_page = reverse("customer_admin:customers_relationship_change", args=[relationship.pk])

    client.force_login(supplier_user)
    english = client.get(panel, HTTP_ACCEPT_LANGUAGE="en")
    assert _badge(english, row["English"])
    expected = _sentence(
        row["what the supplier sees"], relationship, supplier=supplier, customer=customer
    )
    assert expected in _text(english)
    assert _badge(client.get(panel, HTTP_ACCEPT_LANGUAGE="fr"), row["French"])
    found = client.get(search, {"q": customer.name}, HTTP_ACCEPT_LANGUAGE="en")
    if relationship.state in {"invited", "requested", "onboarding", "connected"}:
        assert _badge(found, row["English"])
    elif relationship.state == "rejected":
        assert "You can ask again from" in _text(found)
    else:
        assert ">Select<" in found.content.decode()

    client.force_login(customer_admin)
    english = client.get(admin_page, HTTP_ACCEPT_LANGUAGE="en")
    assert _badge(english, row["English"])
    expected = _sentence(
        row["what the customer sees"], relationship, supplier=supplier, customer=customer
    )
    assert expected in _text(english)
    assert _badge(client.get(admin_page, HTTP_ACCEPT_LANGUAGE="fr"), row["French"])


def test_accepting_an_invitation_says_who_did_what(client, supplier, supplier_user, customer):
    make_questionnaire(customer)
    relationship = services.invite(supplier=supplier, customer=customer, actor=None)
    client.force_login(supplier_user)

    response = client.post(reverse("customers:accept_invitation", args=[customer.pk]), follow=True)

    relationship.refresh_from_db()
    text = _text(response)
    day = date_format(timezone.localtime(relationship.state_changed_at))
    assert f"You accepted the invitation of {customer.name} on {day}." in text
    assert "you are connected" not in text.lower().replace("before you are connected", "")
    assert _badge(response, "Profile incomplete")
