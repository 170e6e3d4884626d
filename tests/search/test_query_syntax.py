"""The search syntax (websearch) and highlighting, without a database."""

from __future__ import annotations

from meetings.search import (
    Term,
    analyse,
    fts5_expression,
    highlight_all,
    highlight_snippet,
    parse_query,
)


def test_analyse_stems_lowercases_and_drops_stop_words():
    assert analyse("Valglisterne og møderne i Kommunen") == ["valglist", "mød", "kommun"]
    assert analyse("Budgettet 2022, covid19") == ["budget", "2022", "covid19"]


def test_words_are_anded_and_or_separates_alternatives():
    parsed = parse_query("digitale møder or valglister")
    assert parsed.alternatives == (
        (Term(("digital",)), Term(("mød",))),
        (Term(("valglist",)),),
    )
    assert fts5_expression(parsed) == '("digital" AND "mød") OR ("valglist")'


def test_phrase_and_exclusion():
    parsed = parse_query('"digitale møder" -venstre')
    assert parsed.alternatives == ((Term(("digital", "mød")), Term(("venstr",), negated=True)),)
    assert fts5_expression(parsed) == '(("digital mød") NOT ("venstr"))'
    assert parsed.highlight_stems == {"digital", "mød"}


def test_hyphenated_word_is_a_phrase_and_quotes_cannot_break_out():
    assert parse_query("IT-strategi").alternatives == ((Term(("it", "strategi")),),)
    assert fts5_expression(parse_query('"a" OR "b" NEAR(x y) *')) == (
        '("a") OR ("b" AND "near x" AND "y")'
    )


def test_unterminated_quote_is_a_phrase_to_the_end():
    assert parse_query('"digitale møder').alternatives == ((Term(("digital", "mød")),),)


def test_problems_are_explained_in_danish():
    assert "ingen ord" in parse_query("og i at").problem
    assert "minus" in parse_query("-venstre").problem
    assert "minus" in parse_query("budget or -venstre").problem
    assert parse_query("budget -venstre").problem == ""


def test_highlight_all_escapes_and_marks_matching_stems():
    stems = parse_query("valgliste").highlight_stems
    html = highlight_all("<b>Valglister</b> & valglisterne", stems)
    assert html == "&lt;b&gt;<mark>Valglister</mark>&lt;/b&gt; &amp; <mark>valglisterne</mark>"


def test_snippet_is_a_window_around_the_matches():
    text = " ".join(f"ord{n}" for n in range(100)) + " Valglisterne blev godkendt. " + "slut " * 50
    html = highlight_snippet(text, parse_query("valgliste").highlight_stems, chars=80)
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert "<mark>Valglisterne</mark> blev godkendt" in html
    assert "ord10 " not in html


def test_snippet_without_matches_is_the_start_of_the_text():
    html = highlight_snippet("Første ord <i>her</i> og så videre", frozenset({"xyz"}), chars=12)
    assert html == "Første ord &lt;i&gt;her&lt;/i&gt; …"


def test_snippet_marks_every_form_of_the_word_and_nothing_else():
    stems = parse_query("møde").highlight_stems
    html = highlight_snippet("Mødet og møderne, men ikke mødested eller MØDER.", stems)
    assert html == (
        "<mark>Mødet</mark> og <mark>møderne</mark>, men ikke mødested eller <mark>MØDER</mark>."
    )
