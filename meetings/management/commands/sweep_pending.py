"""manage.py sweep_pending: delete expired previews (afventende uploads) from MEDIA_ROOT/pending/.

Meant for cron, e.g. every 15 minutes:
    */15 * * * *  cd /srv/referat && .venv/bin/python manage.py sweep_pending --quiet
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from meetings import pending


class Command(BaseCommand):
    help = "Sletter forhåndsviste uploads, der er udløbet (til cron)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Skriv intet, når alt gik godt.")

    def handle(self, *args, quiet: bool = False, **options):
        removed = pending.sweep()
        if not quiet:
            noun = "forhåndsvisning" if removed == 1 else "forhåndsvisninger"
            self.stdout.write(f"Slettede {removed} udløbne {noun}.")
