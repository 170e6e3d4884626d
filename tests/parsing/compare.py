"""Compare a parse with an expected parse (``*.expected.json``) field by field, the way the
layout corpus is judged: titles and names ignore case, whitespace, a trailing period and
status markers; bodies match at 0.85 similarity; places by containment or 0.8 similarity;
participants, case numbers and attachments as sets (names and attachment titles fuzzy);
sections as a multiset where every "Beslutning …" heading counts as ``Beslutning``; the
decision when the expected start occurs at a word boundary within the first 120 characters.

``differences(expected, doc)`` returns a list of human-readable differences ("" = equal).
No Django.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter

from meetings.parsing import ParsedDocument


def _s(x) -> str:
    return x if isinstance(x, str) else ("" if x is None else str(x))


def norm_text(s) -> str:
    s = unicodedata.normalize("NFKC", _s(s)).replace("\u00ad", "")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn" or ch == "\u030a")
    s = unicodedata.normalize("NFKC", s).replace("\u00a0", " ").replace("\t", " ")
    s = re.sub(r"^[\s*#]+|[\s*#]+$", "", s)
    return re.sub(r"\s+", " ", s).casefold()


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def norm_municipality(s) -> str:
    return re.sub(r"[^a-zæøåäöü]", "", re.sub(r"\bkommune\b", "", norm_text(s)))


def norm_body(s) -> str:
    return re.sub(r"[^0-9a-zæøåäöü]", "", re.sub(r"\([^)]*\)", " ", norm_text(s)))


def norm_location(s) -> str:
    s = re.sub(r"^(i|på)\s+", "", norm_text(s))
    return re.sub(r"[^0-9a-zæøåäöü]+", " ", s).strip()


_NAME_TITLES = (
    "overborgmester borgmester viceborgmester rådmand udvalgsformand næstformand formand "
    "kommunaldirektør direktør byrådsmedlem kommunalbestyrelsesmedlem medlem"
).split()


def norm_name(s) -> str:
    s = re.sub(r"\([^)]*\)", " ", norm_text(s)).split(",")[0]
    s = re.sub(r"\s+", " ", s).strip(" .:;-")
    s = re.sub(r"^\d\. ", "", s) if s.startswith(("1. vice", "2. vice")) else s
    changed = True
    while changed:
        changed = False
        for title in _NAME_TITLES:
            if s.startswith(title + " "):
                s, changed = s[len(title) + 1 :].strip(), True
    return s


_TITLE_PREFIX = re.compile(
    r"^(?:\((?:lukket|åben|åbent)\)\s*|(?:lukket(?: punkt| sag)?|åbent?(?: punkt)?)\s*[:\-–]\s*)"
)
_TITLE_SUFFIX = re.compile(
    r"\s*(?:[\(\[](?:lukket(?: punkt)?|åben(?:t)?(?: punkt)?|[a-dio]|\s*)[\)\]]"
    r"|[-–]\s*lukket(?: sag| punkt)?)\s*$"
)


def norm_title(s) -> str:
    s, prev = norm_text(s), None
    while prev != s:
        prev = s
        s = _TITLE_SUFFIX.sub("", _TITLE_PREFIX.sub("", s).strip()).strip()
    return re.sub(r"\s+", " ", s.rstrip(" .:")) or "lukket"


def norm_section(s) -> str:
    s = norm_text(s).rstrip(":").strip().replace("é", "e")
    if s == "beslutning" or re.match(r"^beslutning[\s:]", s):
        return "beslutning"
    if re.match(r"^.+,\s*\d{1,2}[-./]\d{1,2}[-./]\d{2,4},\s*pkt\.?\s*\d+$", s):
        return "beslutning"
    if s == "bilag" or re.match(r"^bilag[\s:]", s):
        return "bilag"
    return s


def norm_attachment(s) -> str:
    s = re.sub(r"^bilag\s*\d+\s*[:.\-–]?\s*", "", norm_text(s))
    s = re.sub(r"\s*\((?:pdf|docx?|xlsx?|pptx?)\)$", "", s)
    s = re.sub(r"\.(?:pdf|docx?|xlsx?|pptx?)$", "", s).replace("_", " ")
    return re.sub(r"\s+", " ", s).strip()


def norm_decision(s) -> str:
    s = unicodedata.normalize("NFKC", _s(s))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn" or ch == "\u030a")
    s = unicodedata.normalize("NFKC", s).replace("\u00ad", "").replace("\u00a0", " ")
    s = re.sub(r"(\w)-[ \t]*\r?\n\s*(\w)", r"\1\2", s)
    s = re.sub(r"[•·▪\u2022\u2013\u2014]", " ", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


def _time(s) -> str:
    m = re.search(r"(\d{1,2})\s*[:.]\s*(\d{2})", _s(s))
    return f"{int(m.group(1)):02d}:{int(m.group(2)):02d}" if m else ""


def body_equal(expected: str, got: str, alternatives=()) -> bool:
    if any(body_equal(alt, got) for alt in alternatives):
        return True
    a, b = norm_body(expected), norm_body(got)
    if not a or not b:
        return a == b
    return a == b or _ratio(a, b) >= 0.85


def location_equal(expected, got) -> bool:
    if not _s(expected).strip():
        return not _s(got).strip()
    a, b = norm_location(expected), norm_location(got)
    if not b:
        return False
    if a == b or _ratio(a, b) >= 0.8:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and short in long_ and len(short) >= 0.5 * len(long_)


def decision_equal(expected, got) -> bool:
    if not _s(expected).strip():
        return not _s(got).strip()
    if not _s(got).strip():
        return False
    gn, pn = norm_decision(expected), norm_decision(got)
    start = 0
    while True:
        i = pn.find(gn, start)
        if i < 0 or i > 120:
            return False
        if i == 0 or not pn[i - 1].isalnum():
            return True
        start = i + 1


def set_equal(expected, got, optional=(), norm=norm_text, fuzzy=None) -> bool:
    """Every expected value found once, and nothing else than optional values."""

    def same(a, b):
        return a == b or (fuzzy is not None and _ratio(a, b) >= fuzzy)

    want = list(dict.fromkeys(n for n in map(norm, expected or []) if n))
    extra_ok = [n for n in map(norm, optional or []) if n]
    left = list(want)
    for value in dict.fromkeys(n for n in map(norm, got or []) if n):
        hit = next((w for w in left if same(value, w)), None)
        if hit is not None:
            left.remove(hit)
        elif not any(same(value, o) for o in extra_ok + want):
            return False
    return not left


def sections_equal(expected, got, optional=()) -> bool:
    want = Counter(norm_section(x) for x in expected or [] if _s(x).strip())
    have = Counter(norm_section(x) for x in got or [] if _s(x).strip())
    for o in {norm_section(x) for x in optional or []}:
        if have[o] > want[o]:
            have[o] = want[o]
    return +want == +have


def summarise(doc: ParsedDocument) -> dict:
    """The parse in the expected files' shape."""
    return {
        "municipality": doc.municipality,
        "meetings": [
            {
                "body": m.body,
                "date": m.date.isoformat() if m.date else None,
                "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
                "location": m.location,
                "participants": [
                    f"{p.name} ({p.party})" if p.party else p.name for p in m.participants
                ],
                "absent": [f"{p.name} ({p.party})" if p.party else p.name for p in m.absent],
                "items": [
                    {
                        "number": i.number,
                        "title": i.title,
                        "closed": i.closed,
                        "case_numbers": [c.value for c in i.case_numbers],
                        "sections": [s.heading for s in i.sections],
                        "decision": " ".join((i.decision or "").split()) or None,
                        "attachments": [a.title for a in i.attachments],
                    }
                    for i in m.items
                ],
            }
            for m in doc.meetings
        ],
    }


def _match_meetings(expected: list[dict], got: list[dict]) -> dict[int, int]:
    pairs = []
    for gi, g in enumerate(expected):
        for pi, p in enumerate(got):
            sim = 1.0 if g.get("date") and g.get("date") == p.get("date") else 0.0
            if body_equal(g.get("body"), p.get("body"), g.get("body_alternatives") or ()):
                sim += 0.5
            if sim:
                pairs.append((sim, -abs(gi - pi), gi, pi))
    pairs.sort(reverse=True)
    mapping: dict[int, int] = {}
    for _sim, _d, gi, pi in pairs:
        if gi not in mapping and pi not in mapping.values():
            mapping[gi] = pi
    return mapping


def differences(expected: dict, doc: ParsedDocument) -> list[str]:
    """Every field where the parse differs from the expected parse."""
    got = summarise(doc)
    out: list[str] = []
    if norm_municipality(expected.get("municipality")) != norm_municipality(got["municipality"]):
        out.append(f"municipality: {got['municipality']!r} != {expected.get('municipality')!r}")
    gms, pms = expected["meetings"], got["meetings"]
    if len(gms) != len(pms):
        out.append(f"meetings: {len(pms)} found, {len(gms)} expected")
    mapping = _match_meetings(gms, pms)
    for gi, g in enumerate(gms):
        where = f"meeting {gi + 1}"
        if gi not in mapping:
            out.append(f"{where}: not found ({g.get('body')} {g.get('date')})")
            continue
        p = pms[mapping[gi]]
        if not body_equal(g.get("body"), p["body"], g.get("body_alternatives") or ()):
            out.append(f"{where} body: {p['body']!r} != {g.get('body')!r}")
        if _s(g.get("date")) != _s(p["date"]):
            out.append(f"{where} date: {p['date']} != {g.get('date')}")
        if _time(g.get("start_time")) != _time(p["start_time"]):
            out.append(f"{where} start_time: {p['start_time']} != {g.get('start_time')}")
        if not location_equal(g.get("location"), p["location"]):
            out.append(f"{where} location: {p['location']!r} != {g.get('location')!r}")
        optional = list(g.get("participants_optional") or []) + list(g.get("absent") or [])
        if not set_equal(g.get("participants"), p["participants"], optional, norm_name, 0.92):
            out.append(f"{where} participants: {p['participants']} != {g.get('participants')}")
        if not set_equal(g.get("absent"), p["absent"], g.get("absent_optional"), norm_name, 0.92):
            out.append(f"{where} absent: {p['absent']} != {g.get('absent')}")
        gitems, pitems = g.get("items") or [], p["items"]
        if len(gitems) != len(pitems):
            out.append(
                f"{where} items: {[i['number'] for i in pitems]} != {[i['number'] for i in gitems]}"
            )
        by_number: dict[int, dict] = {}
        for it in pitems:
            by_number.setdefault(it["number"], it)
        for it in gitems:
            at = f"{where} item {it['number']}"
            pit = by_number.get(it["number"])
            if pit is None:
                out.append(f"{at}: missing ({it.get('title')!r})")
                continue
            if norm_title(it.get("title")) != norm_title(pit["title"]):
                out.append(f"{at} title: {pit['title']!r} != {it.get('title')!r}")
            if bool(it.get("closed")) != bool(pit["closed"]):
                out.append(f"{at} closed: {pit['closed']} != {it.get('closed')}")
            if not set_equal(
                it.get("case_numbers"),
                pit["case_numbers"],
                it.get("case_numbers_optional"),
                lambda s: re.sub(r"\s+", "", norm_text(s)).strip(".,;:"),
            ):
                out.append(f"{at} case_numbers: {pit['case_numbers']} != {it.get('case_numbers')}")
            if not sections_equal(it.get("sections"), pit["sections"], it.get("sections_optional")):
                out.append(f"{at} sections: {pit['sections']} != {it.get('sections')}")
            if not decision_equal(it.get("decision_startswith"), pit["decision"]):
                out.append(
                    f"{at} decision: {_s(pit['decision'])[:60]!r} != "
                    f"{it.get('decision_startswith')!r}"
                )
            if not set_equal(
                it.get("attachments"),
                pit["attachments"],
                it.get("attachments_optional"),
                norm_attachment,
                0.9,
            ):
                out.append(f"{at} attachments: {pit['attachments']} != {it.get('attachments')}")
    return out
