"""A read-only OParl 1.1 API (https://oparl.org) over Referat's archive, at /oparl/v1/.

Mapping (Referat → OParl): the archive → System; a municipality (kommune) → Body; a
political body (udvalg, byråd) → Organization; a meeting (møde) → Meeting, its place →
Location; an agenda item (dagsordenspunkt) → AgendaItem; a case number (sagsnummer, not KLE)
→ Paper, each open item carrying it → Consultation; a source document (kildedokument) →
File; a person who took part in meetings (mødedeltager) → Person, listed on each Meeting
as a participant. Membership and LegislativeTerm lists are empty (valid, no records).

- ``http.py``: JSON responses, CORS, JSON 404s, date-times, list filters and keyset pages.
- ``objects.py``: one function per OParl type, turning a loaded row into a dict.
- ``queries.py``: the querysets (fixed query counts, closed content left out via gate.py).
- ``views.py``: thin views: look up, filter, page, serialise.
"""
