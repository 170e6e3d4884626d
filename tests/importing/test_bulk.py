"""The import's bulk writes (meetings/importing/bulk.py): a table's rows in one statement, history
records equal to the rows they record, constraints enforced as through the ORM, meetings and
items told apart by their identities, and file names that fit their columns."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from meetings import importing, search
from meetings.importing import (
    change_reason,
    historical_model,
    import_document,
    import_path,
    import_text,
    shorten_name,
)
from meetings.models import (
    AgendaItem,
    Attachment,
    ItemCaseNumber,
    Meeting,
    Section,
    SourceDocument,
)
from meetings.parsing import parse
from tests.importing.conftest import BALLERUP, SEED_FILES, SEEDS, seed_text

HISTORY_MODELS = (Meeting, AgendaItem, Section, Attachment, ItemCaseNumber)
SECTION_COLUMNS = ("item_id", "position", "heading", "kind", "text")


def _tracked(model) -> list[str]:
    """The columns simple_history copies, except the search vector (derived from the texts:
    a record holds none)."""
    return [f.attname for f in historical_model(model).tracked_fields if f.name != "search_vector"]


# ---------------------------------------------------------------------------------------
# History records


def test_every_created_row_has_one_history_record_equal_to_it(kalundborg):
    for path in SEED_FILES:
        import_path(path, municipality=kalundborg)

    for model in HISTORY_MODELS:
        names = _tracked(model)
        rows = {row["id"]: row for row in model.objects.values(*names)}
        records = historical_model(model).objects.all()
        assert rows, model
        assert records.count() == len(rows), model
        for record in records.values(*names, "history_type", "history_change_reason"):
            assert record.pop("history_type") == "+"
            assert record.pop("history_change_reason").startswith("Indlæst fra ")
            assert record == rows[record["id"]], model


def test_records_hold_no_search_vector(kalundborg):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps its index in an FTS table, not in the row")
    for path in SEED_FILES:
        import_path(path, municipality=kalundborg)

    assert AgendaItem.history.exists()
    assert not AgendaItem.history.exclude(search_vector=None).exists()


def test_vectors_written_with_the_rows_equal_a_rebuilt_index(kalundborg):
    """On PostgreSQL the import writes an item's search vector with its row (INSERT or
    UPDATE, from the texts sent along): the same vector a rebuild of the index computes."""
    if connection.vendor != "postgresql":
        pytest.skip("the vectors are written with the rows on PostgreSQL only")
    for path in SEED_FILES:
        import_path(path, municipality=kalundborg)
    edited = seed_text(BALLERUP).replace("Taget til efterretning", "Noteret med tak")
    assert import_text(edited, original_name="v2.txt").items_updated > 0

    written = dict(AgendaItem.objects.values_list("pk", "search_vector"))
    search.rebuild_index()

    assert all(written.values())
    assert dict(AgendaItem.objects.values_list("pk", "search_vector")) == written


def test_a_newer_version_records_changed_rows_and_replaced_children(ballerup):
    first = import_path(SEEDS / BALLERUP)
    item = AgendaItem.objects.get(number=3)
    old_sections = {
        s["id"]: s for s in Section.objects.filter(item=item).values(*_tracked(Section))
    }
    edited = seed_text(BALLERUP).replace("Indstillingen godkendt", "Indstillingen forkastet")

    second = import_text(edited, original_name="v2.txt")

    assert second.status == "updated"
    assert second.items_updated == 1
    changed = item.history.filter(history_type="~")
    assert changed.count() == 1
    assert changed.get().decision == "Indstillingen forkastet"
    gone = Section.history.filter(history_type="-", history_change_reason="Indlæst fra v2.txt")
    assert {r["id"]: r for r in gone.values(*_tracked(Section))} == old_sections
    new = Section.history.filter(history_type="+", history_change_reason="Indlæst fra v2.txt")
    assert set(new.values_list("id", flat=True)) == set(
        Section.objects.filter(item=item).values_list("id", flat=True)
    )
    meeting = Meeting.objects.get()
    assert meeting.source == second.source != first.source
    record = meeting.history.get(history_type="~")
    assert record.source_id == second.source.pk
    assert record.history_change_reason == "Indlæst fra v2.txt"


# ---------------------------------------------------------------------------------------
# Identities


def test_two_meetings_of_one_body_on_one_date_keep_their_own_items(ballerup):
    parsed = parse(seed_text(BALLERUP))
    (meeting,) = parsed.meetings
    untimed = dataclasses.replace(meeting, start_time=None, items=meeting.items[:2])
    timed = dataclasses.replace(meeting, start_time=dt.time(9, 30, 15), items=meeting.items[2:])
    document = dataclasses.replace(parsed, meetings=(untimed, timed))

    result = import_document(document, text="to møder", original_name="to.txt")

    assert result.status == "created"
    assert [m.start_time for m in result.meetings] == [None, dt.time(9, 30, 15)]
    for stored, expected in zip(result.meetings, (untimed, timed), strict=True):
        assert stored.pk == Meeting.objects.get(start_time=expected.start_time).pk
        numbers = list(stored.items.order_by("position").values_list("number", flat=True))
        assert numbers == [i.number for i in expected.items]
    again = import_document(document, text="to møder", original_name="to.txt")
    assert again.status == "unchanged"
    assert [m.pk for m in again.meetings] == [m.pk for m in result.meetings]


def test_statements_per_document_do_not_depend_on_the_number_of_items(ballerup):
    def statements(document) -> int:
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            assert import_document(document, text=repr(document), original_name="x.txt").status
        return count

    parsed = parse(seed_text(BALLERUP))
    (meeting,) = parsed.meetings
    statements(parsed)  # creates the body
    six = dataclasses.replace(meeting, date=dt.date(2030, 1, 1))
    many = dataclasses.replace(
        meeting,
        date=dt.date(2031, 1, 1),
        items=tuple(
            dataclasses.replace(item, number=n, title=f"Punkt {n}")
            for n, item in enumerate(meeting.items * 10, start=1)
        ),
    )
    assert len(many.items) == 60

    six_items = statements(dataclasses.replace(parsed, meetings=(six,)))
    sixty_items = statements(dataclasses.replace(parsed, meetings=(many,)))

    assert len(six.items) == 6
    assert sixty_items == six_items
    assert AgendaItem.objects.filter(meeting__date=dt.date(2031, 1, 1)).count() == 60


# ---------------------------------------------------------------------------------------
# Constraints


def _outcome(write) -> type | None:
    """The class of the database error ``write`` raises (rolled back), or None."""
    try:
        with transaction.atomic():
            write()
    except DatabaseError as exc:
        return type(exc)
    return None


def test_bulk_insert_enforces_check_constraints(ballerup):
    import_path(SEEDS / BALLERUP)
    item = AgendaItem.objects.first()

    error = _outcome(
        lambda: importing.insert_rows(Section, SECTION_COLUMNS, [[item.pk, -1, "A", "other", ""]])
    )

    assert error is not None and issubclass(error, IntegrityError)
    assert not Section.objects.filter(position__lt=0).exists()


def test_bulk_insert_treats_a_too_long_text_as_the_orm_does(ballerup):
    import_path(SEEDS / BALLERUP)
    item = AgendaItem.objects.first()
    heading = "x" * 301  # Section.heading holds 300 characters

    orm = _outcome(
        lambda: Section.objects.create(item=item, position=9, heading=heading, kind="other")
    )
    bulk = _outcome(
        lambda: importing.insert_rows(
            Section, SECTION_COLUMNS, [[item.pk, 9, heading, "other", ""]]
        )
    )

    assert bulk == orm
    if connection.vendor == "postgresql":  # SQLite does not check varchar lengths
        assert orm is not None


# ---------------------------------------------------------------------------------------
# File names


def test_a_200_character_file_name_fits_the_history_reason(db):
    name = "referat-" + "meget-langt-filnavn-" * 9 + "x" * 8 + ".txt"
    assert len(name) == 200

    result = import_text(seed_text(BALLERUP), original_name=name)

    assert result.status == "created"
    assert result.source.original_name == name
    reasons = set()
    for model in HISTORY_MODELS:
        reasons |= set(model.history.values_list("history_change_reason", flat=True))
    assert reasons == {change_reason(name)}
    (reason,) = reasons
    assert len(reason) == 100
    assert reason.startswith("Indlæst fra referat-meget-langt-filnavn-")
    assert reason.endswith("….txt")


def test_a_300_character_file_name_is_shortened_for_the_source_document(db):
    name = "r" * 296 + ".txt"

    result = import_text(seed_text(BALLERUP), original_name=name)

    stored = SourceDocument.objects.get().original_name
    assert stored == result.source.original_name
    assert len(stored) == 255
    assert stored.endswith("….txt")
    assert stored.startswith("rrrr")


@pytest.mark.parametrize(
    ("name", "limit", "expected"),
    [
        ("kort.txt", 20, "kort.txt"),
        ("abcdefghij.pdf", 14, "abcdefghij.pdf"),
        ("abcdefghijk.pdf", 14, "abcdefghi….pdf"),
        ("uden-endelse-men-lang", 10, "uden-ende…"),
        ("navn.meget-lang-endelse", 10, "navn.mege…"),
        (".skjult-fil-med-langt-navn", 10, ".skjult-f…"),
    ],
)
def test_shorten_name_keeps_a_short_extension(name, limit, expected):
    assert shorten_name(name, limit) == expected
    assert len(shorten_name(name, limit)) <= limit
