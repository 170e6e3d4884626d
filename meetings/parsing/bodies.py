"""Bodies (udvalg, byråd, kommunalbestyrelse, regionsråd …): recognising a body's name in a
header line and cleaning it.

A new kind of body is one word in ``BODY_WORDS``; a new prefix that is not part of the name
(a period "2018-2021", "Ordinært møde") goes into ``_TRAILING_RE``.

Standard library only.
"""

from __future__ import annotations

import re

# The last word of a body's name (lower case, without the definite ending), e.g.
# "Klima- og Planudvalget", "Byrådet", "Ældrerådet", "Direktionen".
BODY_WORDS = (
    "udvalgsmøde",
    "rådsmøde",
    "udvalg",
    "byråd",
    "kommunalbestyrelse",
    "regionsråd",
    "magistrat",
    "direktion",
    "ældreråd",
    "handicapråd",
    "integrationsråd",
    "ungdomsråd",
    "seniorråd",
    "folkeoplysningsudvalg",
    "chefforum",
    "forum",
    "rådmandsmøde",
    "bestyrelse",
    "borgerrepræsentation",
    "forretningsudvalg",
)
_CORE = "|".join(sorted(BODY_WORDS, key=len, reverse=True))
_W = r"[^\W\d_]"
# "Klima- og Planudvalget", "Børn & Familieudvalg", "Plan-, Bolig- og Miljøudvalget",
# "Udvalget for Teknik og Miljø".
BODY_RE = re.compile(
    rf"(?<!\w)(?P<body>(?:{_W}+-,?\s+(?:og\s+)?|{_W}+\s+&\s+|{_W}+-\s+)*"
    rf"{_W}*(?:{_CORE})(?:et|en|n|s)?"
    rf"(?:\s+for\s+(?-i:[A-ZÆØÅ]){_W}*(?:(?:,\s+|\s+og\s+)(?-i:[A-ZÆØÅ]){_W}*)*)?)(?!\w)",
    re.IGNORECASE,
)
_TRAILING_RE = re.compile(r"\s*(?:\d{4}\s*[-–]\s*\d{2,4}|\(\s*\d{4}\s*[-–]\s*\d{2,4}\s*\))\s*$")
_MEETING_WORD_RE = re.compile(r"(?i)^(?P<stem>.+?)(?:rådsmøde|udvalgsmøde)$")


def find_body(line: str) -> str | None:
    """The first body name in ``line`` ("Referat af mødet i Folkeoplysningsudvalget den …"
    -> "Folkeoplysningsudvalget"), or None."""
    low = line.lower()
    if not any(
        word in low
        for word in ("udvalg", "råd", "bestyrelse", "direktion", "magistrat", "forum", "borgerrep")
    ):
        return None
    for match in BODY_RE.finditer(line):
        body = match.group("body")
        if body.lower().endswith("s") and body.lower()[:-1].endswith(("udvalg", "råd")):
            continue  # "Byråds-" / genitive inside a sentence
        if body.lower() in ("råd", "rådet", "forum", "udvalg", "udvalget", "bestyrelse"):
            continue
        return tidy(body)
    return None


def tidy(body: str) -> str:
    """Drop a period ("Byrådet 2018-2021"), turn "Ældrerådsmøde" into "Ældrerådet" and a name
    printed in capitals into ordinary writing ("ØKONOMIUDVALGET" -> "Økonomiudvalget")."""
    body = _TRAILING_RE.sub("", body).strip(" ,.:;-–")
    if body.isupper() and len(body) > 3:
        body = body[:1] + body[1:].lower()
    match = _MEETING_WORD_RE.match(body)
    if match and not body.lower().startswith("rådmand"):
        ending = "udvalget" if body.lower().endswith("udvalgsmøde") else "rådet"
        body = match.group("stem") + ending
    return body


def is_body(text: str) -> bool:
    """Whether ``text`` is a body's name (and not, say, a municipality, a weekday or a
    whole title line)."""
    if not text or "kommune" in text.lower():
        return False
    body = find_body(text)
    return body is not None and len(body) >= 0.7 * len(text)


def norm(body: str) -> str:
    """Comparison form: lower case letters only, without a definite ending."""
    key = "".join(ch for ch in body.lower() if ch.isalpha())
    for ending in ("et", "en"):
        if key.endswith(ending) and len(key) > 6:
            return key[: -len(ending)]
    return key
