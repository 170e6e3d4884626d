"""A clerk's upload (through the real upload, preview and confirm pages) becomes the
original that citizens download: the PDF or Word file itself, not the extracted text."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Municipality, SourceFile
from meetings.pages.originals import DOCX
from meetings.permissions import make_clerk
from tests.clerks.helpers import confirm_token, minimal_docx, minimal_pdf, upload_file

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

DIREKTIONEN = FIXTURES / "minutes" / "direktionen-2020-06-02.txt"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_uploaded_file_is_the_downloadable_original(client, kind):
    kalundborg = Municipality.objects.get(code=326)
    clerk = get_user_model().objects.create_user("kalundborg", password="x")
    make_clerk(clerk, [kalundborg])
    lines = [line for line in DIREKTIONEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    data = minimal_docx(lines) if kind == "docx" else minimal_pdf(lines)
    name = f"Direktionen 2. juni 2020.{kind}"
    client.force_login(clerk)
    preview = upload_file(client, kalundborg, data, name)
    assert preview.status_code == 200, re.sub(r"<[^>]+>", " ", preview.content.decode())[-3000:]
    assert client.post("/upload/bekraeft/", {"token": confirm_token(preview)}).status_code == 302
    original = SourceFile.objects.get(source__original_name=name)
    assert original.size == len(data)
    assert original.pages == (1 if kind == "pdf" else None)

    client.logout()
    response = client.get(f"/kilder/{original.source_id}/fil/")
    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == ("application/pdf" if kind == "pdf" else DOCX)
    disposition = "inline" if kind == "pdf" else "attachment"
    assert response["Content-Disposition"].startswith(
        f'{disposition}; filename="Direktionen 2. juni 2020.{kind}"'
    )
    meeting = original.source.meetings.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    label = "PDF" if kind == "pdf" else "Word"
    assert f'Hent referatet <span class="muted">({label}, ' in page
    source_page = client.get(original.source.get_absolute_url()).content.decode()
    if kind == "pdf":
        assert "PDF, " in source_page and "1 side" in source_page
