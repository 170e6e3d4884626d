"""``manage.py parse_minutes FILE [FILE …] [--json]``: what the parser makes of minutes files.

Touches no database. Files are read the way the importer reads them (UTF-8, UTF-8 with BOM,
UTF-16 with BOM, cp1252; .pdf/.docx through meetings.extract).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importing import ImportFailed, read_minutes
from meetings.parsing import parse
from meetings.parsing.records import ParsedDocument


class Command(BaseCommand):
    help = (
        "Parse minutes files (referater) and show the result without touching the database. "
        "With --json and one file: exactly one JSON object (ParsedDocument.to_dict()); with "
        "--json and several files: one JSON array holding one such object per file, in the "
        "order given. Without --json: a readable summary. Exits non-zero when a file cannot "
        "be read."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="minutes files to parse")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print the parse as JSON (one object for one file, an array for several)",
        )

    def handle(self, *args, files: list[str], json: bool = False, **options) -> None:
        documents: list[tuple[Path, ParsedDocument]] = []
        problems: list[str] = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                problems.append(f"{name}: filen findes ikke.")
                continue
            try:
                documents.append((path, parse(read_minutes(path))))
            except ImportFailed as exc:
                problems.append(f"{name}: {exc}")
        if problems and (json or not documents):
            raise CommandError("\n".join(problems))
        if json:
            self._json(documents)
        else:
            for path, document in documents:
                self._summary(path, document)
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError(f"{len(problems)} af {len(files)} filer kunne ikke læses.")

    def _json(self, documents: list[tuple[Path, ParsedDocument]]) -> None:
        dicts = [document.to_dict() for _, document in documents]
        payload = dicts[0] if len(dicts) == 1 else dicts
        self.stdout.write(_dumps(payload))

    def _summary(self, path: Path, document: ParsedDocument) -> None:
        items = sum(len(m.items) for m in document.meetings)
        self.stdout.write(
            f"{path}: kommune {document.municipality or '(ikke nævnt)'}; "
            f"{_count(len(document.meetings), 'møde', 'møder')}, "
            f"{_count(items, 'punkt', 'punkter')}, "
            f"{_count(len(document.warnings), 'advarsel', 'advarsler')}"
        )
        for meeting in document.meetings:
            when = f" kl. {meeting.start_time:%H:%M}" if meeting.start_time else ""
            until = f"–{meeting.end_time:%H:%M}" if meeting.end_time and when else ""
            place = f", {meeting.location}" if meeting.location else ""
            people = len(meeting.participants)
            absent = len(meeting.absent)
            self.stdout.write(
                f"  {meeting.kind.capitalize()} {meeting.body} {meeting.date:%d.%m.%Y}"
                f"{when}{until}{place} – {_count(people, 'deltager', 'deltagere')}, "
                f"{absent} afbud"
            )
            for item in meeting.items:
                marks = [c.value for c in item.case_numbers]
                if item.closed:
                    marks.insert(0, "Lukket")
                if item.decision:
                    marks.append("beslutning")
                tail = f" [{', '.join(marks)}]" if marks else ""
                self.stdout.write(f"    {item.number}. {item.title}{tail}")
        for warning in document.warnings:
            self.stdout.write(f"  advarsel, linje {warning.line}: {warning.message}")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)
