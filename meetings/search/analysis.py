"""Text analysis (tekstanalyse) shared by both databases: lower case, Snowball Danish stems,
PostgreSQL's Danish stop words left out, plus the question and filler words a citizen types
("hvad besluttede …") that a search does not require."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

# PostgreSQL's danish.stop (from Snowball): the words to_tsvector('danish', …) leaves out.
STOP_WORDS = frozenset(
    """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
    om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal
    selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne
    end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis
    din nogle hos blive mange ad bliver hendes været thi jer sådan""".split()
)

# Spørgeord og fyldord: words of a question or a request that rarely occur in what is being
# looked for. They are not required to match (a query of only such words still searches them).
QUESTION_WORDS = frozenset(
    "hvad hvem hvor hvornår hvorfor hvordan hvilke hvilken hvilket hvorledes".split()
)
FILLER_WORDS = QUESTION_WORDS | frozenset(
    """besluttede beslutte besluttet vedtog sagde mente gjorde gør står stod skete sket
    fortæl find finde vis søg søger leder angående vedrørende omkring ang vedr mon
    noget nogen egentlig blevet""".split()
)

_WORD = re.compile(r"\w+")
_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("danish")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Danish Snowball stem of a lower-case word; numbers and codes are kept as written."""
    if not word.isalpha():
        return word
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """The lower-case words of a text (word characters only, as the index sees them)."""
    return _WORD.findall(text.lower())


def analyse(text: str) -> list[str]:
    """Text → stemmed tokens, stop words left out (as to_tsvector('danish', …) does)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


# What holds a position without being a word (SQLite's index text; FTS5 skips it).
PLACEHOLDER = "."
# A hyphenated word (sosu-assistenter): PostgreSQL's parser gives the whole word a position of
# its own before its parts (sosu-assistent:1 sosu:2 assistent:3), when at least two parts in a
# row have a letter (3d-print is one, 2020-abc is not). Possessive: no backtracking.
_HYPHENATED = re.compile(r"(?<!\w)\w++(?:-\w++)+")


def _hyphenated_starts(text: str) -> set[int]:
    """Where the hyphenated words of a (lower-case) text begin."""
    starts = set()
    if "-" not in text:
        return starts
    for match in _HYPHENATED.finditer(text):
        run_start, run_length, offset = None, 0, match.start()
        for part in match.group().split("-"):
            if any(c.isalpha() for c in part):
                if run_length == 0:
                    run_start = offset
                run_length += 1
                if run_length == 2:
                    starts.add(run_start)
            else:
                run_length = 0
            offset += len(part) + 1
    return starts


def positioned(text: str) -> str:
    """The stems of a text at the positions to_tsvector('danish', …) gives them: a stop word
    or a hyphenated word as a whole holds a PLACEHOLDER, so the n-th token of the result is
    at position n (tsrank.py ranks from it). FTS5 indexes the same stems as analyse()."""
    lowered = text.lower()
    whole = _hyphenated_starts(lowered)
    if not whole:
        return " ".join(
            [PLACEHOLDER if w in STOP_WORDS else stem(w) for w in _WORD.findall(lowered)]
        )
    tokens = []
    for match in _WORD.finditer(lowered):
        if match.start() in whole:
            tokens.append(PLACEHOLDER)
        word = match.group()
        tokens.append(PLACEHOLDER if word in STOP_WORDS else stem(word))
    return " ".join(tokens)
