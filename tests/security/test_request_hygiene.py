"""Finding 5 (the URL part) of issue 9: NUL bytes, broken UTF-8, control characters and
out-of-range numbers in paths, query strings and admin filters get a Danish 400 or 404 page,
never a 500. Each of these answered 500 before referat/request_hygiene.py."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _danish_error(response, status: int) -> str:
    assert response.status_code == status, response.status_code
    html = response.content.decode()
    assert '<html lang="da">' in html
    return html


@pytest.mark.parametrize(
    "url",
    [
        "/sager/%00/",
        "/sager/20%00030692/",
        "/soeg/?q=%00",
        "/soeg/?q=skole%00",
        "/soeg/?sag=%00",
        "/soeg/?kle=00.01%00",
        "/soeg/?kommune=%00",
        "/soeg/?%00=1",
        "/soeg/?q=%01%02",
        "/kommuner/aarhus/?x=%7f",
    ],
)
def test_nul_and_control_characters_are_refused(client, url):
    html = _danish_error(client.get(url), 400)
    assert "Ugyldig adresse" in html


def test_broken_utf8_in_the_path_is_not_a_500(client):
    # A lone surrogate encoded as UTF-8 (ED A0 80) is invalid UTF-8: no such page.
    for url in ("/sager/%ED%A0%80/", "/kommuner/%ED%A0%80/", "/sager/%FF%FE/"):
        assert client.get(url).status_code in (400, 404), url


def test_broken_utf8_in_the_query_is_not_a_500(client):
    for query in ("q=%ED%A0%80", "q=%FF", "sag=%ED%B0%80x", "side=%C0%AF"):
        response = client.get(f"/soeg/?{query}")
        assert response.status_code in (200, 400), query


def test_over_long_address_is_refused(client):
    html = _danish_error(client.get("/soeg/", {"q": "skole " * 2000}), 400)
    assert "for lang" in html


@pytest.mark.parametrize(
    "url",
    [
        "/punkter/99999999999999999999999/",
        "/kilder/99999999999999999999999/",
        "/kommuner/aarhus/magistraten/moeder/99999999999999999999999/",
    ],
)
def test_out_of_range_ids_are_404(client, url):
    _danish_error(client.get(url), 404)


def test_admin_date_hierarchy_with_absurd_year(client, superuser):
    client.force_login(superuser)
    for url in (
        "/admin/meetings/meeting/?date__year=99999999999",
        "/admin/meetings/meeting/?date__year=2021&date__month=99999999999",
        "/admin/meetings/upload/?created_at__year=99999999999",
        "/admin/meetings/sourcedocument/?created_at__year=-99999999999",
        "/admin/meetings/meeting/99999999999999999999999/change/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 404), (url, response.status_code)


def test_impossible_date_parts_are_refused(client, superuser):
    """Found by the fuzz test on PostgreSQL: ?created_at__year=0 was a 500 (ValueError)."""
    client.force_login(superuser)
    for url in (
        "/admin/meetings/meeting/?created_at__year=0",
        "/admin/meetings/meeting/?date__year=99999999999",
        "/admin/meetings/meeting/?date__year=2021&date__month=13",
        "/admin/meetings/agendaitem/?date__day=-1",
    ):
        html = _danish_error(client.get(url), 400)
        assert "dato, der ikke findes" in html, url
    assert client.get("/admin/meetings/meeting/?date__year=2021&date__month=3").status_code == 200


def test_admin_autocomplete_with_nul(client, superuser):
    client.force_login(superuser)
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "\x00",
            "app_label": "meetings",
            "model_name": "meeting",
            "field_name": "body",
        },
    )
    _danish_error(response, 400)


def test_admin_search_with_nul_and_huge_numbers(client, superuser):
    client.force_login(superuser)
    for query in ("q=%00", "q=99999999999999999999999", "p=99999999999999999999"):
        response = client.get(f"/admin/meetings/municipality/?{query}")
        assert response.status_code in (200, 302, 400, 404), (query, response.status_code)


def test_ordinary_pages_still_work(client):
    assert client.get("/soeg/", {"q": "skole\tbyggeri"}).status_code == 200
    assert client.get("/").status_code == 200
