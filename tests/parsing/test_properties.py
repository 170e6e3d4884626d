"""Property tests: parse never raises, and noise that extraction adds does not change it."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.parsing import ParsedDocument, decode_bytes, parse

from .helpers import SEED_FILES

SEEDS = {path.stem: path.read_text("utf-8") for path in SEED_FILES}
SEED_LINES = sorted({line for text in SEEDS.values() for line in text.splitlines()})
TRICKY_LINES = [
    "",
    "Punkt",
    "Punkt 1:",
    "Punkt 9999999999999999999: x",
    "Pkt. 0",
    "1.",
    "1. ",
    "Lukket",
    "Lukket: LUKKET",
    "Lukkede punkter",
    "Åbne punkter",
    "Beslutning",
    "Bilag",
    "Bilag:",
    "Indholdsfortegnelse",
    "Indhold",
    "Dagsorden kort:",
    "Side 1 af 2",
    "\f",
    "REFERAT",
    "REFERAT X d. 31-02-2020",
    "Mødedato: 99.99.9999",
    "Mødedato 31. februar 2021 kl. 25.61",
    "Til Rådmanden",
    "Fra Organisation og Ledelse",
    "Mødedeltagere ((((",
    "Mødedeltagere A (B (C), D)) (Afbud",
    "Afbud: ,,,",
    "X deltager ikke. Y deltager i stedet.",
    "| | |",
    "|---|---|",
    "# ",
    "**",
    "****",
    "digi-",
    "-",
    "Direktionens møde den 2. juni 2020:",
    "Sagsnr.: J.nr.: Dokumentnr.:",
    "00.01.00-P35-301-20",
    "Emne: Udvalgsmøde",
    "Rådmandsmøde (Rådmandsmøde)",
    "04-08-2020 08:30",
]


def _check(doc: ParsedDocument) -> ParsedDocument:
    """parse() has a safety net that turns an internal error into a warning: the tests
    must never see it."""
    assert isinstance(doc, ParsedDocument)
    assert not any(w.message.startswith("Parserfejl:") for w in doc.warnings), doc.warnings
    doc.to_dict(with_text=True)
    return doc


def _comparable(doc: ParsedDocument) -> dict:
    data = doc.to_dict(with_text=True)
    # Inserted lines shift the original line numbers of warnings; the messages must agree.
    data["warnings"] = [w["message"] for w in data["warnings"]]
    return data


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_parse_never_raises_on_arbitrary_text(text):
    _check(parse(text))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SEED_LINES + TRICKY_LINES), max_size=120), st.booleans())
def test_parse_never_raises_on_line_soups(lines, crlf):
    text = ("\r\n" if crlf else "\n").join(lines)
    doc = _check(parse(text))
    for warning in doc.warnings:
        assert 1 <= warning.line <= max(1, len(lines))
    for meeting in doc.meetings:
        for item in meeting.items:
            assert 1 <= item.line <= max(1, len(lines))
            assert all(
                s.kind
                in {
                    "decision",
                    "recommendation",
                    "summary",
                    "presentation",
                    "history",
                    "economy",
                    "attachments",
                    "other",
                }
                for s in item.sections
            )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(SEED_LINES + TRICKY_LINES), max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
def test_parse_never_raises_on_seed_lines_with_junk(lines, junk):
    _check(parse(junk.join(lines)))
    _check(parse("\n".join(line + junk for line in lines)))


CLEAN = {name: _comparable(parse(text)) for name, text in SEEDS.items()}


@st.composite
def noisy_seed(draw):
    name = draw(st.sampled_from(sorted(SEEDS)))
    chunks = SEEDS[name].split("\n\n")
    gaps = len(chunks) - 1
    positions = draw(st.sets(st.integers(0, gaps - 1), max_size=3)) if gaps else set()
    total = len(positions) + 1
    out = []
    page = 0
    for k, chunk in enumerate(chunks):
        out.append(chunk)
        if k in positions:
            page += 1
            out.append(f"Side {page} af {total}")
    text = "\n\n".join(out)
    if draw(st.booleans()):
        text = text.replace("\n\n", "\n\n\n")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["str", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    if encoding == "str":
        if draw(st.booleans()):
            text = "\ufeff" + text
    elif encoding == "utf-8-sig":
        text = decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    else:
        text = decode_bytes(text.encode(encoding))
    return name, text


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(noisy_seed())
def test_seed_with_extraction_noise_parses_like_the_clean_seed(case):
    name, text = case
    assert _comparable(_check(parse(text))) == CLEAN[name]
