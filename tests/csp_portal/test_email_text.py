"""Plain-text subjects and bodies show names as typed: no HTML escaping ("&", "<")."""

from pathlib import Path

import pytest
from django.conf import settings

from csp_portal.outbox import emails
from csp_portal.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

NAME = "Dupont & Fils <SARL>"
SUBJECTS = sorted(
    path.name.removesuffix("_subject.txt")
    for path in (Path(settings.BASE_DIR) / "templates" / "emails").glob("*_subject.txt")
)


@pytest.mark.parametrize("template", SUBJECTS)
def test_every_subject_shows_names_as_typed(template):
    names = {key: NAME for key in ("customer_name", "supplier_name", "invited_email")}
    names["company"] = {"name": NAME}
    names["document"] = {"title": NAME}
    names["team_name"] = NAME

    subject = emails.render_plain_text(f"emails/{template}_subject.txt", names)

    assert NAME in subject
    assert "&amp;" not in subject and "&lt;" not in subject


def test_the_text_body_shows_names_as_typed_and_the_html_body_escapes_them():
    message = emails.send_templated_email(
        template="connection_request_received",
        to="buyer@acme.example",
        context={"supplier_name": NAME, "customer_name": "Achats & Co", "review_url": "/x/"},
    )

    assert message.subject == f"{NAME} asks to connect with Achats & Co"
    assert NAME in message.body_text
    assert "Dupont &amp; Fils &lt;SARL&gt;" in message.body_html


def test_allauths_emails_show_the_site_name_as_typed(client, settings):
    settings.SITE_NAME = "Achats & <Co>"

    client.post(
        "/accounts/signup/",
        {
            "company_name": NAME,
            "email": "new@fournisseur.example",
            "password1": "a-long-Passw0rd-2026",
            "password2": "a-long-Passw0rd-2026",
        },
    )

    row = OutboxMessage.objects.get(to=["new@fournisseur.example"])
    assert "Achats & <Co>" in row.body_text
    assert "&amp;" not in row.subject + row.body_text
