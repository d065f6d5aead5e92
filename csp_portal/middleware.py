"""A signed-in user's chosen language wins over the browser's; a 405 says what happened."""

from django.conf import settings
from django.shortcuts import render
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
