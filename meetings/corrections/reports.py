"""Citizen error reports (fejlrapporter): a short form on item pages, no account needed.

Rate-limited per client address through Django's cache: ``REPORT_LIMIT`` reports per
``REPORT_WINDOW`` seconds. The message is stored as plain text and always shown escaped.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.core.cache import cache

REPORT_LIMIT = 5
REPORT_WINDOW = 3600
TOO_MANY = "Du har sendt mange fejlrapporter på kort tid. Prøv igen om en time – tak for hjælpen."


class ReportForm(forms.Form):
    """Rapportér en fejl: what is wrong, and an optional e-mail address for an answer."""

    message = forms.CharField(
        label="Hvad er forkert?",
        max_length=2000,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Skriv kort, hvad der er forkert.",
            "min_length": "Skriv lidt mere, så vi kan finde fejlen.",
            "max_length": "Beskrivelsen må højst være 2000 tegn.",
        },
    )
    email = forms.EmailField(
        label="Din e-mail (valgfri)",
        required=False,
        error_messages={"invalid": "Skriv en gyldig e-mailadresse, eller lad feltet stå tomt."},
    )
    # A field people leave empty; a bot that fills it is ignored.
    website = forms.CharField(
        required=False,
        label="Lad dette felt være tomt",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def _key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return "referat-report:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def allowed(request) -> bool:
    """Whether this client may send one more report now (counts the attempt)."""
    key = _key(request)
    cache.add(key, 0, REPORT_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, REPORT_WINDOW)
        count = 1
    return count <= REPORT_LIMIT
