"""What every admin here shares: municipality scope, normalised text fields, saves that only
save what changed, Danish history with full diffs.

A save in the admin that changes nothing changes nothing: text fields are normalised the way
the correction rule compares them (meetings/corrections/normalise.py), so a textarea sent back
with ``\\r\\n`` is unchanged; an unchanged form writes no row, no history record and no log
entry.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ..corrections.diff import word_diff
from ..corrections.normalise import normalise_text, same
from ..models import (
    AgendaItem,
    Body,
    CaseNumber,
    Meeting,
    Municipality,
    SourceDocument,
    Upload,
)
from ..permissions import allowed_municipality_ids, may_manage, municipality_id_of, scope_to_user

# How each model reaches its municipality, for restricting foreign-key choices.
MUNICIPALITY_LOOKUPS = {
    Municipality: "pk",
    Body: "municipality",
    SourceDocument: "municipality",
    Meeting: "body__municipality",
    AgendaItem: "municipality",
    CaseNumber: "municipality",
    Upload: "municipality",
}
# History fields nobody edits: not shown as changes.
HIDDEN_HISTORY_FIELDS = frozenset({"parsed", "search_vector", "updated_at", "created_at"})


class NormalisedCharField(forms.CharField):
    """A text field whose value is normalised like the parser's text (``\\r\\n``, NBSP, NFC,
    trailing spaces), and which counts as changed only when the normalised text changed."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_text(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return not same(initial or "", data or "")


class NormalisedFieldsMixin:
    """Text and single-line fields as NormalisedCharField (admins and inlines)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        plain = type(db_field) in (models.TextField, models.CharField)
        if plain and not db_field.choices:
            kwargs.setdefault("form_class", NormalisedCharField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ScopedChoicesMixin:
    """Foreign-key choices restricted to the user's municipalities (forms and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lookup = MUNICIPALITY_LOOKUPS.get(db_field.related_model)
        if lookup is not None:
            queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
            kwargs["queryset"] = scope_to_user(queryset, request.user, lookup)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(NormalisedFieldsMixin, ScopedChoicesMixin, admin.ModelAdmin):
    """An admin whose rows, object permissions and choices follow the user's municipalities.

    A clerk opening an object of another municipality gets 403 Forbidden, not "does not exist".
    A change form saved without a change writes nothing.
    """

    municipality_lookup = "municipality"

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.municipality_lookup)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and allowed_municipality_ids(request.user) is not None:
            opts = self.model._meta
            field = opts.pk if from_field is None else opts.get_field(from_field)
            try:
                obj = self.model._default_manager.get(**{field.name: field.to_python(object_id)})
            except (self.model.DoesNotExist, ValidationError, ValueError):
                return None
        return obj

    def _in_scope(self, request, obj) -> bool:
        if obj is None:
            return True
        return may_manage(request.user, municipality_id_of(obj, self.municipality_lookup))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    # Saves that change nothing write nothing -------------------------------------------------
    def save_model(self, request, obj, form, change):
        reverting = getattr(request, "_referat_revert", False)
        if change and not reverting and not form.has_changed():
            return  # no row written, so no history record and no correction
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        request._referat_unchanged = (
            change
            and not getattr(request, "_referat_revert", False)
            and not form.has_changed()
            and not any(formset.has_changed() for formset in formsets)
        )

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, "_referat_unchanged", False) and level == messages.SUCCESS:
            message, level = "Intet var ændret, så intet er gemt.", messages.INFO
        return super().message_user(request, message, level, *args, **kwargs)

    def log_change(self, request, obj, message):
        if not message:
            return None  # nothing changed: no "Ændret" entry with an empty diff
        return super().log_change(request, obj, message)


class DanishHistoryHelper(HistoricalRecordContextHelper):
    """History changes in full, as a word diff, without the fields nobody edits."""

    def context_for_delta_changes(self, delta):
        rows = []
        for change in delta.changes:
            if change.field in HIDDEN_HISTORY_FIELDS or same(change.old, change.new):
                continue
            formatted = self.format_delta_change(change)
            old, new = _plain(change.old), _plain(change.new)
            rows.append(
                {
                    "field": formatted.field,
                    "old": old,
                    "new": new,
                    "diff": word_diff(old, new),
                }
            )
        return rows


def _plain(value) -> str:
    if value is None or value == "":
        return "(tom)"
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    return str(value)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """A scoped admin with the change history (historik) of simple-history, in Danish."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert's form starts from the old version, so it "has no changes": save it anyway.
        request._referat_revert = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view_title(self, request, obj):
        return f"Historik: {obj}"

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return f"Tidligere udgave: {obj}"
        return f"Gendan tidligere udgave: {obj}"

    def get_historical_record_context_helper(self, request, historical_record):
        return DanishHistoryHelper(self.model, historical_record)
