"""Hand-written minutes in layouts the seeds do not cover."""

from __future__ import annotations

import datetime as dt

from meetings.parsing import parse

from .helpers import decision_start, person_label

PKT_LAYOUT = """\
Økonomiudvalget
Referat
Onsdag den 13-okt-2021 kl. 16.30
Mødested: Rådhuset, mødelokale 2
Deltagere: Anna Hansen (A), formand, Bo Jensen (V), Carl Olsen (F)
Afbud: Dorte Lund (C)
Karen Holm (V) meldt forfald

Pkt. 42 Godkendelse af dagsorden
Sagsnr. 21/12345
Beslutning
Godkendt.

Pkt. 44 Budget 2022 (Lukket)
Beslutning
Drøftet.

Pkt. 43 Meddelelser
Indstilling
Forvaltningen indstiller, at orienteringen tages til efterretning.
Beslutning
Taget til efterretning.

Lukkede punkter

Pkt. 45 Personalesag
Beslutning
Godkendt.

Mødet hævet kl. 18.10
"""


def test_pkt_headings_keep_printed_numbers_out_of_order():
    meeting = parse(PKT_LAYOUT).meetings[0]
    assert [i.number for i in meeting.items] == [42, 44, 43, 45]
    assert [i.title for i in meeting.items] == [
        "Godkendelse af dagsorden",
        "Budget 2022",
        "Meddelelser",
        "Personalesag",
    ]


def test_pkt_layout_header():
    meeting = parse(PKT_LAYOUT).meetings[0]
    assert meeting.body == "Økonomiudvalget"
    assert meeting.kind == "referat"
    assert meeting.date == dt.date(2021, 10, 13)
    assert meeting.start_time == dt.time(16, 30)
    assert meeting.end_time == dt.time(18, 10)
    assert meeting.location == "Rådhuset, mødelokale 2"


def test_participants_with_party_and_role_after_comma():
    meeting = parse(PKT_LAYOUT).meetings[0]
    assert [person_label(p) for p in meeting.participants] == [
        "Anna Hansen (A)",
        "Bo Jensen (V)",
        "Carl Olsen (F)",
    ]
    assert meeting.participants[0].role == "formand"


def test_afbud_line_and_meldt_forfald_make_absentees():
    meeting = parse(PKT_LAYOUT).meetings[0]
    assert [person_label(p) for p in meeting.absent] == ["Dorte Lund (C)", "Karen Holm (V)"]


def test_closed_from_title_marker_and_group_heading():
    items = parse(PKT_LAYOUT).meetings[0].items
    assert [i.closed for i in items] == [False, True, False, True]


def test_meeting_end_line_is_not_item_text():
    item = parse(PKT_LAYOUT).meetings[0].items[-1]
    assert item.decision == "Godkendt."


def test_case_number_after_pkt_heading():
    item = parse(PKT_LAYOUT).meetings[0].items[0]
    assert [(c.value, c.scheme) for c in item.case_numbers] == [("21/12345", "esdh")]


NUMBERED_LAYOUT = """\
Dagsorden
Kultur- og Fritidsudvalget
13. oktober 2021
Sted: Kulturhuset

1. Godkendelse af dagsorden

Indstilling:
Dagsordenen godkendes.

2. Tilskud til foreninger

Sagsfremstilling
Der er kommet følgende ansøgninger:

1. Ansøgning fra Boldklubben.
2. Ansøgning fra Spejderne.

Indstilling
Forvaltningen indstiller, at
1. at tilskud bevilges

3. Eventuelt
"""


def test_numbered_items_where_the_layout_uses_them():
    doc = parse(NUMBERED_LAYOUT)
    meeting = doc.meetings[0]
    assert meeting.body == "Kultur- og Fritidsudvalget"
    assert meeting.date == dt.date(2021, 10, 13)
    assert meeting.location == "Kulturhuset"
    assert meeting.kind == "dagsorden"
    assert [(i.number, i.title) for i in meeting.items] == [
        (1, "Godkendelse af dagsorden"),
        (2, "Tilskud til foreninger"),
        (3, "Eventuelt"),
    ]
    assert [s.heading for s in meeting.items[1].sections] == ["Sagsfremstilling", "Indstilling"]
    assert all(i.decision is None for i in meeting.items)


def test_numbered_lists_inside_punkt_items_are_not_items():
    text = """\
REFERAT Teknik- og Miljøudvalget d. 01-02-2022

Mødedato Tirsdag d. 1. februar 2022 kl. 15:00

Punkt 1: Meddelelser

1. Status på vejarbejder.

2. Orientering om affaldsordning

Beslutning

Taget til efterretning.

Punkt 2: Eventuelt

Beslutning

Intet.
"""
    items = parse(text).meetings[0].items
    assert [(i.number, i.title) for i in items] == [(1, "Meddelelser"), (2, "Eventuelt")]
    assert items[0].text.startswith("1. Status på vejarbejder.")


def test_numbering_starting_at_42():
    text = """\
REFERAT Byrådet d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 19:00

Punkt 42: Godkendelse af dagsorden

Beslutning

Godkendt.

Punkt 43: Regnskab 2020

Beslutning

Godkendt.
"""
    items = parse(text).meetings[0].items
    assert [i.number for i in items] == [42, 43]


LUKKET_LAYOUT = """\
Referat af møde i Børne- og Ungeudvalget
Mødedato: 2021-10-13
Mødetid: 16:00 - 18:30
Mødested: Byrådssalen
Fraværende: Peter Møller (Ø)

Punkt 3 (Lukket): Sag om skoledistrikter

Punkt 1: Orientering

Resumé
Orientering om <script>alert(1)</script> og andet.

Beslutning
Taget til efterretning.

Punkt 2: Åben: Trafiksikkerhed
"""


def test_punkt_n_lukket_heading():
    meeting = parse(LUKKET_LAYOUT).meetings[0]
    first = meeting.items[0]
    assert (first.number, first.title, first.closed) == (3, "Sag om skoledistrikter", True)
    assert (meeting.items[2].title, meeting.items[2].closed) == ("Trafiksikkerhed", False)


def test_referat_af_moede_i_header_with_iso_date_and_time_range():
    meeting = parse(LUKKET_LAYOUT).meetings[0]
    assert meeting.body == "Børne- og Ungeudvalget"
    assert meeting.date == dt.date(2021, 10, 13)
    assert (meeting.start_time, meeting.end_time) == (dt.time(16), dt.time(18, 30))
    assert meeting.location == "Byrådssalen"
    assert [person_label(p) for p in meeting.absent] == ["Peter Møller (Ø)"]


def test_html_like_text_is_kept_as_plain_text():
    item = parse(LUKKET_LAYOUT).meetings[0].items[1]
    assert item.sections[0].text == "Orientering om <script>alert(1)</script> og andet."


def _one_meeting(date_line: str):
    text = f"""\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato {date_line}

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt.
"""
    return parse(text).meetings[0]


def test_date_styles():
    for line, expected_start in [
        ("13. oktober 2021", None),
        ("13.10.2021 kl. 16.30", dt.time(16, 30)),
        ("2021-10-13 16:30", dt.time(16, 30)),
        ("Onsdag den 13-okt-2021 kl. 16.30", dt.time(16, 30)),
        ("Onsdag d. 13. okt. 2021, kl. 9", dt.time(9)),
    ]:
        meeting = _one_meeting(line)
        assert meeting.date == dt.date(2021, 10, 13), line
        assert meeting.start_time == expected_start, line


def test_unreadable_date_gives_a_warning_with_the_original_line():
    text = """\
Økonomiudvalget
13-10-2021

Mødested: Rådhuset
Mødedato: 31. februar 2021

Punkt 1: Godkendelse af dagsorden
"""
    doc = parse(text)
    assert doc.meetings[0].date == dt.date(2021, 10, 13)
    assert any(
        w.line == 5
        and w.message.startswith("Kunne ikke læse datoen i »Mødedato: 31. februar 2021«")
        for w in doc.warnings
    )


def test_no_meeting_found_is_a_warning():
    doc = parse("Bare en tekst uden møder.\n\nOg et afsnit mere.")
    assert doc.meetings == ()
    assert len(doc.warnings) == 1
    assert doc.warnings[0].message.startswith("Ingen møder fundet i teksten.")
    assert doc.warnings[0].line == 1


def test_item_heading_without_number_is_a_warning():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Punkt 1: Godkendelse af dagsorden

Punkt: Eventuelt
"""
    doc = parse(text)
    assert any(
        w.line == 7 and w.message.startswith("Punktoverskrift uden nummer: »Punkt: Eventuelt«")
        for w in doc.warnings
    )


def test_text_before_the_first_meeting_is_a_warning():
    text = """\
Noget løst tekst før mødet.

REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Punkt 1: Godkendelse af dagsorden
"""
    doc = parse(text)
    assert [w.line for w in doc.warnings] == [1]
    assert doc.warnings[0].message.startswith("Teksten før første møde kunne ikke placeres")


def test_substitute_is_a_participant_and_a_substitute():
    text = """\
REFERAT Social- og Sundhedsudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Mødedeltagere Anna Hansen (A), Bo Jensen (V)

Information: Carl Olsen (F) deltager ikke. Dorte Lund (F) deltager som stedfortræder.

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt.
"""
    meeting = parse(text).meetings[0]
    assert [person_label(p) for p in meeting.participants] == [
        "Anna Hansen (A)",
        "Bo Jensen (V)",
        "Dorte Lund (F)",
    ]
    assert [person_label(p) for p in meeting.absent] == ["Carl Olsen (F)"]
    assert [person_label(p) for p in meeting.substitutes] == ["Dorte Lund (F)"]


def test_udvalgets_beslutning_is_the_decision_and_history_is_not():
    text = """\
REFERAT Byrådet d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 19:00

Punkt 5: Lokalplan 1234

27.00.00-P16-1-21

Tidligere behandling

Økonomiudvalget d. 5. oktober 2021, punkt 3

Sagsnr. 20/111 blev behandlet sammen med denne sag.

Økonomiudvalgets beslutning

Anbefales.

Byrådets beslutning

Vedtaget.

Bilag

- Lokalplanforslag.pdf
- Høringssvar.pdf
"""
    item = parse(text).meetings[0].items[0]
    assert item.decision == "Vedtaget."
    assert [s.kind for s in item.sections] == ["history", "decision", "decision", "attachments"]
    assert [(c.value, c.scheme) for c in item.case_numbers] == [("27.00.00-P16-1-21", "kle")]
    assert [a.title for a in item.attachments] == ["Lokalplanforslag.pdf", "Høringssvar.pdf"]


def test_dagsorden_has_no_decisions():
    text = """\
DAGSORDEN Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt.
"""
    meeting = parse(text).meetings[0]
    assert meeting.kind == "dagsorden"
    assert meeting.items[0].decision is None


def test_beslutning_ikke_frigivet_is_no_decision():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Punkt 1: Budget

Beslutning

Beslutning ikke frigivet
"""
    assert parse(text).meetings[0].items[0].decision is None


def test_punkt_with_title_on_the_next_line():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Punkt 1

Godkendelse af dagsorden

Beslutning

Godkendt.
"""
    item = parse(text).meetings[0].items[0]
    assert (item.number, item.title, decision_start(item.decision)) == (
        1,
        "Godkendelse af dagsorden",
        "Godkendt.",
    )


def test_markdown_toc_table_and_markdown_headings():
    text = """\
# DAGSORDEN Klimaudvalget d. 02-03-2022

**Mødedato** Onsdag d. 2. marts 2022 kl. 17:00

## Indhold

| Punkt | Side |
|---|---|
| Punkt 1: Klimaplan..... | 2 |
| Punkt 2: Eventuelt..... | 3 |

# **Punkt 1: Klimaplan**

## **Sagsfremstilling**

Planen skal **vedtages** i år.

### **Særlige forhold**

Ingen.

# **Punkt 2: Eventuelt**
"""
    doc = parse(text)
    meeting = doc.meetings[0]
    assert meeting.body == "Klimaudvalget"
    assert [(i.number, i.title) for i in meeting.items] == [(1, "Klimaplan"), (2, "Eventuelt")]
    sections = meeting.items[0].sections
    assert [(s.heading, s.kind) for s in sections] == [
        ("Sagsfremstilling", "presentation"),
        ("Særlige forhold", "other"),
    ]
    assert sections[0].text == "Planen skal vedtages i år."


def test_dotted_toc_is_not_items():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Indholdsfortegnelse

Punkt 1: Godkendelse af dagsorden.....\t3
Punkt 2: Budget 2022, 2. behandling.....\t4

Punkt 1: Godkendelse af dagsorden

Punkt 2: Budget 2022, 2. behandling
"""
    items = parse(text).meetings[0].items
    assert [(i.number, i.line) for i in items] == [(1, 10), (2, 12)]


def test_municipality_from_raadhus_and_most_frequent_name():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødested Byrådssalen, Odense Rådhus

Punkt 1: Samarbejde med Svendborg Kommune

Odense Kommune og Svendborg Kommune samarbejder. Odense Kommunes andel er størst.
"""
    assert parse(text).municipality == "Odense Kommune"


def test_municipality_is_not_inferred_from_case_numbers():
    text = """\
REFERAT Direktionen d. 02-06-2020

Mødedato Tirsdag d. 02. juni 2020 kl. 11:30

Punkt 1: Orientering

Sagsnr.: 326-2015-4892
"""
    assert parse(text).municipality is None


def test_genitive_municipality_names():
    assert parse("Mødet holdes på Københavns Rådhus.").municipality == "Københavns Kommune"
    assert parse("Nordfyns Kommune og Bornholms Regionskommune").municipality == (
        "Nordfyns Kommune"
    )


EG_LAYOUT = """\
Kommunalbestyrelsen
Referat
Dato: 28. oktober 2021
Tidspunkt: 17:00 - 19:30
Sted: Byrådssalen, Rådhuset

Fraværende: Jens Jensen (A)
Stedfortræder: Anne Andersen (A)

Indholdsfortegnelse
1. Godkendelse af dagsorden 3
2. Budget 2022 4
3. Lukket punkt: Køb af ejendom 6

1. Godkendelse af dagsorden
Sagsnr.: 00.22.04-A00-1-21

Sagsfremstilling
Dagsordenen forelægges til godkendelse.

Beslutning i Kommunalbestyrelsen den 28. oktober 2021
Godkendt.

2. Budget 2022
Sagsnr.: 00.30.14-S00-1-21

Resume
Budgettet forelægges til 2. behandling.

Indstilling
Kommunaldirektøren indstiller, at
1. budgettet vedtages
2. skatteprocenten fastholdes

Beslutning i Økonomiudvalget den 20. oktober 2021
Anbefales.

Beslutning i Kommunalbestyrelsen den 28. oktober 2021
Vedtaget.

Bilag
Budgetforslag 2022 (Dok.nr. 123456/21)
Høringssvar (Dok.nr. 123457/21)

3. Lukket punkt: Køb af ejendom

Beslutning i Kommunalbestyrelsen den 28. oktober 2021
Godkendt.

Mødet hævet kl. 19.25
"""


def test_eg_layout_header_numbered_toc_and_substitute():
    meeting = parse(EG_LAYOUT).meetings[0]
    assert (meeting.body, meeting.kind, meeting.date) == (
        "Kommunalbestyrelsen",
        "referat",
        dt.date(2021, 10, 28),
    )
    assert (meeting.start_time, meeting.end_time) == (dt.time(17), dt.time(19, 30))
    assert meeting.location == "Byrådssalen, Rådhuset"
    assert [person_label(p) for p in meeting.absent] == ["Jens Jensen (A)"]
    assert [person_label(p) for p in meeting.substitutes] == ["Anne Andersen (A)"]
    assert [(i.number, i.title, i.closed) for i in meeting.items] == [
        (1, "Godkendelse af dagsorden", False),
        (2, "Budget 2022", False),
        (3, "Køb af ejendom", True),
    ]


def test_dated_decision_headings_pick_this_meetings_decision():
    items = parse(EG_LAYOUT).meetings[0].items
    assert [i.decision for i in items] == ["Godkendt.", "Vedtaget.", "Godkendt."]
    assert [s.kind for s in items[1].sections] == [
        "summary",
        "recommendation",
        "decision",
        "decision",
        "attachments",
    ]


def test_document_numbers_in_attachment_titles_become_case_numbers():
    item = parse(EG_LAYOUT).meetings[0].items[1]
    assert [a.title for a in item.attachments] == ["Budgetforslag 2022", "Høringssvar"]
    assert [(c.value, c.scheme) for c in item.case_numbers] == [
        ("00.30.14-S00-1-21", "kle"),
        ("123456/21", "document"),
        ("123457/21", "document"),
    ]


def test_participants_listed_on_following_lines():
    text = """\
REFERAT Skoleudvalget d. 01-03-2022

Mødedato Tirsdag d. 1. marts 2022 kl. 17:00

Deltagere:
Anna Hansen (A), formand
Bo Jensen (V)
Afbud:
Carl Olsen (F)

Punkt 1: Godkendelse af dagsorden
"""
    meeting = parse(text).meetings[0]
    assert [(p.name, p.party, p.role) for p in meeting.participants] == [
        ("Anna Hansen", "A", "formand"),
        ("Bo Jensen", "V", None),
    ]
    assert [person_label(p) for p in meeting.absent] == ["Carl Olsen (F)"]


def test_dates_and_referat_titles_inside_items_do_not_start_meetings():
    text = """\
REFERAT Teknik- og Miljøudvalget d. 01-02-2022

Mødedato Tirsdag d. 1. februar 2022 kl. 15:00

Mødested Rådhuset

Punkt 1: Høring om trafikplan

Høringsfrist
15. marts 2022

Notat
Dato: 12. januar 2022

Bilag

Referat fra mødet den 17. januar 2022
Tid: 14.30 – 14.33

Punkt 2: Eventuelt

Beslutning

Intet.
"""
    doc = parse(text)
    assert len(doc.meetings) == 1
    items = doc.meetings[0].items
    assert [i.number for i in items] == [1, 2]
    assert [a.title for a in items[0].attachments] == ["Referat fra mødet den 17. januar 2022"]


def test_two_meetings_in_one_file():
    text = """\
REFERAT Økonomiudvalget d. 05-10-2021

Mødedato Tirsdag d. 5. oktober 2021 kl. 16:00

Punkt 1: Budget 2022

Beslutning

Anbefales.

REFERAT Byrådet d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 19:00

Punkt 1: Budget 2022

Beslutning

Vedtaget.
"""
    meetings = parse(text).meetings
    assert [(m.body, m.date, m.items[0].decision) for m in meetings] == [
        ("Økonomiudvalget", dt.date(2021, 10, 5), "Anbefales."),
        ("Byrådet", dt.date(2021, 10, 13), "Vedtaget."),
    ]
    assert [m.line for m in meetings] == [1, 11]


def test_unmatched_appended_memo_is_a_warning_not_an_item():
    text = """\
REFERAT Økonomiudvalget d. 05-10-2021

Mødedato Tirsdag d. 5. oktober 2021 kl. 16:00

Punkt 1: Budget 2022

Beslutning

Anbefales.

Notat

Til Borgmesteren
Fra Økonomiafdelingen
Dato 1. oktober 2021

Om noget helt andet

1. Resume

Tekst.
"""
    doc = parse(text)
    item = doc.meetings[0].items[0]
    assert [s.heading for s in item.sections] == ["Beslutning"]
    assert item.decision == "Anbefales."
    assert [w.line for w in doc.warnings] == [11]
    assert doc.warnings[0].message.startswith("Et notat (Til/Fra) med emnet »Om noget helt andet«")


def test_unlabelled_list_of_punkt_lines_above_the_items_is_not_items():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Punkt 1: Godkendelse af dagsorden
Punkt 2: Budget 2022

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt.

Punkt 2: Budget 2022

Beslutning

Anbefales.
"""
    items = parse(text).meetings[0].items
    assert [(i.number, i.decision, i.line) for i in items] == [
        (1, "Godkendt.", 8),
        (2, "Anbefales.", 14),
    ]


def test_item_heading_repeated_at_the_top_of_a_page_continues_the_item():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Punkt 1: Budget 2022

Sagsfremstilling

Første del.

Side 1 af 2
\f
Punkt 1: Budget 2022

Anden del.

Beslutning

Anbefales.
"""
    items = parse(text).meetings[0].items
    assert len(items) == 1
    assert items[0].sections[0].text == "Første del.\n\nAnden del."
    assert items[0].decision == "Anbefales."


def test_status_markers_in_titles():
    from meetings.parsing.items import parse_heading

    cases = {
        "Punkt 5: Lukket: LUKKET Status for it": ("Status for it", True),
        "Punkt 3: Lukket": ("Lukket", True),
        "Punkt 4: Åben skole i Vestbyen": ("Åben skole i Vestbyen", None),
        "Punkt 6: Åbent: Trafikplan": ("Trafikplan", False),
        "Punkt 7: Budget 2022 (Lukket)": ("Budget 2022", True),
        "Punkt 8 (Lukket): Personalesag": ("Personalesag", True),
        "Pkt. 9 Lokalplan (20/12345)": ("Lokalplan", None),
        "PUNKT 10: EVENTUELT": ("EVENTUELT", None),
    }
    for line, (title, closed) in cases.items():
        number, got_title, got_closed, _refs, _status = parse_heading(line)
        assert (got_title, got_closed) == (title, closed), line
    assert parse_heading("Pkt. 9 Lokalplan (20/12345)")[3][0].value == "20/12345"
    assert parse_heading("Punkt 3 i sagen blev drøftet") is None


def test_status_line_under_heading_and_open_group_heading():
    text = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Lukket dagsorden

Punkt 1: Personalesag

Punkt 2: Ejendomssalg

Åbne punkter

Punkt 3: Budget

Lukket

Beslutning

Godkendt.

Punkt 4: Eventuelt

Åbent

Beslutning

Intet.
"""
    items = parse(text).meetings[0].items
    assert [(i.number, i.closed) for i in items] == [(1, True), (2, True), (3, True), (4, False)]
    assert [s.heading for s in items[2].sections] == ["Beslutning"]
