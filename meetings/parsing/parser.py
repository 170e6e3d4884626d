"""Minutes text -> ParsedDocument.

The flow: normalise the text (text.py); mark tables of contents and appended memos
(indstillinger with Til/Fra/Dato) so that neither yields items; find meeting anchors
(headers.py); per meeting, find the item headings ("Punkt N", "Pkt. N", or "N. title" where
the layout numbers its items that way), read the header above the first item, and read each
item's body (items.py); finally attach each memo to the item whose title its subject line
names.

Standard library only.
"""

from __future__ import annotations

import bisect
import re

from . import bodies, case_numbers, contents, headers, numbering, vocabulary
from .headers import zone as header_zone
from .items import (
    ITEM_NO_NUMBER_RE,
    BodyParser,
    ItemBuilder,
    clean_title,
    longest_chain,
    numbered_candidate,
    parse_heading,
)
from .municipalities import detect_municipality
from .records import MEETING_FLAGS, Meeting, ParsedDocument, ParseWarning
from .text import LazyCells, Normalised, normalise

_TOC_HEADING_RE = re.compile(
    r"^(?:indholdsfortegnelse|indhold|dagsorden kort|kort dagsorden|dagsordensoversigt"
    r"|oversigt over (?:punkter|sager|dagsordenspunkter)|punktoversigt|table of contents)\s*:?$",
    re.IGNORECASE,
)
_TOC_DOTS_RE = re.compile(r"(?:\.{3,}|…+|\s\.\s\.\s\.)\s*\.?\s*\d{1,4}$")
_MEMO_TO_RE = re.compile(r"^til\s*:?\s+\S", re.IGNORECASE)
_MEMO_FROM_RE = re.compile(r"^fra\s*:?\s+\S", re.IGNORECASE)
_MEMO_FIELD_RE = re.compile(
    r"^(?:til|fra|dato|emne|vedr\.?|vedrørende|kopi|cc|sagsnr\.?|j\.\s?nr\.?)\s*:?\s+\S",
    re.IGNORECASE,
)


def _toc_entry(s: str) -> bool:
    return s[0] == "|" or (s[-1].isdigit() and _TOC_DOTS_RE.search(s[-80:]) is not None)


def _numbered_number(s: str) -> int | None:
    if s[:1].isdigit():
        match = re.match(r"^(\d{1,3})\.\s+\S", s)
        if match:
            return int(match.group(1))
        return None
    heading = parse_heading(s)
    return heading[0] if heading else None


def mark_tocs(lines: list[str]) -> bytearray:
    """Tables of contents (Indholdsfortegnelse / Indhold / Dagsorden kort): never items."""
    n = len(lines)
    skip = bytearray(n)
    i = 0
    while i < n:
        s = lines[i]
        if not s or s[0] not in "IiDdKkOoPpTt" or not _TOC_HEADING_RE.match(s):
            i += 1
            continue
        always = vocabulary.key(s) != "indhold"
        end = _toc_end(lines, i, always)
        if end is None:
            i += 1
            continue
        for k in range(i, end + 1):
            skip[k] = 1
        i = end + 1
    return skip


def _toc_end(lines: list[str], i: int, always: bool) -> int | None:
    n = len(lines)
    end = None
    last_number = None
    dotted = False
    j = i + 1
    while j < n:
        s = lines[j]
        if not s:
            j += 1
            continue
        if _toc_entry(s):
            end = j
            dotted = True
            j += 1
            continue
        number = None if dotted else _numbered_number(s)
        if number is not None and (last_number is None or number > last_number):
            if last_number is None and not always:
                break
            last_number = number
            end = j
            j += 1
            continue
        # A category line or the first half of a wrapped entry: the next line is an entry.
        k = j + 1
        while k < n and not lines[k]:
            k += 1
        if k < n and len(s) <= 160 and _toc_entry(lines[k]):
            j = k
            continue
        break
    if end is None:
        return i if always else None
    return end


def _memo_starts(lines: list[str], skip: bytearray) -> list[tuple[int, int]]:
    """(start, index of the Til line) of appended memos: a block with "Til …" and "Fra …"."""
    starts = []
    n = len(lines)
    for i in range(n):
        s = lines[i]
        if not s or skip[i] or s[0] not in "Tt" or not _MEMO_TO_RE.match(s):
            continue
        ok = False
        seen = 0
        for k in range(i + 1, min(n, i + 8)):
            if not lines[k]:
                continue
            seen += 1
            if _MEMO_FROM_RE.match(lines[k]):
                ok = True
                break
            if seen >= 3:
                break
        if not ok:
            continue
        start = i
        k = i - 1
        while k >= 0 and not lines[k]:
            k -= 1
        if (
            k >= 0
            and len(lines[k].split()) <= 4
            and lines[k][-1] not in ".:;,"
            and lines[k][0].isupper()
        ):
            if parse_heading(lines[k]) is None:
                start = k
        starts.append((start, i))
    return starts


# Warnings are shown to clerks in the upload preview: plain Danish, with the line's text.
_QUOTE_LIMIT = 80


def _quote(s: str, limit: int = _QUOTE_LIMIT) -> str:
    """»text«, cut to limit characters (with …) so a long line does not fill the preview."""
    s = " ".join(s.split())
    if len(s) > limit:
        s = s[:limit].rstrip() + "…"
    return f"»{s}«"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


_NO_MEETING = (
    "Ingen møder fundet i teksten. Tjek at filen er en dagsorden eller et referat med "
    "udvalgets navn og mødedato øverst."
)


def _bad_date(line: str) -> str:
    return (
        f"Kunne ikke læse datoen i {_quote(line)}. Tjek at datoen er skrevet rigtigt "
        "(fx »13. oktober 2021« eller »13-10-2021«)."
    )


def _parser_error(exc: Exception) -> str:
    return (
        f"Parserfejl: {type(exc).__name__}: {exc}. Teksten kunne ikke læses, og intet er indlæst."
    )


class _Doc:
    def __init__(self, norm: Normalised) -> None:
        self.lines = norm.lines
        self.nos = norm.linenos
        self.md = norm.md
        self.warnings: list[ParseWarning] = []
        self.lead = None  # the header of a title without date just above a meeting

    def warn(self, index: int, message: str) -> None:
        line = self.nos[index] if 0 <= index < len(self.nos) else 1
        self.warnings.append(ParseWarning(line=line, message=message))


def parse(text: str) -> ParsedDocument:
    """Parse the text of one minutes file. Never raises on a str."""
    try:
        return _parse(text)
    except Exception as exc:  # pragma: no cover - a safety net, reported as a warning
        return ParsedDocument(
            municipality=None,
            meetings=(),
            warnings=(ParseWarning(line=1, message=_parser_error(exc)),),
        )


def _parse(text: str) -> ParsedDocument:
    if not isinstance(text, str):
        text = str(text)
    doc = _Doc(normalise(text))
    doc.cells = LazyCells(text)
    lines = doc.lines
    n = len(lines)
    municipality = detect_municipality("\n".join(lines))

    skip = mark_tocs(lines)
    explicit: dict[int, tuple] = {}
    for i, s in enumerate(lines):
        if s and s[0] in "•·▪" and s[1:2] == " " and parse_heading(s[2:]) is not None:
            s = lines[i] = s[2:]  # a bulleted heading in a web agenda viewer
        if s and not skip[i] and s[0] in numbering.FIRST_CHARS:
            heading = parse_heading(s)
            if heading is not None and not _toc_entry(s):
                if i + 1 < n and lines[i + 1] and lines[i + 1][0] in ".…":
                    continue  # a contents entry wrapped before its dot leader
                explicit[i] = heading
            elif s[0] in "Pp" and ITEM_NO_NUMBER_RE.match(s):
                doc.warn(
                    i,
                    f"Punktoverskrift uden nummer: {_quote(s)}. Linjen er ikke læst som et nyt "
                    "punkt; tjek at punktet har et nummer (fx »Punkt 3:«).",
                )
    explicit = _dominant_styles(lines, explicit)

    memo_starts = _memo_starts(lines, skip)
    anchors = headers.find_anchors(lines, skip, set(explicit))

    # Memo regions end at the next meeting, item heading or memo.
    boundaries = sorted({a.start for a in anchors} | set(explicit) | {m[0] for m in memo_starts})
    memos = []
    in_memo = bytearray(n)
    for start, til in memo_starts:
        at = bisect.bisect_right(boundaries, til)
        end = boundaries[at] if at < len(boundaries) else n
        memos.append((start, til, end))
        for k in range(start, end):
            in_memo[k] = 1
    anchors = [a for a in anchors if not in_memo[a.index]]

    if not anchors:
        anchors = [headers.Anchor(index=-1, start=0, style="fallback")]

    if anchors[0].start > 0:
        _anchor_the_top(lines, anchors, skip, in_memo, explicit)
    first_start = anchors[0].start
    stray = next(
        (i for i in range(first_start) if lines[i] and not skip[i] and not in_memo[i]), None
    )
    if stray is not None:
        doc.warn(
            stray,
            "Teksten før første møde kunne ikke placeres og er ikke indlæst. Hvis den hører "
            "til et møde, så tjek at mødets overskrift med udvalg og dato står over den.",
        )

    meetings: list[tuple[headers.Header, list[ItemBuilder], int]] = []
    for k, anchor in enumerate(anchors):
        end = anchors[k + 1].start if k + 1 < len(anchors) else n
        result = _parse_meeting(doc, anchor, anchor.start, end, skip, in_memo, explicit)
        if result is None:
            continue
        header, items, flags = result
        if doc.lead is not None:
            header.kind = doc.lead.kind or header.kind
            doc.lead = None
        if meetings and _same_meeting(meetings[-1][0], header):
            # A tillægsdagsorden, a resumed meeting or a repeated page header: the same
            # meeting continues.
            _merge_into(meetings[-1][0], meetings[-1][1], header, items)
            continue
        meetings.append((header, items, anchor.index, anchor.start, flags))

    starts = [meeting[3] for meeting in meetings]
    for start, til, end in memos:
        _attach_memo(doc, start, til, end, meetings, starts)

    built = []
    for header, items, index, _start, flags in meetings:
        referat = _is_referat(header, items)
        headingless = not any(item.has_decision_section() for item in items)
        if any(item.has_headings() for item in items):
            headingless_sections = False
        else:
            headingless_sections = True
        built.append(
            Meeting(
                body=header.body,
                date=header.date,
                start_time=header.start_time,
                end_time=header.end_time,
                location=header.location,
                kind="referat" if referat else "dagsorden",
                participants=tuple(header.participants),
                absent=tuple(header.absent),
                substitutes=tuple(header.substitutes),
                items=tuple(
                    item.build(header.body, referat, header.date, headingless, headingless_sections)
                    for item in items
                ),
                line=doc.nos[index] if 0 <= index < n else 1,
                flags=_flags(flags, header, items),
            )
        )
    if not built:
        doc.warn(0, _NO_MEETING)
    return ParsedDocument(
        municipality=municipality, meetings=tuple(built), warnings=tuple(doc.warnings)
    )


def _anchor_the_top(lines, anchors, skip, in_memo, explicit) -> None:
    """Text above the first recognised header: a meeting of its own when it has a dated
    header and items (a header shape no anchor style knows, in a file of several meetings),
    else header lines of the first meeting (a header above a contents list or a logo)."""
    first = anchors[0].start
    positions = _item_positions(lines, 0, first, skip, in_memo, explicit)
    if positions:
        top = [i for i in range(positions[0][0]) if not skip[i]]
        if header_zone.zone(lines, top).date is not None:
            anchors.insert(0, headers.Anchor(index=-1, start=0, style="fallback"))
            return
    if _header_above(lines, first, skip):
        anchors[0].start = 0


def _header_above(lines: list[str], start: int, skip) -> bool:
    """Whether meeting header labels (Mødested:, Mødetidspunkt: …) stand above the first
    meeting's anchor."""
    labels = 0
    for i in range(start):
        s = lines[i]
        if s and not skip[i] and ":" in s[:30]:
            label = headers.header_label(s)
            if label is not None and label[0] in headers.STRONG_LABELS:
                labels += 1
    return labels >= 2


def _same_meeting(first, second) -> bool:
    if first.date is None or first.date != second.date:
        return False
    if not second.body:
        return True
    return bodies.norm(first.body) == bodies.norm(second.body)


def _merge_into(header, items, more_header, more_items) -> None:
    numbers = {(item.number, item.title.lower()) for item in items}
    for item in more_items:
        if (item.number, item.title.lower()) not in numbers:
            items.append(item)
    header.end_time = more_header.end_time or header.end_time
    for name in ("participants", "absent", "substitutes"):
        have = getattr(header, name)
        known = {p.name for p in have}
        have.extend(p for p in getattr(more_header, name) if p.name not in known)
    header.location = header.location or more_header.location


def _dominant_styles(lines: list[str], explicit: dict[int, tuple]) -> dict[int, tuple]:
    """The document's own numbering: styles used at least half as often as the most used
    one ("Ad 1" remarks under "Punkt 1" items are not items)."""
    if not explicit:
        return explicit
    styles = {i: numbering.match_explicit(lines[i])[0] for i in explicit}
    explicit = {i: h + (styles[i],) for i, h in explicit.items()}
    counts: dict[str, int] = {}
    for style in styles.values():
        counts[style] = counts.get(style, 0) + 1
    if len(counts) == 1 and (top_one := next(iter(counts.items())))[1] == 1:
        if top_one[0] != "punkt":
            return {}
    if len(counts) == 1:
        return explicit
    top = max(counts.values())
    keep = {
        style
        for style, count in counts.items()
        if 2 * count > top and (count > 1 or style == "punkt")
    }
    return {i: h for i, h in explicit.items() if styles[i] in keep}


def _complete_header(anchor, header, lines, indexes, start, end, skip) -> set[str]:
    """Body and date from the free header lines where the header shape gave none (or a
    body that names no body, such as a municipality)."""
    flags: set[str] = set()
    if (
        header.body
        and bodies.is_body(header.body)
        and header.date is not None
        and (header.location is not None or anchor.style == "A")
    ):
        return flags
    zone_lines = indexes or [i for i in range(start, min(end, start + 80)) if not skip[i]]
    found = header_zone.zone(lines, zone_lines)
    if not found.body and start > 0:
        above = header_zone.zone(lines, [i for i in range(max(0, start - 8), start) if not skip[i]])
        found.body = above.body
    if found.body and not bodies.is_body(header.body or ""):
        header.body = found.body
    if header.location is None and found.date_line >= 0:
        header.location = _place_after(lines, found.date_line, indexes)
    if header.date is None and found.date is not None:
        header.date = found.date
        header.start_time = header.start_time or found.start
        header.end_time = header.end_time or found.end
        flags.add("date_guessed")
    return flags


def _place_after(lines: list[str], date_line: int, indexes: list[int]) -> str | None:
    """The line after a free date line, when it reads as a place ("Byrådssalen, Rådhuset")."""
    after = [i for i in indexes if i > date_line and lines[i]][:1]
    if not after:
        return None
    s = lines[after[0]]
    if headers.header_label(s) or headers.KIND_LABEL_RE.match(s) or len(s) > 100:
        return None
    if (
        s[-1] in ".:"
        or not s[0].isupper()
        or s.isupper()
        or s.split()[0].lower()
        in (
            "indkaldelse",
            "indholdsfortegnelse",
            "indhold",
            "deltagere",
        )
    ):
        return None
    low = s.lower()
    if any(word in low for word in ("sal", "rådhus", "lokale", "værelse", "hus", "vej", "gade")):
        return s
    return None


def _flags(flags: set[str], header, items) -> tuple[str, ...]:
    flags = set(flags)
    if not header.body:
        flags.add("body_missing")
    if header.date is None:
        flags.add("date_missing")
    if header.start_time is None:
        flags.add("time_missing")
    if not items:
        flags.add("no_items")
    return tuple(key for key in MEETING_FLAGS if key in flags)


def _is_referat(header: headers.Header, items: list[ItemBuilder]) -> bool:
    if header.kind is not None:
        return header.kind == "referat"
    return any(item.has_decision() for item in items)


def _item_positions(
    lines: list[str],
    start: int,
    end: int,
    skip: bytearray,
    in_memo: bytearray,
    explicit: dict[int, tuple],
) -> list[tuple[int, tuple]]:
    found = [(i, explicit[i]) for i in range(start, end) if i in explicit and not in_memo[i]]
    if found:
        return found
    # "N. title" items: the longest run of heading-like numbered lines.
    candidates = []
    info = []
    compact: list[tuple[int, int, str]] = []
    for i in range(start, end):
        s = lines[i]
        if not s or skip[i] or in_memo[i] or not s[0].isdigit():
            continue
        prev_adjacent = lines[i - 1] if i > 0 else ""
        next_adjacent = lines[i + 1] if i + 1 < len(lines) else ""
        k = i - 1
        while k >= 0 and not lines[k]:
            k -= 1
        prev_nonblank = lines[k] if k >= 0 else ""
        candidate = numbered_candidate(s, prev_adjacent, next_adjacent, prev_nonblank)
        if candidate is None:
            candidate = _number_alone(lines, i, end, skip)
            if candidate is None:
                continue
        if candidate[0] < 0:
            compact.append((i, -candidate[0], candidate[1]))
            continue
        candidates.append((i, candidate[0]))
        info.append(candidate)
    if len(candidates) < 2:
        return []
    chain = longest_chain(candidates)
    if len(chain) < 2:
        return []
    # Items without content printed one under the other ("5. … - LUKKET SAG" / "6. …")
    # continue the numbering after the last item.
    last_i, last_number = candidates[chain[-1]]
    for i, number, title in compact:
        if i > last_i and number == last_number + 1:
            candidates.append((i, number))
            info.append((number, title))
            chain.append(len(candidates) - 1)
            last_i, last_number = i, number
    out = []
    for k in chain:
        i, number = candidates[k]
        title = info[k][1]
        title, closed, status_word = clean_title(title)
        if not title and status_word:
            title = status_word
        out.append((i, (number, title, closed, [], status_word)))
    return out


def _parse_meeting(doc: _Doc, anchor, start: int, end: int, skip, in_memo, explicit):
    lines = doc.lines
    positions = _item_positions(lines, start, end, skip, in_memo, explicit)
    first_item = positions[0][0] if positions else end
    header_indexes = [i for i in range(start, first_item) if not skip[i] and not in_memo[i]]
    if anchor.style == "fallback":
        anchor.body, anchor.index = _fallback_body(lines, header_indexes)
    header = headers.parse_header(anchor, lines, header_indexes, doc.cells)
    flags = _complete_header(anchor, header, lines, header_indexes, start, end, skip)
    if header.date is None and (anchor.style == "fallback" or not positions):
        doc.lead = header  # a title line above the real header: its kind word counts
        return None
    for i, s in header.bad_dates:
        doc.warn(i, _bad_date(s))
    if anchor.bad_date:
        doc.warn(anchor.index, _bad_date(lines[anchor.index]))
    if header.date is None:
        doc.warn(
            max(anchor.index, start),
            "Mødets dato kunne ikke findes eller læses. "
            "Tjek datoen i mødets overskrift (fx »13. oktober 2021«).",
        )
    if not header.body:
        doc.warn(
            max(anchor.index, start),
            "Mødet mangler navnet på udvalget. Tjek udvalgets navn i mødets overskrift.",
        )

    items: list[ItemBuilder] = []
    state = {"closed": None}  # group heading state: "Lukkede punkter" -> True
    # Group headings ("Lukkede punkter") in the header apply to the first items, unless
    # they are part of a contents list or its navigation.
    state["closed"] = _header_group(lines, header_indexes)

    def feed(parser: BodyParser, first: int, last: int) -> None:
        for j in range(first, last):
            if in_memo[j]:
                break
            if skip[j]:
                continue
            s = lines[j]
            if s:
                group = vocabulary.group_of(s)
                if group is not None:
                    if parser.nonblank <= 6 and vocabulary.status_of(s):
                        parser.item.closed = True  # "LUKKET PUNKT" under the heading
                        continue
                    state["closed"] = group
                    continue
                end_time = headers.end_time_in(s)
                if end_time is not None:
                    # "Mødet hævet kl. 18.10" closes the meeting, it is not item text.
                    header.end_time = header.end_time or end_time
                    continue
            parser.feed(s, doc.md[j])
        parser.close()

    listed = contents.titles(lines, [i for i in range(start, first_item) if not in_memo[i]])
    parser = None
    above = _cases_above(lines, positions, start)
    for k, (i, heading) in enumerate(positions):
        number, title, closed, refs, status_word = heading[:5]
        style = heading[5] if len(heading) > 5 else "numbered"
        item_end = positions[k + 1][0] if k + 1 < len(positions) else end
        if k + 1 < len(positions) and positions[k + 1][0] in above:
            item_end = above[positions[k + 1][0]][0]
        if i in above:
            refs = list(refs) + above[i][1]
        remark = None
        if style == "ad" and number in listed:
            # "Ad 1. Godkendt." / "Ad 6. Evt.": the title is the contents list's, the rest
            # of the line is the minutes.
            if title and vocabulary.key(title) != vocabulary.key(listed[number]):
                remark = title
            title = listed[number]
        if parser is not None and (items[-1].number, items[-1].title) == (number, title):
            # The heading repeated at the top of a page: the item continues.
            feed(parser, i + 1, item_end)
            continue
        item = ItemBuilder(number=number, title=title, line=doc.nos[i])
        for ref in refs:
            item.add_case(ref)
        if closed is not None:
            item.closed = closed
        elif state["closed"]:
            item.closed = True
        parser = BodyParser(item, header.body, header.date)
        body_start = i + 1
        if not title and not status_word:
            # "Punkt 3" alone: the title is on the next line.
            j = body_start
            while j < item_end and not lines[j]:
                j += 1
            if j < item_end and vocabulary.section_kind(lines[j]) is None:
                item.title, next_closed, _word = clean_title(lines[j])
                if next_closed is not None and closed is None:
                    item.closed = next_closed
                parser.title_key = " ".join(item.title.lower().split())
                body_start = j + 1
        if remark:
            parser.feed(remark, False)
        feed(parser, body_start, item_end)
        items.append(item)
    if not header.participants and not header.absent:
        _attendance_in_decisions(header, items)
    return header, _drop_toc_duplicates(items), flags


def _header_group(lines: list[str], indexes: list[int]) -> bool | None:
    state = None
    previous = ""
    for pos, i in enumerate(indexes):
        s = lines[i]
        if not s:
            continue
        group = vocabulary.group_of(s)
        if group is not None:
            later = [lines[j] for j in indexes[pos + 1 :] if lines[j]]
            listed = any(t[0].isdigit() for t in later[:3])
            k = i - 1
            while k > 0 and not lines[k]:
                k -= 1
            previous = lines[k] if k >= 0 else ""
            if not listed and not _TOC_HEADING_RE.match(previous):
                state = group
            else:
                state = None
        previous = s
    return state


def _attendance_in_decisions(header, items: list[ItemBuilder]) -> None:
    """Minutes that state attendance only inside the first items' decisions ("Afbud fra X.
    1. stedfortræder Y deltog.", "Afbud: X" / "Stedfortræder: Y")."""
    for item in items[:3]:
        texts = [p for s in item.sections if s.kind == "decision" for p in s.paragraphs]
        texts += item.dated_decision or []
        for text in texts:
            for line in text.split("\n"):
                low = line.lower()
                if "afbud" in low or "stedfortræder" in low or "suppleant" in low:
                    headers._add_statements(header, line)
        if header.absent or header.participants:
            return


def _case_line(s: str):
    if not s:
        return None
    refs = case_numbers.labelled(s)
    if refs:
        return refs
    ref = case_numbers.bare(s)
    return [ref] if ref else None


def _cases_above(lines: list[str], positions, start: int) -> dict[int, tuple[int, list]]:
    """heading index -> (first line of its case numbers, refs) where the document prints
    the case number above each heading (Region, KLE above "15."): more headings have a case
    number line right above than right below."""
    before: dict[int, tuple[int, list]] = {}
    below = 0
    for i, _heading in positions:
        j = i - 1
        while j > start and not lines[j]:
            j -= 1
        refs = _case_line(lines[j]) if j > start else None
        if refs:
            before[i] = (j, refs)
        j = i + 1
        while j < len(lines) and not lines[j]:
            j += 1
        if j < len(lines) and _case_line(lines[j]):
            below += 1
            if 2 * below >= len(positions):
                return {}
    if len(before) <= below or len(before) < 2:
        return {}
    return before


_NUMBER_ALONE_RE = re.compile(r"^0?(\d{1,3})\.?$")


def _number_alone(lines: list[str], i: int, end: int, skip) -> tuple[int, str] | None:
    """ "15." or "01." alone on a line with the item's title on the next line (a heading
    table flattened one cell per line); the title is read by the caller."""
    s = lines[i]
    if len(s) > 4:
        return None
    match = _NUMBER_ALONE_RE.match(s)
    if not match:
        return None
    j = i + 1
    while j < end and not lines[j]:
        j += 1
    if j >= end or skip[j]:
        return None
    nxt = lines[j]
    if not nxt[0].isupper() or _toc_entry(nxt) or vocabulary.section_kind(nxt) is not None:
        return None
    if nxt[-1] in ".:;," or len(nxt) > 200:
        return None
    k = j + 1
    while k < end and not lines[k]:
        k += 1
    if k < end and lines[k].isdigit() and len(lines[k]) <= 3:
        return None  # "15" / title / "2": a contents table flattened one cell per line
    return int(match.group(1)), ""


def _drop_toc_duplicates(items: list[ItemBuilder]) -> list[ItemBuilder]:
    """An empty item whose number and title come again later was a line of an unlabelled
    list of contents ("Punkt 1: Dagsorden" lines above the items themselves)."""
    later: set[tuple[int, str]] = set()
    keep = []
    for item in reversed(items):
        key = (item.number, item.title.lower())
        if key in later and item.is_empty():
            continue
        later.add(key)
        keep.append(item)
    keep.reverse()
    return keep


def _fallback_body(lines: list[str], indexes: list[int]) -> tuple[str, int]:
    """Body for a text without a recognised header: a labelled body or the first title."""
    for i in indexes:
        label = headers.header_label(lines[i]) if lines[i] else None
        if label and label[0] in ("udvalg", "møde", "mødeforum", "forum", "emne") and label[1]:
            return headers.clean_body(label[1]), i
    for i in indexes:
        s = lines[i]
        if s and headers._title_like(s) and not headers.KIND_LABEL_RE.match(s):
            return headers.clean_body(s), i
    return "", indexes[0] if indexes else -1


# A memo belongs to an item of one of the last few meetings before it.
_MEMO_MEETINGS_BACK = 5


def _attach_memo(doc: _Doc, start: int, til: int, end: int, meetings, starts) -> None:
    lines = doc.lines
    # The Til/Fra/Dato block, then the subject line.
    k = til
    while k < end and (not lines[k] or _MEMO_FIELD_RE.match(lines[k])):
        k += 1
    subject = lines[k] if k < end else ""
    count = bisect.bisect_left(starts, start)
    candidates = [
        (k, item)
        for k in range(max(0, count - _MEMO_MEETINGS_BACK), count)
        for item in meetings[k][1]
    ]
    target = _match_item(subject, candidates)
    if target is None:
        about = f"med emnet {_quote(subject)}" if subject else "uden emnelinje"
        doc.warn(
            start,
            f"Et notat (Til/Fra) {about} kunne ikke knyttes til et dagsordenspunkt og er ikke "
            "indlæst. Tjek at notatets emne nævner punktets titel.",
        )
        return
    meeting_index, item = target
    header = meetings[meeting_index][0]
    parser = BodyParser(item, header.body, header.date, memo=True)
    parser.nonblank = 1
    if start < til:
        label = lines[start]
        parser.start_section(label, vocabulary.section_kind(label) or "other")
    for j in range(til, end):
        parser.feed(lines[j], doc.md[j])
    parser.close()


def _match_item(subject: str, all_items):
    if not subject:
        return None
    low = " ".join(subject.lower().split())
    best = None
    best_len = 0
    for meeting_index, item in all_items:
        title = " ".join(item.title.lower().split())
        if len(title.split()) < 2 or len(title) < 8:
            continue
        if title in low or (len(low) >= 8 and low in title):
            if len(title) > best_len:
                best, best_len = (meeting_index, item), len(title)
    return best
