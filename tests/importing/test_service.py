"""meetings/importing/ end to end on the five real seeds: identity, idempotence,
municipalities, atomicity, case numbers, participants, history and the search hook."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.importing import (
    ITEM_TEXT_HEADING,
    ImportFailed,
    import_path,
    import_text,
    resolve_municipality,
    write,
)
from meetings.models import (
    AgendaItem,
    Attachment,
    Body,
    CaseNumber,
    ItemCaseNumber,
    Meeting,
    Participant,
    Section,
    SourceDocument,
)
from meetings.parsing import parse
from tests.importing.conftest import (
    BALLERUP,
    DIREKTIONEN,
    NAMELESS_TEXT,
    SEED_FILES,
    SEEDS,
    seed_text,
    snapshot_tables,
)


def _import_seeds(kalundborg=None):
    results = {}
    for path in SEED_FILES:
        fallback = kalundborg if path.name == DIREKTIONEN else None
        results[path.name] = import_path(path, municipality=fallback)
    return results


def test_five_seeds_give_seven_meetings_and_forty_items(kalundborg):
    results = _import_seeds(kalundborg)

    assert {r.status for r in results.values()} == {"created"}
    assert Meeting.objects.count() == 7
    assert AgendaItem.objects.count() == 40
    assert SourceDocument.objects.count() == 5
    assert sum(r.items for r in results.values()) == 40
    assert sum(len(r.meetings) for r in results.values()) == 7
    direktionen = Meeting.objects.get(body__name="Direktionen")
    assert direktionen.body.municipality == kalundborg
    assert {m.body.municipality.code for m in Meeting.objects.select_related("body__municipality")}
    assert set(Body.objects.values_list("municipality__code", flat=True)) == {751, 165, 151, 326}


def test_reimporting_the_seeds_changes_no_row(kalundborg):
    _import_seeds(kalundborg)
    before = snapshot_tables()

    again = _import_seeds()  # the direktionen text is placed by its 326- prefix this time

    assert {name: r.status for name, r in again.items()} == {
        p.name: "unchanged" for p in SEED_FILES
    }
    assert Meeting.objects.count() == 7
    assert AgendaItem.objects.count() == 40
    assert snapshot_tables() == before


def test_municipality_inferred_from_esdh_prefix_with_a_warning(kalundborg):
    result = import_path(SEEDS / DIREKTIONEN)

    assert result.status == "created"
    assert result.source.municipality == kalundborg
    assert result.meetings[0].body.municipality == kalundborg
    inferred = [w for w in result.warnings if "326" in w["message"]]
    assert inferred and "Kalundborg Kommune" in inferred[0]["message"]
    assert result.source.warnings == result.warnings


def test_explicit_municipality_is_used_without_inference_warning(kalundborg):
    result = import_path(SEEDS / DIREKTIONEN, municipality=kalundborg)

    assert result.source.municipality == kalundborg
    assert not any("udledt" in w["message"] for w in result.warnings)


def test_fallback_municipality_does_not_override_a_named_one(kalundborg):
    result = import_path(SEEDS / BALLERUP, municipality=kalundborg)

    assert result.source.municipality.code == 151
    assert not CaseNumber.objects.filter(municipality=kalundborg).exists()


def test_text_without_municipality_fails_and_asks_for_one(db):
    with pytest.raises(ImportFailed) as failure:
        import_text(NAMELESS_TEXT, original_name="okonomi.txt")

    assert "--municipality" in str(failure.value)
    assert not SourceDocument.objects.exists()
    assert not Body.objects.exists()
    assert not Meeting.objects.exists()


def test_text_without_meeting_fails_with_a_clear_message(db):
    with pytest.raises(ImportFailed) as failure:
        import_text("Lorem ipsum\n\nIntet møde her.\n", original_name="x.txt")

    assert str(failure.value).startswith("Teksten indeholder ikke et genkendeligt møde")
    assert not SourceDocument.objects.exists()


def test_strict_municipality_refuses_a_text_from_another_municipality(kalundborg):
    before = snapshot_tables()

    with pytest.raises(ImportFailed) as failure:
        import_path(SEEDS / BALLERUP, municipality=kalundborg, strict_municipality=True)

    assert "Ballerup Kommune" in str(failure.value)
    assert "Kalundborg Kommune" in str(failure.value)
    assert snapshot_tables() == before


def test_strict_municipality_accepts_a_text_naming_none(kalundborg):
    result = import_path(SEEDS / DIREKTIONEN, municipality=kalundborg, strict_municipality=True)
    assert result.status == "created"


@pytest.mark.parametrize(
    "value", ["326", "0326", "Kalundborg", "kalundborg kommune", "Kalundborg Kommune", "kalundborg"]
)
def test_resolve_municipality_by_code_name_or_slug(db, value):
    assert resolve_municipality(value).code == 326


@pytest.mark.parametrize("value", ["aarhus", "Århus", "Aarhus Kommune", "751"])
def test_resolve_municipality_aarhus_spellings(db, value):
    assert resolve_municipality(value).code == 751


@pytest.mark.parametrize("value", ["", "9999", "Atlantis"])
def test_resolve_municipality_unknown_fails(db, value):
    with pytest.raises(ImportFailed):
        resolve_municipality(value)


def test_dry_run_writes_nothing_but_reports_what_would_happen(kalundborg):
    before = snapshot_tables()

    result = import_path(SEEDS / BALLERUP, dry_run=True)

    assert result.status == "created"
    assert result.dry_run
    assert result.items == 6
    assert snapshot_tables() == before


def test_failure_late_in_the_write_leaves_no_row(db, monkeypatch):
    before = snapshot_tables()

    def explode(item_ids, **kwargs):
        raise RuntimeError("search index unavailable")

    monkeypatch.setattr(write.search, "reindex_items", explode)
    with pytest.raises(RuntimeError):
        import_path(SEEDS / BALLERUP)

    assert snapshot_tables() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_failure_halfway_rolls_back_the_real_transaction(monkeypatch):
    """No outer test transaction here: the import's own atomic block must undo the rows."""

    def explode(self, steps):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write.Writer, "_children", explode)
    with pytest.raises(RuntimeError):
        import_path(SEEDS / BALLERUP)

    assert not SourceDocument.objects.exists()
    assert not Body.objects.exists()
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()


def test_items_carry_denormalised_meeting_fields(kalundborg):
    _import_seeds(kalundborg)

    for item in AgendaItem.objects.select_related("meeting__body"):
        assert item.date == item.meeting.date
        assert item.body_id == item.meeting.body_id
        assert item.municipality_id == item.meeting.body.municipality_id


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_rows_hold_what_the_parser_found(kalundborg, path):
    parsed = parse(seed_text(path.name))
    import_path(path, municipality=kalundborg)

    for parsed_meeting in parsed.meetings:
        meeting = Meeting.objects.get(
            body__name=parsed_meeting.body,
            date=parsed_meeting.date,
            start_time=parsed_meeting.start_time,
        )
        assert meeting.location == (parsed_meeting.location or "")
        assert meeting.kind == parsed_meeting.kind
        assert meeting.end_time == parsed_meeting.end_time
        items = list(meeting.items.order_by("position"))
        assert [i.number for i in items] == [i.number for i in parsed_meeting.items]
        for item, expected in zip(items, parsed_meeting.items, strict=True):
            assert item.title == expected.title
            assert item.closed == expected.closed
            assert item.decision == (expected.decision or "")
            sections = [(s.heading, s.kind, s.text) for s in item.sections.order_by("position")]
            wanted = [(s.heading, s.kind, s.text) for s in expected.sections]
            if expected.text:
                wanted.insert(0, (ITEM_TEXT_HEADING, "other", expected.text.strip()))
            assert sections == wanted
            titles = list(item.attachments.order_by("position").values_list("title", flat=True))
            assert titles == [a.title for a in expected.attachments]
            links = item.case_links.order_by("position").select_related("case_number")
            assert [(c.case_number.value, c.case_number.scheme) for c in links] == [
                (c.value, c.scheme) for c in expected.case_numbers
            ]


def test_case_numbers_are_shared_per_municipality_with_kle_topic(kalundborg):
    _import_seeds(kalundborg)

    ballerup_case = CaseNumber.objects.get(municipality__code=151, value="00.01.00-P35-301-20")
    assert ballerup_case.scheme == "kle"
    assert ballerup_case.kle == "00.01.00"
    assert sorted(ballerup_case.items.values_list("number", flat=True)) == [1, 4, 5]
    esdh = CaseNumber.objects.get(municipality=kalundborg, value="326-2015-4892")
    assert esdh.scheme == "esdh"
    assert esdh.kle == ""
    first = AgendaItem.objects.get(municipality=kalundborg, number=1)
    values = [link.case_number.value for link in first.case_links.order_by("position")]
    assert values == ["326-2015-4892", "00.01.00", "326-2020-195128"]
    schemes = [link.case_number.scheme for link in first.case_links.order_by("position")]
    assert schemes == ["esdh", "kle", "document"]


def test_participants_absentees_and_substitutes(kalundborg):
    _import_seeds(kalundborg)

    meeting = Meeting.objects.get(body__name="Digitaliserings- og Teknologiudvalget")
    statuses = list(meeting.participants.values_list("status", flat=True))
    assert statuses.count("present") == 8
    assert statuses.count("absent") == 2
    michael = meeting.participants.get(name="Michael Jensen")
    assert michael.party == "O"
    assert meeting.participants.get(name="Eik Møller").role == "kommunaldirektør"
    bundle = Meeting.objects.get(body__name="Rådmandsmøde", date="2020-06-30")
    assert set(bundle.participants.values_list("status", flat=True)) == {
        "present",
        "absent",
        "substitute",
    }


def test_parsed_snapshot_is_stored(db):
    import_path(SEEDS / BALLERUP)
    meeting = Meeting.objects.get()
    item = meeting.items.get(number=3)

    assert meeting.parsed["date"] == "2021-10-13"
    assert meeting.parsed["start_time"] == "16:30"
    assert meeting.parsed["location"] == "Mødecenter A, Lokale 3 på Ballerup Rådhus"
    assert meeting.parsed["kind"] == "referat"
    assert item.parsed["title"] == item.title
    assert item.parsed["decision"] == "Indstillingen godkendt"
    assert item.parsed["sections"] == [
        [s.heading, s.kind, s.text] for s in item.sections.order_by("position")
    ]
    assert item.parsed["case_numbers"] == ["84.03.00-A00-1-20"]
    assert item.parsed["attachments"] == list(
        item.attachments.order_by("position").values_list("title", flat=True)
    )


def test_reindex_is_called_with_the_created_items_inside_the_transaction(db, monkeypatch):
    calls = []

    def spy(item_ids, counted=None):
        calls.append((set(item_ids), counted, connection.in_atomic_block))

    monkeypatch.setattr(write.search, "reindex_items", spy)
    import_path(SEEDS / BALLERUP)

    [(item_ids, counted, in_transaction)] = calls
    assert in_transaction
    if connection.vendor == "postgresql":
        # The INSERT wrote every item's vector; their words go to the vocabulary.
        assert item_ids == set() and counted["ballerup"] > 0
        assert not AgendaItem.objects.filter(search_vector=None).exists()
    else:
        assert item_ids == set(AgendaItem.objects.values_list("pk", flat=True))


def test_history_is_attributed_to_the_uploader(db):
    clerk = get_user_model().objects.create_user("clerk", password="x")
    import_path(SEEDS / BALLERUP, uploaded_by=clerk)

    item = AgendaItem.objects.get(number=2)
    record = item.history.get()
    assert record.history_type == "+"
    assert record.history_user == clerk
    assert record.history_change_reason == f"Indlæst fra {BALLERUP}"
    assert Meeting.objects.get().history.get().history_user == clerk
    assert Section.history.filter(item_id=item.pk).count() == item.sections.count()
    assert SourceDocument.objects.get().uploaded_by == clerk
    # The historical rows hold the row as written (copied by the database).
    assert record.title == item.title
    assert record.parsed == item.parsed
    assert record.decision == item.decision
    assert record.meeting_id == item.meeting_id
    assert record.instance.title == item.title
    section = item.sections.order_by("position").first()
    copy = Section.history.get(id=section.pk)
    assert (copy.heading, copy.kind, copy.text) == (section.heading, section.kind, section.text)
    assert copy.history_type == "+" and copy.history_user == clerk


def test_update_history_records_the_new_values(db):
    import_path(SEEDS / BALLERUP)
    edited = seed_text(BALLERUP).replace("Indstillingen godkendt", "Indstillingen forkastet")

    import_text(edited, original_name="v2.txt")

    item = AgendaItem.objects.get(number=3)
    latest = item.history.latest()
    assert latest.history_type == "~"
    assert latest.decision == "Indstillingen forkastet"
    assert latest.history_change_reason == "Indlæst fra v2.txt"
    assert latest.history_user is None
    # The replaced sections: the old ones recorded as deleted, the new ones as created.
    decision = item.sections.get(kind="decision")
    assert decision.text == "Indstillingen forkastet"
    gone = Section.history.filter(item_id=item.pk, history_type="-")
    assert "Indstillingen godkendt" in set(gone.values_list("text", flat=True))
    assert not Section.objects.filter(item=item, text="Indstillingen godkendt").exists()
    assert Section.history.filter(id=decision.pk, history_type="+").exists()


def test_same_text_with_windows_line_endings_is_unchanged(db):
    import_path(SEEDS / BALLERUP)
    before = snapshot_tables()

    result = import_text(seed_text(BALLERUP).replace("\n", "\r\n"), original_name="copy.txt")

    assert result.status == "unchanged"
    assert snapshot_tables() == before


def test_a_deleted_meeting_comes_back_from_its_known_text(db):
    import_path(SEEDS / BALLERUP)
    Meeting.objects.all().delete()

    result = import_path(SEEDS / BALLERUP)

    assert result.status == "created"
    assert AgendaItem.objects.count() == 6
    assert SourceDocument.objects.count() == 1


def _many_items_text(count: int, day: int = 13) -> str:
    lines = [f"REFERAT Økonomiudvalget d. {day:02d}-10-2021", "", "Mødested Rådhuset", ""]
    for n in range(1, count + 1):
        lines += [
            f"Punkt {n}: Sag nummer {n}",
            "",
            f"Sagsnr. 21/{day:02d}{n:03d}",
            "",
            "Sagsfremstilling",
            "",
            f"Tekst til sag {n}.",
            "",
            "Beslutning",
            "",
            "Godkendt",
            "",
        ]
    return "\n".join(lines)


def test_query_count_does_not_grow_with_the_number_of_items(ballerup):
    def queries(count: int, day: int) -> int:
        text = _many_items_text(count, day)  # a new meeting with new case numbers each time
        with CaptureQueriesContext(connection) as captured:
            result = import_text(text, original_name=f"{day}.txt", municipality=ballerup)
        assert result.status == "created"
        assert result.items == count
        return len(captured)

    first = queries(5, day=1)  # also creates the body
    few, many = queries(5, day=2), queries(60, day=3)
    assert few <= first <= 30
    # One statement per table: 55 more items cost no query, on either database.
    assert many == few


def test_item_and_participant_rows_exist_for_all_meetings(kalundborg):
    _import_seeds(kalundborg)

    assert Section.objects.count() > 40
    assert Attachment.objects.exists()
    assert ItemCaseNumber.objects.count() >= CaseNumber.objects.count()
    assert Participant.objects.count() == 13


def test_body_name_in_other_case_is_the_same_body(db):
    import_path(SEEDS / BALLERUP)
    shouting = seed_text(BALLERUP).replace(
        "REFERAT Digitaliserings- og Teknologiudvalget",
        "REFERAT DIGITALISERINGS- OG TEKNOLOGIUDVALGET",
    )
    # The parser writes a name printed in capitals the ordinary way; it still differs in case
    # from the body as first imported ("… og Teknologiudvalget").
    assert parse(shouting).meetings[0].body == "Digitaliserings- og teknologiudvalget"

    result = import_text(shouting, original_name="versaler.txt")

    assert result.status == "updated"
    assert Body.objects.count() == 1
    assert Meeting.objects.count() == 1


def test_new_body_gets_a_unique_danish_slug(ballerup):
    import_text(NAMELESS_TEXT, original_name="a.txt", municipality=ballerup)
    other = NAMELESS_TEXT.replace("Økonomiudvalget", "Oekonomiudvalget")
    import_text(other, original_name="b.txt", municipality=ballerup)

    slugs = sorted(Body.objects.values_list("slug", flat=True))
    assert slugs == ["oekonomiudvalget", "oekonomiudvalget-2"]


def test_unchanged_reimport_needs_only_a_few_queries(db, django_assert_max_num_queries):
    import_path(SEEDS / BALLERUP)

    # Seven: the lookups, plus the municipality row lock that serialises concurrent imports.
    with django_assert_max_num_queries(7):
        assert import_path(SEEDS / BALLERUP).status == "unchanged"
