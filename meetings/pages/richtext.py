"""Readable text (læsbar tekst) for decisions and sections: paragraphs, "- " and "1. " lists
as lists, numeric dates as Danish long dates, known case numbers and history lines as links.

Everything is escaped first; only the markup made here is added.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..parsing.case_numbers import ESDH_PATTERN, KLE_PATTERN

MONTHS = (
    "januar februar marts april maj juni juli august september oktober november december"
).split()
_BULLET_RE = re.compile(r"^\s*(?:[-–•*▪◦·]|o(?=\s))\s+(?P<text>\S.*)$")
_NUMBERED_RE = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_NUMERIC_DATE_RE = re.compile(r"(?<![\d./-])(\d{1,2})([-./])(\d{1,2})\2(\d{4})(?![\d./-])")
CASE_RE = re.compile(rf"(?<![\w./-])(?:{KLE_PATTERN}|{ESDH_PATTERN})(?![\w/]|[.-]\w)")


def long_date(value: dt.date) -> str:
    """29. april 2020."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


WEEKDAYS = "mandag tirsdag onsdag torsdag fredag lørdag søndag".split()


def weekday_date(value: dt.date) -> str:
    """onsdag 29. april 2020 (Django's "l j. F Y" in Danish, without its translation lookups)."""
    return f"{WEEKDAYS[value.weekday()]} {long_date(value)}"


def danish_dates(text: str) -> str:
    """Numeric dates ("29-04-2020", "29.04.2020") written as Danish long dates."""

    def replace(match: re.Match) -> str:
        day, _, month, year = match.groups()
        try:
            return long_date(dt.date(int(year), int(month), int(day)))
        except ValueError:
            return match.group(0)

    return _NUMERIC_DATE_RE.sub(replace, text)


def case_candidates(texts: Iterable[str]) -> set[str]:
    """Every string in these texts that looks like a case number of any scheme."""
    found: set[str] = set()
    for text in texts:
        found.update(m.group(0) for m in CASE_RE.finditer(text or ""))
    return found


def _inline(line: str, case_urls: dict[str, str]) -> str:
    """One line escaped, with known case numbers linked and numeric dates made long."""
    out, last = [], 0
    for match in CASE_RE.finditer(line):
        url = case_urls.get(match.group(0))
        if url is None:
            continue
        out.append(escape(danish_dates(line[last : match.start()])))
        out.append(f'<a href="{escape(url)}">{escape(match.group(0))}</a>')
        last = match.end()
    out.append(escape(danish_dates(line[last:])))
    return "".join(out)


def _line_html(line: str, case_urls: dict[str, str], line_urls: dict[str, str]) -> str:
    url = line_urls.get(line.strip())
    if url is not None:
        return f'<a href="{escape(url)}">{escape(danish_dates(line.strip()))}</a>'
    return _inline(line, case_urls)


def render(
    text: str,
    *,
    case_urls: dict[str, str] | None = None,
    line_urls: dict[str, str] | None = None,
) -> SafeString:
    """Text as HTML: blank lines separate paragraphs, list lines become <ul>/<ol>, other
    lines within a paragraph are joined by <br>. ``case_urls`` maps case numbers to their
    pages; ``line_urls`` maps whole lines (stripped) to a page, e.g. an earlier meeting."""
    case_urls = case_urls or {}
    line_urls = line_urls or {}
    html: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        html.extend(_block(lines, case_urls, line_urls))
    return mark_safe("\n".join(html))


def _block(lines: list[str], case_urls, line_urls) -> list[str]:
    out: list[str] = []
    paragraph: list[str] = []
    list_tag, entries = None, []

    def flush_paragraph():
        if paragraph:
            out.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def flush_list():
        nonlocal list_tag
        if entries:
            out.append(
                f"<{list_tag}>" + "".join(f"<li>{e}</li>" for e in entries) + f"</{list_tag}>"
            )
            entries.clear()
        list_tag = None

    numbered_run = _numbered_run(lines)
    for index, line in enumerate(lines):
        bullet = _BULLET_RE.match(line)
        numbered = _NUMBERED_RE.match(line) if index in numbered_run else None
        if bullet or numbered:
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                flush_list()
            flush_paragraph()
            list_tag = tag
            entries.append(_line_html((bullet or numbered).group("text"), case_urls, line_urls))
        elif entries and line.startswith((" ", "\t")):
            entries[-1] += " " + _line_html(line.strip(), case_urls, line_urls)
        else:
            flush_list()
            paragraph.append(_line_html(line, case_urls, line_urls))
    flush_list()
    flush_paragraph()
    return out


def _numbered_run(lines: list[str]) -> set[int]:
    """Indexes of lines that form a numbered list: at least two lines numbered 1, 2, 3 …
    in order (a single "1. " line is a heading or a sentence, not a list)."""
    run: set[int] = set()
    current: list[int] = []
    expected = 1
    for index, line in enumerate(lines):
        match = _NUMBERED_RE.match(line)
        if match and int(match.group("n")) == expected:
            current.append(index)
            expected += 1
        elif match and int(match.group("n")) == 1:
            if len(current) >= 2:
                run.update(current)
            current, expected = [index], 2
        elif not match and current and not line.startswith((" ", "\t")):
            if len(current) >= 2:
                run.update(current)
            current, expected = [], 1
    if len(current) >= 2:
        run.update(current)
    return run
