"""Every supplier-side and customer-admin URL, times nine personas, with the answer each gets.

The URLs come from the URLconf (``_urls_under_test``): a new URL of the
``accounts``, ``customers``, ``connections`` or ``customer_admin`` namespaces,
or of *Your account*, without a row in ``EXPECTED`` fails
``test_every_url_has_expected_answers``. A row is (url key, method) → one
answer per persona, in the order of ``PERSONAS``:

- ``LOGIN``: a redirect to log in (the portal's, or the customer admin's, which
  sends on to the portal's);
- a status code (200, 302, 404, 405, 410);
- ``(403, words)``: refused, with the words of the rule that refuses.

To add a URL: add its row (GET and, if it takes one, POST), and, if it names
an object, how to fill its arguments in ``build_world`` (``tests/url_world.py``). Each persona's request runs
in a savepoint rolled back afterwards, so a POST that changes something does
not change what the next persona meets.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

from tests.url_world import CATCH_ALL, build_world, url_of

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "supplier_admin",
    "member_with_access",
    "member_without_access",
    "other_supplier",
    "customer_admin",
    "customer_reviewer",
    "other_customer",
    "operator",
)
LOGIN = "login"

# The refusals, by the words of their rule.
NS = (403, "This is for the staff of a supplier company")
NA = (403, "Only the administrators of Fournitures Test SARL can change this.")
NM = (403, "or a colleague they allowed to manage customer connections, can act on customer")
RV = (403, "Only the admins of Acme Test Industries can change its settings, team and")
PD = (403, "")  # Django's own refusal (an admin page that offers no such action)

# Shorthands for the customer admin's rows: who may read, who may change.
#                 anon   s_adm  m_in   m_out  o_sup  c_adm  c_rev  o_cust op
CUSTOMER_READ = (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200, 200, 404, LOGIN)
CUSTOMER_LIST = (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, 200, 200, 200, LOGIN)


def _customer(admin, reviewer, other=404):
    return (LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, admin, reviewer, other, LOGIN)


def _supplier(admin, with_access, without_access, other_supplier, not_supplier=NS):
    return (LOGIN, admin, with_access, without_access, other_supplier, *[not_supplier] * 4)


def _everyone(answer, anonymous=None):
    return (answer if anonymous is None else anonymous, *[answer] * 8)


EXPECTED = {
    # --- Your account ---------------------------------------------------------
    ("my_account", "GET"): _everyone(200, anonymous=LOGIN),
    ("my_account_data", "GET"): _everyone(200, anonymous=LOGIN),
    ("my_account_leave_company", "POST"): _everyone(302, anonymous=LOGIN),
    ("my_account_leave_customer", "POST"): _everyone(302, anonymous=LOGIN),
    ("my_account_delete", "GET"): _everyone(302, anonymous=LOGIN),  # asks for the password
    # --- company profile ------------------------------------------------------
    ("accounts:company", "GET"): (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
    ("accounts:company", "POST"): (LOGIN, 200, NA, NA, 200, 200, 200, 200, 200),
    ("accounts:add_domain", "POST"): _supplier(200, NA, NA, 200),
    ("accounts:remove_domain", "GET"): _supplier(200, NA, NA, 404),  # asks to confirm
    ("accounts:remove_domain", "POST"): _supplier(302, NA, NA, 404),
    ("accounts:send_domain_link", "POST"): _supplier(200, NA, NA, 404),  # the form asks an address
    # The emailed link that proves a domain: whoever holds it (this one names nothing).
    ("accounts:prove_domain", "GET"): _everyone(404),
    ("accounts:prove_domain", "POST"): _everyone(404),
    ("accounts:history", "GET"): _supplier(200, NA, NA, 200),
    # --- documents and sharing ----------------------------------------------------
    ("accounts:add_document", "POST"): _supplier(200, NA, NA, 200),  # the form says what is missing
    ("accounts:replace_document", "POST"): _supplier(200, NA, NA, 404),
    ("accounts:remove_document", "POST"): _supplier(302, NA, NA, 404),
    # Every member reads the company's documents, files included.
    ("accounts:document_download", "GET"): _supplier(200, 200, 200, 404),
    ("customers:save_sharing", "POST"): _supplier(302, NA, NA, 302),
    # --- Customer Setup, onboarding, invitations from Customer Setup --------------
    ("customers:setup", "GET"): _supplier(200, 200, 200, 200),
    ("customers:setup_customer", "GET"): _supplier(200, 200, 404, 404),
    ("customers:end_relationship", "GET"): _supplier(200, 200, NM, 404),
    ("customers:end_relationship", "POST"): _supplier(200, 200, NM, 404),
    ("customers:onboarding", "GET"): _supplier(200, 200, 404, 404),
    ("customers:onboarding", "POST"): _supplier(302, 302, 404, 404),
    ("customers:accept_invitation", "POST"): _supplier(302, 302, NM, 404),
    ("customers:decline_invitation", "POST"): _supplier(302, 302, NM, 404),
    # --- Team -------------------------------------------------------------------
    ("customers:team", "GET"): _supplier(200, NA, NA, 200),
    ("customers:team_invite", "GET"): _supplier(200, NA, NA, 200),
    ("customers:team_invite", "POST"): _supplier(200, NA, NA, 200),
    ("customers:team_member", "GET"): _supplier(200, NA, NA, 404),
    ("customers:team_member", "POST"): _supplier(200, NA, NA, 404),
    ("customers:team_deactivate", "POST"): _supplier(302, NA, NA, 404),
    ("customers:team_reactivate", "POST"): _supplier(302, NA, NA, 404),
    ("customers:team_remove", "POST"): _supplier(302, NA, NA, 404),
    ("customers:team_resend_invitation", "POST"): _supplier(302, NA, NA, 404),
    ("customers:team_revoke_invitation", "POST"): _supplier(302, NA, NA, 404),
    ("customers:team_approve_join_request", "POST"): _supplier(302, NA, NA, 404),
    ("customers:team_decline_join_request", "POST"): _supplier(302, NA, NA, 404),
    # --- links from emails: whoever holds them ------------------------------------
    ("customers:join_link", "GET"): _everyone(302),
    ("customers:join", "GET"): _everyone(404),  # this browser followed no link
    ("customers:join_signup", "GET"): _everyone(404),
    ("customers:join_accept", "POST"): _everyone(404, anonymous=LOGIN),
    ("customers:invitation_link", "GET"): _everyone(404),  # no such invitation
    ("customers:invitation", "GET"): _everyone(404),
    ("customers:invitation_signup", "GET"): _everyone(404),
    ("customers:invitation_decline", "POST"): _everyone(404),
    ("customers:invitation_new_link", "POST"): _everyone(404),
    ("customers:invitation_accept", "POST"): _supplier(404, 404, NM, 404),
    # --- Connection Requests ------------------------------------------------------
    ("connections:requests", "GET"): _supplier(200, 200, 200, 200),
    ("connections:search", "GET"): _supplier(200, 200, 200, 200),
    ("connections:terms", "GET"): _supplier(200, 200, 404, 200),
    ("connections:request", "GET"): _supplier(200, 200, NM, 200),
    ("connections:request", "POST"): _supplier(200, 200, NM, 200),  # the form lists what is missing
    ("connections:withdraw", "POST"): _supplier(302, 302, NM, 404),
    # --- the customer admin site ----------------------------------------------------
    ("customer_admin:index", "GET"): CUSTOMER_LIST,
    ("customer_admin:app_list", "GET"): _customer(302, 302, 302),  # to the workspace's home
    ("customer_admin:login", "GET"): (LOGIN, 403, 403, 403, 403, 302, 302, 302, 403),
    # Only staff have a session here to end; anyone else is sent to the site's index.
    ("customer_admin:logout", "POST"): (302, 302, 302, 302, 302, 200, 200, 200, 302),
    ("customer_admin:password_change", "GET"): _customer(302, 302, 302),
    ("customer_admin:password_change_done", "GET"): CUSTOMER_LIST,
    ("customer_admin:autocomplete", "GET"): _customer(403, 403, 403),
    ("customer_admin:jsi18n", "GET"): CUSTOMER_LIST,
    ("customer_admin:view_on_site", "GET"): _customer(404, 404, 404),
    (CATCH_ALL, "GET"): _customer(404, 404, 404),
    # settings: admins only
    ("customer_admin:customers_customer_changelist", "GET"): _customer(302, 302, 302),
    ("customer_admin:customers_customer_add", "GET"): _customer(PD, RV, PD),
    ("customer_admin:customers_customer_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_customer_change", "POST"): _customer(200, RV),
    ("customer_admin:customers_customer_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_customer_delete", "POST"): _customer(PD, RV),
    ("customer_admin:customers/customer/<path:object_id>/", "GET"): _customer(302, 302, 302),
    # colleagues: admins only
    ("customer_admin:customers_customermember_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:customers_customermember_add", "GET"): _customer(200, RV, 200),
    ("customer_admin:customers_customermember_add", "POST"): _customer(200, RV, 200),
    ("customer_admin:customers_customermember_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_customermember_change", "POST"): _customer(200, RV),
    ("customer_admin:customers_customermember_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_customermember_delete", "GET"): _customer(200, RV),
    ("customer_admin:customers_customermember_delete", "POST"): _customer(302, RV),
    ("customer_admin:customers_customermember_resend", "POST"): _customer(302, RV),
    ("customer_admin:customers_customermember_revoke", "POST"): _customer(302, RV),
    ("customer_admin:customers/customermember/<path:object_id>/", "GET"): _customer(302, 302, 302),
    # questionnaires: admins only
    ("customer_admin:customers_questionnaire_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:customers_questionnaire_changelist", "POST"): _customer(200, RV, 200),
    ("customer_admin:customers_questionnaire_add", "GET"): _customer(PD, RV, PD),
    ("customer_admin:customers_questionnaire_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_questionnaire_change", "POST"): _customer(PD, RV),
    ("customer_admin:customers_questionnaire_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_questionnaire_delete", "POST"): _customer(PD, RV),
    ("customer_admin:customers_questionnaire_new_version", "POST"): _customer(302, RV, 302),
    ("customer_admin:customers_questionnaire_publish", "POST"): _customer(302, RV),
    ("customer_admin:customers/questionnaire/<path:object_id>/", "GET"): _customer(302, 302, 302),
    ("customer_admin:customers_section_changelist", "GET"): _customer(302, 302, 302),
    ("customer_admin:customers_section_add", "GET"): _customer(PD, RV, PD),
    ("customer_admin:customers_section_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_section_change", "POST"): _customer(PD, RV),
    ("customer_admin:customers_section_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_section_delete", "POST"): _customer(PD, RV),
    ("customer_admin:customers/section/<path:object_id>/", "GET"): _customer(302, 302, 302),
    # suppliers, invitations, requests, onboarding answers: reviewers too
    ("customer_admin:customers_relationship_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:customers_relationship_add", "GET"): _customer(PD, PD, PD),
    ("customer_admin:customers_relationship_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_relationship_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_relationship_delete", "POST"): _customer(PD, PD),
    ("customer_admin:customers_relationship_end", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_relationship_end", "POST"): _customer(200, 200),
    ("customer_admin:customers/relationship/<path:object_id>/", "GET"): _customer(302, 302, 302),
    ("customer_admin:customers_invitation_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:customers_invitation_add", "GET"): _customer(200, 200, 200),
    ("customer_admin:customers_invitation_add", "POST"): _customer(200, 200, 200),
    ("customer_admin:customers_invitation_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_invitation_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_invitation_delete", "POST"): _customer(PD, PD),
    ("customer_admin:customers_invitation_resend", "POST"): _customer(302, 302),
    ("customer_admin:customers_invitation_revoke", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_invitation_revoke", "POST"): _customer(302, 302),
    ("customer_admin:customers/invitation/<path:object_id>/", "GET"): _customer(302, 302, 302),
    ("customer_admin:connections_connectionrequest_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:connections_connectionrequest_add", "GET"): _customer(PD, PD, PD),
    ("customer_admin:connections_connectionrequest_change", "GET"): CUSTOMER_READ,
    ("customer_admin:connections_connectionrequest_history", "GET"): CUSTOMER_READ,
    ("customer_admin:connections_connectionrequest_delete", "POST"): _customer(PD, PD),
    ("customer_admin:connections_connectionrequest_accept", "POST"): _customer(302, 302),
    ("customer_admin:connections_connectionrequest_reject", "GET"): CUSTOMER_READ,
    ("customer_admin:connections_connectionrequest_reject", "POST"): _customer(200, 200),
    ("customer_admin:connections/connectionrequest/<path:object_id>/", "GET"): _customer(
        302, 302, 302
    ),
    ("customer_admin:customers_onboarding_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:customers_onboarding_add", "GET"): _customer(PD, PD, PD),
    ("customer_admin:customers_onboarding_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_onboarding_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_onboarding_delete", "POST"): _customer(PD, PD),
    ("customer_admin:customers_onboarding_approve", "POST"): _customer(302, 302),
    ("customer_admin:customers_onboarding_return", "POST"): _customer(200, 200),
    ("customer_admin:customers_onboarding_export", "GET"): _customer(200, 200, 200),
    ("customer_admin:customers/onboarding/<path:object_id>/", "GET"): _customer(302, 302, 302),
    # a supplier's document, shared with Acme
    ("customer_admin:customers_relationship_document", "GET"): CUSTOMER_READ,
    # the terms a request accepted
    ("customer_admin:connections_connectionrequest_terms", "GET"): CUSTOMER_READ,
    # invitations from a file: reviewers too (they invite suppliers)
    ("customer_admin:customers_invitationimport_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:customers_invitationimport_add", "GET"): _customer(200, 200, 200),
    ("customer_admin:customers_invitationimport_add", "POST"): _customer(200, 200, 200),
    ("customer_admin:customers_invitationimport_template", "GET"): _customer(200, 200, 200),
    ("customer_admin:customers_invitationimport_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_invitationimport_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_invitationimport_delete", "POST"): _customer(PD, PD),
    ("customer_admin:customers_invitationimport_send", "POST"): _customer(302, 302),
    ("customer_admin:customers_invitationimport_progress", "GET"): CUSTOMER_READ,
    ("customer_admin:customers/invitationimport/<path:object_id>/", "GET"): _customer(
        302, 302, 302
    ),
    ("customer_admin_notifications", "GET"): _customer(200, 200, 200),
    ("customer_admin_notifications", "POST"): _customer(302, 302, 302),
    # the customer's change history: read-only
    ("customer_admin:customers_customerauditevent_changelist", "GET"): CUSTOMER_LIST,
    ("customer_admin:customers_customerauditevent_add", "GET"): _customer(PD, PD, PD),
    ("customer_admin:customers_customerauditevent_change", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_customerauditevent_history", "GET"): CUSTOMER_READ,
    ("customer_admin:customers_customerauditevent_delete", "POST"): _customer(PD, PD),
    ("customer_admin:customers/customerauditevent/<path:object_id>/", "GET"): _customer(
        302, 302, 302
    ),
}


def _urls_under_test() -> set[str]:
    """The keys of every URL a supplier, a customer's staff member or a person reaches."""
    keys = set()

    def walk(patterns, namespace=None, route=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = "" if entry.namespace else f"{route}{entry.pattern}"
                walk(entry.url_patterns, entry.namespace or namespace, inner)
            elif namespace in {"accounts", "customers", "connections", "customer_admin"}:
                keys.add(f"{namespace}:{entry.name or f'{route}{entry.pattern}'}")
            elif namespace is None and (entry.name or "").startswith(
                ("my_account", "customer_admin_")
            ):
                keys.add(entry.name)

    walk(get_resolver().url_patterns)
    return keys


def test_every_url_has_expected_answers():
    assert _urls_under_test() == {key for key, _ in EXPECTED}


def test_every_row_has_an_answer_for_each_persona():
    assert {key: len(row) for key, row in EXPECTED.items() if len(row) != len(PERSONAS)} == {}


@pytest.fixture
def world(
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
    return build_world(
        supplier,
        supplier_user,
        other_supplier_user,
        customer,
        customer_admin,
        customer_reviewer,
        other_customer,
        other_customer_admin,
        operator,
    )


def _answer(response) -> object:
    if response.status_code == 302 and any(
        response["Location"].startswith(login)
        for login in (reverse("account_login"), reverse("customer_admin:login"))
    ):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(("key", "method"), list(EXPECTED), ids=lambda v: v)
def test_each_persona_gets_its_answer(client, world, key, method):
    users, args, objects = world
    url = url_of(key, args, objects)
    answers, expected = {}, {}
    for persona, wanted in zip(PERSONAS, EXPECTED[(key, method)], strict=True):
        sid = transaction.savepoint_create()
        cache.clear()
        client.logout()
        if users[persona] is not None:
            client.force_login(users[persona])
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.savepoint_rollback(sid)
        answer = _answer(response)
        if isinstance(wanted, tuple) and answer == 403:
            words = wanted[1]
            answer = (403, words) if words in response.content.decode() else (403, "other words")
        answers[persona], expected[persona] = answer, wanted
    assert answers == expected
