"""Upload: preview without writing, confirm through the import service, uploads list and detail."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from meetings.models import AgendaItem, Meeting, SourceDocument, Upload

from .helpers import (
    BALLERUP_SEED,
    confirm_token,
    minimal_docx,
    minimal_pdf,
    row_counts,
    seed_bytes,
    seed_text,
    upload_and_confirm,
    upload_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(client, clerk_a):
    client.force_login(clerk_a)
    return client


def test_preview_shows_what_was_parsed_and_writes_no_row(client_a, ballerup):
    before = row_counts()
    response = upload_file(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    assert response.status_code == 200
    page = response.content.decode()
    assert row_counts() == before
    # The meeting, its items, the closed flag, case numbers and decisions are shown.
    assert "Digitaliserings- og Teknologiudvalget – 13. oktober 2021 kl. 16:30" in page
    assert "Nyt møde – oprettes" in page
    assert "1 møde, 6 punkter" in page
    assert "Beredskabsplan for brug af digitale valglister ved Kommunalvalget 2021" in page
    assert "84.03.00-A00-1-20" in page
    assert "Indstillingen godkendt" in page
    assert page.count("Lukket punkt") == 1
    assert "Mødecenter A, Lokale 3 på Ballerup Rådhus" in page
    assert 'action="/upload/bekraeft/"' in page and 'name="token"' in page


def test_preview_lists_parser_warnings_with_line_numbers(client_a, ballerup):
    text = seed_text(BALLERUP_SEED).replace("Punkt 3:", "Punkt tre:")
    response = upload_file(client_a, ballerup, text.encode(), "med-fejl.txt")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Advarsler fra indlæsningen" in page
    assert "<td>97</td><td>Punktoverskrift uden nummer: »Punkt tre:" in page


def test_confirm_imports_once_and_keeps_the_file(client_a, clerk_a, ballerup):
    record = upload_and_confirm(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    assert record.status == "created"
    assert record.uploaded_by == clerk_a and record.municipality == ballerup
    assert record.file.read() == seed_bytes(BALLERUP_SEED)
    meeting = Meeting.objects.get(body__municipality=ballerup)
    assert meeting.source == record.source
    assert record.source.uploaded_by == clerk_a
    assert meeting.items.count() == 6
    assert meeting.items.get(number=5).closed

    detail = client_a.get(record.get_absolute_url())
    page = detail.content.decode()
    assert "<strong>Oprettet</strong>" in page
    assert meeting.get_absolute_url() in page
    assert f"/upload/{record.pk}/fil/" in page


def test_same_file_again_is_unchanged(client_a, ballerup):
    upload_and_confirm(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    counts = {
        label: n for label, n in row_counts().items() if not label.endswith(("Upload", "ImportJob"))
    }

    preview = upload_file(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    assert "Uændret – teksten er allerede indlæst" in preview.content.decode()
    again = upload_and_confirm(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)

    assert again.status == "unchanged"
    assert {
        label: n for label, n in row_counts().items() if not label.endswith(("Upload", "ImportJob"))
    } == counts
    assert Upload.objects.count() == 2
    page = client_a.get(again.get_absolute_url()).content.decode()
    assert "<strong>Uændret</strong>" in page


def test_edited_version_updates_the_meeting(client_a, ballerup):
    upload_and_confirm(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    edited = seed_text(BALLERUP_SEED).replace(
        "Indstillingen godkendt", "Indstillingen godkendt med den ændring, at planen evalueres"
    )
    preview = upload_file(client_a, ballerup, edited.encode(), "ballerup-v2.txt")
    assert "Nyere udgave – mødet opdateres" in preview.content.decode()
    record = upload_and_confirm(client_a, ballerup, edited.encode(), "ballerup-v2.txt")
    assert record.status == "updated"
    assert Meeting.objects.filter(body__municipality=ballerup).count() == 1
    item = AgendaItem.objects.get(municipality=ballerup, number=3)
    assert item.decision.startswith("Indstillingen godkendt med den ændring, at planen evalueres")


def test_confirmed_token_cannot_be_used_twice(client_a, ballerup):
    preview = upload_file(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    token = confirm_token(preview)
    assert client_a.post("/upload/bekraeft/", {"token": token}).status_code == 302
    before = row_counts()
    again = client_a.post("/upload/bekraeft/", {"token": token})
    assert again.status_code == 400
    assert "allerede bekræftet" in again.content.decode()
    assert row_counts() == before


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_pdf_and_docx_uploads_are_previewed_and_imported(client_a, ballerup, kind):
    lines = [line for line in seed_text(BALLERUP_SEED).splitlines() if line.strip()]
    data = minimal_docx(lines) if kind == "docx" else minimal_pdf(lines[:60])
    name = f"ballerup.{kind}"
    preview = upload_file(client_a, ballerup, data, name)
    assert preview.status_code == 200, preview.content.decode()[:3000]
    assert "Digitaliserings- og Teknologiudvalget" in preview.content.decode()
    record = upload_and_confirm(client_a, ballerup, data, name)
    assert record.status == "created"
    assert SourceDocument.objects.get(pk=record.source_id).original_name == name
    assert AgendaItem.objects.filter(municipality=ballerup, number=1, title="Meddelelser").exists()


def test_uploads_list_shows_who_when_result_and_warnings(client_a, clerk_a, ballerup):
    text = seed_text(BALLERUP_SEED).replace("Punkt 3:", "Punkt tre:")
    upload_and_confirm(client_a, ballerup, text.encode(), "med-advarsel.txt")
    page = client_a.get("/upload/liste/").content.decode()
    assert "med-advarsel.txt" in page
    assert "clerk_a" in page
    assert "Oprettet" in page
    assert "<summary>1</summary>" in page
    assert "Linje 97: Punktoverskrift uden nummer" in page


def test_uploads_list_query_count_does_not_grow_with_rows(
    client_a, clerk_a, ballerup, django_assert_max_num_queries
):
    for number in range(40):
        record = Upload(
            municipality=ballerup,
            uploaded_by=clerk_a,
            original_name=f"fil-{number}.txt",
            sha256=f"{number:064d}",
            status="unchanged",
            warnings=[{"line": 1, "message": "x"}],
        )
        record.file.save(record.original_name, ContentFile(b"x"), save=False)
        record.save()
    with django_assert_max_num_queries(8):
        response = client_a.get("/upload/liste/")
    assert response.status_code == 200
    assert response.content.decode().count("fil-") >= 40


def test_very_long_file_name_is_shortened_and_kept(client_a, ballerup):
    name = "referat-" + "meget-langt-navn-" * 20 + ".txt"
    assert len(name) > 255
    record = upload_and_confirm(client_a, ballerup, seed_bytes(BALLERUP_SEED), name)
    assert len(record.original_name) == 80
    assert record.original_name.startswith("referat-meget-langt-navn-")
    assert record.original_name.endswith(".txt")
    assert len(record.file.name) <= 100
    assert record.file.read() == seed_bytes(BALLERUP_SEED)
    assert record.source.original_name == record.original_name
