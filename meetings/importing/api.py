"""import_document: the one import service every way in uses, in one transaction (see the
package's docstring for its phases)."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from ..models import AgendaItem, Body, Municipality, SourceDocument, SourceFile
from ..pages.originals import text_original_values
from ..pages.people import link_participants
from ..parsing import PARSER_VERSION
from ..parsing.records import ParsedDocument
from .batch import claim, savepoint_needed
from .bulk import insert_row
from .clean import clean_document, shorten_name
from .cleaned import CleanDocument
from .match import clerk_changes, find_meetings, known_bodies, require_complete
from .plan import MeetingPlan, plan_meetings
from .reads import lock_municipality, source_by_sha256
from .results import ClerkValues, ImportResult
from .sql import historical_model
from .write import Writer


def change_reason(original_name: str) -> str:
    """The history records' change reason, "Indlæst fra <file name>", cut to fit its column
    (100 characters) by shortening the name and keeping its extension."""
    prefix = "Indlæst fra "
    limit = historical_model(AgendaItem)._meta.get_field("history_change_reason").max_length
    return prefix + shorten_name(original_name, limit - len(prefix))


def _write(
    doc: CleanDocument,
    plans: list[MeetingPlan],
    *,
    known: dict[str, Body],
    uploaded_by,
    source: SourceDocument | None,
) -> ImportResult:
    if source is None:
        source = _create_source(doc, uploaded_by)
    writer = Writer(doc, source, uploaded_by, change_reason(doc.original_name))
    bodies = writer.bodies(
        (p.clean.body for p in plans if p.existing is None or "body" in p.changed), known
    )
    pairs = list(zip(writer.meetings(plans, bodies), plans, strict=True))
    writer.items(pairs)
    writer.finish()
    if writer.new_persons:  # persons (personer) across meetings, created where new
        link_participants(m.pk for m, _ in pairs)
    created = sum(1 for p in plans if p.existing is None)
    counts = writer.counts
    changed_meetings = {m.pk for m, p in pairs if p.existing is not None} & (
        writer.touched_meetings
    )
    return ImportResult(
        status="created" if created == len(plans) else "updated",
        message=_summary(created, len(changed_meetings), len(plans), counts, writer.conflicts),
        source=source,
        meetings=[m for m, _ in pairs],
        items=doc.item_count,
        warnings=doc.warnings,
        conflicts=writer.conflicts,
        items_created=counts["created"],
        items_updated=counts["updated"],
        items_deleted=counts["deleted"],
    )


def _create_source(doc: CleanDocument, uploaded_by) -> SourceDocument:
    """The new source document, and its text recorded as its original (until import_path
    keeps the file, issue 11): two INSERTs."""
    values = {
        "municipality": doc.municipality,
        "original_name": doc.original_name,
        "sha256": doc.sha256,
        "text": doc.text,
        "uploaded_by_id": getattr(uploaded_by, "pk", None),
        "parser_version": PARSER_VERSION,
        "warnings": doc.warnings,
        "created_at": timezone.now(),
    }
    source = SourceDocument(**values)
    # insert_row takes field values: the municipality as its primary key.
    source.pk = insert_row(SourceDocument, {**values, "municipality": doc.municipality.pk})
    source._state.adding, source._state.db = False, connection.alias
    original = text_original_values(doc.text, doc.original_name, _closed_content(doc))
    insert_row(SourceFile, {"source": source.pk, **original})
    return source


def _closed_content(doc: CleanDocument) -> bool:
    """Whether a closed item of the document carries more than its title."""
    return any(
        item.closed and (item.decision or item.sections or item.case_numbers or item.attachments)
        for meeting in doc.meetings
        for item in meeting.items
    )


def _summary(created: int, updated: int, total: int, counts: dict, conflicts: list) -> str:
    parts = []
    if created:
        parts.append(f"{created} {'møde' if created == 1 else 'møder'} oprettet")
    if updated:
        parts.append(f"{updated} {'møde' if updated == 1 else 'møder'} opdateret")
    same = total - created - updated
    if same:
        parts.append(f"{same} {'møde' if same == 1 else 'møder'} uændret")
    line = ", ".join(parts)
    line += (
        f"; punkter: {counts['created']} nye, {counts['updated']} ændrede, "
        f"{counts['deleted']} slettede"
    )
    if conflicts:
        n = len(conflicts)
        line += f"; {n} {'konflikt' if n == 1 else 'konflikter'} med rettelser"
    return line + "."


def import_document(
    parsed: ParsedDocument,
    *,
    text: str,
    original_name: str,
    municipality: Municipality | None = None,
    strict_municipality: bool = False,
    uploaded_by=None,
    dry_run: bool = False,
    clerk: dict[int, ClerkValues] | None = None,
) -> ImportResult:
    """Import a parsed minutes text in one transaction.

    ``clerk`` maps a meeting's index in ``parsed.meetings`` to what a clerk set for it
    (ClerkValues); a meeting without body or date needs them unless an earlier import of it
    was completed, else MeetingIncomplete (an ImportFailed) says which meetings lack what.

    ``municipality`` is the fallback for a text that names none (with ``strict_municipality``
    it must also be the one the text names, as for uploads). ``dry_run`` does everything and
    rolls it back. Raises ImportFailed, leaving no row behind, when the text cannot be
    imported.
    """
    doc = clean_document(
        parsed,
        text=text,
        original_name=original_name,
        municipality=municipality,
        strict=strict_municipality,
        clerk=clerk,
    )
    with transaction.atomic(savepoint=savepoint_needed()):
        # Several documents per transaction (batch.py): one municipality, locked once.
        locked = claim(doc.municipality.pk)
        if not dry_run and not locked:
            lock_municipality(doc.municipality.pk)
        source = source_by_sha256(doc.municipality.pk, doc.sha256)
        known, by_id = known_bodies(doc.municipality)
        existing = find_meetings(doc, known, by_id)
        require_complete(doc, existing)
        if (
            source is not None
            and len(existing) == len(doc.meetings)
            and not clerk_changes(doc, existing)
        ):
            result = ImportResult(
                status="unchanged",
                message="Teksten er allerede indlæst; intet er ændret.",
                source=source,
                meetings=[existing[i] for i in range(len(doc.meetings))],
                items=doc.item_count,
                warnings=doc.warnings,
            )
        else:
            plans = plan_meetings(doc, existing)
            result = _write(doc, plans, known=known, uploaded_by=uploaded_by, source=source)
        if dry_run:
            transaction.set_rollback(True)
    result.dry_run = dry_run
    return result
