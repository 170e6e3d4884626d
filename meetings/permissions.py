"""Who may upload and correct what: clerks (sekretariatet) per municipality, and admins.

A clerk (sekretariatsmedarbejder) is a user in ``Municipality.clerks``: they may upload and
correct minutes of those municipalities only. An admin is a superuser, or a staff user who may
change municipalities (and so decide who is a clerk where): they may do everything. Anonymous
users may do nothing here and are sent to log in by the views.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet

from .models import Municipality, Upload

# A staff user holding this permission administers every municipality.
ADMIN_PERMISSION = "meetings.change_municipality"

# The group create_clerk puts clerks in: the model permissions the admin needs to let them
# correct meetings and items (each admin further restricts them to their own municipalities).
CLERK_GROUP_NAME = "Sekretariat"
CLERK_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "meeting": ("view", "change"),
    "participant": ("view", "add", "change", "delete"),
    "agendaitem": ("view", "change"),
    "section": ("view", "add", "change", "delete"),
    "itemcasenumber": ("view", "add", "change", "delete"),
    "attachment": ("view", "add", "change", "delete"),
    "casenumber": ("view", "add", "change"),
    "body": ("view",),
    "sourcedocument": ("view",),
    "importconflict": ("view", "change"),
    "citizenreport": ("view", "change"),
    "upload": ("view",),
}


def is_admin(user) -> bool:
    """An administrator: may upload and correct for every municipality."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (user.is_staff and user.has_perm(ADMIN_PERMISSION))


def allowed_municipalities(user) -> QuerySet[Municipality]:
    """The municipalities this user may upload to and correct (all of them for an admin)."""
    if not (user.is_authenticated and user.is_active):
        return Municipality.objects.none()
    if is_admin(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(clerks=user)


def allowed_municipality_ids(user) -> set[int] | None:
    """The ids of allowed_municipalities, or None meaning "every municipality" (admins).

    Cached on the user object for the length of a request, since the admin asks often.
    """
    if is_admin(user):
        return None
    cached = getattr(user, "_referat_municipality_ids", None)
    if cached is None:
        cached = set(allowed_municipalities(user).values_list("pk", flat=True))
        if user.is_authenticated:
            user._referat_municipality_ids = cached
    return cached


def may_manage(user, municipality: Municipality | int | None) -> bool:
    """May this user upload and correct minutes of this municipality?"""
    if municipality is None:
        return False
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    allowed = allowed_municipality_ids(user)
    return allowed is None or municipality_id in allowed


def scope_to_user(queryset: QuerySet, user, municipality_lookup: str) -> QuerySet:
    """Restrict a queryset to the rows of the user's municipalities.

    ``municipality_lookup`` is the path from the model to its Municipality, e.g.
    ``"body__municipality"`` for Meeting, ``"municipality"`` for AgendaItem.
    """
    allowed = allowed_municipality_ids(user)
    if allowed is None:
        return queryset
    return queryset.filter(**{f"{municipality_lookup}__in": allowed})


def municipality_id_of(obj, municipality_lookup: str) -> int | None:
    """Follow ``municipality_lookup`` ("item__meeting__body__municipality") on an instance.

    ``"pk"`` means the instance is a Municipality itself.
    """
    if municipality_lookup == "pk":
        return obj.pk
    *path, last = municipality_lookup.split("__")
    for name in path:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def uploads_visible_to(user) -> QuerySet[Upload]:
    """The uploads list of a clerk: their municipalities' uploads only (admins: all)."""
    return scope_to_user(Upload.objects.all(), user, "municipality")


def clerk_group() -> Group:
    """The "Sekretariat" group with the model permissions clerks need in the admin."""
    group, _ = Group.objects.get_or_create(name=CLERK_GROUP_NAME)
    wanted = [
        f"{action}_{model}" for model, actions in CLERK_PERMISSIONS.items() for action in actions
    ]
    permissions = Permission.objects.filter(content_type__app_label="meetings", codename__in=wanted)
    group.permissions.add(*permissions)
    return group


@transaction.atomic
def make_clerk(user, municipalities: Iterable[Municipality]) -> list[Municipality]:
    """Make ``user`` a clerk (sekretariatsmedarbejder) of these municipalities.

    The user becomes staff (to correct items in the admin) and joins the clerk group; existing
    memberships are kept. Returns the municipalities newly attached.
    """
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(clerk_group())
    already = set(user.clerk_municipalities.values_list("pk", flat=True))
    added = [m for m in municipalities if m.pk not in already]
    user.clerk_municipalities.add(*added)
    if hasattr(user, "_referat_municipality_ids"):
        del user._referat_municipality_ids
    return added
