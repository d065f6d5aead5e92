"""A signed-in user's chosen language wins over the browser's."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Activate the language the user picked with the switcher, if any.

    Runs after LocaleMiddleware (which reads the cookie and the browser's
    Accept-Language) and after authentication.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language in self.languages:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
