"""Hostile files built in the tests: zip-bomb DOCX, many-page and encrypted PDFs, PDFs whose
text holds NUL or a lone surrogate (through a ToUnicode map), texts with NUL behind a BOM."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfReader, PdfWriter


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(megabytes: int = 40, fill: str = " ") -> bytes:
    """A valid DOCX whose one paragraph decompresses to ``megabytes`` MB of ``fill``
    (a few tens of kilobytes on disk): what drove a worker to gigabytes before."""
    base = zipfile.ZipFile(io.BytesIO(docx_bytes(["REFERAT Økonomiudvalget d. 13-10-2021"])))
    document = base.read("word/document.xml").decode("utf-8")
    run = f'<w:r><w:t xml:space="preserve">{fill * (megabytes * 1024 * 1024)}</w:t></w:r>'
    document = document.replace("</w:p>", run + "</w:p>", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in base.infolist():
            data = document.encode() if info.filename == "word/document.xml" else base.read(info)
            bomb.writestr(info.filename, data)
    return out.getvalue()


def many_page_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf(pdf: bytes, *, user_password: str, algorithm: str = "AES-256") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="ejer-42", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_tounicode(lines: list[bytes], mapping: dict[int, str]) -> bytes:
    """A one-page PDF (Helvetica) whose ToUnicode map sends the byte codes in ``mapping`` to
    the given UTF-16BE hex (e.g. "0000" for NUL, "D800" for a lone surrogate)."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Test def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        + b"%d beginbfchar\n" % len(mapping)
        + b"".join(b"<%02X> <%s>\n" % (code, hexa.encode()) for code, hexa in mapping.items())
        + b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = b"BT /F1 9 Tf 20 820 Td 11 TL\n"
    for line in lines:
        escaped = line.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        content += b"(" + escaped + b") Tj T*\n"
    content += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        b"/ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
