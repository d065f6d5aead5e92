"""Project-wide pages: home, the Setup page, language choice, local mail."""

import email
import email.policy
import re
import sys
from email.message import EmailMessage as MIMEMessage
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.i18n import set_language as django_set_language

from csp_portal.navigation import setup_entries
from csp_portal.outbox.backends import saved_messages


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """The Setup menu as a page, for browsers without JavaScript."""
    return render(request, "setup.html", {"entries": setup_entries(request.user)})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, which also remembers the choice on the user."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


# The names the local backend gives its files; 255 bytes is the longest a file name can be.
_MAIL_NAME = re.compile(r"[A-Za-z0-9.@_-]{1,200}\.eml")
_LOOPBACK = {"127.0.0.1", "::1"}


def _on_this_machine_in_debug(view):
    """Local mail holds every link the portal sends (account confirmations, invitations):
    only in DEBUG, and only to a browser on the machine itself, not through a proxy."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        forwarded = "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META
        if not settings.DEBUG or request.META.get("REMOTE_ADDR") not in _LOOPBACK or forwarded:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@_on_this_machine_in_debug
def dev_mail_list(request: HttpRequest) -> HttpResponse:
    """Mail saved by the local backend."""
    # "mails", not "messages": the layout's flash messages have that name.
    mails = [_summary(path.name, _read(path)) for path in saved_messages(settings.MAIL_DIR)[:200]]
    return render(request, "dev/mail_list.html", {"mails": mails})


@_on_this_machine_in_debug
def dev_mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    if not _MAIL_NAME.fullmatch(name):
        raise Http404
    path = settings.MAIL_DIR / name
    try:
        message = _read(path)
    except OSError:  # no such file (or a name the file system refuses)
        raise Http404 from None
    body = message.get_body(preferencelist=("plain", "html"))
    context = {"mail": _summary(name, message), "body": body.get_content() if body else ""}
    return render(request, "dev/mail_detail.html", context)


def _read(path) -> MIMEMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def _summary(name: str, message: MIMEMessage) -> dict:
    return {
        "name": name,
        "subject": message.get("Subject", ""),
        "to": message.get("To", ""),
        "date": message.get("Date", ""),
    }


# How long a browser (or a client honouring Retry-After) waits before asking again
# when the database cannot be reached.
DATABASE_RETRY_AFTER_SECONDS = 30


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without context processors (they may be what failed).

    When what failed is reaching the database (it restarts, a failover, too many
    connections: the driver's ``OperationalError`` or ``InterfaceError``), the
    page says so with a 503 and ``Retry-After``: nothing is wrong with the
    request, and the next one may well work. Each request reconnects, so the
    portal recovers by itself once the database is back.
    """
    context = {"request_path": request.path, "site_name": settings.SITE_NAME}
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.render_to_string("500.html", context), status=500)
