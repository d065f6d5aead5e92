"""The supplier's onboarding form (*Customer Setup → Finish setup*): answer, save, submit."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import Need, require
from csp_portal.errors import DomainError
from customers.access import supplier_customer_required
from customers.exceptions import AnswersNotEditable
from customers.forms import OnboardingAnswersForm
from customers.selectors.onboarding import (
    answers_by_section,
    company_files,
    document_choices,
    fallback_language,
    onboarding_for_supplier,
)
from customers.services.onboarding import save_draft, submit_answers

SAVE_DRAFT, SUBMIT = "draft", "submit"


@supplier_customer_required()
@require_http_methods(["GET", "POST"])
def onboarding_form(request: HttpRequest, customer_id: int) -> HttpResponse:
    membership = request.membership
    onboarding = onboarding_for_supplier(membership.supplier, customer_id)
    if request.method == "POST":
        require(membership, Need.MANAGE_CONNECTIONS)
    questions = list(onboarding.questionnaire.questions())
    files = company_files(membership.supplier)
    form = OnboardingAnswersForm(
        request.POST or None,
        questions=questions,
        documents=document_choices(files),
        initial=OnboardingAnswersForm.initial_for(onboarding, questions),
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") != SUBMIT:
                if form.check_draft():
                    save_draft(onboarding=onboarding, actor=request.user, values=form.raw_values())
                    messages.success(
                        request, _("Draft saved. You can come back and finish it at any time.")
                    )
                    return redirect("customers:onboarding", customer_id=customer_id)
            elif form.is_valid():
                submit_answers(
                    onboarding=onboarding, actor=request.user, values=form.checked_values()
                )
                messages.success(
                    request,
                    _("Your answers were sent to %(customer)s. You will hear from them by email.")
                    % {"customer": onboarding.relationship.customer.name},
                )
                return redirect("customers:setup_customer", customer_id=customer_id)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            # Mistakes to fix, unless the answers can no longer be changed at all.
            form.add_error(
                None,
                _("Some answers need your attention: see the messages below.")
                if onboarding.is_editable
                else AnswersNotEditable(
                    customer_name=onboarding.relationship.customer.name
                ).message,
            )
    context = {
        "onboarding": onboarding,
        "relationship": onboarding.relationship,
        "customer": onboarding.relationship.customer,
        "questionnaire": onboarding.questionnaire,
        "form": form,
        "may_answer": membership.may_manage_connections and onboarding.is_editable,
        "may_act": membership.may_manage_connections,
        "answered_sections": answers_by_section(onboarding, questions, files),
        "company_url": reverse("accounts:company") + "#documents",
        "fallback_language": fallback_language(onboarding.questionnaire, questions),
    }
    return render(request, "customers/onboarding/form.html", context)
