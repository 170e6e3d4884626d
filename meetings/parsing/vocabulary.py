"""The words of Danish minutes: section headings (overskrifter), status markers (åbent /
lukket), group headings (lukkede punkter) and the kinds they normalise to.

Standard library only.
"""

from __future__ import annotations

import re

from .dates import DATE_PATTERN

# Section headings as written in Danish minutes (lower case, without trailing colon),
# mapped to Section.kind. Built for the family of layouts (FirstAgenda/Prepare,
# EG/Netpublicator, Acadre, SBSYS, eDoc, home-grown), not for one file.
SECTION_HEADINGS: dict[str, str] = {}


def _add(kind: str, *headings: str) -> None:
    for heading in headings:
        SECTION_HEADINGS[heading] = kind


_add(
    "decision",
    "beslutning",
    "beslutninger",
    "afgørelse",
    "beslutning og bemærkninger",
    "referat",
    "mødets beslutning",
    "beslutning i mødet",
    "udvalgets beslutning",
    "byrådets beslutning",
    "økonomiudvalgets beslutning",
    "kommunalbestyrelsens beslutning",
    "direktionens beslutning",
    "magistratens beslutning",
    "regionsrådets beslutning",
)
_add(
    "recommendation",
    "indstilling",
    "indstillinger",
    "indstilling til beslutning",
    "administrationens indstilling",
    "forvaltningens indstilling",
    "direktionens indstilling",
    "forslag til beslutning",
    "beslutningspunkter",
    "beslutningsforslag",
    "anbefaling",
    "anbefalinger",
)
_add(
    "summary",
    "resumé",
    "resume",
    "résumé",
    "sammendrag",
    "kort resumé",
    "kort resume",
    "resumé og sagens baggrund",
    "resume og sagens baggrund",
    "sagens kerne",
    "kort fortalt",
)
_add(
    "presentation",
    "sagsfremstilling",
    "sagsbeskrivelse",
    "sagens indhold",
    "sagens baggrund",
    "baggrund",
    "baggrund/formål",
    "baggrund og formål",
    "formål",
    "anledning",
    "indhold",
    "beskrivelse",
    "redegørelse",
    "uddybende sagsfremstilling",
    "problemstilling",
)
_add(
    "history",
    "sagens forløb",
    "tidligere behandling",
    "tidligere behandlinger",
    "tidligere beslutninger",
    "tidligere politisk behandling",
    "historik",
    "sagshistorik",
    "forløb",
    "politisk behandling",
)
_add(
    "economy",
    "økonomiske konsekvenser",
    "økonomiske konsekvenser og finansiering",
    "økonomi",
    "økonomi og finansiering",
    "økonomisk vurdering",
    "økonomiske forhold",
    "finansiering",
    "bevillingsmæssige konsekvenser",
    "bevilling",
    "økonomiske og personalemæssige konsekvenser",
)
_add("attachments", "bilag", "bilagsfortegnelse", "vedlagte bilag", "bilag til sagen")
# Headings of the layout corpus' systems (Acadre, SBSYS, eDoc, ESDH, web modules).
_add(
    "other",
    "sagen behandles i",
    "forslag",
    "centralforvaltningens bemærkninger",
    "beslutningstema",
    "indledning",
    "sagens formål",
    "administrationens bemærkninger",
    "beskrivelse af sagen",
    "baggrund og vurdering",
    "forventet sagsgang",
    "administrationens svar",
    "inddragelse og høring",
    "økonomiske forhold og konsekvenser",
    "tidsperspektiv",
    "juridiske og planmæssige forhold",
    "økonomi og afledt drift",
)
_add(
    "other",
    "sagstype",
    "behandling",
    "beslutningen træffes af",
    "beslutningskompetence",
    "kompetence",
    "kompetencefordeling",
    "sagen afgøres af",
    "høring",
    "høringssvar",
    "høringsparter",
    "lovgrundlag",
    "retsgrundlag",
    "juridiske forhold",
    "juridisk vurdering",
    "kommunikation",
    "bemærkninger",
    "bemærkning",
    "metode",
    "ansvarlig",
    "tid",
    "tidsplan",
    "effekt",
    "ydelse",
    "organisering",
    "ressourcer",
    "vurdering",
    "administrationens vurdering",
    "forvaltningens vurdering",
    "det videre forløb",
    "videre forløb",
    "videre proces",
    "proces",
    "konsekvenser",
    "personalemæssige konsekvenser",
    "miljømæssige konsekvenser",
    "klimamæssige konsekvenser",
    "klimakonsekvenser",
    "miljøvurdering",
    "handicappolitiske konsekvenser",
    "borgerinddragelse",
    "inddragelse",
    "relation til politikker",
    "politikker og strategier",
    "udtalelse",
    "udtalelser",
    "risici",
    "risikovurdering",
    "tidligere beslutninger og aftaler",
    "sagstype og kompetence",
    "implementering",
    "opfølgning",
    "supplerende oplysninger",
)

# "Udvalgets beslutning", "Børne- og Ungeudvalgets beslutning", "Beslutning i Byrådet".
_DECISION_RE = re.compile(
    r"^(?:[\wæøå][\wæøå\- ]{0,60}?(?:s|es|ets|ens|ns)\s+beslutning(?:er)?"
    r"|beslutning(?:er)?\s+(?:i|fra|på|af)\s+[\wæøå][\wæøå\- ]{0,60})$",
    re.IGNORECASE,
)

# Status lines and title markers: åbent / lukket.
STATUS_LINES: dict[str, bool] = {
    "åben": False,
    "åbent": False,
    "åbent punkt": False,
    "åben sag": False,
    "offentlig": False,
    "lukket": True,
    "lukket punkt": True,
    "lukket sag": True,
    "fortrolig": True,
    "fortroligt": True,
    "fortroligt punkt": True,
}

# Group headings: every item after them is closed (True) or open (False).
GROUP_HEADINGS: dict[str, bool] = {
    "lukkede punkter": True,
    "lukkede sager": True,
    "lukket dagsorden": True,
    "lukket del": True,
    "lukket møde": True,
    "lukket punkt": True,
    "punkter på lukket dagsorden": True,
    "sager på lukket dagsorden": True,
    "lukket dagsorden:": True,
    "fortrolige punkter": True,
    "lukkede dagsordenspunkter": True,
    "for lukkede døre": True,
    "åbne dagsordenspunkter": False,
    "for åbne døre": False,
    "åbne punkter": False,
    "åbne sager": False,
    "åben dagsorden": False,
    "åben del": False,
    "åbent møde": False,
    "punkter på åben dagsorden": False,
    "sager på åben dagsorden": False,
}


def key(line: str) -> str:
    """The lookup form of a line: lower case, without trailing colon and spaces."""
    return line.rstrip(" :").lower()


# "Beslutning i Kommunalbestyrelsen den 28. oktober 2021": a dated decision heading.
_DATE_SUFFIX_RE = re.compile(
    rf"^(?P<head>.*?)[\s,]+(?:(?:på\s+)?(?:mødet\s+)?(?:den|d\.)\s*)?(?:{DATE_PATTERN})\s*[:.]?$",
    re.IGNORECASE,
)


# A body's dated decision or recommendation: "Beslutning Byrådet den 24-03-2020",
# "Beslutning Kultur- og Demokratiudvalget 10.02.2020", "BESLUTNING I ØKONOMIUDVALGET den
# 03-03-2020", "Økonomiudvalgets indstilling den 8. marts 2005".
_DATED_HEADING_RE = re.compile(
    rf"^(?:(?P<a>beslutning|indstilling|anbefaling)(?:\s+(?:i|fra|af|på))?\s+\S.{{0,80}}?"
    rf"|\S.{{0,80}}?s\s+(?P<b>beslutning|indstilling|anbefaling))"
    rf"[\s,]+(?:(?:på\s+)?(?:mødet\s+)?(?:den|d\.)\s*)?(?:{DATE_PATTERN})\s*[:.]?$",
    re.IGNORECASE,
)
_DATED_KIND = {
    "beslutning": "decision",
    "indstilling": "recommendation",
    "anbefaling": "recommendation",
}


def section_kind(line: str) -> str | None:
    """The Section.kind of a heading line, or None when it is not a known heading."""
    if len(line) > 70 and (len(line) > 110 or "eslutning" not in line):
        return None
    return _kind_of_key(key(line))


def _kind_of_key(k: str) -> str | None:
    kind = SECTION_HEADINGS.get(k)
    if kind is not None:
        return kind
    if k[-1:].isdigit() and ("beslutning" in k or "indstilling" in k or "anbefaling" in k):
        match = _DATED_HEADING_RE.match(k)
        if match:
            return _DATED_KIND[match.group("a") or match.group("b")]
    if "beslutning" in k:
        if _DECISION_RE.match(k):
            return "decision"
        if k[-1:].isdigit() or k[-1:] == ".":
            match = _DATE_SUFFIX_RE.match(k)
            if match:
                head = match.group("head")
                if head in ("beslutning", "beslutninger") or _DECISION_RE.match(head):
                    return "decision"
    return None


def status_of(line: str) -> bool | None:
    """True for a closed status line ("Lukket"), False for an open one ("Åbent")."""
    if len(line) > 20:
        return None
    return STATUS_LINES.get(key(line))


def group_of(line: str) -> bool | None:
    if len(line) > 30:
        return None
    return GROUP_HEADINGS.get(key(line))


_NO_WORDS = (None, None, None)


def words_of(line: str) -> tuple[bool | None, bool | None, str | None]:
    """(group_of, status_of, section_kind) of a non-empty line at once: the lines under an
    item heading ask all three, and a line's lookup form is made once."""
    n = len(line)
    if n > 70 and (n > 110 or "eslutning" not in line):
        return _NO_WORDS
    k = line.rstrip(" :").lower()  # key(line)
    kind = SECTION_HEADINGS.get(k)
    if kind is None and ("beslutning" in k or "indstilling" in k or "anbefaling" in k):
        kind = _kind_of_key(k)  # a dated or named decision heading
    if n > 30:
        return None, None, kind
    return GROUP_HEADINGS.get(k), STATUS_LINES.get(k) if n <= 20 else None, kind


# A labelled section line: "Baggrund/formål: text", "Bilag: Ingen".
_LABELLED_RE = re.compile(r"^([^\W\d][\w/ \-]{0,40}?)\s*:\s*(.*)$")


def labelled_section(line: str) -> tuple[str, str, str] | None:
    """(heading, kind, rest) when a line starts with a known heading and a colon."""
    if ":" not in line[:45]:
        return None
    match = _LABELLED_RE.match(line)
    if not match:
        return None
    heading = match.group(1)
    kind = section_kind(heading)
    if kind is None:
        return None
    return heading, kind, match.group(2).strip()


# Item type markers that are not part of a title: "(Orienteringssag)", "Beslutningssag:",
# "(B)" / "(O)" (beslutning / orientering). Closed markers are in CLOSED_PREFIXES.
TITLE_TYPE_WORDS = (
    "orienteringssag",
    "beslutningssag",
    "bevillingssag",
    "drøftelsessag",
    "godkendelsessag",
    "indstillingssag",
    "orientering",
    "beslutning",
    "drøftelse",
    "temadrøftelse",
    "b",
    "o",
    "d",
)
# Closed (lukket) and open markers written before a title, with their meaning.
CLOSED_PREFIXES = {
    "closed": True,
    "lukket sag": True,
    "lukket punkt": True,
    "lukket": True,
    "fortroligt": True,
    "open": False,
    "åben sag": False,
    "åbent punkt": False,
}
# Closed markers written after a title: "- LUKKET SAG", "(Fortroligt)".
CLOSED_SUFFIXES = ("lukket sag", "lukket punkt", "lukket", "fortroligt", "fortrolig")
_TYPE_ALT = "|".join(TITLE_TYPE_WORDS)
_PREFIX_ALT = "|".join(sorted(CLOSED_PREFIXES, key=len, reverse=True))
TITLE_TYPE_SUFFIX_RE = re.compile(rf"\s*\((?:{_TYPE_ALT})\)\s*$", re.IGNORECASE)
TITLE_TYPE_PREFIX_RE = re.compile(rf"^(?:{_TYPE_ALT})\s*:\s*(?=\S)", re.IGNORECASE)
CLOSED_PREFIX_RE = re.compile(rf"^(?P<word>{_PREFIX_ALT})\s*[:\-–]\s*(?=\S)", re.IGNORECASE)
CLOSED_SUFFIX_RE = re.compile(
    rf"\s*[-–]\s*(?P<word>{'|'.join(CLOSED_SUFFIXES)})\s*$", re.IGNORECASE
)


# "Sagsnr.: 630-2019-22871  Dok.nr.: …  Lukket": a status at the end of the case-number line.
CASE_LINE_STATUS_RE = re.compile(r"(?i)\s(?P<word>lukket sag|lukket|åben sag|åbent|åben)$")

# The title of the one item a meeting without item headings gets (its whole text), for a
# referat and for a dagsorden.
WHOLE_TEXT_TITLES = ("Mødets referat", "Mødets dagsorden")
