"""Reading a spreadsheet of suppliers as Excel saves it (``customers/invitation_csv.py``)."""

import pytest

from customers.exceptions import ImportFileRefused
from customers.invitation_csv import MAX_ROWS, parse, template_csv

FRENCH_EXCEL = (
    "\ufeffe-mail;Entreprise;Nom du contact;Langue\r\n"
    "hélène.côté@fournisseur-exemple.fr;Société Générale d'Équipement;Hélène Côté;fr\r\n"
    'jean@exemple.fr;"Dupont; Fils & Cie";Jean Dupont;\r\n'
    ";;;\r\n"
    "MARC@EXEMPLE.FR;Marc SARL;Marc;anglais\r\n"
).encode()


def _rows(content: bytes, default_language: str = "en"):
    return [
        (row.line, row.email, row.company, row.contact_name, row.language, row.error)
        for row in parse(content, default_language=default_language).rows
    ]


def test_a_french_excel_file_with_semicolons_a_bom_and_accents_is_read():
    assert _rows(FRENCH_EXCEL, default_language="fr") == [
        (
            2,
            "hélène.côté@fournisseur-exemple.fr",
            "Société Générale d'Équipement",
            "Hélène Côté",
            "fr",
            "bad_email",
        ),
        (3, "jean@exemple.fr", "Dupont; Fils & Cie", "Jean Dupont", "fr", ""),
        (5, "marc@exemple.fr", "Marc SARL", "Marc", "en", ""),
    ]


def test_an_accented_address_domain_is_an_email_but_an_accented_mailbox_is_not():
    content = "email\nmarie@société.fr\nmarïe@example.com\n".encode()

    assert [row[5] for row in _rows(content)] == ["", "bad_email"]


def test_excels_windows_encoding_is_read_too():
    content = "email;entreprise\nluc@exemple.fr;Électricité Générale\n".encode("cp1252")

    assert _rows(content)[0][:3] == (2, "luc@exemple.fr", "Électricité Générale")


def test_a_utf16_unicode_text_file_with_tabs_is_read():
    content = "email\tcompany\nann@example.com\tAnn Ltd\n".encode("utf-16")

    assert _rows(content)[0][:3] == (2, "ann@example.com", "Ann Ltd")


def test_old_mac_line_ends_and_nul_characters_are_read():
    content = b"email;company\rann@example.com;Ann\x00 Ltd\rbob@example.com;Bob\r"

    assert [row[:3] for row in _rows(content)] == [
        (2, "ann@example.com", "Ann Ltd"),
        (3, "bob@example.com", "Bob"),
    ]


def test_a_cell_too_large_for_csv_is_refused_not_a_crash():
    content = b'email,company\nann@example.com,"' + b"x" * 200_000 + b'"\n'

    with pytest.raises(ImportFileRefused) as refused:
        parse(content, default_language="en")

    assert "could not be read as CSV" in refused.value.message


def test_columns_are_found_by_name_in_any_order():
    content = b"Language,Contact name,Company,Email address\nfr,Ann,Ann Ltd,ann@example.com\n"

    assert _rows(content) == [(2, "ann@example.com", "Ann Ltd", "Ann", "fr", "")]


def test_a_file_without_a_header_row_is_read_in_the_templates_order():
    content = b"ann@example.com,Ann Ltd,Ann,fr\nbob@example.com,Bob Ltd,Bob,\n"

    assert _rows(content) == [
        (1, "ann@example.com", "Ann Ltd", "Ann", "fr", ""),
        (2, "bob@example.com", "Bob Ltd", "Bob", "en", ""),
    ]


def test_each_bad_row_says_what_is_wrong_with_its_row_number():
    content = (
        "email,company,contact name,language\n"
        "not-an-address,A,,\n"
        ",B,,\n"
        "c@example.com,C,,de\n"
        f"d@example.com,{'D' * 201},,\n"
    ).encode()

    rows = parse(content, default_language="en").rows

    assert [(row.line, row.error, row.error_params) for row in rows] == [
        (2, "bad_email", {"value": "not-an-address"}),
        (3, "missing_email", {}),
        (4, "bad_language", {"value": "de"}),
        (5, "company_too_long", {"max": 200}),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\n\n;;\n", "The file is empty"),
        (b"email,company\n", "a header row but no supplier"),
        (b"name,company\nAnn,Ann Ltd\n", "No column is named email"),
        (b"\x00\x01\x02binary", "No column is named email"),
    ],
)
def test_a_file_that_is_no_list_of_suppliers_is_refused_with_the_reason(content, message):
    with pytest.raises(ImportFileRefused) as refused:
        parse(content, default_language="en")

    assert message in refused.value.message
    assert refused.value.field == "file"


def test_up_to_1000_rows_are_read_and_more_are_refused():
    header = "email;entreprise\n"
    rows = "".join(f"fournisseur{n}@exemple.fr;Fournisseur {n}\n" for n in range(MAX_ROWS))

    assert len(parse((header + rows).encode(), default_language="fr").rows) == 1000
    with pytest.raises(ImportFileRefused) as refused:
        parse((header + rows + "one.more@exemple.fr;X\n").encode(), default_language="fr")
    assert "The file has 1,001 rows of suppliers; send at most 1,000 at a time" in (
        refused.value.message
    )


def test_the_same_rows_have_the_same_fingerprint_whatever_the_encoding():
    text = "email;entreprise\nluc@exemple.fr;Électricité\n"

    utf8 = parse(("\ufeff" + text).encode(), default_language="fr").fingerprint
    windows = parse(text.encode("cp1252"), default_language="fr").fingerprint

    assert utf8 == windows


@pytest.mark.parametrize(
    ("french", "header"), [(True, "e-mail;entreprise"), (False, "email,company")]
)
def test_the_template_reads_back_as_one_valid_row(french, header):
    template = template_csv(french=french)

    assert template.startswith("\ufeff" + header)
    [row] = parse(template.encode(), default_language="en").rows
    assert row.error == ""
