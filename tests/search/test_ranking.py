"""One relevance order on both databases.

The seed minutes are imported through the import service and searched on whichever database
the suite runs on. The expected orders are PostgreSQL's (ts_rank over the weighted vector,
routine items lowered, ties newest first); the suite runs on SQLite and on PostgreSQL, so
SQLite passing them shows that its ranking (meetings/search/tsrank.py) gives the same order.
ts_rank values computed by PostgreSQL 15 pin the emulation itself (on PostgreSQL they are
recomputed live).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from meetings.importing import import_path, resolve_municipality
from meetings.models import AgendaItem
from meetings.search import parse_query, postgres, search_items, tsrank
from meetings.search.analysis import positioned

pytestmark = pytest.mark.django_db

MINUTES = Path(__file__).resolve().parents[2] / "fixtures" / "minutes"

# The first 40 characters of the titles of the first hits, in PostgreSQL's relevance order.
DIGITALE = "Erfaringer med digitale møder i Aarhus K"
VALGLISTER = "Beredskabsplan for brug af digitale valg"
DIGITALISERING = "Digitalisering under den nuværende kommu"
PULJEN = "Ansøgning til effektiviseringspuljen ved"
KICKOFF = "Kickoff arrangement vedr. politisk betje"
EXPECTED = {
    # one word: calc_rank_or; compounds (digitalisering …) after every exact match
    "digitale": [
        DIGITALE,
        VALGLISTER,
        DIGITALISERING,
        PULJEN,
        "DIF/CF - Ramme for Strategisk IT & Digit",
        KICKOFF,
        "Meddelelser",
        "Godkendelse af referat (underskriftside)",
    ],
    "møder": [
        DIGITALE,
        "Referat fra udvalgets møde den 17. juli ",
        "Referat fra Magistratens møde den 17. au",
        "CF - Identifikation af områder, hvor der",
        "CF - Godkendelse af dagsorden og referat",
        DIGITALISERING,
        KICKOFF,
        PULJEN,
    ],
    # two words: calc_rank_and, the words' distances
    "digitale møder": [
        DIGITALE,
        DIGITALISERING,
        VALGLISTER,
        PULJEN,
        KICKOFF,
        "Godkendelse af referat (underskriftside)",
        "Meddelelser",
    ],
    '"digitale møder"': [DIGITALE],
    "budget*": ["CF - Evt.", PULJEN],
    "sag eller byråd": [
        DIGITALE,
        "Orientering om sager på vej",
        "Drøftelse af emner med borgmesteren",
        DIGITALISERING,
        "Evt.",
        "Orientering fra Magistraten",
        KICKOFF,
    ],
    # an excluded word makes every rank 1e-20: newest first
    "indstilling -budget": [VALGLISTER, DIGITALE, KICKOFF],
}


@pytest.fixture
def minutes(db):
    fallback = resolve_municipality("326")
    for path in sorted(MINUTES.glob("*.txt")):
        import_path(path, municipality=fallback)
    assert AgendaItem.objects.count() > 20


def test_relevance_order_is_postgresqls_on_both_databases(minutes):
    for text, expected in EXPECTED.items():
        results = search_items(AgendaItem.objects.all(), text)
        titles = [hit.item.title[:40] for hit in results.hits]
        assert titles[: len(expected)] == expected, (connection.vendor, text)


# An item's four weight classes: title A, decision B, other sections C, attachment titles D.
COLUMNS = (
    "Budget 2021 for skolebyggeri i Midtbyen",
    "Godkendt. Skolen får et budget på 2,5 mio. kr., og byrådet orienteres.",
    "Skolebyggeri og budget til skolen og skolerne.\nSosu-assistenter i skolen; budgettet "
    "følges af Teknik- og Miljøudvalget den 24-08-2020.",
    "Bilag 1 budget\nBilag 2 tidsplan for skolebyggeri",
)
# (typed, compounds expanded, ts_rank as PostgreSQL 15 computes it for COLUMNS)
TS_RANK = [
    ("budget", False, 0.6860289),  # 'budget': one word in A, B, C and D
    ("skole", False, 0.29467577),
    ("skole", True, 0.9397539),  # 'skol':*: skolebyggeri, skol, skolern each an entry
    ("skole*", False, 0.9397539),
    ("budget skolen", False, 0.8394948),  # AND: pairs of positions
    ('"skolebyggeri i midtbyen"', False, 0.98577005),  # phrase, a stop word between
    ("budget eller skolebyggeri", False, 0.6655535),  # OR: the mean over the words
    ("budget -skolerne", False, 0.8394948),  # the excluded word counts as a query word
    ("tidsplan budgettet", False, 0.011544971),  # C and D, far apart
    ("sosu-assistenter", False, 0.19820644),  # the hyphenated word holds a position
    ("byrådet miljøudvalget", False, 0.0061054975),
]
VECTOR = " || ".join(f"setweight(to_tsvector('danish', %s), '{weight}')" for weight in "ABCD")


@pytest.mark.parametrize(("text", "expand", "expected"), TS_RANK)
def test_ts_rank_as_postgresql_computes_it(text, expand, expected):
    query = parse_query(text)
    columns = tuple(positioned(column) for column in COLUMNS)
    computed = tsrank.rank(tsrank.rank_query(query, expand=expand), columns)
    assert tsrank.f32(computed) == tsrank.f32(expected)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT ts_rank({VECTOR}, to_tsquery('danish', %s))",
                [*COLUMNS, postgres.tsquery_text(query, expand=expand)],
            )
            assert tsrank.f32(cursor.fetchone()[0]) == tsrank.f32(expected)


def test_positioned_text_keeps_postgresqls_positions():
    # to_tsvector('danish', …): rekruttering:1 sosu-assistent:3 sosu:4 assistent:5 24:8
    # -08:9 -2020:10 teknik:12 miljøudvalg:14; 2020-abc is no hyphenated word.
    text = "Rekruttering af sosu-assistenter. Det er 24-08-2020 i Teknik- og Miljøudvalget 2020-abc"
    assert positioned(text).split() == [
        "rekruttering",
        ".",
        ".",
        "sosu",
        "assistent",
        ".",
        ".",
        "24",
        "08",
        "2020",
        ".",
        "teknik",
        ".",
        "miljøudvalg",
        "2020",
        "abc",
    ]
