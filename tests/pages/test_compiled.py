"""meetings/compiled.py: a queryset compiled once gives what the queryset gives, for every value
and every number of values, on the seeds and layouts as imported; on PostgreSQL the statement
is prepared once per connection."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.compiled import Compiled
from meetings.models import AgendaItem, ItemCaseNumber, Meeting, Section


def _fields(obj) -> dict:
    """The loaded fields (a deferred one is not read: that would be a query)."""
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}


ITEM = Compiled(
    lambda pk: (
        AgendaItem.objects.select_related("meeting__body__municipality", "meeting__source")
        .defer("parsed", "search_vector", "meeting__parsed", "meeting__source__text")
        .filter(pk=pk)
    )
)
SECTIONS = Compiled(lambda item: Section.objects.filter(item_id=item).order_by("position", "pk"))
TEXTS = Compiled(
    lambda ids: (
        Section.objects.filter(item_id__in=ids)
        .exclude(kind="attachments")
        .order_by("item_id", "position", "pk")
        .values_list("item_id", "kind", "text")
    )
)
TITLES = Compiled(
    lambda ids, kind: (
        AgendaItem.objects.filter(pk__in=ids, meeting__kind=kind)
        .order_by("pk")
        .values_list("title", flat=True)
    )
)


def test_every_item_is_read_as_the_queryset_reads_it(archive):
    items = list(AgendaItem.objects.order_by("pk"))
    assert len(items) > 50
    for item in items:
        (compiled,) = ITEM(item.pk)
        expected = (
            AgendaItem.objects.select_related("meeting__body__municipality", "meeting__source")
            .defer("parsed", "search_vector", "meeting__parsed", "meeting__source__text")
            .get(pk=item.pk)
        )
        assert _fields(compiled) == _fields(expected)
        # select_related: the meeting, body, municipality and source came with the row.
        with CaptureQueriesContext(connection) as queries:
            assert _fields(compiled.meeting) == _fields(expected.meeting)
            assert compiled.meeting.body.name == expected.meeting.body.name
            assert (
                compiled.meeting.body.municipality.slug == expected.meeting.body.municipality.slug
            )
            assert _fields(compiled.meeting.source) == _fields(expected.meeting.source)
        assert len(queries) == 0
        assert [_fields(s) for s in SECTIONS(item.pk)] == [
            _fields(s) for s in item.sections.order_by("position", "pk")
        ]
    assert ITEM(-1) == []


def test_lists_of_every_length_and_text_values(archive):
    ids = list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True))
    for length in (1, 2, 3, 7, 20, 20, 7):
        wanted = ids[length : 2 * length]
        expected = list(
            Section.objects.filter(item_id__in=wanted)
            .exclude(kind="attachments")
            .order_by("item_id", "position", "pk")
            .values_list("item_id", "kind", "text")
        )
        assert TEXTS(wanted) == expected
        assert expected  # the seeds' items have sections
    assert TEXTS([]) == []
    for kind in ("referat", "dagsorden"):
        assert TITLES(ids, kind) == list(
            AgendaItem.objects.filter(pk__in=ids, meeting__kind=kind)
            .order_by("pk")
            .values_list("title", flat=True)
        )
    assert TITLES(ids, "referat")
    assert TITLES(ids, "ingen slags møde") == []


def test_a_value_that_is_no_parameter_is_refused(db):
    constant = Compiled(lambda pk: Meeting.objects.filter(pk=1))
    with pytest.raises(ValueError, match="not a parameter"):
        constant(5)
    # A value the lookup rewrites ("%x%") cannot be found again among the parameters.
    contains = Compiled(lambda word: Meeting.objects.filter(location__icontains=word))
    with pytest.raises(ValueError, match="not a parameter"):
        contains("rådhus")


def test_prefetch_and_related_managers_are_refused(db):
    with pytest.raises(TypeError):
        Compiled(lambda pk: AgendaItem.objects.prefetch_related("sections").filter(pk=pk))(1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_the_statement_is_prepared_once_per_connection(archive):
    links = list(ItemCaseNumber.objects.values_list("item_id", flat=True)[:5])
    assert links
    count_sql = (
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s AND NOT from_sql"
    )
    marker = '%FROM "meetings_itemcasenumber"%"meetings_itemcasenumber"."item_id" = $1%'
    statement = Compiled(
        lambda item: ItemCaseNumber.objects.filter(item_id=item).order_by("position", "pk")
    )
    for item_id in links:
        assert [link.pk for link in statement(item_id)] == list(
            ItemCaseNumber.objects.filter(item_id=item_id)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
    with connection.cursor() as cursor:
        cursor.execute(count_sql, [marker])
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_with_prepared_statements_off_nothing_is_prepared(archive, settings):
    """Behind a pooler in transaction mode (REFERAT_PREPARED_STATEMENTS = 0) the same answers
    come from Django's own cursor, and the server keeps no statement."""

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql")
            return cursor.fetchone()[0]

    settings.REFERAT_PREPARED_STATEMENTS = False
    before = prepared()  # the import's own, prepared while the archive was imported
    statement = Compiled(lambda item: Section.objects.filter(item_id=item).order_by("pk"))
    ids = list(AgendaItem.objects.values_list("pk", flat=True)[:5])
    for item_id in ids:
        assert [s.pk for s in statement(item_id)] == list(
            Section.objects.filter(item_id=item_id).order_by("pk").values_list("pk", flat=True)
        )
    assert prepared() == before
    settings.REFERAT_PREPARED_STATEMENTS = True
    statement(ids[0])
    assert prepared() == before + 1
