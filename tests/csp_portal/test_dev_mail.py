"""/dev/mail/: the saved emails, listed as emails, and the layout's flash messages as words."""

import pytest
from django.urls import reverse

from csp_portal.outbox.emails import send_templated_email

pytestmark = pytest.mark.django_db


def test_the_mail_list_shows_the_emails_and_no_raw_flash_messages(
    client, settings, local_mail_dir, supplier_user, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            template="join_request_declined",
            to="someone@example.com",
            language="en",
            context={"company": supplier_user.supplier_membership.supplier},
        )
    client.force_login(supplier_user)

    content = client.get(reverse("dev_mail_list")).content.decode()

    assert "Your request to join Fournitures Test SARL" in content
    assert "someone@example.com" in content
    assert "{&#x27;name&#x27;" not in content  # no Python dict where a flash message goes
    assert 'class="messages"' not in content
