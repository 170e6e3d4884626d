"""manage.py export_archive [DIR]: write the public archive as a dated bulk download."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from meetings.export import export_root
from meetings.export.writer import write_export


class Command(BaseCommand):
    help = (
        "Skriver hele det offentlige arkiv som JSON Lines, CSV og SQLite med manifest i "
        "DIR/referat-ÅÅÅÅ-MM-DD/ (standard: eksportmappen, som siden /data/ viser)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", nargs="?", help="Mappen, eksporten skrives i.")

    def handle(self, *args, **options):
        root = Path(options["dir"]) if options["dir"] else export_root()
        folder = write_export(root)
        self.stdout.write(f"Eksport skrevet: {folder}")
