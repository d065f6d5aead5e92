"""/dev/mail/: the local mail, only with DEBUG on and only for a browser on this machine;
the saved emails listed as emails, and the layout's flash messages as words."""

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from csp_portal.outbox.backends import saved_messages
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


@pytest.fixture
def debug_mail(settings, local_mail_dir):
    settings.DEBUG = True
    EmailMessage("Hello", "Open https://portal.example/x", to=["nina@fournitures.example"]).send()
    return local_mail_dir


def _detail(name: str) -> str:
    return reverse("dev_mail_detail", args=[name])


def test_the_local_mail_is_listed_and_read_on_this_machine(client, debug_mail):
    [saved] = saved_messages(debug_mail)

    assert "Hello" in client.get(reverse("dev_mail_list")).content.decode()
    assert "https://portal.example/x" in client.get(_detail(saved.name)).content.decode()
    assert client.get(reverse("dev_mail_list"), REMOTE_ADDR="::1").status_code == 200


@pytest.mark.parametrize(
    "name", ["a" * 300 + ".eml", "a" * 255 + ".eml", "missing.eml", "x.eml\n", "x.txt", ".eml"]
)
def test_a_name_that_names_no_mail_is_a_404(client, debug_mail, name):
    assert client.get(_detail(name)).status_code == 404


@pytest.mark.parametrize(
    "headers",
    [
        {"REMOTE_ADDR": "192.0.2.10"},
        {"REMOTE_ADDR": "10.0.0.2"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.10"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=192.0.2.10"},
    ],
)
def test_a_request_from_another_machine_gets_nothing(client, debug_mail, headers):
    [saved] = saved_messages(debug_mail)

    assert client.get(reverse("dev_mail_list"), **headers).status_code == 404
    assert client.get(_detail(saved.name), **headers).status_code == 404


def test_without_debug_there_is_no_local_mail_page(client, debug_mail, settings):
    [saved] = saved_messages(debug_mail)
    settings.DEBUG = False

    assert client.get(reverse("dev_mail_list")).status_code == 404
    assert client.get(_detail(saved.name)).status_code == 404


def test_mail_to_the_longest_address_is_saved_and_readable(client, debug_mail):
    address = "n" * 64 + "@" + ".".join(["d" * 60] * 3) + ".example"
    EmailMessage("Long", "Body", to=[address]).send()

    newest = saved_messages(debug_mail)[0]
    assert len(newest.name) < 200
    assert client.get(_detail(newest.name)).status_code == 200
