"""Questions of kind File, and questions tied to restricted fields: what they share, with whom.

A File answer is one of the company's documents: once submitted, that document
(only) is shared with that customer. An answer to a question tied to a
restricted field is that customer's to read, and only that customer's.
"""

import pytest
from django.urls import reverse

from customers.models import QuestionKind
from customers.services import onboarding as onboarding_services
from tests.accounts.documents import make_document
from tests.customers.onboarding_factories import (
    form_data,
    make_questionnaire,
    questions_by_label,
    stored,
)
from tests.customers.sharing_helpers import connect, give_restricted_profile, shows_restricted

pytestmark = pytest.mark.django_db

K = QuestionKind
QUESTIONS = [
    ("Certificate of insurance", K.FILE, True, "", ""),
    ("VAT number", K.SHORT_TEXT, True, "", "tax_id"),
]


@pytest.fixture
def onboarding(supplier, supplier_user, customer, customer_admin):
    give_restricted_profile(supplier)
    make_questionnaire(customer, questions=QUESTIONS)
    return connect(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    ).onboarding


@pytest.fixture
def documents(supplier, supplier_user):
    return (
        make_document(supplier, actor=supplier_user),
        make_document(supplier, actor=supplier_user, title="ISO 9001", kind="iso"),
    )


def _answer(client, onboarding, document, *, action="submit"):
    return client.post(
        reverse("customers:onboarding", args=[onboarding.relationship.customer_id]),
        form_data(
            onboarding.questionnaire,
            {"Certificate of insurance": str(document.pk), "VAT number": "FR99887766554"},
            action=action,
        ),
    )


def _download(onboarding, document) -> str:
    return reverse(
        "customer_admin:customers_relationship_document",
        args=[onboarding.relationship_id, document.pk],
    )


def test_the_form_offers_the_company_documents(client, onboarding, documents, supplier_user):
    client.force_login(supplier_user)

    page = client.get(reverse("customers:onboarding", args=[onboarding.relationship.customer_id]))

    assert (
        f'<option value="{documents[0].pk}">Civil liability insurance — Certificate of insurance</option>'
        in page.content.decode()
    )
    assert (
        f'<option value="{documents[1].pk}">ISO 9001 — ISO certificate</option>'
        in page.content.decode()
    )


def test_a_submitted_file_answer_shares_that_document_only_with_that_customer(
    client,
    onboarding,
    documents,
    supplier,
    supplier_user,
    customer_admin,
    other_customer,
    other_customer_admin,
):
    insurance, iso = documents
    other = connect(supplier, other_customer, supplier_user=supplier_user)
    client.force_login(supplier_user)
    _answer(client, onboarding, insurance)
    client.force_login(customer_admin)

    review = client.get(
        reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk])
    ).content.decode()

    assert (
        f'<a href="{_download(onboarding, insurance)}" download>Civil liability insurance</a>'
        in review
    )
    assert client.get(_download(onboarding, insurance)).status_code == 200
    assert client.get(_download(onboarding, iso)).status_code == 404
    assert not shows_restricted(review.replace("FR99887766554", ""))  # the profile stays unshared
    assert _download(onboarding, iso) not in review
    client.force_login(other_customer_admin)
    other_url = reverse(
        "customer_admin:customers_relationship_document", args=[other.pk, insurance.pk]
    )
    assert client.get(other_url).status_code == 404
    assert client.get(_download(onboarding, insurance)).status_code == 404


def test_an_answer_to_a_restricted_field_is_shown_to_that_customer_only(
    client,
    onboarding,
    documents,
    supplier,
    supplier_user,
    customer_admin,
    other_customer,
    other_customer_admin,
):
    make_questionnaire(other_customer, questions=[("Anything", K.SHORT_TEXT, False, "", "")])
    other = connect(supplier, other_customer, supplier_user=supplier_user)
    client.force_login(supplier_user)
    _answer(client, onboarding, documents[0])

    client.force_login(customer_admin)
    own = client.get(reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk]))
    client.force_login(other_customer_admin)
    theirs = client.get(
        reverse("customer_admin:customers_onboarding_change", args=[other.onboarding.pk])
    )
    export = client.get(reverse("customer_admin:customers_onboarding_export"))

    assert "FR99887766554" in own.content.decode()
    assert "Fournitures Test Holding SAS" not in own.content.decode()  # nothing else restricted
    assert "FR99887766554" not in theirs.content.decode()
    assert "FR99887766554" not in export.content.decode("utf-8-sig")


def test_a_draft_shares_nothing(client, onboarding, documents, supplier_user, customer_admin):
    client.force_login(supplier_user)
    _answer(client, onboarding, documents[0], action="draft")
    client.force_login(customer_admin)

    review = client.get(
        reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk])
    ).content.decode()
    export = client.get(reverse("customer_admin:customers_onboarding_export"))

    assert "has not submitted its answers yet" in review
    assert "FR99887766554" not in review
    assert "FR99887766554" not in export.content.decode("utf-8-sig")
    assert client.get(_download(onboarding, documents[0])).status_code == 404


def test_answers_returned_for_changes_show_the_last_submission(
    client, onboarding, documents, supplier_user, customer_admin
):
    client.force_login(supplier_user)
    _answer(client, onboarding, documents[0])
    onboarding_services.return_answers(onboarding=onboarding, actor=customer_admin, comment="ISO?")
    client.post(
        reverse("customers:onboarding", args=[onboarding.relationship.customer_id]),
        form_data(onboarding.questionnaire, {"VAT number": "DRAFT-CHANGE"}, action="draft"),
    )
    client.force_login(customer_admin)

    review = client.get(
        reverse("customer_admin:customers_onboarding_change", args=[onboarding.pk])
    ).content.decode()

    assert "These are the answers as last submitted" in review
    assert "FR99887766554" in review and "DRAFT-CHANGE" not in review


def test_another_companys_document_cannot_be_given_as_an_answer(
    client, onboarding, supplier_user, other_supplier_user
):
    theirs = make_document(
        other_supplier_user.supplier_membership.supplier, actor=other_supplier_user
    )
    client.force_login(supplier_user)

    response = _answer(client, onboarding, theirs)
    _answer(client, onboarding, theirs, action="draft")

    assert "Choose one of your company documents." in response.content.decode()
    onboarding.refresh_from_db()
    # Refused by the submit and by the draft alike: never stored.
    assert stored(onboarding, "Certificate of insurance") is None
    assert onboarding.submitted_values == {}


def test_a_file_question_cannot_be_prefilled_from_a_profile_field(client, customer, customer_admin):
    draft = make_questionnaire(
        customer, questions=[("Anything", K.SHORT_TEXT, False, "", "")], publish=False
    )
    section = draft.sections.get()
    client.force_login(customer_admin)

    response = client.post(
        reverse("customer_admin:customers_section_change", args=[section.pk]),
        {
            "title": section.title,
            "description": "",
            "position": 1,
            "questions-TOTAL_FORMS": 1,
            "questions-INITIAL_FORMS": 0,
            "questions-0-label": "Insurance",
            "questions-0-kind": "file",
            "questions-0-required": "on",
            "questions-0-profile_field": "tax_id",
            "questions-0-position": 1,
        },
    )

    assert "it cannot be prefilled from a profile field" in response.content.decode()
    assert set(questions_by_label(draft)) == {"Anything"}
