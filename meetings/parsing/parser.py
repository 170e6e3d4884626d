"""Minutes text -> ParsedDocument: the orchestration only.

The flow: normalise the text (text.py); mark tables of contents (tocs.py) and appended
memos (memos.py) so that neither yields items; find the explicit item headings in the
document's own numbering styles (numbering.py; a style used far less than the main one,
such as "Ad 1" remarks under "Punkt 1" items, is not the document's numbering); find meeting
anchors (headers/); a dated header above the first anchor is a meeting of its own; per
meeting, read its header and items (meeting.py); a meeting with the same body and date as
the one before continues it (a tillægsdagsorden, a resumed meeting); attach each memo to the
item whose title its subject line names; set the meeting flags (records.MEETING_FLAGS).

Standard library only.
"""

from __future__ import annotations

import bisect

from . import bodies, headers, numbering
from .headers import zone as header_zone
from .items import (
    ITEM_NO_NUMBER_RE,
    ItemBuilder,
    parse_heading,
)
from .meeting import (
    _item_positions,
    _parse_meeting,
)
from .memos import (
    _attach_memo,
    _memo_starts,
)
from .messages import (
    _NO_MEETING,
    _Doc,
    _parser_error,
    _quote,
)
from .municipalities import detect_municipality
from .records import MEETING_FLAGS, Meeting, ParsedDocument, ParseWarning
from .text import LazyCells, normalise
from .tocs import (
    _toc_entry,
    mark_tocs,
)


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
