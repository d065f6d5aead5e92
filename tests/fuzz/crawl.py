"""What a persona can reach: the URLconf's routes, the pages they link, the forms on them.

The crawler starts from every route without a parameter, every link the
portal emailed and the routes whose ids it can fill from the URLconf alone
(an admin's ``<object_id>``, a ``<customer_id>``), follows the links and
redirects of each page it gets (a few pages per route: the second
invitation's page is like the first), and keeps each form it finds, with its
fields as the HTML declares them. Nothing here
knows a page by name: a new page linked from an existing one, or a new form
on any page, is found and fuzzed as it is.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Pages of one route to crawl: an admin's object pages share one template per model;
# a supplier's page of a customer differs with the relationship's state.
PAGES_PER_ADMIN_ROUTE = 3
PAGES_PER_ROUTE = 12
ADMIN_PREFIXES = ("admin/", "customer-admin/")
# Links that only lead away, or end the persona's session for the rest of the crawl.
SKIPPED_PREFIXES = ("/static/", "/accounts/logout/", "/admin/logout/", "/customer-admin/logout/")


@dataclass(frozen=True)
class Route:
    route: str  # as Django's ResolverMatch.route names it
    pattern: URLPattern
    prefixes: tuple  # the resolvers' patterns above it, outermost first

    @property
    def has_parameters(self) -> bool:
        return "<" in self.route or "(?P<" in self.route


@dataclass
class Field:
    name: str
    kind: str  # the input's type, or "select", "textarea"
    value: str = ""
    options: tuple[str, ...] = ()
    multiple: bool = False
    checked: bool = False


@dataclass
class Form:
    persona: str
    page: str
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_query(self) -> bool:
        return any(f.kind == "query" for f in self.fields)

    @property
    def key(self) -> tuple:
        if self.is_query:  # one per route: every parameter its links use, together
            return (self.persona, "query", route_of(self.action))
        names = tuple(sorted({f.name for f in self.fields} | {b[0] for b in self.buttons}))
        return (self.persona, self.method, route_of(self.action), names)


@dataclass
class Crawl:
    forms: list[Form] = field(default_factory=list)
    requested_routes: set[str] = field(default_factory=set)
    server_errors: list[str] = field(default_factory=list)


def every_route() -> list[Route]:
    """Every URL pattern of the URLconf, with its full route."""

    def walk(patterns, prefix: str, parents: tuple):
        for entry in patterns:
            route = _join(prefix, str(entry.pattern))
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route, (*parents, entry))
            elif isinstance(entry, URLPattern):
                yield Route(route=route, pattern=entry, prefixes=parents)

    return list(walk(get_resolver().url_patterns, "", ()))


def filled_paths(routes: list[Route], *, per_route: int = 3) -> list[str]:
    """Routes no link may lead to, filled with ids of rows that exist (the first few).

    ``<object_id>`` of an admin route names a row of the admin's model (its URL
    name is ``<app label>_<model>_<view>``); ``<customer_id>`` and the like, a
    row of the model so named. Other parameters are left to the links.
    """
    paths = []
    for route in routes:
        names = re.findall(r"<(?:\w+:)?(\w+)>", route.route)
        if not names or "(?P<" in route.route:
            continue
        models = [_model_named_by(name, route.pattern.name or "") for name in names]
        if None in models or len(set(models)) != 1:
            continue
        for pk in models[0]._base_manager.order_by("pk").values_list("pk", flat=True)[:per_route]:
            paths.append("/" + re.sub(r"<[^>]+>", str(pk), route.route))
    return paths


def route_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


def crawl(
    client: Client,
    persona: str,
    roots: list[str],
    probes: list[str],
    *,
    user=None,
    budget: int = 250,
) -> Crawl:
    """GET each probe once, then the roots and every link from them, breadth first.

    A page may sign the persona out (opening another user's confirmation link
    does): ``user`` is signed in again before the next page.
    """
    result = Crawl()
    queue, seen, per_route = deque([*probes, *roots]), set(), Counter()
    unlimited = set(probes)
    seen_forms: dict[tuple, Form] = {}
    while queue and len(seen) < budget + len(unlimited):
        path = urlsplit(queue.popleft())._replace(scheme="", netloc="", fragment="").geturl()
        route = route_of(path)
        if path in seen or route is None:
            continue
        if path not in unlimited:
            if per_route[route] >= _pages_per_route(route):
                continue
            per_route[route] += 1
        seen.add(path)
        result.requested_routes.add(route)
        response = client.get(path)
        if user is not None and SESSION_KEY not in client.session:
            client.force_login(user)
        if response.status_code >= 500:
            result.server_errors.append(f"{persona} GET {path}: {response.status_code}")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            queue.appendleft(urljoin(path, response["Location"]))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = _PageParser(path)
        page.feed(response.content.decode(errors="replace"))
        for link in page.links:
            if _internal(link):
                queue.append(link)
                page.forms += _query_as_form(link, path)
        for form in page.forms:
            form.persona = persona
            action_route = route_of(form.action)
            if action_route is None:
                continue
            result.requested_routes.add(action_route)
            if form.key not in seen_forms:
                seen_forms[form.key] = form
                result.forms.append(form)
            elif form.is_query:
                known = seen_forms[form.key]
                names = {f.name for f in known.fields}
                known.fields += [f for f in form.fields if f.name not in names]
    return result


def _model_named_by(parameter: str, url_name: str):
    if parameter == "object_id":
        for config in apps.get_app_configs():
            prefix = config.label + "_"
            if url_name.startswith(prefix):
                model_name = url_name.removeprefix(prefix).split("_")[0]
                if model_name in config.models:
                    return config.models[model_name]
        return None
    if parameter.endswith("_id"):
        found = [m for m in apps.get_models() if m._meta.model_name == parameter[:-3]]
        return found[0] if len(found) == 1 else None
    return None


def _query_as_form(link: str, page: str) -> list[Form]:
    """A link's query string (a list's filter, order, page) as the GET form it amounts to."""
    parts = urlsplit(link)
    if not parts.query:
        return []
    fields = [Field(name, "query", value) for name, value in parse_qsl(parts.query, True)]
    return [Form("", page, parts.path, "get", fields)]


def _join(prefix: str, route: str) -> str:
    # As django.urls.resolvers.URLResolver._join_route.
    return route if not prefix else prefix + route.removeprefix("^")


def _internal(link: str) -> bool:
    parts = urlsplit(link)
    return (
        not parts.scheme
        and not parts.netloc
        and parts.path.startswith("/")
        and not parts.path.startswith(SKIPPED_PREFIXES)
    )


class _PageParser(HTMLParser):
    """The links of a page, and its forms with their fields and submit buttons."""

    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.path, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.path, attrs.get("action") or self.path)
            self._form = Form("", self.path, action, (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag == "option":
            if self._select is not None:
                self._option(attrs)
        elif self._form is None or "disabled" in attrs or not attrs.get("name"):
            return  # outside a form, or sends nothing
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self._form.buttons.append((attrs["name"], attrs.get("value", "")))
            elif kind != "reset":
                self._form.fields.append(
                    Field(attrs["name"], kind, attrs.get("value", ""), checked="checked" in attrs)
                )
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self._form.buttons.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = Field(attrs["name"], "select", multiple="multiple" in attrs)
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(attrs["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def _option(self, attrs: dict) -> None:
        value = attrs.get("value", "")
        self._select.options += (value,)
        if "selected" in attrs:
            self._select.value = value


def _pages_per_route(route: str) -> int:
    return PAGES_PER_ADMIN_ROUTE if route.startswith(ADMIN_PREFIXES) else PAGES_PER_ROUTE
