"""Reading a spreadsheet of suppliers to invite: CSV as Excel saves it, in English or French.

Columns: email, company, contact name, language (any order, named in English
or French; without a header row, in that order). The file may be UTF-8 with
or without a byte order mark, Windows-1252 (Excel's "CSV (séparateur :
point-virgule)") or UTF-16 (Excel's "Unicode text"); cells are separated by
commas, semicolons or tabs. ``parse`` checks the shape of each row; what
becomes of it (invite, already invited, …) is decided by
``customers/services/invitation_imports.py``.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from customers.exceptions import ImportFileRefused
from customers.normalization import normalize_search_text

MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
EMAIL_MAX_LENGTH = 254
COMPANY_MAX_LENGTH = 200  # as Invitation.company_name
CONTACT_MAX_LENGTH = 150  # as Invitation.contact_name
COLUMNS = ["email", "company", "contact_name", "language"]

# Header names, as normalize_search_text leaves them ("E-mail" → "e mail").
_HEADERS = {
    "email": {
        "email",
        "e mail",
        "mail",
        "courriel",
        "email address",
        "e mail address",
        "adresse email",
        "adresse e mail",
        "adresse mail",
        "adresse electronique",
    },
    "company": {
        "company",
        "company name",
        "supplier",
        "entreprise",
        "societe",
        "nom de l entreprise",
        "raison sociale",
        "fournisseur",
    },
    "contact_name": {
        "contact name",
        "contact",
        "name",
        "full name",
        "nom du contact",
        "nom",
        "nom complet",
        "interlocuteur",
    },
    "language": {"language", "langue", "lang"},
}
_LANGUAGES = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "anglais": "en",
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "french": "fr",
    "francais": "fr",
}


@dataclass
class ParsedRow:
    """One data row: its number as the spreadsheet shows it, the cells, what is wrong."""

    line: int
    email: str
    company: str
    contact_name: str
    language: str
    error: str = ""  # a code of ``ROW_ERRORS``; "" for a well-formed row
    error_params: dict = field(default_factory=dict)


@dataclass
class ParsedFile:
    rows: list[ParsedRow]
    fingerprint: str  # the same rows give the same fingerprint, whatever the encoding


def parse(content: bytes, *, default_language: str) -> ParsedFile:
    """The rows of the file; refuses (``ImportFileRefused``) a file that is not a list."""
    if len(content) > MAX_BYTES:
        raise ImportFileRefused(
            _("The file is larger than %(size)s MB. Send at most %(rows)s rows at a time.")
            % {
                "size": MAX_BYTES // (1024 * 1024),
                "rows": number_format(MAX_ROWS, force_grouping=True),
            }
        )
    text = _decode(content).replace("\x00", "")  # no database stores a NUL character
    try:
        # newline="": a line may end in \r\n, \n or \r alone (older Excel for Mac).
        reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
        records = [[cell.strip() for cell in record] for record in reader]
    except csv.Error:
        raise ImportFileRefused(
            _(
                "The file could not be read as CSV. Save it from your spreadsheet as CSV and try again."
            )
        ) from None
    numbered = [(index, record) for index, record in enumerate(records, start=1) if any(record)]
    if not numbered:
        raise ImportFileRefused(_("The file is empty: there is no row to read."))
    columns, numbered = _columns(numbered)
    if len(numbered) > MAX_ROWS:
        raise ImportFileRefused(
            ngettext(
                "The file has %(count)s row of suppliers; send at most %(max)s at a time.",
                "The file has %(count)s rows of suppliers; send at most %(max)s at a time: "
                "split it into several files.",
                len(numbered),
            )
            % {
                "count": number_format(len(numbered), force_grouping=True),
                "max": number_format(MAX_ROWS, force_grouping=True),
            }
        )
    if not numbered:
        raise ImportFileRefused(_("The file has a header row but no supplier below it."))
    rows = [_row(line, record, columns, default_language) for line, record in numbered]
    return ParsedFile(rows=rows, fingerprint=_fingerprint(rows))


def template_csv(*, french: bool) -> str:
    """The file to download and fill in: its header and one example row.

    In French, with semicolons as Excel uses them there; either way with a
    byte order mark, so that Excel reads the accents.
    """
    if french:
        rows = [
            ["e-mail", "entreprise", "nom du contact", "langue"],
            ["marie.dupont@exemple.fr", "Exemple Fournitures SARL", "Marie Dupont", "fr"],
        ]
        delimiter = ";"
    else:
        rows = [
            ["email", "company", "contact name", "language"],
            ["jane.doe@example.com", "Example Supplies Ltd", "Jane Doe", "en"],
        ]
        delimiter = ","
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + buffer.getvalue()


# --- helpers ----------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's own dialect, with the separator the first line uses most."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(";,\t", key=first_line.count) if first_line else ","

    class Spreadsheet(csv.excel):
        pass

    Spreadsheet.delimiter = delimiter
    return Spreadsheet


def _columns(numbered: list[tuple[int, list[str]]]) -> tuple[dict[str, int], list]:
    """Which cell holds what, from the header row; without one, the template's order."""
    header = [normalize_search_text(cell) for cell in numbered[0][1]]
    columns = {}
    for name, aliases in _HEADERS.items():
        for index, cell in enumerate(header):
            if cell in aliases and index not in columns.values():
                columns[name] = index
                break
    if "email" in columns:
        return columns, numbered[1:]
    if "@" in numbered[0][1][0]:
        return {name: index for index, name in enumerate(COLUMNS)}, numbered
    raise ImportFileRefused(
        _(
            "The first row must name the columns: email, company, contact name, language. "
            "No column is named email. Download the template to see the layout."
        )
    )


def _row(line: int, record: list[str], columns: dict[str, int], default: str) -> ParsedRow:
    def cell(name: str) -> str:
        index = columns.get(name)
        return record[index] if index is not None and index < len(record) else ""

    row = ParsedRow(
        line=line,
        email=cell("email").lower()[: EMAIL_MAX_LENGTH + 1],
        company=cell("company"),
        contact_name=cell("contact_name"),
        language=default,
    )
    typed_language = normalize_search_text(cell("language"))
    if typed_language:
        row.language = _LANGUAGES.get(typed_language, "")
    if not row.email:
        row.error = "missing_email"
    elif not _is_email(row.email):
        row.error, row.error_params = "bad_email", {"value": row.email[:EMAIL_MAX_LENGTH]}
        row.email = row.email[:EMAIL_MAX_LENGTH]
    elif not row.language:
        row.error, row.error_params = "bad_language", {"value": cell("language")[:20]}
        row.language = default
    elif len(row.company) > COMPANY_MAX_LENGTH:
        row.error, row.error_params = "company_too_long", {"max": COMPANY_MAX_LENGTH}
    elif len(row.contact_name) > CONTACT_MAX_LENGTH:
        row.error, row.error_params = "contact_too_long", {"max": CONTACT_MAX_LENGTH}
    row.company = row.company[:COMPANY_MAX_LENGTH]
    row.contact_name = row.contact_name[:CONTACT_MAX_LENGTH]
    return row


def _is_email(value: str) -> bool:
    if len(value) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _fingerprint(rows: list[ParsedRow]) -> str:
    text = "\n".join(f"{r.email}\t{r.company}\t{r.contact_name}\t{r.language}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()
