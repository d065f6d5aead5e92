"""The form renderer writes the markup Django's templates write, only faster (make bench)."""

import datetime

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe
from django_countries import countries

from csp_portal.form_rendering import FAST, CountrySelect, PortalFormRenderer, country_choices


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=20, help_text="As registered.")
    email = forms.EmailField(required=False)
    website = forms.URLField(widget=forms.URLInput(attrs={"placeholder": 'https://"x"'}))
    employees = forms.IntegerField(min_value=0)
    revenue = forms.DecimalField(max_digits=10, decimal_places=2)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    token = forms.CharField(widget=forms.HiddenInput)
    start = forms.DateField(widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    agree = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    country = forms.ChoiceField(
        choices=[("", "---------"), ("FR", "France & <Outre-mer>"), ("1", 2)],
        widget=forms.Select(attrs={"autocomplete": "country", "data-off": False}),
    )
    kinds = forms.MultipleChoiceField(
        choices=[("Paper", [("a4", "A4"), ("a3", mark_safe("<b>A3</b>"))]), ("pens", "Pens")]
    )


BOUND = {
    "name": 'Démo <Fournitures> & "fils"',
    "email": "not an address",
    "website": "",
    "employees": "42",
    "revenue": "1e3",
    "secret": "s3cr&t",
    "token": "t",
    "start": "2027-01-15",
    "agree": "on",
    "notes": "Line one\n<two>",
    "country": "FR",
    "kinds": ["a3", "pens"],
}


def _rendered(renderer, data) -> list[str]:
    form = EveryWidget(data, renderer=renderer, initial={"start": datetime.date(2026, 12, 1)})
    if data is not None:
        form.is_valid()
    return [str(form[name].as_field_group()) for name in form.fields] + [str(form.errors)]


@pytest.mark.parametrize("data", [None, BOUND], ids=["unbound", "bound with errors"])
def test_the_same_markup_as_djangos_templates(data):
    fast = PortalFormRenderer()
    assert _rendered(fast, data) == _rendered(TemplatesSetting(), data)
    assert fast._fast is not None and set(fast._fast) == set(FAST)


def test_a_template_overridden_in_the_project_is_rendered_from_its_template(monkeypatch):
    renderer = PortalFormRenderer()
    real = renderer._is_djangos
    monkeypatch.setattr(
        renderer,
        "_is_djangos",
        lambda name: name != "django/forms/widgets/attrs.html" and real(name),
    )
    form = EveryWidget(renderer=renderer)
    str(form["country"])
    assert "django/forms/widgets/select.html" not in renderer._fast
    assert "django/forms/widgets/text.html" not in renderer._fast
    assert "django/forms/label.html" in renderer._fast


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("value", [None, "", "FR", "zz"])
def test_the_country_select_writes_what_djangos_select_writes(language, value):
    attrs = {"autocomplete": "country", "aria-required": "true"}
    with translation.override(language):
        djangos = forms.Select(attrs=attrs, choices=[("", "---------"), *countries])
        assert CountrySelect(attrs=attrs).render("country", value) == djangos.render(
            "country", value, renderer=TemplatesSetting()
        )
        assert country_choices() == tuple((code, str(name)) for code, name in countries)


def test_the_company_page_form_uses_it():
    from accounts.forms import CompanyProfileForm

    assert isinstance(CompanyProfileForm().fields["country"].widget, CountrySelect)
    with translation.override("fr"):
        html = str(CompanyProfileForm(initial={"country": "DE"})["country"])
    assert '<option value="DE" selected>Allemagne</option>' in html
