"""The clerks' pages (sekretariatet): upload minutes, preview, confirm, and the uploads list.

Every view needs a logged-in user; a clerk acts for their own municipalities only (see
meetings/permissions.py). The preview writes no row: the file waits in a signed, expiring
pending upload (meetings/pending.py) until the clerk confirms, and the confirmed import runs
through meetings/importing/, the same service as ``manage.py import_minutes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import jobs, pending
from .completion import MeetingCompletion, clerk_values, completions
from .corrections.conflicts import field_label
from .corrections.conflicts import parts_of as conflict_parts
from .extract import ExtractionFailed, extract_text, parse_bounded
from .forms import ConfirmForm, UploadForm
from .importing import ImportFailed, MeetingIncomplete, import_document
from .jobs.models import ImportJob
from .jobs.runner import conflict_snapshot as _conflict_snapshot
from .models import AgendaItem, ImportConflict, Meeting, Municipality, Upload
from .parsing import parse
from .parsing.records import ParsedDocument
from .permissions import allowed_municipalities, may_manage, uploads_visible_to

UPLOADS_PER_PAGE = 50


FIELD_LABELS = {
    "number": "nummer",
    "title": "titel",
    "closed": "lukket",
    "decision": "beslutning",
    "sections": "afsnit",
    "case_numbers": "sagsnumre",
    "attachments": "bilag",
    "position": "rækkefølge",
    "date": "mødedato",
    "start_time": "starttid",
    "end_time": "sluttid",
    "location": "mødested",
    "kind": "type",
    "participants": "deltagere",
    "body": "organ",
    "removed": "punktet mangler i den nye tekst",
}


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "clerks/forbidden.html", {"message": message}, status=403)


NOT_YOUR_MUNICIPALITY = "Du kan kun uploade og rette referater for dine egne kommuner."


# ---------------------------------------------------------------------------------------------
# /upload/ — choose a municipality and a file; a valid file answers with the preview


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a minutes file and see what was parsed before anything is saved."""
    municipalities = allowed_municipalities(request.user)
    if not municipalities.exists():
        return _forbidden(request, "Du er ikke tilknyttet nogen kommune og kan ikke uploade.")
    form = UploadForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST":
        valid = form.is_valid()
        municipality = form.cleaned_data.get("municipality")
        if municipality is not None and not may_manage(request.user, municipality):
            return _forbidden(request, NOT_YOUR_MUNICIPALITY)
        if valid:
            upload_file = form.cleaned_data["file"]
            data = form.read_file()
            try:
                preview = _preview(request, data, upload_file.name, municipality)
            except (ExtractionFailed, ImportFailed) as exc:
                form.add_error("file", str(exc))
            else:
                token = pending.stash(
                    data,
                    original_name=upload_file.name,
                    municipality_id=municipality.pk,
                    user_id=request.user.pk,
                )
                return _render_preview(request, preview, token)
    status = 400 if form.errors else 200
    return render(request, "clerks/upload.html", {"form": form}, status=status)


@dataclass
class Preview:
    """What a confirmed upload would do, shown before anything is saved (forhåndsvisning)."""

    municipality: Municipality
    original_name: str
    size: int
    parsed: ParsedDocument
    status: str
    message: str
    warnings: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    meetings: list[MeetingCompletion] = field(default_factory=list)

    @property
    def needs_clerk(self) -> bool:
        """Some meeting still lacks its body or date: the clerk must complete it."""
        return any(m.missing for m in self.meetings)

    @property
    def item_count(self) -> int:
        return sum(len(meeting.items) for meeting in self.parsed.meetings)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


CONFIRMED = {
    "created": "Referatet er gemt.",
    "updated": "Mødet er opdateret med den nye udgave.",
    "unchanged": "Filen var allerede indlæst; intet er ændret.",
}

MISSING_WORDS = {"body": "udvalg", "date": "dato"}

STATUS_LABELS = {
    "incomplete": "Mangler oplysninger – udfyld felterne nedenfor",
    "created": "Nyt møde – oprettes",
    "updated": "Nyere udgave – mødet opdateres",
    "unchanged": "Uændret – teksten er allerede indlæst",
    "failed": "Kan ikke indlæses",
}


def _parse_or_fail(text: str):
    """The parse of an extracted text; ImportFailed (with the parser's reasons and their
    line numbers) when it holds no meeting, so nothing is dropped without the clerk seeing
    why. A long text is parsed in a time-bounded child process (parse_bounded)."""
    parsed = parse_bounded(text, parse)
    if not parsed.meetings:
        reasons = "; ".join(
            f"linje {w.line}: {w.message}" if w.line else w.message for w in parsed.warnings[:5]
        )
        raise ImportFailed(
            "Der blev ikke fundet noget møde i teksten. Et referat skal have en mødeoverskrift "
            "med organ og dato, fx »REFERAT Økonomiudvalget d. 13-10-2021«."
            + (f" Indlæsningen meldte: {reasons}" if reasons else "")
        )
    return parsed


def _preview(
    request,
    data: bytes,
    name: str,
    municipality: Municipality,
    *,
    text: str | None = None,
    parsed: ParsedDocument | None = None,
    forms: list[MeetingCompletion] | None = None,
    clerk: dict | None = None,
) -> Preview:
    """Parse the file and rehearse its import (dry run: rolled back, no row written).

    A meeting the parser could not complete (no body or date) does not fail the preview:
    the preview says what is missing and asks the clerk (MeetingIncomplete)."""
    if text is None:
        text = extract_text(data, name)
    if parsed is None:
        parsed = _parse_or_fail(text)
    if forms is None:
        forms = completions(parsed.meetings, municipality)
    missing: dict[int, tuple[str, ...]] = {}
    try:
        result = import_document(
            parsed,
            text=text,
            original_name=name,
            municipality=municipality,
            strict_municipality=True,
            uploaded_by=request.user,
            dry_run=True,
            clerk=clerk,
        )
    except MeetingIncomplete as exc:
        missing = {index: fields for index, _line, fields in exc.missing}
        status = "incomplete"
        message = "Udfyld udvalg eller dato for de møder, der er markeret nedenfor."
        warnings, conflicts = [w.to_dict() for w in parsed.warnings], []
    else:
        status, message = result.status, result.message
        warnings = list(result.warnings)
        conflicts = [_preview_conflict(_conflict_snapshot(c)) for c in result.conflicts]
    for item in forms:
        item.missing = missing.get(item.index, ())
        parsed_incomplete = not item.meeting.body or item.meeting.date is None
        item.completed_before = parsed_incomplete and not item.missing and not clerk
    return Preview(
        municipality=municipality,
        original_name=name,
        size=len(data),
        parsed=parsed,
        status=status,
        message=message,
        warnings=warnings,
        conflicts=conflicts,
        meetings=forms,
    )


def _render_preview(request, preview: Preview, token: str, *, problem: str = "", status=200):
    context = {
        "preview": preview,
        "confirm_form": ConfirmForm(initial={"token": token}),
        "problem": problem,
        "crumb": {"label": "Upload referat", "url": reverse("meetings:upload")},
    }
    return render(request, "clerks/preview.html", context, status=status)


def _preview_conflict(snapshot: dict) -> dict:
    """A conflict the confirmed import would report, ready to show."""
    return {
        "item": snapshot["item"],
        "field": FIELD_LABELS.get(snapshot["field"], snapshot["field"]),
        "corrected": _display(snapshot["corrected"]),
        "parsed": _display(snapshot["parsed"]),
        **_readable(snapshot),
    }


def _readable(snapshot: dict) -> dict:
    """The conflict per field (per section) in Danish with a word diff (meetings/corrections)."""
    parts = conflict_parts(snapshot.get("field"), snapshot.get("corrected"), snapshot.get("parsed"))
    short = all(len(p.corrected) + len(p.new) < 240 for p in parts) and len(parts) == 1
    return {"label": field_label(snapshot.get("field")), "parts": parts, "short": short}


# ---------------------------------------------------------------------------------------------
# /upload/bekraeft/ — import the previewed file


@login_required
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Import a previewed file through the import service and record the upload."""
    form = ConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise pending.PendingInvalid("Forhåndsvisningen mangler. Upload filen igen.")
        waiting = pending.load(form.cleaned_data["token"])
    except pending.PendingInvalid as exc:
        return _upload_again(request, str(exc))
    if waiting.user_id != request.user.pk:
        return _forbidden(request, "Forhåndsvisningen tilhører en anden bruger.")
    municipality = Municipality.objects.filter(pk=waiting.municipality_id).first()
    if municipality is None or not may_manage(request.user, municipality):
        return _forbidden(request, NOT_YOUR_MUNICIPALITY)
    first = _confirmed_upload(waiting)
    if first is not None:
        return _already_confirmed(request, first)
    try:
        data = waiting.read()
        text = extract_text(data, waiting.original_name)
        parsed = _parse_or_fail(text)
        forms = completions(parsed.meetings, municipality, request.POST)
        if not all(item.form.is_valid() for item in forms):
            # The clerk's values are wrong (a date that is no date …): the preview again.
            preview = _preview(
                request,
                data,
                waiting.original_name,
                municipality,
                text=text,
                parsed=parsed,
                forms=forms,
            )
            problem = "Ret felterne markeret nedenfor, og bekræft igen."
            return _render_preview(
                request, preview, form.cleaned_data["token"], problem=problem, status=400
            )
        clerk = clerk_values(forms)
        # The import runs as a job (meetings/jobs/): in a worker, or at once on SQLite.
        job = jobs.submit_upload_import(
            data,
            original_name=waiting.original_name,
            municipality=municipality,
            user=request.user,
            pending_key=waiting.key,
            clerk=clerk,
        )
        jobs.raise_if_incomplete(job)  # in-process: ask for a missing body or date below
    except MeetingIncomplete as exc:
        # Still missing a body or a date: ask again, the file stays waiting.
        preview = _preview(
            request,
            data,
            waiting.original_name,
            municipality,
            text=text,
            parsed=parsed,
            forms=forms,
            clerk=clerk,
        )
        problem = (
            "Mødet kan ikke gemmes endnu: "
            + "; ".join(
                f"mødet på linje {line} mangler {' og '.join(MISSING_WORDS[f] for f in fields)}"
                for _index, line, fields in exc.missing
            )
            + ". Udfyld felterne nedenfor, og bekræft igen."
        )
        return _render_preview(
            request, preview, form.cleaned_data["token"], problem=problem, status=400
        )
    except (
        pending.PendingInvalid,
        ExtractionFailed,
        ImportFailed,
        jobs.AlreadySubmitted,
        IntegrityError,
    ) as exc:
        # A second confirmation of the same preview (two clicks, two tabs) loses the race:
        # the first one's file is gone or its import job holds the preview key.
        first = _confirmed_upload(waiting)
        if first is not None:
            return _already_confirmed(request, first)
        if isinstance(exc, IntegrityError):
            raise
        waiting.discard()
        return _upload_again(request, str(exc))
    waiting.discard()
    if job.status == "failed":
        return _upload_again(request, job.message)
    if job.upload_id is None:  # queued: the status page refreshes until the worker is done
        return redirect(job)
    messages.success(request, CONFIRMED.get(job.result, job.message))
    return redirect(job.upload)


def _confirmed_upload(waiting: pending.PendingUpload):
    """What already confirmed this preview: its upload once imported, else its queued job."""
    job = ImportJob.objects.filter(pending_key=waiting.key).select_related("upload").first()
    if job is not None:
        return job.upload or job
    return Upload.objects.filter(preview_key=waiting.key).first()


ALREADY_CONFIRMED = (
    "Forhåndsvisningen er allerede bekræftet, og filen er indlæst én gang. Intet er ændret."
)


def _already_confirmed(request: HttpRequest, first: Upload) -> HttpResponse:
    """A preview is confirmed once: a second confirmation (double click, second tab) changes
    nothing and links to the first upload."""
    context = {"message": ALREADY_CONFIRMED, "first": first}
    return render(request, "clerks/already_confirmed.html", context, status=400)


def _upload_again(request: HttpRequest, message: str) -> HttpResponse:
    """The upload form again, with the reason the confirmation failed."""
    form = UploadForm(municipalities=allowed_municipalities(request.user))
    context = {"form": form, "problem": message}
    return render(request, "clerks/upload.html", context, status=400)


# ---------------------------------------------------------------------------------------------
# /upload/liste/, /upload/<pk>/, /upload/<pk>/fil/


@login_required
def upload_list(request: HttpRequest) -> HttpResponse:
    """What was uploaded, by whom, when, with which result (the clerk's municipalities)."""
    uploads = uploads_visible_to(request.user).select_related("municipality", "uploaded_by")
    page = Paginator(uploads, UPLOADS_PER_PAGE).get_page(request.GET.get("side"))
    context = {"page": page, "uploads": page.object_list}
    return render(request, "clerks/upload_list.html", context)


def _visible_upload(request: HttpRequest, pk: int) -> Upload | HttpResponse:
    record = get_object_or_404(
        Upload.objects.select_related("municipality", "uploaded_by", "source"), pk=pk
    )
    if not may_manage(request.user, record.municipality_id):
        return _forbidden(request, "Uploaden hører til en kommune, du ikke er tilknyttet.")
    return record


@login_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One upload: its result, warnings with line numbers, meetings and conflicts."""
    record = _visible_upload(request, pk)
    if isinstance(record, HttpResponse):
        return record
    meetings = (
        Meeting.objects.filter(source_id=record.source_id).select_related("body__municipality")
        if record.source_id
        else Meeting.objects.none()
    )
    context = {
        "upload": record,
        "meetings": meetings,
        "conflicts": _conflict_rows(record.conflicts),
        "warnings": record.warnings,
        "crumb": {"label": "Uploads", "url": reverse("meetings:upload-list")},
    }
    return render(request, "clerks/upload_detail.html", context)


def _conflict_rows(snapshots: list[dict]) -> list[dict]:
    """The conflicts of an upload, ready to show: labels, values, live state and admin links."""
    live = ImportConflict.objects.in_bulk([s["id"] for s in snapshots if s.get("id")])
    items = AgendaItem.objects.in_bulk([s["item_id"] for s in snapshots if s.get("item_id")])
    rows = []
    for snapshot in snapshots:
        conflict = live.get(snapshot.get("id"))
        item = items.get(snapshot.get("item_id"))
        rows.append(
            {
                "field": FIELD_LABELS.get(snapshot.get("field"), snapshot.get("field")),
                "item": str(item) if item else snapshot.get("item", ""),
                "corrected": _display(snapshot.get("corrected")),
                "parsed": _display(snapshot.get("parsed")),
                **_readable(snapshot),
                "resolved": bool(conflict and conflict.resolved),
                "admin_url": (
                    reverse("admin:meetings_agendaitem_change", args=[item.pk]) if item else ""
                ),
                "conflict_url": (
                    reverse("meetings:review-conflict", args=[conflict.pk]) if conflict else ""
                ),
            }
        )
    return rows


def _display(value) -> str:
    """A corrected or parsed value as readable text."""
    if value is None or value == "":
        return "(tom)"
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    if isinstance(value, list):
        return "; ".join(_display(v) for v in value) or "(ingen)"
    if isinstance(value, dict):
        for key in ("value", "title", "heading", "name"):
            if key in value:
                text = str(value[key])
                if key == "heading" and value.get("text"):
                    text += ": " + str(value["text"])
                return text
        return ", ".join(f"{k}: {_display(v)}" for k, v in value.items())
    return str(value)


@login_required
def upload_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the original file of an upload (as an attachment, never shown inline)."""
    record = _visible_upload(request, pk)
    if isinstance(record, HttpResponse):
        return record
    if not record.file:
        raise Http404("Filen findes ikke.")
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Filen findes ikke længere.") from exc
    return FileResponse(handle, as_attachment=True, filename=record.original_name)
