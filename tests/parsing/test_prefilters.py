"""The cheap tests the parser makes before its bigger regexes (first or last characters, a
label's first letters, a lookahead) never change a result: wherever the regex matches, the
cheap test lets the line through. Checked on lines built from dates, weekdays, labels and
case numbers, also with the characters IGNORECASE folds onto ASCII letters (ſ -> s, Kelvin
K -> k, ı and İ -> i) and with digits outside ASCII."""

from __future__ import annotations

import itertools
import random
import re

from meetings.parsing import case_numbers, dates, text
from meetings.parsing.headers import labels

PIECES = [
    "",
    "Mandag den ",
    "ſøndag ",
    "mødet ",
    "d. ",
    "24-08-2020",
    "13. oktober 2021",
    "ſept. 3, 2021",
    "March 3, 2020",
    "١٣/١٠/٢٠٢١",
    " kl. 16.30",
    " - 18:00",
    " klokken",
    " fra",
    " .",
    "|",
    "Mødedato: ",
    "ſted: ",
    "İnformation: ",
    "ınformation: ",
    "\u212al: 16",
    "Sagsnr.: 20/1234",
    "ſagsnr. 326-2015-4892",
    "J. nr. 00.01.00",
    "Dok.nr.: 123456/21",
    "(20/1234)",
    "Byrådet",
]
LINES = sorted({a + b + c for a, b, c in itertools.product(PIECES, repeat=3)})


def test_date_time_line_test_agrees_with_its_regex():
    matched = 0
    for line in LINES:
        expected = bool(dates.DATE_TIME_LINE_RE.match(line))
        assert dates.is_date_time_line(line) == expected, line
        matched += expected
    assert matched > 100  # the lines exercise the regex


def test_date_search_finds_what_the_plain_pattern_finds():
    plain = re.compile(dates.DATE_PATTERN, re.IGNORECASE)
    for line in LINES:
        found = [(m.span(), m.groupdict()) for m in dates.DATE_RE.finditer(line)]
        assert found == [(m.span(), m.groupdict()) for m in plain.finditer(line)], line


def test_header_label_prefilter_passes_every_label_line():
    folded = {"ſ", "ı", "İ", "\u212a"}
    matched = 0
    for line in LINES:
        if line[:1].isalpha() and labels.HEADER_LABEL_RE.match(line):
            matched += 1
            folded.discard(line[0])
            assert line[:2].translate(labels._CASE_FOLD).lower() in labels._LABEL_HEADS, line
    assert matched > 100
    assert not folded - {"\u212a"}  # ſted:, İnformation: and ınformation: are label lines


def test_case_number_prefilters_pass_every_case_number_line():
    labelled = bare = 0
    for line in LINES:
        if line[:1] in case_numbers._LABEL_FIRST and case_numbers.LABEL_START_RE.match(line):
            labelled += 1
            second = line[1:2]
            assert second in case_numbers._LABEL_SECOND or second.isspace(), line
        if case_numbers.BARE_RE.match(line):
            bare += 1
            last = line[-1:]
            assert last.isdigit() or last in ")]" or last.isspace(), line
    assert labelled > 50 and bare > 0


def test_date_and_time_patterns_need_a_digit():
    """find_date and find_times skip texts without a digit (``\\d``: any decimal digit)."""
    digitless = sorted({line for line in LINES if not dates._DIGIT_RE.search(line)})
    assert len(digitless) > 100
    patterns = (dates.DATE_RE, dates.TIME_RANGE_RE, dates.TIME_RE, dates.KL_HOUR_RE)
    for line in digitless + [w + " kl. ." for w in dates.MONTHS]:
        assert not any(p.search(line) for p in patterns), line
    for line in ("13. oktober ١٢٠٢١", "kl. ١٦.٣٠", "١٣/١٠/٢٠٢١"):
        assert dates._DIGIT_RE.search(line)  # digits outside ASCII pass the test
    assert dates.find_date("١٣/١٠/٢٠٢١")[0] is not None


ODD_PIECES = [
    "a",
    "Side 2 af 3",
    "1",
    "-",
    "|",
    "#",
    "**",
    " ",
    "  ",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\x0c",
    "\x00",
    "\x1b",
    "\xad",
    "\u200b",
    "\ufeff",
    "\x85",
    "\xa0",
    "\u2028",
    "\x1c",
    "\u2066",
]


def test_deleted_characters_are_not_printable():
    """_clean_lines removes deleted characters only from lines that are not printable."""
    assert all(not chr(code).isprintable() for code in text._DELETE)


def test_lines_are_cleaned_as_if_deleted_characters_went_first():
    """Deleting per line (only where a line is not printable) gives the lines, line numbers
    and page breaks that deleting from the whole text first gives, with CR, LF, form feeds,
    odd spaces and control characters anywhere."""
    rng = random.Random(13)
    texts = ["".join(parts) for parts in itertools.product(ODD_PIECES, repeat=3)]
    texts += ["".join(rng.choice(ODD_PIECES) for _ in range(12)) for _ in range(3000)]
    for raw in texts:
        deleted_first = text._DELETE_RE.sub("", raw)
        assert text._clean_lines(raw) == text._clean_lines(deleted_first), repr(raw)
        assert text.normalise(raw) == text.normalise(deleted_first), repr(raw)


# Every character (but the surrogates): which ones a case-insensitive letter matches.
ALL_CHARS = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)


def _folds_onto(letter: str) -> set[str]:
    return {m.group() for m in re.finditer(f"(?i){re.escape(letter)}", ALL_CHARS)}


def test_page_word_pattern_is_its_case_insensitive_form():
    """text._PAGE_WORD_RE writes "side|page|s." out letter by letter instead of IGNORECASE."""
    written_out = ("[sSſ]", "[iIıİ]", "[dD]", "[eE]", "[pP]", "[aA]", "[gG]")
    for letter, written in zip("sidepag", written_out, strict=True):
        assert _folds_onto(letter) == {m.group() for m in re.finditer(written, ALL_CHARS)}
    plain = re.compile(r"side|page|s\.", re.IGNORECASE)
    for line in LINES + ["SIDE 2", "ſide 3", "ſ. 4", "Sıde 5", "PAGE 6", "s 7", "sid 8"]:
        assert bool(text._PAGE_WORD_RE.search(line)) == bool(plain.search(line)), line


def _header_label_whole(line: str):
    """header_label with the whole HEADER_LABEL_RE (before the per-head patterns)."""
    if not line or not line[0].isalpha():
        return None
    match = labels.HEADER_LABEL_RE.match(line)
    if not match:
        return None
    label = (match.group("a") or match.group("b")).lower()
    value = match.group("value").strip()
    if match.group("a") and value and not line[len(match.group("a")) :].startswith((":", " ")):
        return None
    return label, value


def test_header_label_per_head_patterns_agree_with_the_whole_pattern():
    """A line is matched only against the labels of its first two letters (folded): the same
    result as the whole alternation, also for ſ, ı, İ, Kelvin K and Ångström Å."""
    names = f"{labels._LABELS_NO_COLON}|{labels._LABELS_COLON}".split("|")
    for letter in {name[i] for name in names for i in (0, 1)}:
        for char in _folds_onto(letter):
            assert char.translate(labels._CASE_FOLD).lower() == letter, (letter, char)
    lines = list(LINES)
    for name in names:
        for written in (name, name.upper(), name.title(), "ſ" + name[1:], name.replace("i", "ı")):
            lines += [written, f"{written}: x", f"{written} 12", f"{written}x: y", f"{written}:"]
    matched = 0
    for line in lines:
        expected = _header_label_whole(line)
        assert labels.header_label(line) == expected, line
        matched += expected is not None
    assert matched > 500


def test_case_insensitive_sets_hold_every_character_ignorecase_folds():
    """dates.case_insensitive(letters): exactly the characters (of all code points) that an
    IGNORECASE regex matches for the letters; the first-letter tests are built from it."""
    for letters in ("mdtofljsan", "lna", "å"):
        expected = set().union(*(_folds_onto(letter) for letter in letters))
        assert dates.case_insensitive(letters) == expected, letters


def test_digit_first_date_styles_match_as_without_the_digit_test():
    """DATE_PATTERN tests "(?=\\d)" before the lookbehinds of its digit-first styles."""
    assert dates.DATE_PATTERN.count("(?=\\d)") == 4
    new = re.compile(dates.DATE_PATTERN, re.IGNORECASE)
    old = re.compile(dates.DATE_PATTERN.replace("(?=\\d)", ""), re.IGNORECASE)
    found = 0
    for line in LINES + ["x1.2.2020", "3/3-2020", "2020-01-02", "1.okt.2021", "٣ marts ٢٠٢٠"]:
        expected = [(m.span(), m.groupdict()) for m in old.finditer(line)]
        assert [(m.span(), m.groupdict()) for m in new.finditer(line)] == expected, line
        found += len(expected)
    assert found > 1000


def test_lazy_cells_are_the_table_cells_of_the_text():
    """LazyCells.get(key) works a key out from the lines holding its first word: the same
    cells as table_cells(text) has for it, for every line of the fixtures and odd texts."""
    from pathlib import Path

    from meetings.parsing import decode_bytes

    root = Path(__file__).resolve().parents[2] / "fixtures"
    texts = [decode_bytes(path.read_bytes()) for path in sorted(root.glob("*/*.txt"))]
    texts += [
        "Navn\tParti\nAnna Hansen\tA\nAnna Hansen   A\n",
        "Anna  Hansen\nAnna   Hansen\nAnna\tHansen\tV\r\nx Anna\tHansen\tV\n",
        "Bo Holm   formand\x0cBo Holm   V\n\tBo Holm\t\n Bo\u00a0Holm   C ",
        "Hanna Bo   A\nAnna Bo   B\n",
    ]
    compared = 0
    for raw in texts:
        expected = text.table_cells(raw)
        keys = set(expected) | {" ".join(line.split()) for line in raw.split("\n")}
        keys |= {"", " ", "Anna  Hansen", "Anna\tHansen"}
        cells = text.LazyCells(raw)
        for key in sorted(keys):
            assert cells.get(key) == expected.get(key), (key, raw[:40])
            compared += key in expected
    assert compared > 20


def _date_by_groups(match):
    """dates._from_match as it read the style from the groups themselves."""
    group = match.group
    try:
        if group("iy"):
            return dates.dt.date(int(group("iy")), int(group("im")), int(group("id")))
        if group("sd"):
            return dates.dt.date(int(group("sy")), int(group("sm")), int(group("sd")))
        if group("nd"):
            return dates.dt.date(dates._year(group("ny")), int(group("nm")), int(group("nd")))
        if group("em"):
            month = dates.MONTHS[group("em").lower()]
            return dates.dt.date(int(group("ey")), month, int(group("ed")))
        return dates.dt.date(int(group("ty")), dates.MONTHS[group("tm").lower()], int(group("td")))
    except (ValueError, KeyError, OverflowError):
        return None


def test_date_style_by_last_group_agrees_with_the_groups():
    styles = set()
    extra = ["31-02-2020", "2020-13-01", "3/3-2020", "1.okt.2021", "May 5, 2020", "5-5-99"]
    for line in LINES + extra:
        for match in dates.DATE_RE.finditer(line):
            styles.add(match.lastgroup)
            assert dates._from_match(match) == _date_by_groups(match), line
    assert styles == {"id", "sy", "ny", "ey", "ty"}
