"""Referat's rows as OParl 1.1 objects (one function per type).

Every object has ``id``, ``type``, ``created`` and ``modified``; embedded objects too (3-01).
Closed items (Lukket) are AgendaItems with ``public: false``, number and title only: no
result, resolutionText or consultation, and their case numbers never become Papers.
"""

from __future__ import annotations

import mimetypes

from django.http import HttpRequest
from django.urls import reverse

from .. import gate
from ..models import AgendaItem, Body, CaseNumber, ItemCaseNumber, Meeting, Municipality, Person
from ..models import SourceDocument as Source
from .http import local_datetime, oparl_type, timestamp

_PLACEHOLDER = 987654321


class Urls:
    """Absolute URLs of the API's objects and lists, and of the public pages (``web``)."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.site = request.build_absolute_uri("/")[:-1]
        self.base = request.build_absolute_uri(reverse("oparl:system"))

    def api(self, *parts) -> str:
        return self.base + "/".join(str(p) for p in parts)

    def web(self, path: str) -> str:
        return self.site + path

    def item_web(self, pk: int) -> str:
        """An item's page, without a reverse() per item (lists embed hundreds)."""
        if not hasattr(self, "_item_page"):
            self._item_page = self.web(reverse("meetings:item", kwargs={"pk": _PLACEHOLDER}))
        return self._item_page.replace(str(_PLACEHOLDER), str(pk))


def system(urls: Urls, created, modified) -> dict:
    return {
        "id": urls.base,
        "type": oparl_type("System"),
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "name": "Referat – åbent arkiv over danske kommuners referater",
        "body": urls.api("body"),
        "website": urls.web("/"),
        "web": urls.web("/"),
        "created": timestamp(created),
        "modified": timestamp(modified),
    }


def body(urls: Urls, municipality: Municipality) -> dict:
    """A municipality (kommune) as an OParl Body; ``created``/``modified`` annotated."""
    here = urls.api("body", municipality.code)
    return {
        "id": here,
        "type": oparl_type("Body"),
        "system": urls.base,
        "name": municipality.name,
        "shortName": municipality.short_name,
        "classification": "Kommune",
        "rgs": f"{municipality.code:03d}",
        "organization": f"{here}/organization",
        "person": f"{here}/person",
        "meeting": f"{here}/meeting",
        "paper": f"{here}/paper",
        "agendaItem": f"{here}/agendaItem",
        "consultation": f"{here}/consultation",
        "file": f"{here}/file",
        "locationList": f"{here}/locationList",
        "legislativeTerm": [],
        "legislativeTermList": f"{here}/legislativeTermList",
        "membership": f"{here}/membership",
        "web": urls.web(municipality.get_absolute_url()),
        "created": timestamp(municipality.created),
        "modified": timestamp(municipality.modified),
    }


def organization(urls: Urls, row: Body) -> dict:
    """A political body (udvalg, byråd, magistrat) as an Organization."""
    here = urls.api("organization", row.pk)
    return {
        "id": here,
        "type": oparl_type("Organization"),
        "body": urls.api("body", row.municipality.code),
        "name": row.name,
        "organizationType": "Gremium",
        "classification": "Politisk organ",
        "meeting": f"{here}/meeting",
        "consultation": f"{here}/consultation",
        "membership": [],
        "web": urls.web(row.get_absolute_url()),
        "created": timestamp(row.created),
        "modified": timestamp(row.modified),
    }


def person(urls: Urls, row: Person) -> dict:
    """A person who took part in meetings (mødedeltager) as an OParl Person; ``created`` and
    ``modified`` are their first and latest meeting's (annotated). The party letter is kept
    as a keyword: OParl names parties only through memberships of party organisations."""
    data = {
        "id": urls.api("person", row.pk),
        "type": oparl_type("Person"),
        "body": urls.api("body", row.municipality.code),
        "name": row.name,
        "web": urls.web(row.get_absolute_url()),
        "created": timestamp(row.created),
        "modified": timestamp(row.modified),
    }
    if row.party:
        data["keyword"] = [f"parti:{row.party}"]
    return data


def location(urls: Urls, meeting: Meeting) -> dict:
    """A meeting's place (mødested); Referat keeps it as text, so one Location per meeting."""
    return {
        "id": urls.api("location", meeting.pk),
        "type": oparl_type("Location"),
        "description": meeting.location,
        "meetings": [urls.api("meeting", meeting.pk)],
        "created": timestamp(meeting.created_at),
        "modified": timestamp(meeting.updated_at),
    }


def file(urls: Urls, source: Source, meeting_ids: list[int]) -> dict:
    """A public source document (kildedokument) as a File."""
    here = urls.api("file", source.pk)
    name = source.original_name
    stored = bool(source.file and source.file.name)
    mime = (mimetypes.guess_type(name)[0] if stored else None) or "text/plain"
    return {
        "id": here,
        "type": oparl_type("File"),
        "name": name,
        "fileName": name if stored else f"{name}.txt",
        "mimeType": mime,
        "date": source.created_at.date().isoformat(),
        "accessUrl": f"{here}/access",
        "downloadUrl": f"{here}/download",
        "meeting": [urls.api("meeting", pk) for pk in meeting_ids],
        "web": urls.web(source.get_absolute_url()),
        "created": timestamp(source.created_at),
        "modified": timestamp(source.created_at),
    }


def consultation(urls: Urls, link: ItemCaseNumber, item: AgendaItem) -> dict:
    """One open item's treatment of a case (Paper)."""
    return {
        "id": urls.api("consultation", link.pk),
        "type": oparl_type("Consultation"),
        "paper": urls.api("paper", link.case_number_id),
        "agendaItem": urls.api("agendaItem", item.pk),
        "meeting": urls.api("meeting", item.meeting_id),
        "organization": [urls.api("organization", item.body_id)],
        "web": urls.item_web(item.pk),
        "created": timestamp(item.created_at),
        "modified": timestamp(item.updated_at),
    }


def agenda_item(urls: Urls, item: AgendaItem, links: list[ItemCaseNumber]) -> dict:
    """An agenda item; a closed one (Lukket) keeps only number, order and title."""
    data = {
        "id": urls.api("agendaItem", item.pk),
        "type": oparl_type("AgendaItem"),
        "meeting": urls.api("meeting", item.meeting_id),
        "number": str(item.number),
        "order": item.position,
        "name": item.title,
        "public": not item.closed,
        "web": urls.item_web(item.pk),
        "created": timestamp(item.created_at),
        "modified": timestamp(item.updated_at),
    }
    if item.closed:
        return data
    if links:
        data["consultation"] = urls.api("consultation", links[0].pk)
    result = gate.decision_result(item)
    if result:
        data["result"] = result
        data["resolutionText"] = gate.decision(item)
    return data


def meeting(urls: Urls, row: Meeting) -> dict:
    """A meeting with its agenda items embedded (prefetched: ``items`` with ``public_links``)."""
    here = urls.api("meeting", row.pk)
    data = {
        "id": here,
        "type": oparl_type("Meeting"),
        "name": f"{row.body.name} {row.date:%d.%m.%Y}",
        "meetingState": row.get_kind_display(),
        "cancelled": False,
        "start": local_datetime(row.date, row.start_time),
        "organization": [urls.api("organization", row.body_id)],
        "participant": [urls.api("person", p.person_id) for p in getattr(row, "attendees", [])],
        "agendaItem": [
            agenda_item(urls, item, getattr(item, "public_links", [])) for item in row.items.all()
        ],
        "web": urls.web(row.get_absolute_url()),
        "created": timestamp(row.created_at),
        "modified": timestamp(row.updated_at),
    }
    if row.end_time:
        data["end"] = local_datetime(row.date, row.end_time)
    if row.location:
        data["location"] = location(urls, row)
    if row.source_id and getattr(row, "source_public", False):
        meeting_ids = [m.pk for m in row.source.meetings.all()]
        key = "resultsProtocol" if row.kind == "referat" else "invitation"
        data[key] = file(urls, row.source, meeting_ids)
    return data


def paper(urls: Urls, case: CaseNumber) -> dict:
    """A case number (sagsnummer) as a Paper, with every open item's consultation embedded
    (prefetched as ``public_links`` with their items)."""
    links = list(case.public_links)
    data = {
        "id": urls.api("paper", case.pk),
        "type": oparl_type("Paper"),
        "body": urls.api("body", case.municipality.code),
        "name": f"{case.get_scheme_display()} {case.value}",
        "reference": case.value,
        "paperType": case.get_scheme_display(),
        "consultation": [consultation(urls, link, link.item) for link in links],
        "web": urls.web(case.get_absolute_url()),
        "created": timestamp(case.created),
        "modified": timestamp(case.modified),
    }
    if links:
        data["date"] = min(link.item.date for link in links).isoformat()
    return data
