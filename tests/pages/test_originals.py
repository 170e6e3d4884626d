"""The original file: kept at import, downloadable with the right type, a safe name and HTTP
caching, and never served to the public when a closed item in it carries more than its
title (only to the municipality's clerks and admins)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from meetings.importing import import_path, resolve_municipality
from meetings.models import AgendaItem, Meeting, Municipality, SourceDocument, SourceFile
from meetings.pages.originals import DOCX, WITHHELD_CLOSED, human_size, safe_name
from meetings.permissions import make_clerk

from .conftest import FIXTURES, LAYOUTS, SEEDS, import_all

pytestmark = pytest.mark.django_db

BALLERUP = FIXTURES / "minutes" / "ballerup-digitalisering-2021-10-13.txt"
DIREKTIONEN = FIXTURES / "minutes" / "direktionen-2020-06-02.txt"
SECRET_SECTION = "Medarbejderen Xenofon Hemmelighed søger et personligt løntillæg på 4.321 kr."
SECRET_DECISION = "Løntillægget til Xenofon Hemmelighed blev bevilget fortroligt."


def source_of(path) -> SourceDocument:
    return SourceDocument.objects.get(original_name=path.name)


def download(client, source, **headers):
    return client.get(f"/kilder/{source.pk}/fil/", headers=headers)


def with_closed_content(tmp_path):
    """The Ballerup seed with text and a decision under its closed item (punkt 5)."""
    text = BALLERUP.read_text(encoding="utf-8")
    heading = "Punkt 5: Lukket: LUKKET Status for it-mæssig understøttelse af Kommunalbestyrelsen"
    assert heading in text
    text = text.replace(
        heading,
        f"{heading}\n\nSagsfremstilling\n\n{SECRET_SECTION}\n\nBeslutning\n\n{SECRET_DECISION}",
    )
    path = tmp_path / "ballerup-med-lukket-indhold.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_import_keeps_its_original(seeds):
    for path in SEEDS:
        original = SourceFile.objects.get(source=source_of(path))
        assert original.file, path.name
        assert original.size == len(path.read_bytes())
        assert original.name == path.name


def test_public_original_is_served_as_uploaded_with_caching(client, seeds):
    source = source_of(DIREKTIONEN)  # its closed items carry nothing but their titles
    response = download(client, source)
    assert response.status_code == 200
    assert response.content == DIREKTIONEN.read_bytes()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert 'filename="direktionen-2020-06-02.txt"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Last-Modified"]
    etag = response["ETag"]
    again = download(client, source, if_none_match=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_utf16_text_original_keeps_its_bytes_and_says_its_charset(client, db):
    path = next(p for p in LAYOUTS if "utf16" in p.name)
    import_all([path])
    response = download(client, source_of(path))
    assert response.status_code == 200
    assert response.content == path.read_bytes()
    assert response["Content-Type"] == "text/plain; charset=utf-16"


def test_word_original_is_served_as_word(client, db, tmp_path):
    from docx import Document

    document = Document()
    for line in DIREKTIONEN.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "Direktionens møde 2. juni 2020.docx"
    document.save(path)
    import_path(path, municipality=resolve_municipality("326"))
    source = SourceDocument.objects.get(original_name=path.name)
    response = download(client, source)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response.content == path.read_bytes()
    disposition = response["Content-Disposition"]
    assert 'filename="Direktionens m_de 2. juni 2020.docx"' in disposition
    assert "filename*=UTF-8''Direktionens%20m%C3%B8de%202.%20juni%202020.docx" in disposition
    meeting = source.meetings.get()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert re.search(r"Hent referatet <span class=\"muted\">\(Word, \d+ kB\)</span>", html)


def test_file_with_closed_content_is_withheld_from_the_public(client, db, tmp_path):
    path = with_closed_content(tmp_path)
    import_all([path])
    closed = AgendaItem.objects.get(closed=True, meeting__source__original_name=path.name)
    assert any(SECRET_SECTION in s.text for s in closed.sections.all())  # kept on the item
    source = source_of(path)
    response = download(client, source)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Originalen kan ikke hentes" in html
    assert "lukket punkt" in html
    assert SECRET_SECTION not in html and SECRET_DECISION not in html
    source_page = client.get(source.get_absolute_url()).content.decode()
    assert WITHHELD_CLOSED in source_page
    assert f"/kilder/{source.pk}/fil/" not in source_page
    meeting_page = client.get(closed.meeting.get_absolute_url()).content.decode()
    assert "Originalfilen kan ikke hentes offentligt" in meeting_page
    for page in (meeting_page, source_page, client.get(closed.get_absolute_url()).content.decode()):
        assert SECRET_SECTION not in page and SECRET_DECISION not in page


def test_withheld_file_goes_to_the_municipalitys_clerks_and_admins_only(client, db, tmp_path):
    path = with_closed_content(tmp_path)
    import_all([path])
    source = source_of(path)
    users = get_user_model().objects
    own = users.create_user("ballerup-sekretaer", password="x")
    make_clerk(own, [source.municipality])
    other = users.create_user("aarhus-sekretaer", password="x")
    make_clerk(other, [Municipality.objects.get(code=751)])
    admin = users.create_superuser("admin", password="x")

    client.force_login(other)
    assert download(client, source).status_code == 403
    for user in (own, admin):
        client.force_login(user)
        response = download(client, source)
        assert response.status_code == 200
        assert response.content == path.read_bytes()
        assert response["Cache-Control"] == "private, no-store"
        assert SECRET_SECTION.encode() in response.content


def test_closing_an_item_by_correction_withholds_the_file(client, seeds):
    source = source_of(DIREKTIONEN)
    assert download(client, source).status_code == 200
    item = AgendaItem.objects.filter(meeting__source=source, closed=False).exclude(decision="")[0]
    item.closed = True  # a clerk's correction: the item was closed
    item.save()
    assert download(client, source).status_code == 403


def test_superseded_file_is_withheld_and_the_new_one_served(client, seeds, tmp_path):
    old = source_of(DIREKTIONEN)
    text = DIREKTIONEN.read_text(encoding="utf-8").replace(
        "Ad 4 Ingen bemærkninger.", "Ad 4 Rettet."
    )
    newer = tmp_path / "direktionen-2020-06-02-rettet.txt"
    newer.write_text(text, encoding="utf-8")
    assert import_path(newer, municipality=resolve_municipality("326")).status == "updated"
    assert not Meeting.objects.filter(source=old).exists()
    assert download(client, old).status_code == 403
    response = download(client, source_of(newer))
    assert response.status_code == 200
    assert response.content == newer.read_bytes()


def test_meeting_item_and_source_pages_link_and_describe_the_original(client, seeds):
    source = source_of(DIREKTIONEN)
    meeting = source.meetings.select_related("body__municipality").get()
    size = human_size(len(DIREKTIONEN.read_bytes()))
    link = f'href="/kilder/{source.pk}/fil/" download>Hent referatet <span class="muted">(tekst, {size})</span>'
    assert link in client.get(meeting.get_absolute_url()).content.decode()
    item = meeting.items.filter(closed=False).first()
    assert link in client.get(item.get_absolute_url()).content.decode()
    page = client.get(source.get_absolute_url()).content.decode()
    for fact in (
        DIREKTIONEN.name,
        meeting.body.municipality.name,
        meeting.body.name,
        "2. juni 2020",
        "Importeret",
        f"tekst, {size}",
    ):
        assert fact in page, fact
    # Name, municipality, body and date first; the hash last.
    assert page.index("SHA-256") > page.index("Møder fra dokumentet")
    assert page.index(DIREKTIONEN.name) < page.index("SHA-256")


def test_download_name_is_safe_whatever_the_upload_was_called(client, db, tmp_path):
    path = tmp_path / "referat.txt"
    path.write_bytes(DIREKTIONEN.read_bytes())
    import_path(path, municipality=resolve_municipality("326"), original_name='..\\..\\x"; y=.txt')
    source = SourceDocument.objects.get(original_name='..\\..\\x"; y=.txt')
    disposition = download(client, source)["Content-Disposition"]
    name = re.search(r'filename="([^"]*)"', disposition).group(1)
    assert "/" not in name and "\\" not in name and ";" not in name and ".." not in name
    assert name.endswith(".txt")
    assert safe_name("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert safe_name("Referat 2021.PDF", "application/pdf") == "Referat 2021.PDF"


def test_human_sizes_are_danish():
    assert human_size(812) == "812 bytes"
    assert human_size(34_200) == "34 kB"
    assert human_size(2_100_000) == "2,1 MB"


def test_unknown_source_is_a_danish_404(client, db):
    response = client.get("/kilder/999999/fil/")
    assert response.status_code == 404
