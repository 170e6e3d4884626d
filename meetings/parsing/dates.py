"""Danish dates and times as they are written in minutes (datoer og klokkeslæt).

Recognised date styles: ``24-08-2020``, ``13.10.2021``, ``13/10/2021``, ``2021-10-13``,
``13. oktober 2021``, ``13 okt. 2021``, ``13-okt-2021``, optionally after a weekday and
``den``/``d.``. Times: ``kl. 16.30``, ``16:30``, ``Kl. 14.30 – 16.00``, ``kl. 9``.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "febr": 2,
    "marts": 3,
    "mar": 3,
    "mrts": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    # English month names (web exports)
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "october": 10,
    "oct": 10,
}

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = "|".join(WEEKDAYS)

# The styles that start with a digit test for it first ("(?=\d)"), before their lookbehinds:
# the scan passes a letter without trying them.
DATE_PATTERN = (
    r"(?:(?=\d)(?<![\d/])(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\d\-/]))"
    r"|(?:(?=\d)(?<!\d)(?<!\d[./\-])(?P<nd>\d{1,2})(?P<sep>[.\-/])(?P<nm>\d{1,2})(?P=sep)"
    r"(?P<ny>\d{4}|\d{2})(?![\d\-/]|\.\d))"
    r"|(?:(?=\d)(?<![\d/.])(?P<sd>\d{1,2})/(?P<sm>\d{1,2})(?:\s+|\s*-\s*)(?P<sy>\d{4})(?!\d))"
    rf"|(?:(?=\d)(?<!\d)(?<!\d\.)(?P<td>\d{{1,2}})\.?\s*-?\s*(?P<tm>{_MONTH_ALT})\b\.?\s*-?\s*(?P<ty>\d{{4}})(?!\d))"
    rf"|(?:\b(?P<em>{_MONTH_ALT})\.?\s+(?P<ed>\d{{1,2}}),?\s+(?P<ey>\d{{4}})(?!\d))"
)
# The lookahead (a date starts with a digit or a month name's first letter) lets a scan pass
# other characters without trying every date style.
DATE_RE = re.compile(
    rf"(?=[\d{''.join(sorted({m[0] for m in MONTHS}))}])(?:{DATE_PATTERN})", re.IGNORECASE
)

# A line that is nothing but a date, maybe with weekday and "den"/"d.".
DATE_ONLY_RE = re.compile(
    rf"^(?:(?:{_WEEKDAY_ALT})\s*,?\s*)?(?:(?:den|d\.)\s*)?(?:{DATE_PATTERN})\s*\.?$",
    re.IGNORECASE,
)

_TIME = r"(?P<{h}>[01]?\d|2[0-3])[.:](?P<{m}>[0-5]\d)(?!\d)"
TIME_RANGE_RE = re.compile(
    r"(?<![\d.:])(?:kl\.?\s*)?"
    + _TIME.format(h="h1", m="m1")
    + r"\s*(?:[-–—]|til|to)\s*(?:kl\.?\s*)?"
    + _TIME.format(h="h2", m="m2"),
    re.IGNORECASE,
)
TIME_RE = re.compile(r"(?<![\d.:])(?:kl\.?\s*)?" + _TIME.format(h="h", m="m"), re.IGNORECASE)
KL_HOUR_RE = re.compile(r"\bkl\.?\s*(?P<h>[01]?\d|2[0-3])(?![\d.:])", re.IGNORECASE)

# A line that is a date and maybe a time (range): "04-08-2020 08:30", "Onsdag den 13-okt-2021
# kl. 16.30", "13. oktober 2021, kl. 16.30 - 18.00".
DATE_TIME_LINE_RE = re.compile(
    rf"^(?:mødet\s+)?(?:(?:{_WEEKDAY_ALT})\s*,?\s*)?(?:(?:den|d\.)\s*)?(?:{DATE_PATTERN})"
    r"\s*[,\-–]?\s*(?:(?:kl\.?|klokken|fra)\s*)?"
    r"(?:\d{1,2}(?:[.:]\d{2}){0,2}(?:\s*(?:[-–—]|til)\s*(?:kl\.?\s*)?\d{1,2}(?:[.:]\d{2})?)?)?"
    r"\s*[.|]?$",
    re.IGNORECASE,
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _from_match(match: re.Match) -> dt.date | None:
    # The style that matched is the one whose last group closed last (its year or day).
    style = match.lastgroup
    try:
        if style == "id":
            return dt.date(int(match.group("iy")), int(match.group("im")), int(match.group("id")))
        if style == "sy":
            return dt.date(int(match.group("sy")), int(match.group("sm")), int(match.group("sd")))
        if style == "ny":
            return dt.date(_year(match.group("ny")), int(match.group("nm")), int(match.group("nd")))
        if style == "ey":
            month = MONTHS[match.group("em").lower()]
            return dt.date(int(match.group("ey")), month, int(match.group("ed")))
        month = MONTHS[match.group("tm").lower()]
        return dt.date(int(match.group("ty")), month, int(match.group("td")))
    except (ValueError, KeyError, OverflowError):
        return None


# Every date and time style has a digit (``\d``, as the patterns mean it: any decimal digit):
# a text without one is passed over without running the patterns.
_DIGIT_RE = re.compile(r"\d")


def find_date(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The first date in ``text`` and its span; ``(None, span)`` when it looks like a date
    but is impossible (31-02-2020); ``(None, None)`` when there is none."""
    if _DIGIT_RE.search(text) is None:
        return None, None
    first_bad = None
    for match in DATE_RE.finditer(text):
        value = _from_match(match)
        if value is not None:
            return value, match.span()
        if first_bad is None:
            first_bad = match.span()
    return None, first_bad


def parse_date(text: str) -> dt.date | None:
    """The first valid date written in ``text``, or None."""
    return find_date(text)[0]


def is_date_only(line: str) -> bool:
    return bool(DATE_ONLY_RE.match(line))


def case_insensitive(letters: str) -> frozenset[str]:
    """The characters an IGNORECASE regex matches for the ``letters`` (ASCII or æøå): both
    cases and the characters Unicode folds onto them (ſ -> s, Kelvin K -> k, ı and İ -> i,
    Ångström Å -> å)."""
    pool = set(letters) | set(letters.upper()) | {"ſ", "\u212a", "ı", "İ", "\u212b"}
    letter = re.compile(f"(?i)[{letters}]")
    return frozenset(c for c in pool if letter.fullmatch(c))


# What DATE_TIME_LINE_RE can start with ("mødet", a weekday, "den", "d.", a month name, or a
# digit) and end with (a digit, "kl", "kl.", "klokken", "fra", a dash, a comma, a full stop, a
# bar or a space): cheap tests before the regex.
_DATE_LINE_FIRST = case_insensitive(
    "".join({"m", "d"} | {word[0] for word in WEEKDAYS} | {month[0] for month in MONTHS})
)
_DATE_LINE_LAST = frozenset(".|,-–") | case_insensitive("lna")


def is_date_time_line(line: str) -> bool:
    first, last = line[:1], line[-1:]
    if not (first.isdecimal() or first in _DATE_LINE_FIRST):
        return False
    if not (last.isdecimal() or last in _DATE_LINE_LAST or last.isspace()):
        return False
    return bool(DATE_TIME_LINE_RE.match(line))


def _time(hour: str, minute: str | None) -> dt.time | None:
    try:
        return dt.time(int(hour), int(minute or 0))
    except ValueError:
        return None


def find_times(text: str) -> tuple[dt.time | None, dt.time | None]:
    """Start and end time written in ``text`` (which should not contain the date any more)."""
    if _DIGIT_RE.search(text) is None:
        return None, None
    match = TIME_RANGE_RE.search(text)
    if match:
        return _time(match.group("h1"), match.group("m1")), _time(
            match.group("h2"), match.group("m2")
        )
    match = TIME_RE.search(text)
    if match:
        return _time(match.group("h"), match.group("m")), None
    match = KL_HOUR_RE.search(text)
    if match:
        return _time(match.group("h"), None), None
    return None, None


def find_date_and_times(
    text: str,
) -> tuple[dt.date | None, dt.time | None, dt.time | None, bool]:
    """Date, start and end time in a header value; the last flag says a date-like text was
    found that is not a real date."""
    date, span = find_date(text)
    rest = text
    if span is not None:
        rest = text[: span[0]] + " " + text[span[1] :]
    start, end = find_times(rest)
    return date, start, end, date is None and span is not None
