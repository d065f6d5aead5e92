"""The French catalogue is complete: no untranslated and no fuzzy entry."""

import polib
import pytest

from csp_portal.management.commands.compile_translations import project_catalogues

CATALOGUES = [path for path in project_catalogues() if "/fr/" in str(path)]


def test_there_is_a_french_catalogue():
    assert CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_french_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == [], f"untranslated in {path}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {path}: {fuzzy}"
    # Leftover "#|" hints of earlier msgids belong to fuzzy entries only (and a
    # lone "#| msgctxt" is a syntax error for GNU gettext).
    stale = [line for line in path.read_text().splitlines() if line.startswith("#|")]
    assert stale == [], f"stale previous-msgid hints in {path}: {stale[:5]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_french_placeholders_match_the_english(path):
    """A translation that drops or renames %(name)s would crash or mislead at run time."""
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for entry in polib.pofile(str(path)).translated_entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert set(placeholder.findall(translation)) <= set(
                placeholder.findall(entry.msgid + (entry.msgid_plural or ""))
            ), entry.msgid
