"""The OParl 1.1 API: the conformance checker passes with 0 errors through a real server, and
the mapping holds (closed items title-only, papers per case, files, paging, filters)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from meetings.models import AgendaItem, CaseNumber, Meeting
from tests.reuse.conftest import load_checker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NS = "https://schema.oparl.org/1.1/"
ROOT = Path(__file__).resolve().parents[2]


def run_checker(base_url: str, **options) -> tuple[int, str]:
    checker_module = load_checker()
    checker = checker_module.Checker(
        base_url,
        options.get("max_per_list", 5),
        options.get("max_pages", 3),
        options.get("timeout", 20),
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        errors = checker.run(base_url)
    summary = (
        f"checked: {len(checker.objects)} objects, {len(checker.lists)} lists, {errors} errors"
    )
    return errors, out.getvalue() + summary


def test_checker_passes_on_the_corpus(live_server, corpus, closed_meeting):
    errors, report = run_checker(f"{live_server.url}/oparl/v1/", max_pages=5)
    assert errors == 0, report
    assert "0 errors" in report


def test_checker_passes_on_the_seeds(live_server, seeds):
    errors, report = run_checker(f"{live_server.url}/oparl/v1/")
    assert errors == 0, report
    objects = int(report.rsplit("checked: ", 1)[1].split()[0])
    assert objects > 20, report


def test_checker_finds_a_broken_server(live_server, corpus, monkeypatch):
    """The checker is not a rubber stamp: a wrong type string is reported."""
    from meetings.oparl import objects

    original = objects.meeting

    def broken(urls, row):
        data = original(urls, row)
        data["type"] = NS + "meeting"
        return data

    monkeypatch.setattr(objects, "meeting", broken)
    errors, report = run_checker(f"{live_server.url}/oparl/v1/")
    assert errors > 0
    assert "expected 'https://schema.oparl.org/1.1/Meeting'" in report


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_system_and_body(client, corpus):
    system = get(client, "/oparl/v1/")
    assert system["type"] == NS + "System"
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = get(client, system["body"].replace("http://testserver", ""))
    names = {b["name"] for b in bodies["data"]}
    # Only municipalities with meetings: Aarhus and Ballerup in the corpus.
    assert names == {"Aarhus Kommune", "Ballerup Kommune"}
    aarhus = next(b for b in bodies["data"] if b["name"] == "Aarhus Kommune")
    assert aarhus["id"] == "http://testserver/oparl/v1/body/751"
    assert aarhus["created"].endswith(("+01:00", "+02:00"))


def test_meeting_embeds_items_and_closed_item_is_title_only(client, corpus):
    meeting = get(client, f"/oparl/v1/meeting/{corpus.m1.pk}")
    assert meeting["start"] == "2020-08-24T08:30:00+02:00"
    assert meeting["end"] == "2020-08-24T10:00:00+02:00"
    assert meeting["location"]["description"] == "Teams-møde"
    items = {i["name"]: i for i in meeting["agendaItem"]}
    closed = items["Personalesag"]
    assert closed["public"] is False
    assert set(closed) == {
        "id", "type", "meeting", "number", "order", "name", "public", "web", "created", "modified"
    }  # fmt: skip
    digital = items["Erfaringer med digitale møder i Aarhus Kommune"]
    assert digital["public"] is True
    assert digital["result"] == "Fremsendes til byrådet."
    assert digital["resolutionText"].startswith("Fremsendes til byrådet. Digitale møder")
    fetched = get(client, f"/oparl/v1/agendaItem/{corpus.closed.pk}")
    assert fetched["public"] is False and "resolutionText" not in fetched


def test_papers_are_open_case_numbers_with_consultations(client, corpus):
    page = get(client, "/oparl/v1/body/751/paper")
    references = {p["reference"]: p for p in page["data"]}
    # KLE topics are not cases; the number only on the closed item is not published.
    assert set(references) == {"20/030692", "21/000111"}
    paper = references["20/030692"]
    consulted = {c["agendaItem"] for c in paper["consultation"]}
    assert consulted == {
        f"http://testserver/oparl/v1/agendaItem/{item.pk}"
        for item in (corpus.digital, corpus.council)
    }
    assert paper["date"] == "2020-08-24"
    closed_case = CaseNumber.objects.get(value="20/999999")
    get(client, f"/oparl/v1/paper/{closed_case.pk}", status=404)


def test_files_only_for_sources_without_closed_items(client, corpus):
    open_source, closed_source = corpus.m2.source, corpus.m1.source
    listed = get(client, "/oparl/v1/body/751/file")["data"]
    assert [f["id"] for f in listed] == [f"http://testserver/oparl/v1/file/{open_source.pk}"]
    access = client.get(f"/oparl/v1/file/{open_source.pk}/access")
    assert access.status_code == 200 and "attachment" not in access.get("Content-Disposition", "")
    download = client.get(f"/oparl/v1/file/{open_source.pk}/download")
    assert download["Content-Disposition"].startswith("attachment")
    for url in (
        f"/oparl/v1/file/{closed_source.pk}",
        f"/oparl/v1/file/{closed_source.pk}/access",
        f"/oparl/v1/file/{closed_source.pk}/download",
    ):
        assert client.get(url).status_code == 404, url
    meeting = get(client, f"/oparl/v1/meeting/{corpus.m1.pk}")
    assert "resultsProtocol" not in meeting


def test_keyset_pages_follow_links_next_and_keep_filters(client, corpus):
    first = get(
        client, "/oparl/v1/body/751/agendaItem?limit=2&modified_since=2000-01-01T00:00:00%2B00:00"
    )
    assert len(first["data"]) == 2
    assert first["pagination"]["elementsPerPage"] == 2
    seen = [i["id"] for i in first["data"]]
    url = first["links"]["next"]
    while url:
        assert "modified_since=" in url and "limit=2" in url
        page = get(client, url.replace("http://testserver", ""))
        seen += [i["id"] for i in page["data"]]
        url = page["links"].get("next")
    expected = AgendaItem.objects.filter(municipality__code=751).count()
    assert len(seen) == len(set(seen)) == expected


def test_filters(client, corpus):
    base = "/oparl/v1/body/751/meeting"
    assert get(client, base + "?created_since=2999-12-31T23:59:59%2B00:00")["data"] == []
    assert get(client, base + "?modified_until=1900-01-01T00:00:00%2B00:00")["data"] == []
    assert len(get(client, base + "?created_until=2999-12-31T23:59:59%2B00:00")["data"]) == 2
    bad = client.get(base + "?created_since=igår")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/json")


def test_unknown_urls_are_json_404(client, corpus):
    for url in ("/oparl/v1/meeting/999999", "/oparl/v1/ingenting", "/oparl/v1/body/999/meeting"):
        data = get(client, url, status=404)
        assert data["status"] == 404


def test_file_withheld_like_its_source_page_when_the_text_holds_closed_content(client):
    """Minutes whose closed items carry content are imported; an admin then opens every
    closed item (a correction): no item of the source is closed any more, but the original
    text still holds what was closed. The OParl file, like the source page's download, stays
    withheld: one rule (meetings/gate.py)."""
    from meetings.importing import import_text, resolve_municipality

    text = (ROOT / "fixtures" / "security" / "lukkede-punkter.txt").read_text(encoding="utf-8")
    result = import_text(text, original_name="lukket.txt", municipality=resolve_municipality("165"))
    source = result.source
    assert source.original.closed_content  # a closed item in the text carries more than a title
    opened = AgendaItem.objects.filter(meeting__source=source, closed=True).update(closed=False)
    assert opened > 0
    assert client.get(f"/kilder/{source.pk}/fil/").status_code == 403
    listed = get(client, "/oparl/v1/body/165/file")["data"]
    assert f"http://testserver/oparl/v1/file/{source.pk}" not in [f["id"] for f in listed]
    for suffix in ("", "/access", "/download"):
        assert client.get(f"/oparl/v1/file/{source.pk}{suffix}").status_code == 404, suffix


def test_people_who_took_part_are_persons_and_meeting_participants(client, seeds):
    """The seeds' participants (linked to persons at import) are OParl Persons of their
    municipality; a meeting lists those present and substitutes, never those absent."""
    from meetings.models import AttendanceStatus, Participant

    meeting = (
        Meeting.objects.filter(participants__status=AttendanceStatus.ABSENT)
        .filter(participants__status=AttendanceStatus.PRESENT)
        .select_related("body__municipality")
        .first()
    )
    assert meeting is not None
    data = get(client, f"/oparl/v1/meeting/{meeting.pk}")
    took_part = Participant.objects.filter(meeting=meeting, person__isnull=False).exclude(
        status=AttendanceStatus.ABSENT
    )
    absent = Participant.objects.filter(meeting=meeting, status=AttendanceStatus.ABSENT)
    assert data["participant"] == [
        f"http://testserver/oparl/v1/person/{p.person_id}"
        for p in took_part.order_by("status", "position")
    ]
    absent_urls = {f"http://testserver/oparl/v1/person/{p.person_id}" for p in absent}
    assert not absent_urls & set(data["participant"])

    person_url = data["participant"][0].replace("http://testserver", "")
    person = get(client, person_url)
    row = took_part.order_by("status", "position").first().person
    assert person["type"] == NS + "Person" and person["name"] == row.name
    code = meeting.body.municipality.code
    assert person["body"] == f"http://testserver/oparl/v1/body/{code}"
    assert person["web"] == f"http://testserver{row.get_absolute_url()}"
    listed = get(client, f"/oparl/v1/body/{code}/person?limit=500")["data"]
    assert person["id"] in [p["id"] for p in listed]
    assert all(p["body"] == person["body"] for p in listed)
