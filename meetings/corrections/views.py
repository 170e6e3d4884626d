"""The review pages (gennemsyn) and the citizens' "Rapportér en fejl" form. Thin views: the
rules live in conflicts.py, review.py and reports.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..models import AgendaItem, CitizenReport, ImportConflict
from ..parsing import MEETING_FLAGS
from ..permissions import allowed_municipality_ids, may_manage
from . import conflicts, reports, review

NOT_YOURS = "Du kan kun se og rette referater for dine egne kommuner."


def _forbidden(request, message: str) -> HttpResponse:
    return render(request, "clerks/forbidden.html", {"message": message}, status=403)


def _reviewer(request) -> bool:
    ids = allowed_municipality_ids(request.user)
    return request.user.is_staff and (ids is None or bool(ids))


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """/gennemsyn/: conflicts, citizen reports and flagged meetings of the user's municipalities."""
    if not _reviewer(request):
        return _forbidden(request, "Gennemsyn er for kommunernes sekretariater og administratorer.")
    data = review.queue(request.user)
    flagged = [
        {
            "meeting": meeting,
            "notes": [MEETING_FLAGS.get(f, f) for f in (meeting.parsed or {}).get("flags", [])]
            + [w.get("message", "") for w in (meeting.source.warnings if meeting.source else [])][
                :5
            ],
        }
        for meeting in data.flagged
    ]
    context = {
        "queue": data,
        "conflicts": [
            {"conflict": c, "label": conflicts.field_label(c.field)} for c in data.conflicts
        ],
        "reports": data.reports,
        "flagged": flagged,
    }
    return render(request, "review/queue.html", context)


@login_required
def conflict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """/gennemsyn/konflikter/<pk>/: the conflict per field with a diff, and three choices."""
    conflict = get_object_or_404(
        ImportConflict.objects.select_related("meeting__body__municipality", "item", "resolved_by"),
        pk=pk,
    )
    if not may_manage(request.user, conflict.meeting.body.municipality_id):
        return _forbidden(request, NOT_YOURS)
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "edit" and conflict.field not in conflicts.TEXT_FIELDS:
            target = conflict.item or conflict.meeting
            if not conflict.resolved:
                conflicts.resolve(conflict, "edit", request.user)
            messages.info(request, "Konflikten er løst. Ret nu feltet i administrationen.")
            opts = target._meta
            return redirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
            )
        try:
            conflicts.resolve(conflict, action, request.user, request.POST.get("value"))
        except conflicts.ResolveError as exc:
            problem = str(exc)
        else:
            messages.success(request, "Konflikten er løst. Afgørelsen står i historikken.")
            if action == "take_new" and conflict.field == conflicts.REMOVED_ITEM:
                return redirect("meetings:review")
            return redirect("meetings:review-conflict", pk=conflict.pk)
    described = conflicts.describe(conflict)
    target = conflict.item or conflict.meeting
    opts = target._meta
    context = {
        "c": described,
        "conflict": conflict,
        "problem": problem,
        "actions": conflicts.ACTIONS,
        "edit_value": conflicts.display_value(conflict.field, conflict.corrected_value)
        if described.editable
        else "",
        "admin_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk]),
        "history": conflict.history.select_related("history_user").order_by("-history_date"),
        "crumb": {"label": "Gennemsyn", "url": reverse("meetings:review")},
    }
    return render(request, "review/conflict.html", context, status=400 if problem else 200)


@login_required
@require_POST
def report_handled(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a citizen report as handled."""
    report = get_object_or_404(CitizenReport.objects.select_related("item"), pk=pk)
    if not may_manage(request.user, report.item.municipality_id):
        return _forbidden(request, NOT_YOURS)
    report.handled = True
    report.handled_by = request.user
    report.save(update_fields=["handled", "handled_by"])
    messages.success(request, "Fejlrapporten er markeret som behandlet.")
    return redirect("meetings:review")


def report_item(request: HttpRequest, pk: int) -> HttpResponse:
    """/punkter/<pk>/rapporter/: a citizen reports an error in an item (no account needed)."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__body__municipality").defer(
            "parsed", "search_vector"
        ),
        pk=pk,
    )
    form = reports.ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not reports.allowed(request):
            form.add_error(None, reports.TOO_MANY)
            status = 429
        elif form.is_valid():
            if not form.cleaned_data.get("website"):
                CitizenReport.objects.create(
                    item=item,
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                )
            return render(request, "review/report_thanks.html", {"item": item})
        else:
            status = 400
    return render(request, "review/report.html", {"item": item, "form": form}, status=status)
