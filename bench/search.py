"""Benchmark the public pages and the search on a synthetic Danish corpus.

    python bench/search.py                    # 100,000 items in the configured database
    python bench/search.py --items 1000000    # a million (PostgreSQL: a few minutes to build)
    python bench/search.py --reuse            # measure the data already generated

Use a database of its own, e.g.
    createdb -h 127.0.0.1 -U postgres referat_bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_bench_search \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_bench_search \\
        .venv/bin/python bench/search.py --items 1000000
or, for SQLite, DATABASE_URL=sqlite:////tmp/bench.sqlite3 (migrate first as well).

It refuses to add to a database that already holds meetings unless --reuse (measure what is
there) or --wipe (delete every meeting, item and body first) is given. Rows are written with
COPY on PostgreSQL and large executemany batches on SQLite; the search index is then built in
one statement (PostgreSQL: one UPDATE … SET search_vector = setweight(to_tsvector('danish', …));
SQLite: the FTS5 table re-stemmed in Python). Timings are wall-clock per request through the
Django test Client (URL routing, views, queries, templates), after one warm-up request each.

The "search:" cases after "common word + case number" measure the query features of issue 11
(Danish operators, prefixes, compounds, questions naming a body, case numbers typed in the
box, zero hits with spelling suggestions). To compare with the search before them, run the
same command from a checkout of the older commit against the same database (--reuse), and
alternate the two runs: on a shared machine the load changes from minute to minute.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings import search  # noqa: E402
from meetings.models import (  # noqa: E402
    AgendaItem,
    Attachment,
    Body,
    CaseNumber,
    ItemCaseNumber,
    Meeting,
    Municipality,
    Participant,
    Section,
    SourceDocument,
    SourceFile,
    danish_slug,
)
from meetings.pages.originals import text_original_values  # noqa: E402

# ------------------------------------------------------------------------------------------
# The synthetic corpus: municipal Danish, with a few very common words ("kommune", "møde",
# "borgere"), many mid-frequency ones and some rare ones ("skybrudssikring", "hundeskoven").

BODY_NAMES = [
    "Byrådet",
    "Økonomiudvalget",
    "Teknik- og Miljøudvalget",
    "Børne- og Skoleudvalget",
    "Social- og Sundhedsudvalget",
    "Kultur- og Fritidsudvalget",
]
SOURCE_TEXT = "syntetisk"  # a source's text: the bench never shows it
ROUTINE_TITLES = ["Godkendelse af dagsorden", "Eventuelt", "Meddelelser", "Bordrunde"]
TITLE_PATTERNS = [
    "Budget {year} for {topic}",
    "Orientering om {topic}",
    "Godkendelse af {topic}",
    "Status på {topic} i {place}",
    "Høring om {topic}",
    "Anlægsbevilling til {topic}",
    "Lokalplan for {place}: {topic}",
    "Evaluering af {topic}",
    "Temadrøftelse: {topic}",
    "Forslag fra {party} om {topic}",
]
TOPICS = [
    "skolebyggeri",
    "ældrepleje",
    "daginstitutioner",
    "cykelstier",
    "affaldssortering",
    "kollektiv trafik",
    "klimatilpasning",
    "digitale møder",
    "folkeskolens økonomi",
    "idrætsfaciliteter",
    "byfornyelse",
    "sygefravær",
    "rekruttering af sosu-assistenter",
    "vejbelysning",
    "naturgenopretning",
    "spildevandsplan",
    "boligsocial indsats",
    "integration",
    "beskæftigelsesindsats",
    "vinterberedskab",
    "budgetopfølgning",
    "kunstgræsbane",
    "vindmøllepark",
    "fjernvarme",
    "erhvervsudvikling",
    "turisme",
    "biblioteker",
    "musikskolen",
    "ungdomsuddannelse",
    "psykiatri",
    "handicapområdet",
]
PLACES = ["Midtbyen", "Nordområdet", "Havnen", "Stationsbyen", "Skovbakken", "Engparken"]
PARTIES = ["Socialdemokratiet", "Venstre", "Enhedslisten", "SF", "Konservative", "Radikale"]
COMMON = ["kommune", "kommunen", "kommunens", "møde", "mødet", "borgere", "borgerne"]
WORDS = (
    "administrationen udvalget byrådet forvaltningen indstillingen beslutningen økonomi "
    "budgettet bevilling bevillingen projektet projekter planen planlægning høringen "
    "høringssvar lokalplan lokalplanen området områder institutioner skolen skolerne "
    "elever forældre medarbejdere ledere ansatte leverandør udbud kontrakt aftale "
    "aftalen strategi strategien handleplan handleplanen indsats indsatsen effekt "
    "resultater evaluering opfølgning status orientering drøftelse anbefaling "
    "anbefalinger tilskud puljen puljer midler millioner kroner anlæg drift driften "
    "vedligeholdelse renovering byggeri bygningen arealet grunden miljø klima energi "
    "trafik veje vejen fortov parkering cykel cyklister bus busser tog borgmesteren "
    "rådmanden formanden direktøren sekretariatet jura regler lovgivning staten regionen "
    "samarbejde partnerskab frivillige foreninger idræt kultur fritid sundhed "
    "forebyggelse pleje hjemmeplejen plejehjem ældre børn unge familier socialt "
    "beskæftigelse ledighed jobcenter virksomheder erhverv turister havnen skoven "
    "naturen vandet spildevand affald genbrug digitalisering løsninger system systemet "
    "data sikkerhed risiko tidsplan faser fase etape etaper kvalitet tilsyn klager "
    "sagsbehandling ventetid kapacitet pladser behov prognose befolkning udvikling vækst"
).split()
RARE = [
    "bæverhytten",
    "kælkebakken",
    "skybrudssikring",
    "solcelleanlæg",
    "letbanestrækningen",
    "havnebadet",
    "affaldsforbrændingsanlægget",
    "hundeskoven",
]
FILLER = (
    "og i at der til for med som er på af det en den ikke har skal kan vil blev efter om".split()
)
DECISIONS = [
    "Indstillingen blev godkendt.",
    "Godkendt som indstillet.",
    "Taget til efterretning.",
    "Anbefales over for byrådet.",
    "Udsat til næste møde.",
    "Oversendes til Økonomiudvalget med bemærkninger.",
    "Sagen blev drøftet, og administrationen arbejder videre.",
]
HEADINGS = [("Resumé", "summary"), ("Sagsfremstilling", "presentation")]


def vocabulary_sampler(rng: random.Random):
    """Returns words(n): "kommune" is in about half the items, a rare word in ~0.1 %."""
    population = COMMON + WORDS + RARE + FILLER + TOPICS
    weights = (
        [0.5] * len(COMMON)
        + [1.0] * len(WORDS)
        + [0.006] * len(RARE)
        + [6.0] * len(FILLER)
        + [0.08] * len(TOPICS)
    )
    cumulative = []
    total = 0.0
    for weight in weights:
        total += weight
        cumulative.append(total)

    def words(n: int) -> str:
        chosen = rng.choices(population, cum_weights=cumulative, k=n)
        sentences, start = [], 0
        while start < n:
            length = rng.randint(8, 18)
            sentence = " ".join(chosen[start : start + length])
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            start += length
        return " ".join(sentences)

    return words


# ------------------------------------------------------------------------------------------
# Writing rows fast.


class Writer:
    """Buffers rows for one table and writes them in large batches: COPY on PostgreSQL,
    executemany on SQLite (one batch at a time, so several writers share a connection)."""

    BATCH = 50_000

    def __init__(self, model, fields: list[str]):
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(name).column for name in fields]
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.count += 1
        self.rows.append(row)
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        cols = ", ".join(f'"{c}"' for c in self.columns)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f'COPY "{self.table}" ({cols}) FROM STDIN') as copy:
                    for row in self.rows:
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f'INSERT INTO "{self.table}" ({cols}) VALUES ({marks})', self.rows
                )
        self.rows = []

    def close(self) -> None:
        self.flush()


def next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'coalesce(max(id), 1)) FROM "{table}"'
            )


def generate(items: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    words = vocabulary_sampler(rng)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    day = ops.adapt_datefield_value
    clock = ops.adapt_timefield_value
    municipalities = list(Municipality.objects.order_by("code"))
    started = time.perf_counter()

    with transaction.atomic():
        bodies = Body.objects.bulk_create(
            Body(municipality=m, name=name, slug=danish_slug(name))
            for m in municipalities
            for name in BODY_NAMES
        )
        per_meeting = 10
        meeting_count = max(1, items // per_meeting)
        per_body = -(-meeting_count // len(bodies))
        first_day = dt.date(2010, 1, 1)
        span = (dt.date(2025, 12, 31) - first_day).days
        step = max(1, span // per_body)

        source_writer = Writer(
            SourceDocument,
            [
                "id",
                "municipality",
                "original_name",
                "sha256",
                "text",
                "file",
                "created_at",
                "parser_version",
                "warnings",
            ],
        )
        # The original an import records beside each source (a text original: no stored
        # file); without it the first view of each meeting or item would record it.
        original_writer = Writer(
            SourceFile,
            [
                "source",
                "file",
                "name",
                "content_type",
                "size",
                "sha256",
                "closed_content",
                "created_at",
            ],
        )
        meeting_writer = Writer(
            Meeting,
            [
                "id",
                "body",
                "date",
                "start_time",
                "end_time",
                "location",
                "kind",
                "source",
                "parsed",
                "created_at",
                "updated_at",
            ],
        )
        people_writer = Writer(
            Participant, ["meeting", "name", "party", "role", "status", "position"]
        )
        item_writer = Writer(
            AgendaItem,
            [
                "id",
                "meeting",
                "number",
                "title",
                "closed",
                "position",
                "decision",
                "date",
                "body",
                "municipality",
                "parsed",
                "created_at",
                "updated_at",
            ],
        )
        section_writer = Writer(Section, ["item", "position", "heading", "kind", "text"])
        attachment_writer = Writer(Attachment, ["item", "title", "position", "file"])
        case_writer = Writer(CaseNumber, ["id", "municipality", "value", "scheme", "kle"])
        link_writer = Writer(ItemCaseNumber, ["item", "case_number", "position"])

        source_id, meeting_id, item_id, case_id = (
            next_id(SourceDocument),
            next_id(Meeting),
            next_id(AgendaItem),
            next_id(CaseNumber),
        )
        open_cases: dict[int, list[int]] = {}  # municipality → recent ESDH case ids
        kle_cases: dict[tuple[int, str], int] = {}
        made = 0
        for index in range(meeting_count):
            body = bodies[index % len(bodies)]
            k = index // len(bodies)
            date = first_day + dt.timedelta(days=min(span, k * step + rng.randint(0, step - 1)))
            muni = body.municipality_id
            source_writer.add(
                (
                    source_id,
                    muni,
                    f"referat-{meeting_id}.pdf",
                    hashlib.sha256(str(meeting_id).encode()).hexdigest(),
                    SOURCE_TEXT,
                    "",
                    now,
                    "bench",
                    "[]",
                )
            )
            original = text_original_values(SOURCE_TEXT, f"referat-{meeting_id}.pdf", False)
            original_writer.add(
                (
                    source_id,
                    "",
                    original["name"],
                    original["content_type"],
                    original["size"],
                    original["sha256"],
                    original["closed_content"],
                    now,
                )
            )
            kind = "dagsorden" if rng.random() < 0.05 else "referat"
            meeting_writer.add(
                (
                    meeting_id,
                    body.pk,
                    day(date),
                    clock(dt.time(8 + k % 8)),
                    clock(dt.time(10 + k % 8)),
                    rng.choice(["Rådhuset, mødelokale 1", "Teams-møde", "Byrådssalen"]),
                    kind,
                    source_id,
                    "{}",
                    now,
                    now,
                )
            )
            for p in range(5):
                people_writer.add(
                    (
                        meeting_id,
                        f"Medlem {p + 1} {rng.choice(PLACES)}",
                        rng.choice("ABCFOVØ"),
                        "",
                        "present" if p < 4 else "absent",
                        p,
                    )
                )
            count = per_meeting if index < meeting_count - 1 else items - made
            for number in range(1, count + 1):
                if number == 1:
                    title = ROUTINE_TITLES[0]
                elif number == count and rng.random() < 0.7:
                    title = rng.choice(ROUTINE_TITLES[1:])
                else:
                    title = rng.choice(TITLE_PATTERNS).format(
                        year=date.year + 1,
                        topic=rng.choice(TOPICS),
                        place=rng.choice(PLACES),
                        party=rng.choice(PARTIES),
                    )
                closed = rng.random() < 0.03
                decision = (
                    ""
                    if kind == "dagsorden"
                    else (rng.choice(DECISIONS) + " " + words(rng.randint(5, 25)))
                )
                item_writer.add(
                    (
                        item_id,
                        meeting_id,
                        number,
                        title[:500],
                        closed,
                        number,
                        decision,
                        day(date),
                        body.pk,
                        muni,
                        "{}",
                        now,
                        now,
                    )
                )
                position = 0
                if decision:
                    section_writer.add((item_id, position, "Beslutning", "decision", decision))
                    position += 1
                heading, kind_name = rng.choice(HEADINGS)
                section_writer.add(
                    (item_id, position, heading, kind_name, words(rng.randint(60, 220)))
                )
                position += 1
                section_writer.add(
                    (
                        item_id,
                        position,
                        "Indstilling",
                        "recommendation",
                        "Det indstilles, at " + words(rng.randint(10, 40)),
                    )
                )
                for a in range(rng.choice((0, 0, 1, 2))):
                    attachment_writer.add((item_id, f"Bilag {a + 1} {rng.choice(TOPICS)}", a, ""))
                if number > 1 and not title.startswith(tuple(ROUTINE_TITLES)):
                    recent = open_cases.setdefault(muni, [])
                    if recent and rng.random() < 0.4:
                        case = rng.choice(recent[-50:])
                    else:
                        case = case_id
                        case_writer.add(
                            (
                                case_id,
                                muni,
                                f"{date:%y}/{case_id:06d}",
                                "esdh",
                                "",
                            )
                        )
                        recent.append(case_id)
                        case_id += 1
                    link_writer.add((item_id, case, 0))
                    topic = f"{rng.randint(0, 85):02d}.{rng.randint(0, 20):02d}.{rng.randint(0, 10):02d}"
                    kle = kle_cases.get((muni, topic))
                    if kle is None:
                        kle = kle_cases[(muni, topic)] = case_id
                        case_writer.add((case_id, muni, f"{topic}-P20", "kle", topic))
                        case_id += 1
                    link_writer.add((item_id, kle, 1))
                item_id += 1
                made += 1
            source_id += 1
            meeting_id += 1
            if index % 10_000 == 0 and index:
                print(
                    f"  {made:,} items written ({time.perf_counter() - started:.0f} s)", flush=True
                )
        # Parents before children (the foreign keys are checked at commit anyway).
        for writer in (
            source_writer,
            original_writer,
            meeting_writer,
            people_writer,
            item_writer,
            section_writer,
            attachment_writer,
            case_writer,
            link_writer,
        ):
            writer.close()
        reset_sequences(
            [
                SourceDocument,
                Meeting,
                Participant,
                AgendaItem,
                Section,
                Attachment,
                CaseNumber,
                ItemCaseNumber,
            ]
        )
    print(
        f"rows written: {made:,} items in {meeting_count:,} meetings "
        f"({time.perf_counter() - started:.0f} s)",
        flush=True,
    )

    started = time.perf_counter()
    with transaction.atomic():
        search.rebuild_index()
    print(f"search index built ({time.perf_counter() - started:.0f} s)", flush=True)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    print(f"vacuum/analyze ({time.perf_counter() - started:.0f} s)", flush=True)


def wipe() -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE meetings_itemcasenumber, meetings_attachment, meetings_section, "
                    "meetings_importconflict, meetings_agendaitem, meetings_participant, "
                    "meetings_meeting, meetings_casenumber, meetings_upload, "
                    "meetings_sourcedocument, meetings_body, meetings_historicalagendaitem, "
                    "meetings_historicalmeeting, meetings_historicalsection, "
                    "meetings_historicalattachment, meetings_historicalitemcasenumber CASCADE"
                )
            return
        for model in (
            ItemCaseNumber,
            Attachment,
            Section,
            AgendaItem,
            Participant,
            Meeting,
            CaseNumber,
            SourceFile,
            SourceDocument,
            Body,
        ):
            model.objects.all()._raw_delete(connection.alias)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {search.FTS_TABLE}")


# ------------------------------------------------------------------------------------------
# Measuring.


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]

    return statistics.median(ordered), at(0.95), at(0.99)


def measure(client: Client, label: str, urls: list[str], results: list) -> None:
    for url in dict.fromkeys(urls):  # warm-up: each distinct URL once
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    p50, p95, p99 = percentiles(times)
    results.append((label, len(times), p50, p95, p99))
    print(
        f"{label:<52} n={len(times):<4} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms",
        flush=True,
    )


def run_benchmarks(runs: int, seed: int = 2) -> list:
    rng = random.Random(seed)
    settings.DEBUG = False  # no query log
    client = Client()
    results: list = []

    municipalities = list(
        Municipality.objects.filter(bodies__meetings__isnull=False)
        .distinct()
        .values_list("slug", flat=True)
    )
    bodies = list(
        Body.objects.filter(meetings__isnull=False).distinct().select_related("municipality")
    )
    max_item = AgendaItem.objects.order_by("-pk").values_list("pk", flat=True).first()
    max_meeting = Meeting.objects.order_by("-pk").values_list("pk", flat=True).first()

    def sample_items(n: int) -> list[int]:
        ids = [rng.randint(1, max_item) for _ in range(n * 3)]
        found = list(AgendaItem.objects.filter(pk__in=ids).values_list("pk", flat=True))
        return found[:n]

    item_ids = sample_items(runs)
    meeting_ids = list(
        Meeting.objects.filter(
            pk__in=[rng.randint(1, max_meeting) for _ in range(runs * 3)]
        ).select_related("body__municipality")[:runs]
    )
    max_case = CaseNumber.objects.order_by("-pk").values_list("pk", flat=True).first()
    cases = list(
        CaseNumber.objects.filter(
            scheme="esdh",
            pk__in=[rng.randint(1, max_case) for _ in range(runs * 4)],
            links__item__closed=False,
        )
        .values_list("value", flat=True)
        .distinct()[:runs]
    )
    sources = list(
        SourceDocument.objects.filter(pk__in=[m.source_id for m in meeting_ids]).values_list(
            "pk", flat=True
        )
    )

    def pick(values):
        return [rng.choice(values) for _ in range(runs)]

    search_cases = [
        ("search: common word 'kommune' (relevance)", lambda: "/soeg/?q=kommune"),
        ("search: common word 'kommune' (newest first)", lambda: "/soeg/?q=kommune&sortering=dato"),
        ("search: common word, page 5", lambda: "/soeg/?q=borgerne&side=5"),
        ("search: mid word 'skolebyggeri'", lambda: "/soeg/?q=skolebyggeri"),
        ("search: 2 % word 'vinterberedskab'", lambda: "/soeg/?q=vinterberedskab"),
        ("search: rare word 'skybrudssikring'", lambda: "/soeg/?q=skybrudssikring"),
        ("search: phrase '\"digitale møder\"'", lambda: "/soeg/?q=%22digitale+m%C3%B8der%22"),
        ("search: exclusion 'kommune -budgettet'", lambda: "/soeg/?q=kommune+-budgettet"),
        ("search: or 'hundeskoven or havnebadet'", lambda: "/soeg/?q=hundeskoven+or+havnebadet"),
        (
            "search: common word + kommune",
            lambda: f"/soeg/?q=kommune&kommune={rng.choice(municipalities)}",
        ),
        (
            "search: common word + kommune + udvalg",
            lambda: (lambda b: f"/soeg/?q=kommune&kommune={b.municipality.slug}&udvalg={b.slug}")(
                rng.choice(bodies)
            ),
        ),
        (
            "search: common word + dates (one year)",
            lambda: (lambda y: f"/soeg/?q=kommune&fra={y}-01-01&til={y}-12-31")(
                rng.randint(2011, 2024)
            ),
        ),
        (
            "search: rare word + dates (one year)",
            lambda: (lambda y: f"/soeg/?q=solcelleanl%C3%A6g&fra={y}-01-01&til={y}-12-31")(
                rng.randint(2011, 2024)
            ),
        ),
        (
            "search: common word + KLE topic",
            lambda: f"/soeg/?q=kommune&kle={rng.randint(0, 85):02d}.{rng.randint(0, 20):02d}",
        ),
        ("search: common word + case number", lambda: f"/soeg/?q=kommune&sag={rng.choice(cases)}"),
        # The query features of issue 11: Danish operators, prefixes, compounds, questions,
        # case numbers typed in the box, named bodies and zero-hit suggestions.
        (
            "search: Danish 'hundeskoven eller havnebadet'",
            lambda: "/soeg/?q=hundeskoven+eller+havnebadet",
        ),
        ("search: 'kommune ikke budgettet'", lambda: "/soeg/?q=kommune+ikke+budgettet"),
        ("search: prefix 'skole*'", lambda: "/soeg/?q=skole%2A"),
        ("search: compound 'skole' (+skolebyggeri …)", lambda: "/soeg/?q=skole"),
        (
            "search: question naming a body",
            lambda: (lambda b: f"/soeg/?q=hvad+besluttede+{b.name.split()[0]}+om+skolebyggeri")(
                rng.choice(bodies)
            ),
        ),
        ("search: case number typed in the box", lambda: f"/soeg/?q={rng.choice(cases)}"),
        ("search: typo, zero hits + suggestions", lambda: "/soeg/?q=skybrudssikrng"),
        ("browse: no query, newest first", lambda: "/soeg/"),
        ("browse: no query, page 50 (the last)", lambda: "/soeg/?side=50"),
        ("browse: no query + kommune", lambda: f"/soeg/?kommune={rng.choice(municipalities)}"),
        ("browse: no query + KLE topic", lambda: f"/soeg/?kle={rng.randint(0, 85):02d}"),
    ]
    for label, make in search_cases:
        measure(client, label, [make() for _ in range(runs)], results)

    page_cases = [
        ("page: front page", ["/"] * runs),
        ("page: municipality", [f"/kommuner/{slug}/" for slug in pick(municipalities)]),
        ("page: body", [b.get_absolute_url() for b in pick(bodies)]),
        ("page: meeting", [m.get_absolute_url() for m in meeting_ids]),
        ("page: item", [f"/punkter/{pk}/" for pk in item_ids]),
        ("page: case", [f"/sager/{value}/" for value in cases]),
        ("page: source", [f"/kilder/{pk}/" for pk in sources]),
    ]
    for label, urls in page_cases:
        measure(client, label, urls, results)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40, help="requests per measurement")
    parser.add_argument("--reuse", action="store_true", help="measure the data already there")
    parser.add_argument("--wipe", action="store_true", help="delete all meetings first")
    args = parser.parse_args()

    existing = AgendaItem.objects.count()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; items: {existing:,}")
    if args.wipe:
        wipe()
        existing = 0
    if existing and not args.reuse:
        sys.exit("The database already holds items: use --reuse to measure them or --wipe.")
    if not existing:
        if args.reuse:
            sys.exit("Nothing to reuse: the database holds no items.")
        generate(args.items)
    print(f"items: {AgendaItem.objects.count():,}; meetings: {Meeting.objects.count():,}")
    run_benchmarks(args.runs)


if __name__ == "__main__":
    main()
