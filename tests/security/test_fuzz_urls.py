"""Hypothesis over public URLs, query strings and the admin's filters: whatever the address
(NUL bytes, broken UTF-8, control characters, twenty-digit ids, impossible dates, unknown
filters), the answer is a page or a Danish 400/404, never a 500."""

from __future__ import annotations

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)

PATHS = (
    "/",
    "/soeg/",
    "/sager/{}/",
    "/sager/{}/{}/",
    "/punkter/{}/",
    "/kilder/{}/",
    "/kommuner/{}/",
    "/kommuner/{}/{}/",
    "/kommuner/{}/{}/moeder/{}/",
    "/kommuner/albertslund/{}/",
    "/kommuner/albertslund/oekonomiudvalget/moeder/{}/",
)
PUBLIC_KEYS = ("q", "kommune", "udvalg", "fra", "til", "sag", "kle", "sortering", "side")
ADMIN_PAGES = (
    "/admin/meetings/meeting/",
    "/admin/meetings/agendaitem/",
    "/admin/meetings/upload/",
    "/admin/meetings/sourcedocument/",
    "/admin/meetings/casenumber/",
)
ADMIN_KEYS = (
    "q",
    "o",
    "p",
    "e",
    "all",
    "date__year",
    "date__month",
    "date__day",
    "created_at__year",
    "created_at__month",
    "body__id__exact",
    "closed__exact",
    "municipality__id__exact",
    "status__exact",
    "_popup",
    "_to_field",
)

# Raw bytes as an attacker sends them: text in several encodings, control characters, NUL,
# invalid UTF-8 (including encoded surrogates), and numbers far beyond any column.
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("\x00\x7f\x1b"),
    max_size=40,
)
raw_values = st.one_of(
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: t.encode("utf-16")),
    st.binary(max_size=30),
    st.sampled_from([b"\xed\xa0\x80", b"\xff\xfe", b"\xc0\xaf", b"%", b"..", b"../..", b""]),
    st.integers(min_value=-(10**30), max_value=10**30).map(lambda n: str(n).encode()),
    st.sampled_from([b"2021-13-45", b"0000-00-00", b"9999999999-01-01", b"00.01", b"20/030692"]),
)


def encoded(raw: bytes) -> str:
    return quote_from_bytes(raw, safe="")


@st.composite
def public_urls(draw) -> str:
    template = draw(st.sampled_from(PATHS))
    segments = [encoded(draw(raw_values)) or "x" for _ in range(template.count("{}"))]
    path = template.format(*segments)
    keys = draw(st.lists(st.sampled_from(PUBLIC_KEYS) | raw_values.map(encoded), max_size=5))
    query = "&".join(f"{key}={encoded(draw(raw_values))}" for key in keys)
    return f"{path}?{query}" if query else path


@st.composite
def admin_urls(draw) -> str:
    keys = draw(st.lists(st.sampled_from(ADMIN_KEYS), min_size=1, max_size=4))
    query = "&".join(f"{key}={encoded(draw(raw_values))}" for key in keys)
    return f"{draw(st.sampled_from(ADMIN_PAGES))}?{query}"


def assert_no_500(response, url: str) -> None:
    assert response.status_code < 500, url
    if response.status_code in (400, 404):
        assert '<html lang="da">' in response.content.decode(), url


@FUZZ
@given(url=public_urls())
def test_public_urls_never_answer_500(client, corpus, url):
    assert_no_500(client.get(url), url)


@FUZZ
@given(url=admin_urls())
def test_admin_filters_never_answer_500(client, corpus, superuser, url):
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code < 500, url


@FUZZ
@given(term=raw_values.map(encoded), model=st.sampled_from(["meeting", "body"]))
def test_admin_autocomplete_never_answers_500(client, corpus, superuser, term, model):
    client.force_login(superuser)
    field = {"meeting": "body", "body": "municipality"}[model]
    url = (
        f"/admin/autocomplete/?term={term}&app_label=meetings&model_name={model}&field_name={field}"
    )
    assert client.get(url).status_code < 500, url
