"""Create a clerk (sekretariatsmedarbejder) or attach an existing user to more municipalities.

manage.py create_clerk anna --municipality Aarhus --municipality 151 --password-from-env PW
"""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from meetings.importing import ImportFailed, resolve_municipality
from meetings.permissions import make_clerk


class Command(BaseCommand):
    help = (
        "Opret en sekretariatsmedarbejder (eller tilknyt en eksisterende bruger) for en eller "
        "flere kommuner. Kommunen angives ved navn eller kommunekode."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="brugernavn")
        parser.add_argument(
            "--municipality",
            action="append",
            required=True,
            metavar="NAVN_ELLER_KODE",
            help="kommune, fx 'Aarhus', 'Aarhus Kommune' eller 751; kan gentages",
        )
        secret = parser.add_mutually_exclusive_group()
        secret.add_argument("--password", help="adgangskode (synlig i shell-historikken)")
        secret.add_argument(
            "--password-from-env", metavar="VAR", help="læs adgangskoden fra miljøvariablen VAR"
        )
        parser.add_argument("--email", default="", help="e-mailadresse")

    def handle(self, *args, username: str, municipality: list[str], **options):
        try:
            municipalities = [resolve_municipality(value) for value in municipality]
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        password = self._password(options)
        User = get_user_model()
        with transaction.atomic():
            user, created = User.objects.get_or_create(username=username)
            if password is not None:
                try:
                    validate_password(password, user)
                except ValidationError as exc:
                    raise CommandError("Adgangskoden afvises: " + " ".join(exc.messages)) from exc
                user.set_password(password)
            elif created:
                user.set_unusable_password()
            if options["email"]:
                user.email = options["email"]
            user.save()
            make_clerk(user, municipalities)
        names = ", ".join(m.name for m in user.clerk_municipalities.order_by("name"))
        state = "oprettet" if created else "opdateret"
        note = (
            "" if user.has_usable_password() else " – ingen adgangskode sat (brug changepassword)"
        )
        self.stdout.write(f"{username} ({state}): sekretariatsmedarbejder for {names}{note}")

    def _password(self, options) -> str | None:
        variable = options["password_from_env"]
        if variable is None:
            return options["password"]
        value = os.environ.get(variable)
        if not value:
            raise CommandError(f"Miljøvariablen {variable} er ikke sat eller er tom.")
        return value
