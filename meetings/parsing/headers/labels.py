"""Header labels (Mødedato:, Mødested:, Deltagere: …) and kind words (referat, dagsorden):
which label means what, a label line's value, values printed on the next line or in a
header table flattened column-wise (pair_labels), and "Mødet hævet kl. …" as the end time.

A new label is one word in _LABELS_NO_COLON / _LABELS_COLON and the set saying what it
holds (_DATE_LABELS, _TIME_LABELS, _END_LABELS, _PLACE_LABELS, _PRESENT_LABELS …).

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import people
from ..dates import find_date

_KIND_WORD_RE = re.compile(
    r"^(?P<kw>referat|dagsorden med (?:beslutninger|vedtagelser)|dagsorden|beslutningsprotokol"
    r"|mødereferat|protokol)\b[\s:\-–]*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A line that is only a kind label: "Referat", "REFERAT", "Dagsorden", "Referat fra mødet".
KIND_LABEL_RE = re.compile(
    r"^(?P<kw>referat|dagsorden|beslutningsprotokol|mødereferat|åben dagsorden|åbent referat"
    r"|offentlig dagsorden|offentligt referat|åben tillægsdagsorden|tillægsdagsorden"
    r"|dagsorden med (?:beslutninger|vedtagelser))"
    r"(?:\s+(?:fra|for|af|til)(?:\s+(?:mødet|møde))?)?\s*:?$",
    re.IGNORECASE,
)

# Header labels. Value may follow a colon or (for the unambiguous ones) a space.
_LABELS_NO_COLON = (
    "mødedato|mødetidspunkt|mødetid|mødested|mødelokale|mødedeltagere|deltagere|afbud|fraværende"
    "|til stede|tilstede|fremmødte|fremmøde|stedfortrædere|stedfortræder|suppleanter"
    "|starttidspunkt for mødet|starttidspunkt for møde|sluttidspunkt for mødet"
    "|sluttidspunkt for møde|starttidspunkt|sluttidspunkt|mødet påbegyndt|mødet afsluttet"
    "|mødeafholdelse|medlemmer|indkaldelse|indkaldte|fra forvaltningen"
)
_LABELS_COLON = (
    "dato|tid|tidspunkt|klokken|kl|sted|lokale|lokation|adresse|deltager|medlemmer|afbud fra"
    "|fravær|ikke til stede|suppleant|udvalg|møde|emne|mødeforum|forum|mødetype|information"
    "|bemærkning|bemærkninger|referent|sekretær|mødeleder|formand|note|start|slut|mødet hævet"
    "|tid og sted|desuden deltog|øvrige deltagere|pdf|derudover deltog"
)
HEADER_LABEL_RE = re.compile(
    rf"^(?:(?P<a>{_LABELS_NO_COLON})\b\s*:?|(?P<b>{_LABELS_COLON})\s*:)\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# The first two letters of every label, in lower case: a line starting otherwise is no label
# line (tested before HEADER_LABEL_RE runs). The characters the regex also matches
# case-insensitively that str.lower() does not map to the letter are folded first.
_LABEL_HEADS = frozenset(label[:2] for label in f"{_LABELS_NO_COLON}|{_LABELS_COLON}".split("|"))
_CASE_FOLD = str.maketrans({"ı": "i", "İ": "i", "ſ": "s"})


def _label_re(head: str) -> re.Pattern:
    """HEADER_LABEL_RE with only the labels that start with ``head`` (in their order): a
    line can only match a label of its own first two letters, and the short alternation is
    tried much faster than the whole one."""
    no_colon = [label for label in _LABELS_NO_COLON.split("|") if label[:2] == head]
    colon = [label for label in _LABELS_COLON.split("|") if label[:2] == head]
    return re.compile(
        rf"^(?:(?P<a>{'|'.join(no_colon) or '(?!)'})\b\s*:?|(?P<b>{'|'.join(colon) or '(?!)'})\s*:)"
        r"\s*(?P<value>.*)$",
        re.IGNORECASE,
    )


_LABEL_RES = {head: _label_re(head) for head in _LABEL_HEADS}
_BODY_LABELS = frozenset({"udvalg", "møde", "emne", "mødeforum", "forum", "mødetype"})
_DATE_LABELS = frozenset({"mødedato", "dato"})
_TIME_LABELS = frozenset(
    {
        "mødetid",
        "mødetidspunkt",
        "tid",
        "tidspunkt",
        "klokken",
        "kl",
        "start",
        "starttidspunkt",
        "starttidspunkt for møde",
        "starttidspunkt for mødet",
        "mødet påbegyndt",
    }
)
_END_LABELS = frozenset(
    {
        "slut",
        "sluttidspunkt",
        "sluttidspunkt for møde",
        "sluttidspunkt for mødet",
        "mødet afsluttet",
        "mødet hævet",
    }
)
_PLACE_TIME_LABELS = frozenset({"tid og sted"})
_PLACE_LABELS = frozenset(
    {"mødested", "mødelokale", "sted", "lokale", "lokation", "adresse", "mødeafholdelse"}
)
_PRESENT_LABELS = frozenset(
    {
        "mødedeltagere",
        "deltagere",
        "deltager",
        "til stede",
        "tilstede",
        "fremmødte",
        "fremmøde",
        "medlemmer",
        "fra forvaltningen",
        "desuden deltog",
        "derudover deltog",
        "indkaldelse",
        "indkaldte",
        "øvrige deltagere",
    }
)
_ABSENT_LABELS = frozenset({"afbud", "afbud fra", "fraværende", "fravær", "ikke til stede"})
_SUBSTITUTE_LABELS = frozenset({"stedfortrædere", "stedfortræder", "suppleanter", "suppleant"})

# Labels that only a meeting header has ("Dato:", "Tid:", "Sted:" also occur in items).
STRONG_LABELS = _STRONG_LABELS = frozenset(
    {
        "mødedato",
        "mødetid",
        "mødetidspunkt",
        "mødested",
        "mødelokale",
        "mødedeltagere",
        "deltagere",
        "til stede",
        "tilstede",
        "fremmødte",
        "afbud",
        "afbud fra",
        "fraværende",
        "information",
        "mødeafholdelse",
        "starttidspunkt",
        "starttidspunkt for møde",
    }
)

_END_TIME_RE = re.compile(
    r"^mødet\s+(?:blev\s+)?(?:hævet|slut(?:tede)?|afsluttet|afsluttedes|ophørte)\b.*?kl\.?\s*"
    r"(?P<h>[01]?\d|2[0-3])(?:[.:](?P<m>[0-5]\d))?",
    re.IGNORECASE,
)

# Kind words that make a text minutes although they say "dagsorden".
_MINUTES_WORDS = ("beslutning", "vedtagelse", "referat", "protokol")


# "Dagsorden / til / Børn & Familieudvalg": words between a kind label and the body.
_CONNECTORS = frozenset({"til", "af", "for", "fra", "Til", "Af", "For", "Fra"})


def _kind_of(word: str) -> str:
    low = word.lower()
    if "dagsorden" in low and not any(w in low for w in _MINUTES_WORDS):
        return "dagsorden"
    return "referat"


def header_label(line: str) -> tuple[str, str] | None:
    """(label lower case, value) for a header label line."""
    if not line or not line[0].isalpha():
        return None
    pattern = _LABEL_RES.get(line[:2].translate(_CASE_FOLD).lower())
    if pattern is None:
        return None
    match = pattern.match(line)
    if not match:
        return None
    label = (match.group("a") or match.group("b")).lower()
    value = match.group("value").strip()
    if match.group("a") and value and not line[len(match.group("a")) :].startswith((":", " ")):
        return None
    return label, value


_PEOPLE_LABELS = _PRESENT_LABELS | _ABSENT_LABELS | _SUBSTITUTE_LABELS


def _fits(name: str, value: str) -> bool:
    """Whether ``value`` can be the value of the label ``name`` (column-wise tables)."""
    has_digit = any(ch.isdigit() for ch in value)
    if name in _DATE_LABELS:
        return find_date(value)[0] is not None
    if name in _TIME_LABELS or name in _END_LABELS:
        return (
            has_digit
            and len(value) <= 40
            and find_date(value)[0] is None
            or (value.lower().rstrip(".") in ("kl", ""))
        )
    if name in _PEOPLE_LABELS:
        return people.looks_like_names(value)
    return True


def pair_labels(lines: list[str], indexes: list[int]) -> tuple[dict[int, str], set[int]]:
    """Values of labels printed without one: "Mødedato:" / "10. marts 2020" (value on the
    next line), or a header table flattened column-wise ("Mødedato:" / "Mødested:" / …
    then the values in the same order; a label whose value is empty is skipped)."""
    rows = [i for i in indexes if lines[i]]
    paired: dict[int, str] = {}
    consumed: set[int] = set()
    k = 0
    count = len(rows)
    while k < count:
        label = header_label(lines[rows[k]]) if lines[rows[k]][-1] == ":" else None
        if label is None or label[1] or label[0] in _BODY_LABELS:
            k += 1
            continue
        run = [(rows[k], label[0])]
        k += 1
        while k < count and lines[rows[k]][-1] == ":":
            more = header_label(lines[rows[k]])
            if more is None or more[1]:
                break
            run.append((rows[k], more[0]))
            k += 1
        if len(run) == 1 and run[0][1] in _PEOPLE_LABELS:
            continue  # names on the following lines: read as a list
        values = []
        while k < count and len(values) < 12:
            s = lines[rows[k]]
            if header_label(s) is not None or KIND_LABEL_RE.match(s) or s.isupper():
                break
            values.append(rows[k])
            k += 1
        v = 0
        for index, name in run:
            if v >= len(values):
                break
            value = lines[values[v]]
            if not _fits(name, value):
                if name in _PEOPLE_LABELS or name in _END_LABELS:
                    continue
            if name in _PEOPLE_LABELS:
                paired[index] = " ".join(lines[j] for j in values[v:])
                consumed.update(values[v:])
                v = len(values)
                break
            paired[index] = value
            consumed.add(values[v])
            v += 1
        k -= len(values) - v
    return paired, consumed


def end_time_in(line: str) -> dt.time | None:
    """End time from a closing line such as "Mødet hævet kl. 17.45" (-> 17:45)."""
    if not line.startswith(("Mødet", "mødet", "MØDET")):
        return None
    match = _END_TIME_RE.match(line)
    if not match:
        return None
    try:
        return dt.time(int(match.group("h")), int(match.group("m") or 0))
    except ValueError:
        return None
