"""PostgreSQL's ts_rank, computed in Python, so that SQLite ranks as PostgreSQL does.

PostgreSQL ranks a search's candidates with ``ts_rank(search_vector, query)``: default
weights {D 0.1, C 0.2, B 0.4, A 1.0}, normalization 0 (src/backend/utils/adt/tsrank.c,
calc_rank). This module does the same from an item's positioned text (analysis.positioned:
one token per PostgreSQL position, title A, decision B, other sections C, attachment titles D,
each column's positions following the previous column's last word, as ``||`` concatenates),
in single precision step by step as the C code does, so that ties stay ties:

- a query whose top operator is AND or a phrase (two or more distinct lexemes): calc_rank_and,
  every pair of positions of two different query lexemes weighted sqrt(w1 * w2 *
  word_distance(distance)) and combined as 1 - (1 - r)(1 - w); no pair gives 1e-20;
- otherwise (one word, alternatives with "eller"): calc_rank_or, per query lexeme the weights
  of its occurrences in position order as sum w/(j+1)^2 (the heaviest one counted whole)
  divided by pi^2/6, summed and divided by the number of distinct query lexemes.

Excluded words count among the query's lexemes, as in PostgreSQL. A prefix (skole*, and a
compound's expansion) matches every lexeme of the item beginning with it, each ranked as its
own entry. What still differs: the tokens (PostgreSQL reads 10.000, hosts and e-mail
addresses as one token, the Python side splits them at the punctuation), and a lexeme's
positions past 256 per column or past position 16383 are treated more simply.
"""

from __future__ import annotations

import bisect
import math
import re
import struct
from dataclasses import dataclass
from functools import lru_cache

from .analysis import PLACEHOLDER
from .query import ParsedQuery

_F32 = struct.Struct("f")

MAX_POSITION = 16383  # MAXENTRYPOS - 1
MAX_POSITIONS = 256  # MAXNUMPOS: positions kept per lexeme
NEAR = 100  # word_distance beyond this is 1e-30


def f32(value: float) -> float:
    """The value as a C float (single precision)."""
    return _F32.unpack(_F32.pack(value))[0]


# Weight classes in column order: title A, decision B, other sections C, attachment titles D.
WEIGHTS = tuple(f32(w) for w in (1.0, 0.4, 0.2, 0.1))


@dataclass(frozen=True)
class Operand:
    lexeme: str
    prefix: bool = False


@dataclass(frozen=True)
class RankQuery:
    """The query's distinct lexemes in PostgreSQL's order (by their bytes), whether its top
    operator is AND or a phrase, and a pattern per lexeme finding it in a positioned text
    (a literal first: Python's re then skips ahead with a fast search)."""

    operands: tuple[Operand, ...]
    conjunctive: bool
    patterns: tuple[re.Pattern, ...] = ()


def rank_query(query: ParsedQuery, *, expand: bool) -> RankQuery:
    """What ts_rank sees of ``postgres.tsquery_text(query, expand=expand)``."""
    found: dict[str, Operand] = {}
    for alternative in query.alternatives:
        for term in alternative:
            prefix = term.prefix or (expand and term.compound and not term.negated)
            for index, lexeme in enumerate(term.stems):
                last = index == len(term.stems) - 1
                found.setdefault(lexeme, Operand(lexeme, prefix and last))
    operands = tuple(found[lexeme] for lexeme in sorted(found, key=lambda s: s.encode()))
    alternative = query.alternatives[0] if len(query.alternatives) == 1 else ()
    conjunctive = sum(len(term.stems) for term in alternative) > 1
    patterns = tuple(
        re.compile(re.escape(o.lexeme) + (r"\S*" if o.prefix else r"(?!\S)")) for o in operands
    )
    return RankQuery(operands, conjunctive, patterns)


# ---------------------------------------------------------------------------------------
# Positions.


def _positions(columns: tuple[str, ...], patterns) -> dict[str, list]:
    """Per lexeme of the item the query matches: its (position, weight), in order. A
    positioned text has one token per position, separated by single spaces."""
    found: dict[str, list[tuple[int, float]]] = {}
    offset = 0
    for weight, text in zip(WEIGHTS, columns, strict=False):
        if not text:
            continue
        seen: dict[str, re.Pattern] = {}  # a lexeme two operands match is counted once
        for pattern in patterns:
            spaces, counted = 0, 0
            for match in pattern.finditer(text):
                start = match.start()
                if start and text[start - 1] != " ":
                    continue  # inside a longer token
                lexeme = match.group()
                if seen.setdefault(lexeme, pattern) is not pattern:
                    continue
                spaces += text.count(" ", counted, start)
                counted = start
                position = min(offset + spaces + 1, MAX_POSITION)
                places = found.setdefault(lexeme, [])
                if len(places) < MAX_POSITIONS and (not places or places[-1][0] < position):
                    places.append((position, weight))
        words = text.rstrip(PLACEHOLDER + " ")  # the column's last word ends its positions
        if words:
            offset = min(offset + words.count(" ") + 1, MAX_POSITION)
    return found


def _entries(found: dict, operand: Operand) -> list[list[tuple[int, float]]]:
    """The item's lexemes an operand matches, in the tsvector's order (by bytes)."""
    if not operand.prefix:
        places = found.get(operand.lexeme)
        return [places] if places else []
    return [
        found[lexeme]
        for lexeme in sorted(found, key=lambda s: s.encode())
        if lexeme.startswith(operand.lexeme)
    ]


# ---------------------------------------------------------------------------------------
# calc_rank.


def rank(query: RankQuery, columns: tuple[str, ...]) -> float:
    """ts_rank(vector, query) for an item whose positioned columns are ``columns``."""
    if not query.operands:
        return 0.0
    found = _positions(columns, query.patterns)
    if query.conjunctive and len(query.operands) > 1:
        result = _rank_and(query.operands, found)
    else:
        result = _rank_or(query.operands, found)
    return f32(1e-20) if result < 0 else result


def _rank_or(operands, found) -> float:
    result = 0.0
    for operand in operands:
        for places in _entries(found, operand):
            result = f32(result + _entry_rank(tuple(weight for _, weight in places)))
    return f32(result / len(operands))


@lru_cache(maxsize=4096)
def _entry_rank(weights: tuple[float, ...]) -> float:
    """One lexeme's share in calc_rank_or, from its weights in position order (items
    repeat the same few sequences)."""
    sum_j, max_w, max_j = 0.0, -1.0, 0
    for j, weight in enumerate(weights):
        sum_j = f32(sum_j + f32(weight / ((j + 1) * (j + 1))))
        if weight > max_w:
            max_w, max_j = weight, j
    term = f32(f32(max_w + sum_j) - f32(max_w / ((max_j + 1) * (max_j + 1))))
    return term / 1.64493406685


def _word_distance(distance: int) -> float:
    if distance > NEAR:
        return f32(1e-30)
    return f32(1.0 / (1.005 + 0.05 * math.exp(f32(distance) / 1.5 - 2)))


_PAIR: dict[tuple[float, float, int], float] = {}


def _pair_weight(w1: float, w2: float, distance: int) -> float:
    key = (w1, w2, min(distance, NEAR + 1))
    value = _PAIR.get(key)
    if value is None:
        value = _PAIR[key] = f32(math.sqrt(f32(f32(w1 * w2) * _word_distance(key[2]))))
    return value


def _rank_and(operands, found) -> float:
    """calc_rank_and: pairs in the C code's order. Once the rank is above 1e-6 a pair farther
    apart than NEAR (weight at most 1e-15) cannot change a single-precision rank: only the
    pairs within NEAR are visited then."""
    result = -1.0
    latest: list[list[tuple[int, float]] | None] = [None] * len(operands)
    for i, operand in enumerate(operands):
        for places in _entries(found, operand):
            latest[i] = places
            for k in range(i):
                other = latest[k]
                if not other:
                    continue
                other_positions = [p for p, _ in other]
                for position, weight in places:
                    if result > 1e-6:
                        start = bisect.bisect_left(other_positions, position - NEAR)
                        stop = bisect.bisect_right(other_positions, position + NEAR)
                        pairs = other[start:stop]
                    else:
                        pairs = other
                    for other_position, other_weight in pairs:
                        distance = abs(position - other_position)
                        if not distance:
                            continue
                        curw = _pair_weight(weight, other_weight, distance)
                        result = curw if result < 0 else f32(1.0 - (1.0 - result) * (1.0 - curw))
    return result
