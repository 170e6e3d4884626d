"""The correction rule compares after normalisation: format-only differences are no correction."""

from __future__ import annotations

from meetings.corrections import MISSING, corrected_fields, merge_field, normalise_text, same
from meetings.corrections.diff import word_diff


def test_line_endings_nbsp_trailing_spaces_and_nfc_are_not_a_change():
    stored = "Indstillingen godkendt.\n\nSagen sendes videre."
    sent = "Indstillingen\u00a0godkendt.  \r\n\r\nSagen sendes videre. "
    assert same(stored, sent)
    assert same("café", "cafe\u0301")
    assert not same("Indstillingen godkendt.", "Indstillingen ikke godkendt.")


def test_merge_field_takes_the_new_parse_when_only_the_format_differs():
    merged = merge_field("Linje 1\r\nLinje 2 ", "Linje 1\nLinje 2", "Linje 1\nLinje 2 ny")
    assert merged.value == "Linje 1\nLinje 2 ny"
    assert not merged.corrected and not merged.conflict


def test_merge_field_keeps_a_real_correction_and_reports_a_conflict():
    merged = merge_field("Rettet titel", "Gammel titel", "Ny titel")
    assert merged.value == "Rettet titel" and merged.corrected and merged.conflict
    assert not merge_field("Rettet titel", "Gammel titel", "Gammel titel").conflict
    assert merge_field("Håndlavet", MISSING, "Ny").conflict


def test_sections_compare_normalised_inside_lists():
    snapshot = {"sections": [["Beslutning", "decision", "Godkendt.\nTak."]]}
    current = {"sections": [["Beslutning", "decision", "Godkendt.\r\nTak.  "]]}
    assert corrected_fields(current, snapshot, ["sections"]) == []
    current["sections"][0][2] = "Ikke godkendt."
    assert corrected_fields(current, snapshot, ["sections"]) == ["sections"]


def test_normalise_text_collapses_blank_runs_and_keeps_paragraphs():
    assert normalise_text("a\r\n\r\n\r\n\r\nb\u200b") == "a\n\nb"


def test_word_diff_marks_words_and_escapes():
    html = word_diff("Byrådet godkender <b>planen</b>", "Byrådet afviser <b>planen</b>")
    assert "<del>godkender</del>" in html and "<ins>afviser</ins>" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
