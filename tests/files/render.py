"""Renderings of a minutes text as other files a clerk may have: a web page and a PDF.

The web page is what a municipality's site shows: the text's paragraphs as ``<p>`` with
``<br>`` line breaks (tab-separated lines as table rows, leading spaces as non-breaking
spaces, item headings as ``<h2>``), wrapped in the chrome around real minutes pages:
``<head>`` with a script and styles, a header with navigation and breadcrumbs, a cookie
banner, "Udskriv" and "Til toppen" links, an aside and a footer.

The PDF is a printed page per 70 lines (A4, DejaVu Sans 9 pt so Danish letters and dashes
are in the font), each line of the text drawn where it stands, as reportlab writes them.
"""

from __future__ import annotations

import html
import io
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "minutes"
LAYOUTS = ROOT / "fixtures" / "layouts"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_ITEM_HEADING = re.compile(r"^(Punkt\s+)?\d{1,3}[.:]?\s+\S")


def corpus() -> list[Path]:
    """Every seed and layout text."""
    return sorted(SEEDS.glob("*.txt")) + sorted(LAYOUTS.glob("*.txt"))


def _inline(line: str) -> str:
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    return "&nbsp;" * indent + html.escape(stripped)


def _paragraph(lines: list[str]) -> str:
    if any("\t" in line for line in lines):
        # A block with tab-separated columns (a header's labels and values, a contents list)
        # is a table on a web page: one row per line, one cell per column.
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t")) + "</tr>"
            for line in lines
        )
        return f'<table class="felter">{rows}</table>'
    if len(lines) == 1 and _ITEM_HEADING.match(lines[0]):
        return f"<h2>{html.escape(lines[0])}</h2>"
    return "<p>" + "<br>\n".join(_inline(line) for line in lines) + "</p>"


def to_html(text: str, *, title: str = "Referat") -> bytes:
    """The text as a municipality's web page, with navigation, breadcrumbs and a footer."""
    paragraphs: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("\f"):  # a page break, as Word's HTML export writes it
            if paragraphs[-1]:
                paragraphs.append([])
            paragraphs[-1].append("\f")
            paragraphs.append([])
            line = line[1:]
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    body = "\n".join(
        '<br style="page-break-before: always">' if p == ["\f"] else _paragraph(p)
        for p in paragraphs
        if p
    )
    page = f"""<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} – Kommunens hjemmeside</title>
<style>body {{ font-family: sans-serif }} .skjult {{ display: none }}</style>
<script>window.dataLayer = [{{"event": "Punkt 1 Meddelelser"}}];</script>
</head>
<body>
<a class="skip-link" href="#indhold">Spring til indhold</a>
<div id="cookie-banner" class="cookie-consent">
  <p>Vi bruger cookies til statistik. <button>Accepter alle</button> <button>Afvis</button></p>
</div>
<header class="site-header">
  <a href="/">Kommunen</a>
  <nav aria-label="Hovedmenu"><ul><li><a href="/politik">Politik</a></li>
  <li><a href="/borger">Borger</a></li><li><a href="/erhverv">Erhverv</a></li></ul></nav>
</header>
<nav class="breadcrumb" aria-label="Brødkrumme"><ol><li><a href="/">Forside</a></li>
<li><a href="/politik">Politik</a></li><li>Dagsordener og referater</li></ol></nav>
<main id="indhold">
<div class="tools"><a href="javascript:print()">Udskriv</a> <a href="/del">Del</a></div>
<article class="referat">
{body}
</article>
<p><a href="#top">Til toppen</a></p>
</main>
<aside><h2>Se også</h2><ul><li>Kommunalbestyrelsen</li><li>Punkt 2 Andre møder</li></ul></aside>
<footer class="site-footer"><p>Kommunen · Rådhuset · Tlf. 12 34 56 78</p>
<p>Tilgængelighedserklæring · Cookiepolitik</p></footer>
<script src="/static/app.js"></script>
</body>
</html>
"""
    return page.encode("utf-8")


@cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not FONT.exists():
        return "Helvetica"
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    return "DejaVuSans"


def to_pdf(text: str, *, lines_per_page: int = 70) -> bytes:
    """The text printed as an A4 PDF (reportlab), one text line per printed line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    font = _font()
    pages: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("\f"):  # a form feed is a page break
            pages.append([])
            line = line[1:]
        if len(pages[-1]) == lines_per_page:
            pages.append([])
        pages[-1].append(line)
    for page in pages:
        pdf.setFont(font, 9)
        y = 800
        for line in page:
            pdf.drawString(40, y, line.expandtabs(8))
            y -= 11
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
