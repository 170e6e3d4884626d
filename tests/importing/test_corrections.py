"""The correction rule: a field a person corrected survives re-imports of newer versions; a
newer text that disagrees with the correction is recorded as an ImportConflict."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from meetings.importing import (
    REMOVED_ITEM,
    FieldMerge,
    ImportFailed,
    import_text,
    is_corrected,
    merge_field,
)
from meetings.models import AgendaItem, ImportConflict, Meeting, SourceDocument
from tests.importing.conftest import BALLERUP, replace_line, seed_text, snapshot_tables

# Lines of the Ballerup seed (1-based) that the edited copies change.
LOCATION_LINE = 7  # "Mødested Mødecenter A, Lokale 3 på Ballerup Rådhus"
ITEM2_DECISION_LINE = 95  # "Taget til efterretning"
ITEM3_DECISION_LINE = 141  # "Indstillingen godkendt"


# ---------------------------------------------------------------------------------------
# The rule itself


def test_untouched_field_takes_the_new_parse():
    assert merge_field("Godkendt", "Godkendt", "Godkendt med ændringer") == FieldMerge(
        "Godkendt med ændringer"
    )


def test_corrected_field_keeps_the_correction_when_the_text_did_not_change_it():
    assert merge_field("Rettet", "Godkendt", "Godkendt") == FieldMerge("Rettet", corrected=True)


def test_corrected_field_changed_by_the_text_is_a_conflict():
    merged = merge_field("Rettet", "Godkendt", "Godkendt med ændringer")
    assert merged == FieldMerge("Rettet", corrected=True, conflict=True)


def test_text_that_now_agrees_with_the_correction_is_no_conflict():
    assert merge_field("Rettet", "Godkendt", "Rettet") == FieldMerge("Rettet", corrected=True)


def test_a_row_without_snapshot_counts_as_corrected():
    from meetings.corrections.rule import MISSING

    assert merge_field("Håndlavet", MISSING, "Tekst") == FieldMerge(
        "Håndlavet", corrected=True, conflict=True
    )
    assert merge_field("Tekst", MISSING, "Tekst") == FieldMerge("Tekst", corrected=True)


def test_list_fields_compare_as_a_whole():
    sections = [["Beslutning", "decision", "Godkendt"]]
    assert merge_field(sections, sections, []) == FieldMerge([])
    assert merge_field([], sections, sections) == FieldMerge([], corrected=True)


def test_is_corrected_compares_every_field_with_the_snapshot():
    snapshot = {"title": "A", "decision": "B"}
    assert not is_corrected({"title": "A", "decision": "B"}, snapshot, ["title", "decision"])
    assert is_corrected({"title": "A", "decision": "C"}, snapshot, ["title", "decision"])
    assert is_corrected({"title": "A"}, {}, ["title"])


# ---------------------------------------------------------------------------------------
# End to end on the Ballerup seed


@pytest.fixture
def original(ballerup) -> Meeting:
    result = import_text(seed_text(BALLERUP), original_name=BALLERUP)
    assert result.status == "created"
    return result.meetings[0]


def _correct_by_hand(meeting: Meeting) -> tuple[AgendaItem, AgendaItem]:
    """A person corrects item 2's title and decision and the meeting's place, via the ORM."""
    item2 = meeting.items.get(number=2)
    item2.title = "Digitalisering i valgperioden 2018–2021"
    item2.decision = "Taget til efterretning (rettet af sekretariatet)"
    item2.save()
    meeting.location = "Ballerup Rådhus, mødecenter A, lokale 3"
    meeting.save()
    return item2, meeting.items.get(number=3)


def _edited(*, item2_decision: str | None = None, location: str | None = None) -> str:
    text = seed_text(BALLERUP)
    text = replace_line(
        text, ITEM3_DECISION_LINE, "Indstillingen godkendt", "Indstillingen godkendt med ændringer"
    )
    if item2_decision:
        text = replace_line(text, ITEM2_DECISION_LINE, "Taget til efterretning", item2_decision)
    if location:
        text = replace_line(
            text,
            LOCATION_LINE,
            "Mødested Mødecenter A, Lokale 3 på Ballerup Rådhus",
            f"Mødested {location}",
        )
    return text


def test_reimport_keeps_corrections_and_updates_untouched_fields(original):
    item2, item3 = _correct_by_hand(original)

    result = import_text(_edited(), original_name="ballerup-v2.txt")

    assert result.status == "updated"
    assert result.conflicts == []
    assert Meeting.objects.count() == 1
    item2.refresh_from_db()
    item3.refresh_from_db()
    original.refresh_from_db()
    assert item2.title == "Digitalisering i valgperioden 2018–2021"
    assert item2.decision == "Taget til efterretning (rettet af sekretariatet)"
    assert original.location == "Ballerup Rådhus, mødecenter A, lokale 3"
    assert item3.decision == "Indstillingen godkendt med ændringer"
    decision = item3.sections.get(kind="decision")
    assert decision.text == "Indstillingen godkendt med ændringer"
    assert item3.parsed["decision"] == "Indstillingen godkendt med ændringer"
    assert original.source == result.source
    assert SourceDocument.objects.count() == 2
    assert not ImportConflict.objects.exists()


def test_reimport_where_the_text_changes_a_corrected_field_records_a_conflict(original):
    item2, _ = _correct_by_hand(original)

    result = import_text(
        _edited(item2_decision="Taget til efterretning med en tilføjelse", location="Rådhuset"),
        original_name="ballerup-v3.txt",
    )

    item2.refresh_from_db()
    original.refresh_from_db()
    assert item2.decision == "Taget til efterretning (rettet af sekretariatet)"
    assert original.location == "Ballerup Rådhus, mødecenter A, lokale 3"
    conflicts = {(c.item_id, c.field): c for c in ImportConflict.objects.all()}
    assert set(conflicts) == {(item2.pk, "decision"), (None, "location")}
    decision = conflicts[(item2.pk, "decision")]
    assert decision.corrected_value == "Taget til efterretning (rettet af sekretariatet)"
    assert decision.parsed_value == "Taget til efterretning med en tilføjelse"
    assert decision.meeting == original
    assert decision.source == result.source
    location = conflicts[(None, "location")]
    assert location.corrected_value == "Ballerup Rådhus, mødecenter A, lokale 3"
    assert location.parsed_value == "Rådhuset"
    assert {c.pk for c in result.conflicts} == {c.pk for c in conflicts.values()}
    # The snapshot follows the new text, so the title (unchanged in the text) is no conflict.
    assert item2.parsed["decision"] == "Taget til efterretning med en tilføjelse"
    assert item2.title == "Digitalisering i valgperioden 2018–2021"


def test_reimporting_the_same_newer_text_again_changes_nothing(original):
    _correct_by_hand(original)
    import_text(_edited(item2_decision="Noteret"), original_name="v2.txt")
    before = snapshot_tables()

    again = import_text(_edited(item2_decision="Noteret"), original_name="v2-kopi.txt")

    assert again.status == "unchanged"
    assert snapshot_tables() == before
    assert ImportConflict.objects.count() == 1


def test_an_older_text_imported_again_is_unchanged(original):
    import_text(_edited(), original_name="v2.txt")
    before = snapshot_tables()

    assert import_text(seed_text(BALLERUP), original_name=BALLERUP).status == "unchanged"
    assert snapshot_tables() == before


def test_a_corrected_date_still_identifies_the_meeting(original):
    original.date = dt.date(2021, 10, 14)
    original.save()

    result = import_text(_edited(), original_name="v2.txt")

    assert result.status == "updated"
    assert Meeting.objects.count() == 1
    original.refresh_from_db()
    assert original.date == dt.date(2021, 10, 14)
    assert set(original.items.values_list("date", flat=True)) == {dt.date(2021, 10, 14)}
    assert original.items.get(number=3).decision == "Indstillingen godkendt med ændringer"


def _without_item(text: str, number: int, next_heading: str) -> str:
    start = text.index(f"Punkt {number}:")
    end = text.index(next_heading)
    return text[:start] + text[end:]


def test_an_item_gone_from_the_newer_text_is_deleted(original):
    item4 = original.items.get(number=4)

    result = import_text(_without_item(_edited(), 4, "Punkt 5:"), original_name="uden-punkt-4.txt")

    assert result.items_deleted == 1
    assert not AgendaItem.objects.filter(pk=item4.pk).exists()
    assert original.items.count() == 5
    assert result.conflicts == []


def test_a_corrected_item_gone_from_the_newer_text_is_kept_with_a_conflict(original):
    item4 = original.items.get(number=4)
    item4.title = "Eventuelt (rettet)"
    item4.save()

    result = import_text(_without_item(_edited(), 4, "Punkt 5:"), original_name="uden-punkt-4.txt")

    assert AgendaItem.objects.filter(pk=item4.pk).exists()
    assert [(c.item_id, c.field) for c in result.conflicts] == [(item4.pk, REMOVED_ITEM)]
    assert result.conflicts[0].corrected_value == {"number": 4, "title": "Eventuelt (rettet)"}
    assert result.conflicts[0].parsed_value is None

    # A later version still without the item does not report it a second time.
    later = _without_item(_edited(item2_decision="Noteret"), 4, "Punkt 5:")
    import_text(later, original_name="v4.txt")
    assert ImportConflict.objects.filter(field=REMOVED_ITEM).count() == 1


def test_an_item_added_by_hand_is_never_deleted(original):
    hand = AgendaItem.objects.create(meeting=original, number=99, title="Tilføjet af sekretariatet")

    import_text(_edited(), original_name="v2.txt")

    assert AgendaItem.objects.filter(pk=hand.pk).exists()


def test_corrected_sections_are_kept_and_untouched_ones_replaced(original):
    item1 = original.items.get(number=1)
    decision = item1.sections.get(kind="decision")
    decision.text = "Taget til efterretning (rettet)"
    decision.save()
    item3 = original.items.get(number=3)

    import_text(_edited(), original_name="v2.txt")

    assert item1.sections.get(kind="decision").text == "Taget til efterretning (rettet)"
    assert item3.sections.get(kind="decision").text == "Indstillingen godkendt med ændringer"


def test_an_updated_item_is_reindexed(original, monkeypatch):
    from django.contrib.postgres.search import SearchQuery

    from meetings.importing import write

    calls = []
    monkeypatch.setattr(
        write.search,
        "reindex_items",
        lambda ids, counted=None: calls.append((set(ids), counted or {})),
    )
    import_text(_edited(), original_name="v2.txt")

    item3 = original.items.get(number=3)
    [(ids, counted)] = calls
    if connection.vendor == "postgresql":
        # The item's UPDATE wrote its vector; its words (only its) go to the vocabulary.
        assert ids == set() and counted["ændringer"] == 1
        changed = SearchQuery("ændringer", config="danish")
        assert AgendaItem.objects.filter(search_vector=changed).get() == item3
    else:
        assert ids == {item3.pk}


def test_dry_run_of_a_newer_version_reports_conflicts_and_writes_nothing(original):
    _correct_by_hand(original)
    before = snapshot_tables()

    result = import_text(_edited(item2_decision="Noteret"), original_name="v2.txt", dry_run=True)

    assert result.status == "updated"
    assert [c.field for c in result.conflicts] == ["decision"]
    assert snapshot_tables() == before


def test_correction_history_shows_importer_and_person(original):
    item2, _ = _correct_by_hand(original)
    import_text(_edited(item2_decision="Noteret"), original_name="v2.txt")

    reasons = list(item2.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons[0] == (f"Indlæst fra {BALLERUP}",)
    assert reasons[-1] == ("Indlæst fra v2.txt",)


def test_duplicate_item_numbers_fail_cleanly(ballerup):
    text = seed_text(BALLERUP).replace("Punkt 4: Eventuelt", "Punkt 3: Eventuelt")

    with pytest.raises(ImportFailed) as failure:
        import_text(text, original_name="dobbelt.txt")

    assert "Punkt 3 står to gange" in str(failure.value)
    assert not Meeting.objects.exists()
