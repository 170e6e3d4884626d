"""The pages migration backfills what existed before it: every source gets its text as
original (withheld when a closed item carries more than its title) and every participant a
person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("meetings", "0009_security")]
AFTER = [("meetings", "0010_pages_people_originals")]


@pytest.fixture
def back_to_latest():
    """Whatever the test leaves, the database ends at the latest migrations again (later
    tests on this worker need every column)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backfill_of_sources_and_participants(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Municipality = apps.get_model("meetings", "Municipality")
    Body = apps.get_model("meetings", "Body")
    SourceDocument = apps.get_model("meetings", "SourceDocument")
    Meeting = apps.get_model("meetings", "Meeting")
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    Participant = apps.get_model("meetings", "Participant")
    ballerup = Municipality.objects.get(code=151)
    body = Body.objects.create(municipality=ballerup, name="Økonomiudvalget", slug="oeu")
    sources, meetings = [], []
    for n, secret in enumerate(["", "Fortrolig beslutning."]):
        source = SourceDocument.objects.create(
            municipality=ballerup, original_name=f"r{n}.txt", sha256=f"{n:064d}", text=f"tekst {n}"
        )
        meeting = Meeting.objects.create(body=body, date=dt.date(2021, 1, n + 1), source=source)
        AgendaItem.objects.create(
            meeting=meeting,
            number=1,
            title="Lukket sag",
            closed=True,
            decision=secret,
            date=meeting.date,
            body=body,
            municipality=ballerup,
        )
        Participant.objects.create(meeting=meeting, name="JENS  HANSEN", party="a")
        sources.append(source)
        meetings.append(meeting)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    SourceFile = apps.get_model("meetings", "SourceFile")
    Person = apps.get_model("meetings", "Person")
    files = {f.source_id: f for f in SourceFile.objects.all()}
    assert files[sources[0].pk].closed_content is False
    assert files[sources[1].pk].closed_content is True
    assert files[sources[0].pk].size == len(b"tekst 0")
    person = Person.objects.get()
    assert (person.name, person.party) == ("Jens Hansen", "A")
    participants = apps.get_model("meetings", "Participant").objects.all()
    assert {p.person_id for p in participants} == {person.pk}
