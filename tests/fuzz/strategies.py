"""What the fuzz tests type: the field's own value, or something a form must survive.

Long strings, NUL and control characters, combining marks, right-to-left
text, emoji, HTML and script, SQL-looking text, template syntax, numbers and
dates out of range, digits that are not ASCII, other tenants' ids. Each field
gets either what the page offered (so one bad field meets otherwise valid
input) or one of those, by the kind of input the HTML declares.
"""

import re
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls.resolvers import RoutePattern
from hypothesis import strategies as st

from tests.fuzz.crawl import Field, Form, Route

NASTY_TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f",
    "\t\r\n\r\n",
    "\u202egnp.exe\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",
    "e" + "\u0301" * 60,  # a letter under 60 combining accents
    "Z\u0334\u0321\u031b\u0347a\u0338l\u0336g\u0337o\u0335",
    "مرحبا بالعالم",
    "שלום עולם",
    "😀👩‍👩‍👧‍👦🏳️‍🌈🇫🇷",
    "𝕳𝖊𝖑𝖑𝖔 𐀀 \U0010fffd",  # noqa: RUF001 (letters that look like others: the point)
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{ 7*7 }}{% debug %}${7*7}#{7*7}",
    "' OR '1'='1' --",
    "1; DROP TABLE accounts_user; --",
    "%00%25%s%n%x",
    "../../../../etc/passwd",
    "NaN",
    "-Infinity",
    "-0",
    "1e309",
    "99999999999999999999999999",
    "-9223372036854775809",
    "9223372036854775808",
    "²³",
    "٣٤",
    "１２３",  # noqa: RUF001 (full-width digits: the point)
    "0x1F",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31T23:59:60",
    "a@b",
    "@",
    "nul\x00@acme.example",
    "\u202e@acme.example",
    "émile@électricité.example",
    "x@" + "a" * 250 + ".example",
]

_any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
_long = st.builds(
    lambda piece, times: piece * times,
    st.sampled_from(["a", "é", "😀", "\u0301", "<b>", "0"]),
    st.sampled_from([151, 201, 254, 256, 501, 1001, 2001, 5001, 20000]),
)
NASTY = st.one_of(st.sampled_from(NASTY_TEXTS), _any_text, _long)
_numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["0", "-1", "2147483648", "9223372036854775807", "18446744073709551616"]),
)


def ids_from(all_ids: list[int]) -> st.SearchStrategy[str]:
    """Ids of rows that exist (other tenants' among them), and ids of nothing."""
    return st.one_of(
        st.sampled_from(all_ids or [1]).map(str),
        st.sampled_from([*EDGE_IDS, "-1", "abc", "1\x00", "³", "٣"]),
    )


def form_data(form: Form, all_ids: list[int]) -> st.SearchStrategy[tuple[dict, str]]:
    """(data to post, with files) for one submission of ``form``, pressing one of its buttons.

    Mostly one field gets a bad value and the others what the page offered (or
    another of their choices); sometimes none, sometimes several.
    """
    groups: dict[str, list[Field]] = {}
    for field in form.fields:
        groups.setdefault(field.name, []).append(field)
    fuzzable = [name for name in groups if name != "csrfmiddlewaretoken"]

    @st.composite
    def submission(draw) -> tuple[dict, str]:
        bad = draw(
            st.one_of(
                st.sampled_from(fuzzable).map(lambda name: {name}),
                st.sets(st.sampled_from(fuzzable), max_size=len(fuzzable)),
            )
            if fuzzable
            else st.just(set())
        )
        values = {
            name: draw(_bad_values(fields, all_ids) if name in bad else _good_values(fields))
            for name, fields in groups.items()
        }
        button = draw(st.sampled_from(form.buttons)) if form.buttons else None
        return _with_button(values, button)

    return submission()


def path_for(route: Route, all_ids: list[int]) -> st.SearchStrategy[str]:
    """A path the route matches, its parameters drawn from what its converters accept."""
    parts = [*route.prefixes, route.pattern]
    pieces = st.tuples(*(_piece(part.pattern, all_ids) for part in parts))
    return pieces.map(lambda texts: "/" + "".join(texts))


def _piece(pattern, all_ids: list[int]) -> st.SearchStrategy[str]:
    """The part of the path one URL pattern matches (a route with converters, or a regex)."""
    if not isinstance(pattern, RoutePattern):
        regex = pattern.regex.pattern.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        return st.from_regex(regex or "", fullmatch=True).map(_quoted)
    pieces = []
    for text in re.split(r"(<[^>]+>)", str(pattern)):
        if text.startswith("<"):
            name = text.strip("<>").split(":")[-1]
            pieces.append(_parameter(pattern.converters[name], all_ids))
        else:
            pieces.append(st.just(text))
    return st.tuples(*pieces).map("".join)


# Digits a database cannot hold, or that are no ids (SQLite and PostgreSQL stop at 2**63 - 1).
EDGE_IDS = ["0", "00", "007", "1" * 25, str(2**63 - 1), str(2**63), str(2**31), "9" * 400]


def _parameter(converter, all_ids: list[int]) -> st.SearchStrategy[str]:
    accepted = st.from_regex(converter.regex, fullmatch=True)
    if re.fullmatch(converter.regex, "1"):  # an id: existing rows, other tenants' too
        accepted = st.one_of(
            st.sampled_from(all_ids or [1]).map(str), st.sampled_from(EDGE_IDS), accepted
        )
    return st.one_of(accepted, NASTY.filter(bool)).map(_quoted)


def _quoted(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


def _good_values(fields: list[Field]) -> st.SearchStrategy[list]:
    """What the page offered, or another of the field's choices."""
    first = fields[0]
    offered = [f.value for f in fields if f.kind not in ("checkbox", "radio") or f.checked]
    if first.kind == "textarea":
        offered = [value.removeprefix("\n") for value in offered]
    if first.kind == "file":
        return st.just([])
    choices = [f.value for f in fields] if first.kind in ("checkbox", "radio") else first.options
    if first.kind not in ("checkbox", "radio", "select") or not choices:
        return st.just(offered)
    if first.kind == "checkbox" or first.multiple:
        return st.one_of(st.just(offered), st.lists(st.sampled_from(choices), unique=True))
    return st.one_of(st.just(offered), st.sampled_from(choices).map(lambda c: [c]))


def _bad_values(fields: list[Field], all_ids: list[int]) -> st.SearchStrategy[list]:
    kind = fields[0].kind
    if kind == "file":
        return st.builds(
            lambda name, content: [SimpleUploadedFile(name, content)],
            st.one_of(st.sampled_from(["a.pdf", "x.exe", "../../x", "é.png"]), NASTY.filter(bool)),
            st.binary(max_size=2048),
        )
    if kind in ("number", "hidden", "checkbox", "radio", "select", "query"):
        single = st.one_of(NASTY, _numbers, ids_from(all_ids))
    else:
        single = NASTY
    return st.one_of(single.map(lambda v: [v]), st.lists(single, min_size=2, max_size=3))


def _with_button(values: dict, button: tuple[str, str] | None) -> tuple[dict, str]:
    data: dict = {}
    for name, items in values.items():
        if items:
            data[name] = items if len(items) > 1 else items[0]
    label = ""
    if button is not None:
        data[button[0]] = button[1]
        label = f"{button[0]}={button[1]}"
    return data, label
