"""Hand-written minutes in shapes the corpus does not print exactly: the parser reads the
family of layouts, not the files it was tested on."""

from __future__ import annotations

import datetime as dt

from meetings.parsing import parse


def test_numbered_items_under_labelled_header():
    doc = parse(
        "Referat\nTeknik- og Miljøudvalget\nMødedato: 12. maj 2021, kl. 15.00\n"
        "Mødested: Rådhuset, lokale 3\nFraværende: Ole Hansen (V)\n\n"
        "1. Godkendelse af dagsorden\nBeslutning:\nGodkendt.\n\n"
        "2. Trafikplan\nSagsnr.: 21/1234\nBeslutning:\nVedtaget.\n"
    )
    meeting = doc.meetings[0]
    assert (meeting.body, meeting.date, meeting.start_time) == (
        "Teknik- og Miljøudvalget",
        dt.date(2021, 5, 12),
        dt.time(15),
    )
    assert [p.name for p in meeting.absent] == ["Ole Hansen"]
    assert [(i.number, i.title, i.decision) for i in meeting.items] == [
        (1, "Godkendelse af dagsorden", "Godkendt."),
        (2, "Trafikplan", "Vedtaget."),
    ]


def test_dagsordenspunkt_with_closed_prefix_in_an_agenda():
    doc = parse(
        "DAGSORDEN\nSocial- og Sundhedsudvalget\nTorsdag den 6. maj 2021 kl. 16:00\n"
        "Byrådssalen\n\nDagsordenspunkt 5 - Lukket: Køb af jord\nSagsnr. 21/555\n"
        "Indstilling\nDirektøren indstiller, at købet godkendes.\n\n"
        "Dagsordenspunkt 6: Eventuelt\n"
    )
    meeting = doc.meetings[0]
    assert (meeting.kind, meeting.location) == ("dagsorden", "Byrådssalen")
    assert [(i.number, i.title, i.closed) for i in meeting.items] == [
        (5, "Køb af jord", True),
        (6, "Eventuelt", False),
    ]
    assert all(i.decision is None for i in meeting.items)


def test_sag_numbering_with_dated_decisions_and_web_date():
    doc = parse(
        "Udvalg: Kultur- og Fritidsudvalget\nDato: 12-05-2021 15:00:00\nSted: Kulturhuset\n\n"
        "Sag 12 Godkendelse af dagsorden\n"
        "Beslutning Økonomiudvalget den 03-05-2021\nAnbefales.\n"
        "Beslutning Kultur- og Fritidsudvalget den 12-05-2021\nGodkendt.\n"
        "Sag 13 Tilskud (Lukket)\nBeslutning Kultur- og Fritidsudvalget den 12-05-2021\n"
        "Bevilget.\n"
    )
    meeting = doc.meetings[0]
    assert (meeting.body, meeting.date, meeting.start_time, meeting.location) == (
        "Kultur- og Fritidsudvalget",
        dt.date(2021, 5, 12),
        dt.time(15),
        "Kulturhuset",
    )
    assert [(i.number, i.closed, i.decision) for i in meeting.items] == [
        (12, False, "Godkendt."),
        (13, True, "Bevilget."),
    ]


def test_printed_date_is_a_decoy_and_headingless_minutes_are_decisions():
    doc = parse(
        "Kommunalbestyrelsen\nReferat fra mødet den 4. februar 2021 kl. 19.00\n"
        "Udskrevet 5. februar 2021\n\nPkt. 1 Godkendelse af dagsorden\nGodkendt.\n\n"
        "Pkt. 2 Budget\nVedtaget med 15 stemmer.\n"
    )
    meeting = doc.meetings[0]
    assert (meeting.body, meeting.date, meeting.kind) == (
        "Kommunalbestyrelsen",
        dt.date(2021, 2, 4),
        "referat",
    )
    assert [i.decision for i in meeting.items] == ["Godkendt.", "Vedtaget med 15 stemmer."]


def test_a_date_without_a_body_keeps_its_meeting_flagged():
    doc = parse("Referat\n\nMødedato: 3. marts 2020\n\nPunkt 1: Godkendelse af dagsorden\n")
    meeting = doc.meetings[0]
    assert meeting.date == dt.date(2020, 3, 3)
    assert meeting.body == ""
    assert "body_missing" in meeting.flags
    assert [i.title for i in meeting.items] == ["Godkendelse af dagsorden"]


def test_a_bare_agenda_list_gives_items_from_contents():
    doc = parse(
        "Dagsorden\nØkonomiudvalget\nMødedato: 3. marts 2020\n\nDagsorden:\n"
        "1. Godkendelse af dagsorden\n2. Budget 2021\n3. Eventuelt\n"
    )
    meeting = doc.meetings[0]
    assert [(i.number, i.title) for i in meeting.items] == [
        (1, "Godkendelse af dagsorden"),
        (2, "Budget 2021"),
        (3, "Eventuelt"),
    ]
    assert "items_from_contents" in meeting.flags


def test_capitals_header_with_place_in_the_date_sentence_and_nobody_absent():
    """A council referat in capitals: the municipality, the body and the kind each on their own
    line, then one sentence with date, time and place; "Fraværende: Ingen" names nobody."""
    doc = parse(
        "SKANDERBORG KOMMUNE\nBYRÅDET\nREFERAT\n"
        "Ordinært møde onsdag den 25. marts 2020 kl. 19.00 i Byrådssalen\n\n"
        "Fraværende: Ingen\n\n"
        "PUNKT 1. MEDDELELSER\nBeslutning i Byrådet den 25. marts 2020:\n"
        "Taget til efterretning.\n\n"
        "PUNKT 2. BUDGETOPFØLGNING\nSagsid: 19/23456\n"
        "Beslutning i Økonomiudvalget den 18. marts 2020:\nAnbefales.\n"
        "Beslutning i Byrådet den 25. marts 2020:\nGodkendt.\n\n"
        "PUNKT 3. SALG AF GRUND (LUKKET PUNKT)\n"
    )
    assert doc.municipality == "Skanderborg Kommune"
    meeting = doc.meetings[0]
    assert (meeting.body, meeting.date, meeting.start_time, meeting.location) == (
        "Byrådet",
        dt.date(2020, 3, 25),
        dt.time(19),
        "Byrådssalen",
    )
    assert not meeting.absent and not meeting.participants
    assert [(i.number, i.closed, i.decision) for i in meeting.items] == [
        (1, False, "Taget til efterretning."),
        (2, False, "Godkendt."),
        (3, True, None),
    ]


def test_a_people_field_that_names_nobody():
    for nobody in ("Ingen", "Ingen.", "Intet", "ingen afbud", "-", "Alle var mødt"):
        doc = parse(
            "Referat\nSkoleudvalget\nMødedato: 3. juni 2021 kl. 16.00\n"
            f"Deltagere: Anne Vinter (A), Bo Lund (V)\nAfbud: {nobody}\n\n"
            "1. Godkendelse af dagsorden\nBeslutning:\nGodkendt.\n"
        )
        meeting = doc.meetings[0]
        assert not meeting.absent, nobody
        assert [p.name for p in meeting.participants] == ["Anne Vinter", "Bo Lund"], nobody


def test_minutes_without_item_headings_become_one_flagged_item():
    """Nothing of the minutes is lost when they have no item headings: the text under the
    header is one item, and the meeting says so (no_item_headings) for the clerk."""
    doc = parse(
        "Referat\nÆldrerådet\nMødedato: 14. april 2021 kl. 10.00\nMødested: Rådhuset\n\n"
        "Rådet drøftede det kommende budget og bad om en status på hjemmeplejen.\n"
        "Formanden orienterede om mødet med borgmesteren.\n"
    )
    meeting = doc.meetings[0]
    assert meeting.flags == ("no_item_headings",)
    assert (meeting.body, meeting.location) == ("Ældrerådet", "Rådhuset")
    [item] = meeting.items
    assert (item.number, item.title, item.closed) == (1, "Mødets referat", False)
    assert item.decision.startswith("Rådet drøftede det kommende budget")
    assert item.decision.endswith("mødet med borgmesteren.")


def test_a_header_alone_still_has_no_items():
    doc = parse("Dagsorden\nÆldrerådet\nMødedato: 14. april 2021 kl. 10.00\nMødested: Rådhuset\n")
    meeting = doc.meetings[0]
    assert meeting.items == () and "no_items" in meeting.flags
