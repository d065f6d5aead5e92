"""Words of Django and django-allauth that the portal says its own way (docs/vocabulary.md).

Listed here so that ``make messages`` keeps them in our French catalogue, which
overrides the French of Django and allauth: "e-mail", never "courriel". English
sentence case for allauth's pages ("Change password") is in ``locale/en/``, a
small catalogue kept by hand (``tests/test_copy_rules.py`` checks both).
"""

from django.utils.translation import gettext_noop

FRENCH_OVERRIDES = [
    gettext_noop("Email"),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Email address"),
    gettext_noop("email address"),
    # A button says what it does: « Se connecter », not « Connexion ».
    gettext_noop("Sign In"),
]
