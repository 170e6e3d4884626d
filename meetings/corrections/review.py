"""The review queue (gennemsyn): what a municipality's clerks and the admins should look at.

Unresolved import conflicts, open citizen reports and meetings whose parse carried flags or
warnings, each scoped to the user's municipalities and each linking to the place to fix it.
Every list is a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from ..permissions import scope_to_user

LIMIT = 100


def flagged_condition(prefix: str = "") -> Q:
    """Meetings whose parse carried flags (``parsed["flags"]``) or whose source document has
    warnings; ``prefix`` reaches the meeting from another model ("meeting__")."""
    flags = Q(**{f"{prefix}parsed__has_key": "flags"}) & ~Q(**{f"{prefix}parsed__flags": []})
    warnings = Q(**{f"{prefix}source__isnull": False}) & ~Q(**{f"{prefix}source__warnings": []})
    return flags | warnings


FLAGGED = flagged_condition()


@dataclass
class Queue:
    conflicts: list
    reports: list
    flagged: list
    conflict_count: int
    report_count: int
    flagged_count: int

    @property
    def total(self) -> int:
        return self.conflict_count + self.report_count + self.flagged_count


def open_conflicts(user):
    from ..models import ImportConflict

    queryset = ImportConflict.objects.filter(resolved=False)
    return scope_to_user(queryset, user, "meeting__body__municipality")


def open_reports(user):
    from ..models import CitizenReport

    return scope_to_user(CitizenReport.objects.filter(handled=False), user, "item__municipality")


def flagged_meetings(user):
    from ..models import Meeting

    return scope_to_user(Meeting.objects.filter(FLAGGED), user, "body__municipality")


def counts(user) -> dict[str, int]:
    """The queue's counts (3 queries), for the admin index."""
    return {
        "conflicts": open_conflicts(user).count(),
        "reports": open_reports(user).count(),
        "flagged": flagged_meetings(user).count(),
    }


def queue(user) -> Queue:
    """The review queue of ``user``: at most LIMIT entries of each kind, newest first."""
    conflicts = list(
        open_conflicts(user)
        .select_related("meeting__body__municipality", "item")
        .defer("item__search_vector", "item__parsed", "meeting__parsed")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    reports = list(
        open_reports(user)
        .select_related("item__meeting__body__municipality")
        .defer("item__search_vector", "item__parsed", "item__meeting__parsed")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    flagged = list(
        flagged_meetings(user)
        .select_related("body__municipality", "source")
        .defer("source__text")
        .order_by("-date", "-pk")[:LIMIT]
    )
    number = counts(user)
    return Queue(
        conflicts=conflicts,
        reports=reports,
        flagged=flagged,
        conflict_count=number["conflicts"],
        report_count=number["reports"],
        flagged_count=number["flagged"],
    )
