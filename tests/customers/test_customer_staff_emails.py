"""Emails to customer staff when a supplier answers: an invitation accepted or declined,
onboarding answers submitted; each in the recipient's language."""

import pytest

from customers.models import Relationship
from customers.services import invitation_answers
from customers.services import onboarding as onboarding_services
from customers.services import relationships as relationship_services
from tests.customers.onboarding_factories import VALID_INPUT, make_questionnaire, onboarding_with
from tests.factories import make_customer_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_colleague(customer):
    colleague = make_customer_admin("acheteuse@acme.example", customer=customer)
    colleague.language = "fr"
    colleague.save(update_fields=["language"])
    return colleague


def _to(mailoutbox, email):
    return [mail for mail in mailoutbox if mail.to == [email]]


def test_the_customers_staff_learn_that_an_invitation_was_accepted(
    invite,
    other_supplier_user,
    customer_admin,
    french_colleague,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    invitation, _path = invite(email=other_supplier_user.email)

    with django_capture_on_commit_callbacks(execute=True):
        relationship = invitation_answers.accept_invitation(
            invitation=invitation, user=other_supplier_user
        )

    [english] = _to(mailoutbox, customer_admin.email)
    [french] = _to(mailoutbox, french_colleague.email)
    assert english.subject == "Other Supplier Ltd accepted your invitation"
    assert (
        "Other Supplier Ltd accepted the invitation of Acme Test Industries sent to "
        "owner@other-supplier.example." in english.body
    )
    assert "You are now connected." in english.body
    assert f"/customer-admin/customers/relationship/{relationship.pk}/change/" in english.body
    assert french.subject == "Other Supplier Ltd a accepté votre invitation"
    assert "Vous êtes maintenant connectés." in french.body


def test_an_accepted_invitation_with_a_questionnaire_says_answers_will_follow(
    invite,
    other_supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    make_questionnaire(customer)
    invitation, _path = invite(email=other_supplier_user.email)

    with django_capture_on_commit_callbacks(execute=True):
        invitation_answers.accept_invitation(invitation=invitation, user=other_supplier_user)

    [mail] = _to(mailoutbox, customer_admin.email)
    assert "They are now answering your onboarding questionnaire" in mail.body


def test_the_customers_staff_learn_that_an_invitation_was_declined(
    invite, other_supplier_user, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, _path = invite(email=other_supplier_user.email)

    with django_capture_on_commit_callbacks(execute=True):
        invitation_answers.decline_invitation(invitation=invitation, actor=other_supplier_user)

    [mail] = _to(mailoutbox, customer_admin.email)
    assert mail.subject == "Other Supplier Ltd declined your invitation"
    assert "Its link no longer works. You can invite them again later." in mail.body


def test_an_invitation_to_a_newcomer_declined_names_the_address(
    invite, customer_admin, mailoutbox, django_capture_on_commit_callbacks
):
    invitation, _path = invite(email="new.person@newco.example")

    with django_capture_on_commit_callbacks(execute=True):
        invitation_answers.decline_invitation(invitation=invitation, actor=None)

    [mail] = _to(mailoutbox, customer_admin.email)
    assert mail.subject == "Your invitation to new.person@newco.example was declined"
    assert f"/customer-admin/customers/invitation/{invitation.pk}/change/" in mail.body


def test_answering_from_customer_setup_tells_the_customer_too(
    supplier,
    supplier_user,
    customer,
    customer_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    relationship = relationship_services.invite(
        supplier=supplier, customer=customer, actor=customer_admin
    )

    with django_capture_on_commit_callbacks(execute=True):
        invitation_answers.decline_relationship_invitation(
            relationship=relationship, actor=supplier_user
        )

    [mail] = _to(mailoutbox, customer_admin.email)
    assert mail.subject == "Fournitures Test SARL declined your invitation"
    assert Relationship.objects.get().state == "declined"


def test_submitted_answers_reach_each_admin_in_their_language(
    supplier,
    supplier_user,
    customer,
    customer_admin,
    french_colleague,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    make_questionnaire(customer, questions=[("Company name", "short_text", True, "", "")])
    onboarding = onboarding_with(
        supplier, customer, supplier_user=supplier_user, customer_admin=customer_admin
    )
    key = onboarding.questionnaire.questions().get().answer_key

    with django_capture_on_commit_callbacks(execute=True):
        onboarding_services.submit_answers(
            onboarding=onboarding, actor=supplier_user, values={key: VALID_INPUT["Company name"]}
        )

    [english] = _to(mailoutbox, customer_admin.email)
    [french] = _to(mailoutbox, french_colleague.email)
    assert english.subject == "Fournitures Test SARL submitted its onboarding answers"
    assert french.subject == "Fournitures Test SARL a envoyé ses réponses d'intégration"
