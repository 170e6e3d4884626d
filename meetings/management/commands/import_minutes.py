"""``manage.py import_minutes PATH [PATH …] [--municipality NAME_OR_CODE] [--dry-run] [--queue]``,
and ``manage.py import_minutes FILE [--body NAME] [--date YYYY-MM-DD] [--time HH:MM]`` for one
file with one meeting whose body, date or start time the parser could not read: the values
are stored as corrections (meetings.importing.ClerkValues), so a later re-import keeps them.

Arguments, one service call per file (meetings.importing.import_path), one summary line per
file and a total. Each file is imported atomically (a savepoint; --per-transaction files,
default 50, share a transaction and its commit, see meetings/importing/batch.py): a failed
file leaves no row behind and does not stop the others; the command exits non-zero when any
file failed. With ``--jobs N`` (PostgreSQL) N worker processes share the files.
With ``--queue`` each file becomes an import job (meetings/jobs/) for the workers instead.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meetings.importing import (
    ClerkValues,
    ImportFailed,
    ImportResult,
    import_document,
    import_path,
    read_minutes,
    resolve_municipality,
)
from meetings.importing.workers import import_in_workers
from meetings.parsing import parse

TEXT_SUFFIXES = (".txt",)
EXTRACTED_SUFFIXES = (".pdf", ".docx", ".html", ".htm")
EXPECTED_SUFFIX = ".expected.json"  # the parser's expected output beside a seed text
STATUSES = ("created", "updated", "unchanged", "failed")
# What each status is called in the command's output (Danish, like every message).
STATUS_WORDS = {
    "created": "oprettet",
    "updated": "opdateret",
    "unchanged": "uændret",
    "failed": "fejlede",
}
# Files per transaction unless --per-transaction says otherwise.
PER_TRANSACTION = 50
# Above this many files a progress line is written to stderr even when it is not a terminal.
PROGRESS_THRESHOLD = 5


def _extraction_available() -> bool:
    try:
        from meetings import extract  # noqa: F401
    except ImportError:
        return False
    return True


def collect_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The files to import: files as given, folders searched recursively for *.txt (and
    *.pdf/*.docx/*.html/*.htm when meetings.extract is there); hidden files and folders, and *.expected.json
    files (also when named, e.g. by a shell glob), are skipped.
    Returns the files and the paths that do not exist."""
    suffixes = TEXT_SUFFIXES + (EXTRACTED_SUFFIXES if _extraction_available() else ())
    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_file():
            if not path.name.endswith(EXPECTED_SUFFIX):
                files.append(path)
        elif path.is_dir():
            files += sorted(
                found
                for found in path.rglob("*")
                if found.is_file()
                and found.suffix.lower() in suffixes
                and not any(part.startswith(".") for part in found.relative_to(path).parts)
            )
        else:
            missing.append(name)
    return list(dict.fromkeys(files)), missing


class Command(BaseCommand):
    help = (
        "Import minutes files (referater) into the archive. PATH is a file or a folder "
        "(searched recursively for *.txt, and *.pdf/*.docx/*.html/*.htm; hidden files and *.expected.json "
        "are skipped). Each file is imported in one transaction: an unchanged file changes "
        "nothing, a newer version of a meeting updates it while keeping corrections made by "
        "hand. Prints one line per file (oprettet / opdateret / uændret / fejlede) and a total; "
        "exits non-zero when any file failed, unless --allow-failures is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument(
            "--municipality",
            metavar="NAME_OR_CODE",
            help=(
                "fallback municipality for texts that name none, as a name, slug or "
                "kommunekode (e.g. 326, Kalundborg, 'Kalundborg Kommune'). A text that names "
                "its municipality keeps it. Without this option a text that names none is "
                "placed by the kommunekode prefix of its case numbers (326-2015-4892), or "
                "fails."
            ),
        )
        parser.add_argument(
            "--allow-failures",
            action="store_true",
            help=(
                "report the files that fail but exit 0 anyway (for demo data: import every text "
                "in a folder that the parser can read)"
            ),
        )
        parser.add_argument(
            "--body",
            metavar="NAME",
            help=(
                "the meeting's body (udvalg) when the text has none or it was read wrongly; "
                "for one file with one meeting. Stored as a correction: a re-import keeps it."
            ),
        )
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            type=_date,
            help="the meeting's date, likewise (one file with one meeting)",
        )
        parser.add_argument(
            "--time",
            metavar="HH:MM",
            type=_time,
            help="the meeting's start time, likewise (one file with one meeting)",
        )
        parser.add_argument(
            "--per-transaction",
            type=int,
            default=PER_TRANSACTION,
            metavar="N",
            help=(
                f"files imported in one transaction (default {PER_TRANSACTION}); each file is "
                "still atomic on its own (a failed file leaves no row behind); 1: a transaction "
                "per file"
            ),
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help=(
                "worker processes that import the files side by side, each --per-transaction "
                "consecutive files at a time (PostgreSQL; SQLite imports in one process)"
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="do everything in a transaction and roll it back: shows what would happen",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help=(
                "submit one import job per file to the job queue and return (PostgreSQL: run "
                "'manage.py procrastinate worker' to import them; SQLite: they run at once)"
            ),
        )
        parser.add_argument(
            "--wait",
            action="store_true",
            help="with --queue: wait until the workers are done and print the totals",
        )

    def handle(
        self,
        *args,
        paths,
        municipality=None,
        dry_run=False,
        allow_failures=False,
        queue=False,
        wait=False,
        body=None,
        date=None,
        time=None,
        per_transaction=PER_TRANSACTION,
        jobs=1,
        **options,
    ) -> None:
        if queue and dry_run:
            raise CommandError("--queue og --dry-run kan ikke bruges sammen.")
        if wait and not queue:
            raise CommandError("--wait bruges kun sammen med --queue.")
        fallback = None
        if municipality:
            try:
                fallback = resolve_municipality(municipality)
            except ImportFailed as exc:
                raise CommandError(str(exc)) from exc
        files, missing = collect_files(paths)
        for name in missing:
            self.stderr.write(f"{name}: findes ikke.")
        if not files:
            raise CommandError("Ingen filer at indlæse.")
        clerk = ClerkValues(body=" ".join((body or "").split())[:200], date=date, start_time=time)
        if clerk and len(files) != 1:
            raise CommandError(
                f"--body, --date og --time gælder ét møde; angiv én fil (ikke {len(files)})."
            )
        self.clerk = clerk
        if clerk and queue:
            raise CommandError("--body, --date og --time kan ikke bruges med --queue.")
        verbosity = options.get("verbosity", 1)
        if queue:
            self._queue(files, fallback, wait, allow_failures, missing)
            return
        progress = _Progress(self.stderr, len(files))
        tally: Counter[str] = Counter()
        meetings = items = warnings = 0
        progress.show(0, files[0])
        done = import_in_workers(
            files,
            lambda path: self._import(path, fallback, dry_run),
            jobs=jobs,
            size=per_transaction,
        )
        for number, (path, result) in enumerate(done, 1):
            progress.clear()
            tally[result.status] += 1
            meetings += len(result.meetings)
            items += result.items
            warnings += len(result.warnings)
            self._report(path, result, verbosity)
            progress.show(number, path)
        progress.clear()
        totals = ", ".join(f"{tally[s]} {STATUS_WORDS[s]}" for s in STATUSES)
        prefix = "Prøvekørsel (intet gemt) – i alt" if dry_run else "I alt"
        self.stdout.write(
            f"{prefix}: {len(files)} filer: {totals}; {meetings} møder, {items} punkter, "
            f"{warnings} advarsler."
        )
        failed = tally["failed"] + len(missing)
        if failed and not allow_failures:
            raise CommandError(f"{failed} af {len(files) + len(missing)} filer fejlede.")

    def _queue(self, files: list[Path], fallback, wait: bool, allow_failures: bool, missing):
        """One import job per file; with in-process jobs (SQLite) they are done already."""
        from meetings.jobs import queue_enabled, submit_file_import
        from meetings.jobs.models import ImportJob, JobStatus

        ids = [submit_file_import(path, municipality=fallback).pk for path in files]
        if queue_enabled() and not wait:
            self.stdout.write(
                f"{len(ids)} filer sat i kø til indlæsning (job {ids[0]}–{ids[-1]}). "
                "Start en worker: python manage.py procrastinate worker"
            )
            return
        while ImportJob.objects.filter(
            pk__in=ids, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
        ).exists():
            time.sleep(0.5)
        jobs = ImportJob.objects.filter(pk__in=ids).order_by("pk")
        tally: Counter[str] = Counter()
        meetings = items = warnings = 0
        for job in jobs:
            status = job.result if job.status == JobStatus.SUCCEEDED else "failed"
            tally[status] += 1
            meetings += job.meetings_count
            items += job.items_count
            warnings += job.warnings_count
            line = f"{STATUS_WORDS[status]:<9} {job.path}: {job.message}"
            self.stdout.write(self.style.ERROR(line) if status == "failed" else line)
        totals = ", ".join(f"{tally[s]} {STATUS_WORDS[s]}" for s in STATUSES)
        self.stdout.write(
            f"I alt (job): {len(ids)} filer: {totals}; {meetings} møder, {items} punkter, "
            f"{warnings} advarsler."
        )
        failed = tally["failed"] + len(missing)
        if failed and not allow_failures:
            raise CommandError(f"{failed} af {len(files) + len(missing)} filer fejlede.")

    def _import(self, path: Path, fallback, dry_run: bool) -> ImportResult:
        """One file; an exception is the file's failure (import_batches reports it)."""
        if getattr(self, "clerk", None):
            return self._import_completed(path, fallback, dry_run)
        return import_path(path, municipality=fallback, dry_run=dry_run)

    def _import_completed(self, path: Path, fallback, dry_run: bool) -> ImportResult:
        """One file whose one meeting gets the --body/--date/--time values."""
        text = read_minutes(path)
        parsed = parse(text)
        if len(parsed.meetings) != 1:
            raise ImportFailed(
                f"Filen indeholder {len(parsed.meetings)} møder; --body, --date og --time kan "
                "kun bruges på en fil med ét møde."
            )
        return import_document(
            parsed,
            text=text,
            original_name=path.name,
            municipality=fallback,
            dry_run=dry_run,
            clerk={0: self.clerk},
        )

    def _report(self, path: Path, result: ImportResult, verbosity: int) -> None:
        n = len(result.warnings)
        counted = f" ({n} {'advarsel' if n == 1 else 'advarsler'})" if n else ""
        line = f"{STATUS_WORDS[result.status]:<9} {path}: {result.message}{counted}"
        if result.status == "failed":
            self.stdout.write(self.style.ERROR(line))
        else:
            self.stdout.write(line)
        if verbosity >= 2:
            for warning in result.warnings:
                self.stdout.write(f"          linje {warning['line']}: {warning['message']}")
            for conflict in result.conflicts:
                self.stdout.write(
                    f"          konflikt i {conflict.field}: rettet {conflict.corrected_value!r}, "
                    f"ny tekst {conflict.parsed_value!r}"
                )


class _Progress:
    """A progress line on stderr: redrawn in place on a terminal; for many files and no
    terminal, a plain line at every tenth of the way."""

    WIDTH = 30

    def __init__(self, stream, total: int) -> None:
        self.stream = stream
        self.total = total
        self.tty = _isatty(stream)
        self.enabled = self.tty or total > PROGRESS_THRESHOLD
        self.step = max(1, total // 10)
        self.shown = 0

    def show(self, done: int, path: Path | None) -> None:
        if not self.enabled:
            return
        if self.tty:
            filled = int(self.WIDTH * done / self.total)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            name = f" {path.name}" if path else ""
            self.stream.write(f"\r[{bar}] {done}/{self.total}{name}"[:120], ending="")
            self.stream.flush()
        elif done and (done % self.step == 0 or done == self.total) and done != self.shown:
            self.shown = done
            self.stream.write(f"Fremdrift: {done}/{self.total} filer")

    def clear(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\r" + " " * 120 + "\r", ending="")
            self.stream.flush()


def _isatty(stream) -> bool:
    target = getattr(stream, "_out", stream)
    try:
        return bool(target.isatty())
    except (AttributeError, ValueError):
        return False


def _date(value: str):
    import argparse
    import datetime as dt

    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"»{value}« er ikke en dato (ÅÅÅÅ-MM-DD).") from exc
    if not 1900 <= parsed.year <= 2100:
        raise argparse.ArgumentTypeError("Datoen skal ligge mellem år 1900 og 2100.")
    return parsed


def _time(value: str):
    import argparse
    import datetime as dt

    try:
        return dt.time.fromisoformat(value.replace(".", ":"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"»{value}« er ikke et klokkeslæt (TT:MM).") from exc
