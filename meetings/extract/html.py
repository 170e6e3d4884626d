"""Web pages (.html, .htm) through lxml: the page's blocks become lines of text.

Municipalities publish minutes as web pages; what the parser needs is the text with its
block structure: each heading, paragraph, list item and table row on its own line
(a row's cells separated by tabs, as the DOCX path writes them), blocks separated by a blank
line, ``<br>`` a line break, ``<pre>`` as written. What is not minutes is dropped before
the text is taken: scripts, styles, forms, navigation (``<nav>``, ``role="navigation"``,
breadcrumbs / brødkrummer), the page's header and footer, asides, cookie banners, and the
web chrome lines a page repeats ("Til toppen", "Udskriv", "Del", "Spring til indhold" …).

lxml's HTML parser (libxml2) is forgiving with broken markup, fast, and already installed with
python-docx. The page's encoding is its byte order mark, else its ``<meta charset>``, else
UTF-8, else Windows-1252.
"""

from __future__ import annotations

import re

from .limits import ExtractionFailed, Limits

# Elements whose content is never minutes text.
DROPPED_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "nav",
        "aside",
        "footer",
        "form",
        "button",
        "select",
        "input",
        "textarea",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "video",
        "audio",
        "map",
        "dialog",
    }
)
DROPPED_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar"}
)
# class / id words of web chrome (matched as whole words of the attribute, case-folded).
CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(breadcrumbs?|brødkrumme\w*|broedkrumme\w*|cookie\w*|consent|"
    r"skip-?link\w*|skiplink|share|deling|social|print-?link|back-?to-?top|to-?top|"
    r"til-?toppen|menu|navbar|navigation|site-?header|site-?footer|page-?footer|"
    r"page-?header|sidebar|banner|tools|toolbar|værktøj\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Lines of web chrome that survive as text (a link at the end of each item, a print button).
_CHROME_PHRASE = (
    r"(til toppen|tilbage til toppen|gå til toppen|til top|udskriv|print|"
    r"udskriv siden|print siden|del|del siden|del på \w+|spring til (hoved)?indhold(et)?|"
    r"gå til (hoved)?indhold(et)?|luk|menu|søg|"
    r"accepter( alle)?( cookies)?|afvis( alle)?( cookies)?|læs mere om cookies)"
)
CHROME_LINES = re.compile(
    rf"^\W*{_CHROME_PHRASE}(?:[\W_]+{_CHROME_PHRASE})*\W*$",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "caption",
        "blockquote",
        "address",
        "figure",
        "figcaption",
        "details",
        "summary",
        "fieldset",
        "body",
        "html",
        "center",
    }
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_PAGE_BREAK = re.compile(r"(page-)?break-(before|after)\s*:\s*(always|page)", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def _decode(data: bytes) -> str:
    # Not meetings.parsing.decode_bytes: importing the parser package would cost the sandboxed
    # child more than the page itself.
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ExtractionFailed(
                    "Websiden kunne ikke læses: tegnkodningen er ugyldig."
                ) from exc
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    if b"\x00" in data[:8192]:
        raise ExtractionFailed(
            "Filen er en binær fil og ikke en webside. Upload referatet som .html, .txt, .pdf "
            "eller .docx."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _is_chrome(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in DROPPED_TAGS:
        return True
    if (element.get("role") or "").strip().lower() in DROPPED_ROLES:
        return True
    if element.get("hidden") is not None or (element.get("aria-hidden") or "") == "true":
        return True
    if "display:none" in (element.get("style") or "").replace(" ", "").lower():
        return True
    label = (element.get("aria-label") or "").lower()
    if "brødkrumme" in label or "breadcrumb" in label:
        return True
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(names.strip()) and bool(CHROME_WORDS.search(names))


class _Writer:
    """Collects lines; a block boundary ends the current line and leaves one blank line."""

    def __init__(self, limit: int) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.size = 0
        self.limit = limit
        self.page_break = False  # the next line starts a new printed page (form feed)

    def text(self, value: str | None, pre: bool = False) -> None:
        if not value:
            return
        self.size += len(value)
        if self.size > self.limit:
            raise _TooLong
        if pre:
            parts = value.split("\n")
            self.current.append(parts[0])
            for part in parts[1:]:
                self.newline()
                self.current.append(part)
        else:
            self.current.append(_SPACE.sub(" ", value))

    def newline(self) -> None:
        line = "".join(self.current).replace("\xa0", " ")
        self.current = []
        line = line.rstrip()
        if not line.strip():
            line = ""
        if line and CHROME_LINES.match(line.strip()):
            line = ""
        # A line broken inside inline markup starts with the collapsed space; drop it.
        if line.startswith(" ") and not line.startswith("  "):
            line = line[1:]
        if line and self.page_break:
            line, self.page_break = "\f" + line, False
        self.lines.append(line)

    def block(self) -> None:
        if self.current:
            self.newline()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def result(self) -> str:
        self.block()
        text = "\n".join(self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


class _TooLong(Exception):
    pass


def _walk(element, out: _Writer, pre: bool = False, inside_main: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if not tag:  # a comment or processing instruction: its tail is text
        out.text(element.tail, pre)
        return
    tag = tag.lower()
    is_header = tag == "header" and not inside_main
    if _is_chrome(element) or is_header:
        out.text(element.tail, pre)
        return
    inside_main = inside_main or tag in ("main", "article")
    pre = pre or tag in ("pre", "textarea", "listing", "plaintext")
    if _PAGE_BREAK.search(element.get("style") or ""):
        # A printed page break (Word's HTML export writes <br style="page-break-before:
        # always">): the next line starts with a form feed, as in a text export, so the
        # parser knows the running page header that may follow.
        out.block()
        out.page_break = True
    if tag == "br":
        out.newline()
        out.text(element.tail, pre)
        return
    if tag == "hr":
        out.block()
        out.text(element.tail, pre)
        return
    if tag == "tr":
        if out.current:
            out.newline()
        cells = []
        for cell in element:
            cell_tag = cell.tag.lower() if isinstance(cell.tag, str) else ""
            if cell_tag in ("td", "th") and not _is_chrome(cell):
                inner = _Writer(out.limit - out.size)
                _walk_children(cell, inner, pre, inside_main)
                inner.block()
                cells.append(" ".join(line.strip() for line in inner.lines if line.strip()))
                out.size += inner.size
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.current.append("\t".join(cells))
            out.newline()
        out.text(element.tail, pre)
        return
    block = tag in BLOCK_TAGS or tag in ("pre", "td", "th")
    if block:
        out.block()
    _walk_children(element, out, pre, inside_main)
    if block:
        out.block()
    out.text(element.tail, pre)


def _walk_children(element, out: _Writer, pre: bool, inside_main: bool) -> None:
    out.text(element.text, pre)
    for child in element:
        _walk(child, out, pre, inside_main)


def text_of(data: bytes, limits: Limits) -> str:
    import lxml.etree
    import lxml.html

    text = _decode(data)
    if not text.strip():
        raise ExtractionFailed("Filen indeholder ingen tekst.")
    # An XML declaration names an encoding lxml refuses on a str; the text is decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionFailed("Websiden kunne ikke læses (ugyldig HTML).") from exc
    body = root.find("body")
    out = _Writer(limits.max_chars)
    try:
        _walk(body if body is not None else root, out)
    except _TooLong as exc:
        raise ExtractionFailed(
            f"Websiden indeholder for meget tekst (over {limits.max_chars:,} tegn). "
            "Del referatet op i flere filer.".replace(",", ".")
        ) from exc
    except RecursionError as exc:
        raise ExtractionFailed("Websiden er for dybt indlejret til at blive læst.") from exc
    return out.result()
