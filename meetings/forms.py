"""Forms of the clerks' pages: upload a minutes file, and the admin's clerk actions."""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat

from .extract import ALLOWED_EXTENSIONS, extension_of
from .models import Municipality


def short_name(name: str, limit: int = 80) -> str:
    """A file name cut to ``limit`` characters, keeping its extension.

    The name ends up in several columns; the shortest is the history's change reason
    ("Indlæst fra <name>", 100 characters).
    """
    name = PurePath(name or "referat.txt").name
    if len(name) <= limit:
        return name
    extension = extension_of(name)[:20]
    return name[: limit - len(extension)] + extension


class UploadForm(forms.Form):
    """Upload (upload af referat): one of the clerk's municipalities and a file."""

    municipality = forms.ModelChoiceField(
        label="Kommune",
        queryset=Municipality.objects.all(),
        empty_label="Vælg kommune",
        error_messages={"invalid_choice": "Vælg en af kommunerne på listen."},
    )
    file = forms.FileField(
        label="Referat",
        help_text="Tekstfil (.txt), webside (.html), PDF eller Word (.docx).",
        error_messages={
            "required": "Vælg en fil.",
            "empty": "Filen er tom.",
            "invalid": "Filen kunne ikke modtages. Prøv igen.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )

    def __init__(self, *args, municipalities: QuerySet[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        # Any municipality validates, so the view can answer 403 for one that is not
        # the clerk's; the list offers the clerk's own only.
        field = self.fields["municipality"]
        choices = [(m.pk, m.name) for m in municipalities]
        field.choices = ([("", field.empty_label)] if len(choices) != 1 else []) + choices
        if len(choices) == 1:
            self.initial.setdefault("municipality", choices[0][0])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.REFERAT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Filen er for stor ({filesizeformat(upload.size)}). "
                f"Den største tilladte størrelse er {filesizeformat(limit)}."
            )
        extension = extension_of(upload.name)
        if extension and extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                f"Filtypen {extension} understøttes ikke. "
                "Upload referatet som .txt, .html, .pdf eller .docx."
            )
        upload.name = short_name(upload.name)
        return upload

    def read_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()


class ConfirmForm(forms.Form):
    """The confirmation of a preview: only the signed token (see meetings/pending.py)."""

    token = forms.CharField(widget=forms.HiddenInput)


class ChooseMunicipalitiesForm(forms.Form):
    """Admin action on users: which municipalities to make them clerks of."""

    municipalities = forms.ModelMultipleChoiceField(
        label="Kommuner",
        queryset=Municipality.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )


class ChooseUserForm(forms.Form):
    """Admin action on municipalities: which user to attach as clerk."""

    user = forms.ModelChoiceField(
        label="Bruger",
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
    )
