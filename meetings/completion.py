"""The clerk completes what the parser could not read (sekretariatets udfyldning).

The upload preview shows, for each parsed meeting, its flags in plain Danish (MEETING_FLAGS:
body not found, date guessed or missing …) and a small form to set or fix the body (one of
the municipality's bodies, or a new name), the date and the start time. What the clerk sets
differently from the parse becomes a ``ClerkValues`` for the import service, which stores it
while the meeting's ``parsed`` snapshot keeps the parser's values: a correction, which a later
re-import of the same text keeps (see meetings/importing/, the correction rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms

from .importing import ClerkValues
from .models import Body, Municipality
from .parsing import MEETING_FLAGS
from .parsing.records import Meeting as ParsedMeeting

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class MeetingFixForm(forms.Form):
    """Body, date and start time of one meeting, as the clerk sets them (prefix ``m<index>``)."""

    body = forms.ChoiceField(label="Udvalg", required=False)
    new_body = forms.CharField(
        label="… eller et nyt udvalg",
        required=False,
        max_length=200,
        help_text="Skriv navnet, hvis udvalget ikke står på listen.",
    )
    date = forms.DateField(
        label="Mødedato",
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2021-10-13."},
    )
    start_time = forms.TimeField(
        label="Starttid",
        required=False,
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Skriv klokkeslættet som TT:MM, fx 16:30."},
    )

    def __init__(self, *args, meeting: ParsedMeeting, bodies: list[str], **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "body": _known(meeting.body, bodies),
                "date": meeting.date,
                "start_time": meeting.start_time,
            },
        )
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        empty = f"Som i teksten: {meeting.body}" if meeting.body else "Vælg udvalg"
        self.fields["body"].choices = [("", empty)] + [(name, name) for name in bodies]

    def clean_new_body(self) -> str:
        return " ".join(self.cleaned_data.get("new_body", "").split())

    def clean_date(self) -> dt.date | None:
        value = self.cleaned_data.get("date")
        if value is not None and not 1900 <= value.year <= 2100:
            raise forms.ValidationError("Datoen skal ligge mellem år 1900 og 2100.")
        return value

    def clerk_values(self) -> ClerkValues:
        """What the clerk set differently from the parse (empty where they kept it)."""
        data = self.cleaned_data
        body = data.get("new_body") or data.get("body") or ""
        parsed = self.meeting
        return ClerkValues(
            body=body if body.casefold() != (parsed.body or "").casefold() else "",
            date=data.get("date") if data.get("date") != parsed.date else None,
            start_time=(
                data.get("start_time") if data.get("start_time") != parsed.start_time else None
            ),
        )


def _known(name: str, bodies: list[str]) -> str:
    folded = (name or "").casefold()
    return next((body for body in bodies if body.casefold() == folded), "")


@dataclass
class MeetingCompletion:
    """One parsed meeting in the preview: its flags, what is missing, the clerk's form."""

    index: int
    meeting: ParsedMeeting
    form: MeetingFixForm
    missing: tuple[str, ...] = ()  # "body", "date": must be set before confirming
    completed_before: bool = False  # incomplete parse, completed by an earlier import
    flags: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"m{self.index}"

    @property
    def missing_text(self) -> str:
        words = {"body": "udvalget", "date": "mødedatoen"}
        return " og ".join(words[name] for name in self.missing)


def flag_texts(meeting: ParsedMeeting) -> list[str]:
    """The meeting's flags in plain Danish, in MEETING_FLAGS order."""
    flags = getattr(meeting, "flags", ()) or ()
    return [text for key, text in MEETING_FLAGS.items() if key in flags]


def body_names(municipality: Municipality) -> list[str]:
    return list(
        Body.objects.filter(municipality=municipality)
        .order_by("name")
        .values_list("name", flat=True)
    )


def completions(parsed_meetings, municipality: Municipality, data=None) -> list[MeetingCompletion]:
    """A completion form per meeting, bound to ``data`` (the confirm POST) when given."""
    bodies = body_names(municipality)
    return [
        MeetingCompletion(
            index=index,
            meeting=meeting,
            form=MeetingFixForm(data, prefix=f"m{index}", meeting=meeting, bodies=bodies),
            flags=flag_texts(meeting),
        )
        for index, meeting in enumerate(parsed_meetings)
    ]


def clerk_values(items: list[MeetingCompletion]) -> dict[int, ClerkValues]:
    """The clerk's values of valid, bound forms, by meeting index (only those with a value)."""
    values = {}
    for item in items:
        given = item.form.clerk_values()
        if given:
            values[item.index] = given
    return values
