"""The search query (søgeforespørgsel) as a citizen types it, parsed once for both databases.

Understood:
- words are ANDed; ``"en frase"`` must occur as written; ``-ord`` or ``ikke ord`` excludes;
  ``eller`` (or ``or``, ``|``) separates alternatives; ``ord*`` finds every word beginning so;
- compounds (sammensatte ord): a word of four or more letters also finds the compounds that
  begin with it (budget → budgetanalyser); the search ranks those below exact matches;
- question and filler words ("hvad besluttede …") are not required; in a question "ikke" is
  read as a word, not as an exclusion;
- a meeting date (24. august 2020, 24-08-2020, 2020-08-24) narrows to meetings that day;
- case numbers of any scheme (20/030692, 326-2015-4892, 00.01.00-P35-301-20, eDoc
  2019-0123456) and KLE topics (00.01.00) are taken out of the words and looked up as such.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..parsing.case_numbers import ESDH_PATTERN
from .analysis import FILLER_WORDS, QUESTION_WORDS, STOP_WORDS, stem

# The shortest word that also finds the compounds beginning with it.
COMPOUND_MIN_LENGTH = 4
# The shortest prefix a trailing * may have.
PREFIX_MIN_LENGTH = 2

# Words that only say "this is a case number" when one is typed.
CASE_WORDS = frozenset(
    "sag sagen sagsnummer sagsnr sagsnr. nr nr. journalnummer j.nr. edoc".split()
)
OR_WORDS = frozenset({"or", "eller", "|"})
NOT_WORDS = frozenset({"ikke"})

# Sagsnumre in the schemes Danish municipalities use, anywhere in the box: the parser's own
# ESDH patterns (one vocabulary for both), KLE journal numbers with their handling facet.
CASE_NUMBER = re.compile(
    r"(?<![\w./-])(?:e-?doc\s*(?:nr\.?\s*)?)?("
    r"\d{2}\.\d{2}\.\d{2}-?[A-ZÆØÅa-zæøå]\d{2}(?:-\d+-\d{2,4})?"  # KLE (00.01.00A00 too)
    r"|\d{1,4}-\d{4}-\d+"  # 326-2015-4892
    r"|\d{4}-\d{5,}"  # eDoc 2019-0123456
    rf"|{ESDH_PATTERN}"  # 20/030692, 20/057417-2, the regions' 1-01-72-4-20 …
    r")(?![\w/-])",
    re.IGNORECASE,
)
MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december".split()
)
# A meeting date typed in the box: 24. august 2020, 24-08-2020, 24.8.2020, 2020-08-24.
DATE = re.compile(
    r"(?<![\w./-])(?:"
    r"(?P<d1>\d{1,2})\.?\s*(?P<month>" + "|".join(MONTHS) + r")\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r")(?![\w/-])",
    re.IGNORECASE,
)
KLE_TOPIC = re.compile(r"(?<![\w./-])(\d{2}\.\d{2}\.\d{2})(?![\w./-])")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase: its words as written (lower case) and their stems without
    stop words; negated when excluded; ``prefix`` when written with a trailing *;
    ``compound`` when it also finds compounds beginning with it."""

    stems: tuple[str, ...]
    negated: bool = False
    words: tuple[str, ...] = field(default=(), compare=False)
    prefix: bool = False
    compound: bool = field(default=False, compare=False)

    @property
    def expands(self) -> bool:
        return self.prefix or self.compound


@dataclass(frozen=True)
class ParsedQuery:
    """A search query as alternatives (split at "eller"), each an AND of terms, plus the case
    numbers and KLE topics found in it and the words it does not require."""

    text: str
    alternatives: tuple[tuple[Term, ...], ...]
    case_numbers: tuple[str, ...] = ()
    kle_topics: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()

    @cached_property
    def highlight_stems(self) -> frozenset[str]:
        return frozenset(
            s for alt in self.alternatives for term in alt if not term.negated for s in term.stems
        )

    @cached_property
    def highlight_prefixes(self) -> frozenset[str]:
        """Stems whose compounds (or, for a *, any continuation) are also highlighted."""
        return frozenset(
            term.stems[-1]
            for alt in self.alternatives
            for term in alt
            if not term.negated and term.expands
        )

    @property
    def expands(self) -> bool:
        """True when some term also finds longer words (compounds or a *)."""
        return any(t.compound and not t.negated for alt in self.alternatives for t in alt)

    @cached_property
    def numbers(self) -> tuple[str, ...]:
        """Numbers the patterns did not recognise: plain numbers of four or more digits
        (dokumentnumre) and tokens such as 1-15-8-20 that mix digits and separators; case
        numbers when the archive knows them as such (the view looks them up)."""
        plain = [
            t.words[0]
            for alt in self.alternatives
            for t in alt
            if not t.negated and len(t.words) == 1 and t.words[0].isdigit() and len(t.words[0]) >= 4
        ]
        mixed = [
            token
            for raw in self.text.split()
            if (token := raw.strip("\"'.,;:()[]?!"))
            and len(token) >= 4
            and any(c.isdigit() for c in token)
            and not token.isdigit()
            and token not in self.case_numbers
            and not DATE.fullmatch(token)
        ]
        return tuple(dict.fromkeys(plain + mixed))

    def with_case_numbers(self, values: set[str]) -> ParsedQuery:
        """The query with these numbers taken out of the words and read as case numbers."""
        rest = self.without_words(
            set(values) | {w for v in values for w in _WORD.findall(v.lower())}
        )
        return ParsedQuery(
            text=self.text,
            alternatives=rest.alternatives,
            case_numbers=self.case_numbers + tuple(sorted(values)),
            kle_topics=self.kle_topics,
            skipped=self.skipped,
            dates=self.dates,
        )

    @property
    def has_words(self) -> bool:
        return bool(self.alternatives)

    @property
    def problem(self) -> str:
        """Why this query cannot be run, in Danish; empty when it can."""
        if not (self.alternatives or self.case_numbers or self.kle_topics or self.dates):
            return (
                "Søgningen indeholder ingen ord, der kan søges på. Meget almindelige ord "
                "som »og«, »i« og »at« springes over."
            )
        if any(all(term.negated for term in alt) for alt in self.alternatives):
            return (
                "Et udelukket ord (skrevet med minus eller »ikke« foran) skal stå sammen med "
                "mindst ét ord, der søges efter."
            )
        return ""

    def without_words(self, drop: set[str]) -> ParsedQuery:
        """The same query without the terms whose words are all in ``drop`` (names of bodies
        and municipalities taken as filters). Alternatives left empty are removed."""
        alternatives = tuple(
            kept
            for alt in self.alternatives
            if (kept := tuple(t for t in alt if t.negated or not set(t.words) <= drop))
        )
        return ParsedQuery(
            text=self.text,
            alternatives=alternatives,
            case_numbers=self.case_numbers,
            kle_topics=self.kle_topics,
            skipped=self.skipped + tuple(sorted(drop)),
            dates=self.dates,
        )


def _term(raw: str, negated: bool, phrase: bool) -> Term | None:
    prefix = raw.endswith("*") and not phrase
    found = [w.lower() for w in _WORD.findall(raw)]
    if not found:
        return None
    stems = tuple(stem(w) for w in found if w not in STOP_WORDS)
    if not stems:
        return None
    if prefix and len(found[-1]) < PREFIX_MIN_LENGTH:
        prefix = False
    compound = (
        not phrase
        and not prefix
        and len(found) == 1
        and found[0].isalpha()
        and len(found[0]) >= COMPOUND_MIN_LENGTH
    )
    return Term(stems, negated, tuple(found), prefix, compound)


def parse_query(text: str) -> ParsedQuery:
    """Parse what a citizen typed (see the module docstring)."""
    dates = tuple(dict.fromkeys(d for m in DATE.finditer(text) if (d := _date(m))))
    rest = DATE.sub(lambda m: " " if _date(m) else m.group(), text)
    case_numbers = tuple(dict.fromkeys(m.group(1) for m in CASE_NUMBER.finditer(rest)))
    rest = CASE_NUMBER.sub(" ", rest)
    kle_topics = tuple(dict.fromkeys(m.group(1) for m in KLE_TOPIC.finditer(rest)))
    rest = KLE_TOPIC.sub(" ", rest)

    tokens = []  # (raw, negated, phrase)
    for match in _TOKEN.finditer(rest):
        if match.group(2) is not None:
            tokens.append((match.group(2), bool(match.group(1)), True))
        else:
            tokens.append((match.group(4), bool(match.group(3)), False))
    plain = [raw.lower() for raw, _, phrase in tokens if not phrase]
    question = bool(plain) and plain[0].rstrip("?") in QUESTION_WORDS
    has_content = any(
        phrase or raw.lower().strip("?*") not in FILLER_WORDS | STOP_WORDS | OR_WORDS
        for raw, _, phrase in tokens
    )

    alternatives: list[list[Term]] = [[]]
    skipped: list[str] = []
    negate_next = False
    for raw, negated, phrase in tokens:
        word = raw.lower().strip("?!.,")
        if not phrase and not negated:
            if word in OR_WORDS:
                alternatives.append([])
                negate_next = False
                continue
            if word in NOT_WORDS and not question:
                negate_next = True
                continue
            if (has_content and word in FILLER_WORDS) or (case_numbers and word in CASE_WORDS):
                skipped.append(word)
                continue
        term = _term(raw, negated or negate_next, phrase)
        negate_next = False
        if term is not None:
            alternatives[-1].append(term)
    return ParsedQuery(
        text=text,
        alternatives=tuple(tuple(a) for a in alternatives if a),
        case_numbers=case_numbers,
        kle_topics=kle_topics,
        skipped=tuple(skipped),
        dates=dates,
    )


def _date(match: re.Match) -> dt.date | None:
    """The date a DATE match names, or None when it is not a real date."""
    if match.group("month"):
        day, month = match.group("d1"), MONTHS.index(match.group("month").lower()) + 1
        year = match.group("y1")
    elif match.group("d2"):
        day, month, year = match.group("d2"), match.group("m2"), match.group("y2")
    else:
        day, month, year = match.group("d3"), match.group("m3"), match.group("y3")
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
