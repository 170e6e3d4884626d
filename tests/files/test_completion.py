"""The clerk completes what the parser could not, through the upload pages.

Flags in plain Danish, a missing body or date asked for (never silently dropped), the
clerk's body (chosen or new), date and start time stored, shown publicly, and kept when the
same file is imported again, through the pages and through ``import_minutes``.

The texts without a readable date or body are real: the Ballerup seed with the date taken
out of its header (title and "Mødedato" line), and with the body taken out of its title line
(the date stays on the "Mødedato" line). Each is checked to parse to a meeting with the flag
(``date_missing`` / ``body_missing``, see meetings/parsing/records.py) before it is uploaded.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.models import Body, Meeting
from meetings.parsing import MEETING_FLAGS, parse

from ..clerks.helpers import (
    BALLERUP_SEED,
    SEEDS,
    form_data,
    row_counts,
    seed_bytes,
    upload_file,
)

pytestmark = pytest.mark.django_db
CONFIRM = "/upload/bekraeft/"


@pytest.fixture
def logged_in(client, clerk_a):
    client.force_login(clerk_a)
    return client


SEED_TITLE = "REFERAT Digitaliserings- og Teknologiudvalget d. 13-10-2021\n"
SEED_DATE_LINE = "Mødedato Onsdag d. 13. oktober 2021 kl. 16:30\n"


def _seed_without(*cuts: tuple[str, str]) -> bytes:
    text = seed_bytes(BALLERUP_SEED).decode()
    for old, new in cuts:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode()


# The header names the body but no date: no date in the title, no "Mødedato" line.
NO_DATE_SEED = _seed_without(
    (SEED_TITLE, "REFERAT Digitaliserings- og Teknologiudvalget\n"), (SEED_DATE_LINE + "\n", "")
)
# The header has the date ("Mødedato" line) but the title line names no body.
NO_BODY_SEED = _seed_without((SEED_TITLE, "REFERAT\n"))


def _only_meeting(data: bytes):
    document = parse(data.decode())
    assert len(document.meetings) == 1
    return document.meetings[0]


def test_the_texts_really_lack_a_readable_date_or_body():
    no_date = _only_meeting(NO_DATE_SEED)
    assert no_date.date is None and "date_missing" in no_date.flags
    assert no_date.body == "Digitaliserings- og Teknologiudvalget"
    no_body = _only_meeting(NO_BODY_SEED)
    assert no_body.body == "" and "body_missing" in no_body.flags
    assert no_body.date == dt.date(2021, 10, 13)
    seed = _only_meeting(seed_bytes(BALLERUP_SEED))
    assert len(no_date.items) == len(no_body.items) == len(seed.items) > 0


def _confirm(client, preview, **fields):
    data = form_data(preview.content.decode(), "bekraeft")
    for name, value in fields.items():
        data[name] = [value]
    return client.post(CONFIRM, data)


def test_meeting_without_date_is_asked_for_completed_and_kept(logged_in, ballerup):
    preview = upload_file(logged_in, ballerup, NO_DATE_SEED, "uden-dato.txt")
    assert preview.status_code == 200
    page = preview.content.decode()
    assert MEETING_FLAGS["date_missing"] in page
    assert "Mødet gemmes ikke, før du har angivet mødedatoen" in page
    assert "Mangler oplysninger" in page

    # Confirmed without a date: asked again, nothing stored, the file still waits.
    before = row_counts()
    again = _confirm(logged_in, preview)
    assert again.status_code == 400
    assert "mangler dato" in again.content.decode()
    assert row_counts() == before

    done = _confirm(logged_in, again, **{"m0-date": "2021-10-13", "m0-start_time": "16:45"})
    assert done.status_code == 302, done.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.start_time) == (dt.date(2021, 10, 13), dt.time(16, 45))
    assert meeting.parsed["date"] is None  # the parse; the stored date is a correction
    assert meeting.items.count() == len(_only_meeting(NO_DATE_SEED).items)
    assert set(meeting.items.values_list("date", flat=True)) == {dt.date(2021, 10, 13)}

    public = logged_in.get(meeting.get_absolute_url())
    assert "onsdag 13. oktober 2021" in public.content.decode()
    assert "kl. 16:45" in public.content.decode()

    # The same file again: the completed meeting is found, nothing asked, nothing changes.
    before = row_counts()
    repeat = upload_file(logged_in, ballerup, NO_DATE_SEED, "uden-dato.txt")
    assert repeat.status_code == 200
    assert "udfyldt ved en tidligere indlæsning" in repeat.content.decode()
    assert "Uændret" in repeat.content.decode()
    assert _confirm(logged_in, repeat).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.start_time) == (dt.date(2021, 10, 13), dt.time(16, 45))
    assert Meeting.objects.count() == 1
    counts = row_counts()
    assert counts.pop("meetings.Upload") == before.pop("meetings.Upload") + 1
    assert counts.pop("meetings.ImportJob") == before.pop("meetings.ImportJob") + 1
    assert counts == before


def test_meeting_without_body_gets_a_new_body_from_the_clerk(logged_in, ballerup):
    preview = upload_file(logged_in, ballerup, NO_BODY_SEED, "uden-udvalg.txt")
    page = preview.content.decode()
    assert MEETING_FLAGS["body_missing"] in page
    assert "Mødet gemmes ikke, før du har angivet udvalget" in page

    done = _confirm(logged_in, preview, **{"m0-new_body": "  Digitaliseringsudvalget "})
    assert done.status_code == 302, done.content.decode()[:2000]
    meeting = Meeting.objects.select_related("body").get()
    assert meeting.body.name == "Digitaliseringsudvalget"
    assert meeting.parsed["body"] == ""
    public = logged_in.get(meeting.get_absolute_url()).content.decode()
    assert "Digitaliseringsudvalget" in public

    assert "onsdag 13. oktober 2021" in public

    repeat = upload_file(logged_in, ballerup, NO_BODY_SEED, "uden-udvalg.txt")
    assert "Uændret" in repeat.content.decode()
    assert _confirm(logged_in, repeat).status_code == 302
    assert Meeting.objects.get().body.name == "Digitaliseringsudvalget"
    assert Body.objects.filter(municipality=ballerup).count() == 1


def test_clerk_fixes_body_date_and_time_of_a_parsed_seed(logged_in, ballerup):
    """Real parse: the clerk moves the meeting to another of the municipality's bodies and
    corrects its date and time; a re-import of the same text and of an edited text keeps it."""
    other = Body.objects.create(municipality=ballerup, name="Økonomiudvalget", slug="okonomi")
    preview = upload_file(logged_in, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    page = preview.content.decode()
    assert '<option value="Økonomiudvalget">Økonomiudvalget</option>' in page
    done = _confirm(
        logged_in,
        preview,
        **{"m0-body": "Økonomiudvalget", "m0-date": "2021-10-14", "m0-start_time": "09:00"},
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.body_id == other.pk
    assert (meeting.date, meeting.start_time) == (dt.date(2021, 10, 14), dt.time(9, 0))
    parsed = parse(seed_bytes(BALLERUP_SEED).decode()).meetings[0]
    assert meeting.parsed["body"] == parsed.body
    assert meeting.parsed["date"] == parsed.date.isoformat()
    assert set(meeting.items.values_list("body_id", flat=True)) == {other.pk}

    repeat = upload_file(logged_in, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    assert "Uændret" in repeat.content.decode()
    assert _confirm(logged_in, repeat).status_code == 302
    edited = seed_bytes(BALLERUP_SEED).decode().replace("Godkendt", "Godkendt.", 1).encode()
    again = upload_file(logged_in, ballerup, edited, "ballerup-v2.txt")
    assert again.status_code == 200
    assert _confirm(logged_in, again).status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.body_id, meeting.date, meeting.start_time) == (
        other.pk,
        dt.date(2021, 10, 14),
        dt.time(9, 0),
    )


def test_clerk_values_that_are_no_date_or_time_get_field_errors(logged_in, ballerup):
    preview = upload_file(logged_in, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    before = row_counts()
    response = _confirm(logged_in, preview, **{"m0-date": "13. smarch", "m0-start_time": "25:99"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv datoen som ÅÅÅÅ-MM-DD" in page and "Skriv klokkeslættet som TT:MM" in page
    assert row_counts() == before
    far = _confirm(logged_in, preview, **{"m0-date": "3021-01-01"})
    assert "mellem år 1900 og 2100" in far.content.decode()
    assert row_counts() == before
    # The token still works: the file waits until the clerk gets it right.
    assert _confirm(logged_in, preview).status_code == 302


SHORT_NO_DATE = """Ballerup Kommune

REFERAT Økonomiudvalget

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt

Punkt 2: Budget 2022

Beslutning

Anbefales
"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (NO_DATE_SEED, "Mødet gemmes ikke, før du har angivet mødedatoen"),
        (NO_BODY_SEED, "Mødet gemmes ikke, før du har angivet udvalget"),
    ],
    ids=["items-no-date", "date-no-body"],
)
def test_a_text_missing_date_or_body_is_never_dropped_silently(logged_in, ballerup, data, reason):
    """The preview shows the meeting with its flag and says what is needed; nothing is stored."""
    before = row_counts()
    response = upload_file(logged_in, ballerup, data, "mangler.txt")
    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page and "Mangler oplysninger" in page
    assert row_counts() == before


def test_a_short_text_with_items_but_no_date_says_why(logged_in, ballerup):
    """A bare title and items, no date anywhere: the parser finds no meeting, and the upload
    page names its reason with the line number rather than dropping it silently."""
    before = row_counts()
    response = upload_file(logged_in, ballerup, SHORT_NO_DATE.encode(), "uden-dato.txt")
    assert response.status_code == 400
    page = response.content.decode()
    assert "linje 1:" in page and "Ingen møder fundet i teksten" in page and "mødedato" in page
    assert row_counts() == before


def test_import_minutes_body_date_time_are_kept_on_reimport(tmp_path, ballerup):
    path = tmp_path / BALLERUP_SEED
    path.write_bytes((SEEDS / BALLERUP_SEED).read_bytes())
    out = io.StringIO()
    call_command(
        "import_minutes",
        str(path),
        "--body",
        "Digitaliseringsudvalget",
        "--date",
        "2021-10-20",
        "--time",
        "10:15",
        stdout=out,
    )
    meeting = Meeting.objects.select_related("body").get()
    assert (meeting.body.name, meeting.date, meeting.start_time) == (
        "Digitaliseringsudvalget",
        dt.date(2021, 10, 20),
        dt.time(10, 15),
    )
    out = io.StringIO()
    call_command("import_minutes", str(path), stdout=out)
    assert out.getvalue().startswith("uændret")
    meeting.refresh_from_db()
    assert (meeting.date, meeting.start_time) == (dt.date(2021, 10, 20), dt.time(10, 15))
    assert Meeting.objects.count() == 1


def test_import_minutes_completes_a_meeting_without_date(tmp_path, ballerup):
    path = tmp_path / "uden-dato.txt"
    path.write_bytes(NO_DATE_SEED)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_minutes", str(path), stdout=out)
    assert "mangler dato" in out.getvalue() and "--date" in out.getvalue()
    assert not Meeting.objects.exists()

    call_command("import_minutes", str(path), "--date", "2021-10-13", stdout=io.StringIO())
    meeting = Meeting.objects.select_related("body").get()
    assert meeting.date == dt.date(2021, 10, 13)
    assert meeting.body.name == "Digitaliserings- og Teknologiudvalget"
    assert meeting.parsed["date"] is None
    out = io.StringIO()
    call_command("import_minutes", str(path), stdout=out)  # no --date: the stored one is kept
    assert out.getvalue().startswith("uændret"), out.getvalue()
    assert Meeting.objects.get().date == dt.date(2021, 10, 13)


def test_import_minutes_completes_a_meeting_without_body(tmp_path, ballerup):
    path = tmp_path / "uden-udvalg.txt"
    path.write_bytes(NO_BODY_SEED)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_minutes", str(path), stdout=out)
    assert "--body" in out.getvalue(), out.getvalue()
    assert not Meeting.objects.exists()

    call_command(
        "import_minutes", str(path), "--body", "Digitaliseringsudvalget", stdout=io.StringIO()
    )
    meeting = Meeting.objects.select_related("body").get()
    assert (meeting.body.name, meeting.date) == ("Digitaliseringsudvalget", dt.date(2021, 10, 13))
    assert meeting.parsed["body"] == ""
    out = io.StringIO()
    call_command("import_minutes", str(path), stdout=out)  # no --body: the stored one is kept
    assert out.getvalue().startswith("uændret"), out.getvalue()
    assert Meeting.objects.get().body.name == "Digitaliseringsudvalget"
    assert Meeting.objects.count() == 1


def test_import_minutes_flags_need_exactly_one_file(tmp_path):
    paths = []
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes((SEEDS / BALLERUP_SEED).read_bytes())
        paths.append(str(tmp_path / name))
    with pytest.raises(CommandError, match="angiv én fil"):
        call_command("import_minutes", *paths, "--date", "2021-10-13", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_minutes", paths[0], "--date", "13/10", stdout=io.StringIO())
