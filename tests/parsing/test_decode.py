"""decode_bytes: UTF-8, BOMs, UTF-16, cp1252, and a clear error for binary data."""

from __future__ import annotations

import codecs

import pytest

from meetings.parsing import UndecodableText, decode_bytes, parse

TEXT = "REFERAT Økonomiudvalget d. 13-10-2021 – “Ærø” og Åbenrå\r\nPunkt 1: Godkendelse\r\n"


def test_utf8():
    assert decode_bytes(TEXT.encode("utf-8")) == TEXT


def test_utf8_with_bom():
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_bytes(bom + TEXT.encode(encoding)) == TEXT


def test_utf16_via_python_codec_with_bom():
    assert decode_bytes(TEXT.encode("utf-16")) == TEXT


def test_cp1252_fallback():
    assert decode_bytes(TEXT.encode("cp1252")) == TEXT


def test_cp1252_undefined_bytes_do_not_fail():
    assert decode_bytes(b"Bilag \x81 \x9d") == "Bilag \x81 \x9d"


def test_latin1_danish_letters():
    assert decode_bytes("Kåre Møller".encode("latin-1")) == "Kåre Møller"


def test_binary_data_is_refused_with_a_clear_message():
    with pytest.raises(UndecodableText, match="NUL bytes"):
        decode_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    with pytest.raises(ValueError):
        decode_bytes(bytes(range(256)) * 4)


def test_utf16_without_bom_is_refused():
    with pytest.raises(UndecodableText):
        decode_bytes(TEXT.encode("utf-16-le"))


def test_empty_bytes():
    assert decode_bytes(b"") == ""


def test_decoded_cp1252_seed_text_parses_like_utf8():
    assert parse(decode_bytes(TEXT.encode("cp1252"))).to_dict(with_text=True) == parse(
        TEXT
    ).to_dict(with_text=True)
