"""A signed-in user's chosen language wins over the browser's; each response names its request."""

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


class RequestIdMiddleware:
    """Echo the request's id (the one its log line carries) as ``X-Request-ID``.

    Runs just inside django-structlog's ``RequestMiddleware``, which picks the id.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        request_id = getattr(request, "request_id", "")
        if request_id:
            response["X-Request-ID"] = request_id
        return response
