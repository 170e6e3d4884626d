"""Every seed and layout text, rendered as a web page and as a PDF, parses to the same result.

The renderings are written by tests/files/render.py from the texts themselves (navigation,
breadcrumbs, cookie banner, "Udskriv", "Til toppen", aside and footer around the web page;
one printed line per text line in the PDF). The parse of the text, whatever the parser makes
of it, is the reference: these tests prove the extraction keeps what the parser reads.
"""

from __future__ import annotations

import re

import pytest

from meetings.extract import extract_text
from meetings.parsing import decode_bytes, parse

from .render import SEEDS, corpus, to_html, to_pdf

CORPUS = corpus()
IDS = [path.name for path in CORPUS]


def _text(path) -> str:
    return decode_bytes(path.read_bytes())


def _without_warning_lines(document: dict) -> dict:
    """Warnings compared by message: their line numbers count the extracted text's lines."""
    document = dict(document)
    document["warnings"] = [w["message"] for w in document["warnings"]]
    return document


def _fields(document: dict):
    """(path, value) for every field of a parse, so a difference names its field."""
    if isinstance(document, dict):
        for key, value in document.items():
            for path, leaf in _fields(value):
                yield (key, *path), leaf
    elif isinstance(document, list):
        yield ("len",), len(document)
        for index, value in enumerate(document):
            for path, leaf in _fields(value):
                yield (index, *path), leaf
    else:
        yield (), document


def assert_same_parse(expected: dict, got: dict) -> None:
    expected_fields, got_fields = dict(_fields(expected)), dict(_fields(got))
    differing = [
        (path, expected_fields.get(path), got_fields.get(path))
        for path in sorted(set(expected_fields) | set(got_fields), key=str)
        if expected_fields.get(path) != got_fields.get(path)
    ]
    assert not differing, "\n".join(f"{p}: {e!r} != {g!r}" for p, e, g in differing[:10])


def test_the_corpus_is_there():
    assert len(list(SEEDS.glob("*.txt"))) >= 5
    assert len(CORPUS) >= 25


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_web_page_parses_like_its_text(path):
    text = _text(path)
    page = to_html(text, title=path.stem)
    assert b"Til toppen" in page and b"breadcrumb" in page and b"<footer" in page
    extracted = extract_text(page, path.stem + ".html", sandbox=False)
    for chrome in ("Til toppen", "Udskriv", "Forside", "Cookiepolitik", "Accepter alle", "Se også"):
        if chrome not in text:
            assert chrome not in extracted
    assert_same_parse(
        _without_warning_lines(parse(text).to_dict(with_text=True)),
        _without_warning_lines(parse(extracted).to_dict(with_text=True)),
    )


# Text fields compared with whitespace runs collapsed and private-use characters dropped:
# pypdf's layout mode puts text on a character grid, so the run of spaces between two words
# of a line can differ from the text's, and DejaVu Sans has no glyph for the private-use
# bullet U+F0B7 of Word's Symbol font, so the PDF does not hold it. Every other field (body,
# date, times, location, participants, item numbers, titles, closed, case numbers,
# attachments, section headings and kinds, flags, the number of everything) must be equal.
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def _normalised(value):
    if isinstance(value, str):
        return " ".join(_PRIVATE_USE.sub("", value).split())
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_pdf_parses_like_its_text(path):
    text = _text(path)
    extracted = extract_text(to_pdf(text), path.stem + ".pdf", sandbox=False)
    expected = _without_warning_lines(parse(text).to_dict(with_text=True))
    got = _without_warning_lines(parse(extracted).to_dict(with_text=True))
    assert_same_parse(_normalised(expected), _normalised(got))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_pdf_of_a_seed_keeps_every_structured_field_exactly(path):
    """For the seeds, every field but section and decision text is compared as is."""
    text = _text(path)
    extracted = extract_text(to_pdf(text), path.stem + ".pdf")  # through the sandbox
    expected, got = parse(text).to_dict(), parse(extracted).to_dict()
    for meeting in expected["meetings"] + got["meetings"]:
        for item in meeting["items"]:
            item["decision"] = _normalised(item["decision"])
            for section in item["sections"]:
                section["text"] = _normalised(section["text"])
    assert_same_parse(_without_warning_lines(expected), _without_warning_lines(got))


def test_pdf_lines_stay_lines():
    text = "Linje ét\nLinje to   med mellemrum\n\nAfsnit efter tom linje\n"
    extracted = extract_text(to_pdf(text), "linjer.pdf")
    lines = [line.strip() for line in extracted.split("\n")]
    assert "Linje ét" in lines
    assert lines.index("Linje ét") + 1 == lines.index("Linje to   med mellemrum")
    assert lines.index("Afsnit efter tom linje") - lines.index("Linje to   med mellemrum") == 2


def test_pdf_pages_are_separated_by_a_form_feed():
    text = "Side et\n\fSide to\n"
    extracted = extract_text(to_pdf(text), "sider.pdf")
    assert "Side et" in extracted and "\fSide to" in extracted


def test_html_blocks_become_lines_and_chrome_is_dropped():
    page = """<!doctype html><html><head><title>T</title><style>p{}</style>
    <script>var secret = "SKRIPT";</script></head><body>
    <nav aria-label="Brødkrumme"><a href="/">Forside</a> › Politik</nav>
    <div class="cookie-banner">Vi bruger cookies <button>OK</button></div>
    <main><h1>REFERAT Økonomiudvalget</h1><h2>Punkt 1: Budget</h2>
    <p>Første linje<br>anden <em>linje</em></p>
    <ul><li>Et</li><li>To</li></ul>
    <table><tr><th>Mødested</th><td>Rådhuset</td></tr><tr><td>Starttid</td><td>16:30</td></tr></table>
    <p><a href="#top">Til toppen</a> | <a href="#" onclick="print()">Udskriv</a></p></main>
    <footer>Kommunen · Tlf. 12 34 56 78</footer></body></html>""".encode()
    extracted = extract_text(page, "side.htm")
    assert extracted.split("\n") == [
        "REFERAT Økonomiudvalget",
        "",
        "Punkt 1: Budget",
        "",
        "Første linje",
        "anden linje",
        "",
        "Et",
        "",
        "To",
        "",
        "Mødested\tRådhuset",
        "Starttid\t16:30",
        "",
    ]


def test_html_in_windows_1252_is_read_by_its_meta_charset():
    page = '<html><head><meta charset="windows-1252"></head><body><p>Økonomiudvalget – møde</p>'
    assert extract_text(page.encode("cp1252"), "side.html").strip() == "Økonomiudvalget – møde"


def test_html_is_recognised_by_content_without_extension():
    page = "<!DOCTYPE html><html><body><p>REFERAT Økonomiudvalget</p></body></html>"
    assert extract_text(page.encode(), "referat").strip() == "REFERAT Økonomiudvalget"
