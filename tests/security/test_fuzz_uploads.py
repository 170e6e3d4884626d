"""Hypothesis through the real upload view: random bytes, texts in several encodings (with and
without a BOM), broken zips and truncated PDFs under .txt/.docx/.pdf names. The answer is a
preview (200) or a Danish form error (400), never a 500, and no row changes either way."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.clerks.helpers import minimal_pdf, row_counts

from .conftest import closed_text

pytestmark = pytest.mark.django_db

FUZZ = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
    max_examples=60,
)
TEXT = closed_text()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=300
)
payloads = st.one_of(
    st.binary(max_size=2000),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: (TEXT + t).encode("utf-8")),
    texts.map(lambda t: (TEXT + t).encode("cp1252", "ignore")),
    texts.map(lambda t: b"\xef\xbb\xbf" + (TEXT + t).encode("utf-8")),
    texts.map(lambda t: (TEXT + t).encode("utf-16")),
    st.binary(max_size=200).map(lambda b: _zip({"word/document.xml": b})),
    st.binary(max_size=200).map(lambda b: _zip({"[Content_Types].xml": b, "x": b})),
    st.integers(min_value=10, max_value=2000).map(
        lambda cut: minimal_pdf(TEXT.splitlines()[:40])[:cut]
    ),
)


@FUZZ
@given(data=payloads, suffix=st.sampled_from([".txt", ".docx", ".pdf", ""]))
def test_uploads_answer_preview_or_danish_error(client, albertslund, clerk_b, data, suffix):
    client.force_login(clerk_b)
    before = row_counts()
    handle = io.BytesIO(data)
    handle.name = f"referat{suffix}"
    response = client.post("/upload/", {"municipality": albertslund.pk, "file": handle})
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert '<html lang="da">' in response.content.decode()
    assert row_counts() == before
