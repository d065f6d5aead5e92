"""A signed-in user's chosen language wins over the browser's; each response names its
request; French pages elide; a 405 says what happened."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from csp_portal.elision import elide_html


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


class FrenchElisionMiddleware:
    """French pages write « d'Acme Industries », not « de Acme Industries » (``csp_portal.elision``).

    Last in ``MIDDLEWARE``: it sees the page before ``Content-Length`` is set.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "LANGUAGE_CODE", "") == "fr"
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response.content = elide_html(response.content.decode(response.charset)).encode(
                response.charset
            )
        return response


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


class MethodNotAllowedPageMiddleware:
    """A form's address opened as a page (a 405, which Django sends empty) gets a page in words.

    Typically the address bar after a form came back with its errors: pressing
    Enter there asks with GET for what only takes a POST.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
