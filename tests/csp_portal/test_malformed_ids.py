"""Malformed ids: one parser; a bad id in a URL is a 404 (ids in admin selections:
test_admin_lists.py)."""

import pytest

from csp_portal.ids import MAX_ID, parse_id, parse_pk

BAD_IDS = [
    "abc",
    "1\x00",
    "³",
    "٣",
    "-1",
    "0",
    "+1",
    " 1",
    "1 ",
    "1.0",
    "",
    str(MAX_ID + 1),
    "1" * 25,
]


@pytest.mark.parametrize("value", BAD_IDS)
def test_anything_but_ascii_digits_in_the_database_range_names_no_row(value):
    assert parse_id(value) is None


@pytest.mark.parametrize("value, number", [("1", 1), ("0042", 42), (str(MAX_ID), MAX_ID)])
def test_an_id_is_read_as_its_number(value, number):
    assert parse_id(value) == number


def test_a_uuid_primary_key_is_read_as_a_uuid():
    from django_tasks_db.models import DBTaskResult

    assert str(parse_pk(DBTaskResult, "0b5b8d5e-1f0a-4a47-9b0e-0c9a4e1b2c3d")).startswith("0b5b")
    assert parse_pk(DBTaskResult, "0b5b8d5e\x00") is None
    assert parse_pk(DBTaskResult, "abc") is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/setup/customers/{id}/",
        "/setup/customers/{id}/onboarding/",
        "/setup/customers/{id}/end/",
        "/setup/connection-requests/new/{id}/",
        "/setup/connection-requests/terms/{id}/",
    ],
)
@pytest.mark.parametrize("bad", ["1" * 25, str(MAX_ID + 1), "%C2%B3", "%D9%A3", "1%00"])
def test_a_bad_id_in_a_supplier_url_is_a_404(client, supplier_user, path, bad):
    client.force_login(supplier_user)

    assert client.get(path.format(id=bad)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["1" * 25, "%C2%B3", "abc", "1%00", "_5F"])
def test_a_bad_id_in_a_customer_admin_url_is_a_404(client, customer_admin, bad):
    client.force_login(customer_admin)

    for model in ["onboarding", "invitation", "relationship", "questionnaire", "section"]:
        assert client.get(f"/customer-admin/customers/{model}/{bad}/change/").status_code == 404
    assert client.post(f"/customer-admin/customers/onboarding/{bad}/approve/").status_code == 404
