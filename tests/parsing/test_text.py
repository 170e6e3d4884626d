"""Normalisation: line endings, odd spaces, markdown, page furniture, hyphenation."""

from __future__ import annotations

from meetings.parsing import parse
from meetings.parsing.text import normalise

BASE = """\
REFERAT Økonomiudvalget d. 13-10-2021

Mødedato Onsdag d. 13. oktober 2021 kl. 16:30

Mødested Rådhuset

Punkt 1: Digitalisering

Sagsfremstilling

Kommunen vil gøre det muligt at søge digi-
talt, og borgerne kan følge sagen.

Beslutning

Godkendt.
"""


def _texts(doc):
    return [
        (i.title, [(s.heading, s.text) for s in i.sections], i.decision)
        for i in doc.meetings[0].items
    ]


def test_hyphenated_word_across_lines_is_joined():
    section = parse(BASE).meetings[0].items[0].sections[0]
    assert (
        section.text
        == "Kommunen vil gøre det muligt at søge digitalt, og borgerne kan følge sagen."
    )


def test_crlf_cr_bom_and_nbsp_parse_like_plain_text():
    plain = parse(BASE)
    variants = [
        BASE.replace("\n", "\r\n"),
        BASE.replace("\n", "\r"),
        "\ufeff" + BASE,
        BASE.replace(" ", "\u00a0", 5).replace("Rådhuset", "Rådhuset\u200b"),
        BASE.replace("\n\n", "\n\n\n\n"),
        BASE.replace("\n", " \t\n"),
    ]
    for variant in variants:
        assert parse(variant).to_dict(with_text=True) == plain.to_dict(with_text=True), repr(
            variant[:40]
        )


def test_original_line_numbers_survive_crlf_and_joins():
    doc = parse(BASE.replace("\n", "\r\n"))
    assert doc.meetings[0].line == 1
    assert doc.meetings[0].items[0].line == 7


def test_page_footer_in_the_middle_of_a_paragraph():
    broken = BASE.replace("digi-\ntal", "digi-\n\n28. juli 2020\nSide 2 af 3\n\ntal").replace(
        "kan følge", "kan\n\nSide 3 af 3\n\nfølge"
    )
    assert _texts(parse(broken)) == _texts(parse(BASE))


def test_paragraph_broken_by_a_page_break_is_joined():
    broken = BASE.replace("muligt at søge", "muligt at\n\f\nsøge")
    assert _texts(parse(broken)) == _texts(parse(BASE))


def test_running_header_repeated_at_page_breaks_is_removed():
    pages = [
        "Punkt 1: Digitalisering\n\nSagsfremstilling\n\nFørste side tekst.",
        "Mere tekst på side to.",
        "Beslutning\n\nGodkendt.",
        "Punkt 2: Eventuelt\n\nBeslutning\n\nIntet.",
    ]
    header = "REFERAT Økonomiudvalget d. 13-10-2021\n\nMødedato Onsdag d. 13. oktober 2021\n\n"
    running = "Økonomiudvalget, referat 13. oktober 2021"
    text = header + "".join(
        f"{running}\n\n{page}\n\nSide {n} af {len(pages)}\n\f" for n, page in enumerate(pages, 1)
    )
    doc = parse(text)
    items = doc.meetings[0].items
    assert [i.title for i in items] == ["Digitalisering", "Eventuelt"]
    assert items[0].sections[0].text == "Første side tekst.\n\nMere tekst på side to."
    assert items[0].decision == "Godkendt."


def test_markdown_marks_are_removed_and_headings_remembered():
    norm = normalise("# **Punkt 1: Budget**\n\nTekst med **fed** skrift\n\n## Beslutning")
    assert norm.lines == ["Punkt 1: Budget", "", "Tekst med fed skrift", "", "Beslutning"]
    assert norm.md == [True, False, False, False, True]
    assert norm.linenos == [1, 2, 3, 4, 5]


def test_social_og_hyphen_is_kept_before_og():
    norm = normalise("Social-\nog Beskæftigelsesudvalget")
    assert norm.lines == ["Social- og Beskæftigelsesudvalget"]


def test_lines_after_headings_are_not_joined():
    norm = normalise("Sagens forløb\n\nder var engang")
    assert norm.lines == ["Sagens forløb", "", "der var engang"]


def test_control_characters_and_zero_width_spaces_are_dropped():
    norm = normalise("Be\x00slut\u200bning\x07")
    assert norm.lines == ["Beslutning"]
