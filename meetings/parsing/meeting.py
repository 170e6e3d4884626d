"""One meeting: its item headings (explicit numbering styles from numbering.py, or the
document's own "N. title" run), its header (headers/), the body of each item (items.py),
closed group headings, case numbers printed above headings, attendance stated in the first
decisions.

Standard library only.
"""

from __future__ import annotations

import re

from . import bodies, case_numbers, contents, headers, vocabulary
from .headers import zone as header_zone
from .items import (
    BodyParser,
    ItemBuilder,
    clean_title,
    longest_chain,
    numbered_candidate,
)
from .messages import (
    _bad_date,
    _Doc,
)
from .tocs import (
    _TOC_HEADING_RE,
    _toc_entry,
)


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
        # "… den 25. marts 2020 kl. 19.00 i Byrådssalen", else the line after the date.
        header.location = found.location or _place_after(lines, found.date_line, indexes)
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


def _item_positions(
    lines: list[str],
    start: int,
    end: int,
    skip: bytearray,
    in_memo: bytearray,
    explicit: dict[int, tuple],
) -> list[tuple[int, tuple]]:
    # ``explicit`` is in line order.
    found = [(i, h) for i, h in explicit.items() if start <= i < end and not in_memo[i]]
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
            if not s:
                parser.flush()
                continue
            words = vocabulary.words_of(s)
            group = words[0]
            if group is not None:
                if parser.nonblank <= 6 and words[1]:
                    parser.item.closed = True  # "LUKKET PUNKT" under the heading
                    continue
                state["closed"] = group
                continue
            if s[0] in "Mm":
                end_time = headers.end_time_in(s)
                if end_time is not None:
                    # "Mødet hævet kl. 18.10" closes the meeting, it is not item text.
                    header.end_time = header.end_time or end_time
                    continue
            parser.feed(s, doc.md[j], words)
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
    if not positions and listed:
        # No item headings, only a list of the items (a bare agenda): items from the list.
        for number, title in listed.items():
            item = ItemBuilder(number=number, title=title, line=doc.nos[max(start, 0)])
            item.closed = bool(state["closed"])
            items.append(item)
        flags.add("items_from_contents")
    elif not positions:
        # No item headings at all: the text under the header is one item, so nothing of the
        # minutes is lost; the flag asks the clerk to look.
        top = max(anchor.index, anchor.date_line if anchor.date_line is not None else -1)
        text_from = next((i for i in header.free if i > top), None)
        if text_from is not None:
            title = vocabulary.WHOLE_TEXT_TITLES[header.kind == "dagsorden"]
            item = ItemBuilder(number=1, title=title, line=doc.nos[text_from])
            parser = BodyParser(item, header.body, header.date)
            feed(parser, text_from, end)
            if not item.is_empty():
                items.append(item)
                flags.add("no_item_headings")
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
