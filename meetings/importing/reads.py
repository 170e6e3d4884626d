"""The import's reads of what the database holds (the source document, the municipality's
bodies, the candidate meetings) as raw SQL whose text is built once: the ORM compiled each
query anew for every document, which cost more CPU than the database spent answering it.
Rows become model instances as the ORM would make them (the fields' database converters
applied, ``Model.from_db``)."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

from django.db import connection

from ..models import Body, Meeting, Municipality, SourceDocument
from .cursor import import_cursor
from .sql import quote


@functools.cache
def _columns(model, names: tuple[str, ...] | None, vendor: str):
    """The SELECT list (prefixed by the table's name), the attnames and each column's
    converters of ``model``'s concrete fields (or those ``names``)."""
    fields = [f for f in model._meta.concrete_fields if names is None or f.attname in names]
    table = quote(model._meta.db_table)
    converters = []
    for f in fields:
        col = f.get_col(model._meta.db_table)
        converters.append(
            [*connection.ops.get_db_converters(col), *col.get_db_converters(connection)]
        )
    select = ", ".join(f"{table}.{quote(f.column)}" for f in fields)
    return select, tuple(f.attname for f in fields), converters


def _instances(model, sql_tail: str, params: Sequence, names=None) -> list:
    """Instances of ``model`` from ``SELECT <its columns> <sql_tail>`` (fields not in
    ``names`` deferred, as ``QuerySet.only`` leaves them)."""
    select, attnames, converters = _columns(model, names, connection.vendor)
    with import_cursor() as cursor:
        cursor.execute(f"SELECT {select} {sql_tail}", params)
        rows = cursor.fetchall()
    out = []
    for row in rows:
        values = list(row)
        for i, functions in enumerate(converters):
            for convert in functions:
                values[i] = convert(values[i], None, connection)
        out.append(model.from_db(connection.alias, attnames, values))
    return out


# The source's text is large and not needed to plan: loaded only if read (deferred).
_SOURCE_FIELDS = tuple(f.attname for f in SourceDocument._meta.concrete_fields if f.name != "text")


def source_by_sha256(municipality_id: int, sha256: str) -> SourceDocument | None:
    """The municipality's source document with this text (unique pair), if imported."""
    table = quote(SourceDocument._meta.db_table)
    found = _instances(
        SourceDocument,
        f"FROM {table} WHERE {table}.municipality_id = %s AND {table}.sha256 = %s",
        [municipality_id, sha256],
        _SOURCE_FIELDS,
    )
    return found[0] if found else None


@functools.cache
def _municipality_by_name_tail(vendor: str) -> str:
    """FROM … WHERE name or short name equals one text each regardless of case (as the ORM's
    iexact compares on this database), or the slug one of two; the lowest code first."""
    table = quote(Municipality._meta.db_table)
    ops = connection.ops
    iexact = connection.operators["iexact"] % "%s"

    def same(column: str) -> str:
        return f"{ops.lookup_cast('iexact', 'CharField') % f'{table}.{quote(column)}'} {iexact}"

    slug = f"{table}.{quote('slug')}"
    return (
        f"FROM {table} WHERE {same('name')} OR {same('short_name')} OR {slug} = %s "
        f"OR {slug} = %s ORDER BY {table}.{quote('code')} LIMIT 1"
    )


def municipality_by_name(name: str, short_name: str, slugs: tuple[str, str]):
    """The municipality (lowest code) named ``name`` or ``short_name`` (case ignored) or
    with one of ``slugs``: municipalities.find_municipality's query."""
    prep = connection.ops.prep_for_iexact_query
    found = _instances(
        Municipality,
        _municipality_by_name_tail(connection.vendor),
        [prep(name), prep(short_name), *slugs],
    )
    return found[0] if found else None


def municipality_by_code(code: int):
    table = quote(Municipality._meta.db_table)
    found = _instances(
        Municipality, f"FROM {table} WHERE {table}.{quote('code')} = %s LIMIT 1", [code]
    )
    return found[0] if found else None


def municipality_bodies(municipality_id: int) -> list[Body]:
    table = quote(Body._meta.db_table)
    return _instances(Body, f"FROM {table} WHERE {table}.municipality_id = %s", [municipality_id])


def lock_municipality(municipality_id: int) -> None:
    """Serialise imports into one municipality (its row lock until the transaction ends).

    Two imports of the same text at once would both find no source document and both insert
    one: the second now waits, then finds the first's rows and ends "uændret". SQLite
    serialises writers already (transaction_mode IMMEDIATE)."""
    if connection.vendor != "postgresql":
        return
    with import_cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM meetings_municipality WHERE id = %s FOR UPDATE", [municipality_id]
        )


@functools.cache
def _candidates_tail(vendor: str) -> str:
    """FROM … WHERE … ORDER BY of the meetings of the municipality's bodies (the body ids, one
    parameter) on the dates (one parameter) or parsed dates (their ISO texts) with one of the
    body ids or parsed body names, or with one of the anchors, newest first."""
    table = quote(Meeting._meta.db_table)

    def key(name: str) -> str:
        if vendor == "postgresql":
            return f"({table}.parsed ->> '{name}')"
        return f"json_extract({table}.parsed, '$.{name}')"

    def among(expression: str) -> str:
        if vendor == "postgresql":
            return f"{expression} = ANY(%s)"
        return f"{expression} IN (SELECT value FROM json_each(%s))"

    return (
        f"FROM {table} WHERE {among(f'{table}.body_id')} "
        f"AND (({among(f'{table}.date')} OR {among(key('date'))}) "
        f"AND ({among(f'{table}.body_id')} OR {among(key('body'))}) "
        f"OR {among(key('anchor'))}) "
        f"ORDER BY {table}.date DESC, {table}.start_time DESC"
    )


def _list_param(values: list):
    """A list as one parameter: an array on PostgreSQL, a JSON array on SQLite."""
    return values if connection.vendor == "postgresql" else json.dumps(values)


def candidate_meetings(
    municipality_bodies: dict[int, Body],
    dates: list,
    body_ids: list[int],
    parsed_bodies: list[str],
    anchors: list[str],
) -> list[Meeting]:
    """The meetings of the municipality (its bodies, ``municipality_bodies`` by id, set as
    each meeting's body) that may be the document's: on one of ``dates`` (as stored or as
    parsed) with one of ``body_ids`` or a parsed body name among ``parsed_bodies``, or
    parsed with one of ``anchors``; newest first."""
    if not municipality_bodies or not (anchors or (dates and (body_ids or parsed_bodies))):
        return []
    iso = [d.isoformat() for d in dates]
    stored_dates = dates if connection.vendor == "postgresql" else iso
    params = [
        _list_param(sorted(municipality_bodies)),
        _list_param(stored_dates),
        _list_param(iso),
        _list_param(body_ids),
        _list_param(parsed_bodies),
        _list_param(anchors),
    ]
    meetings = _instances(Meeting, _candidates_tail(connection.vendor), params)
    for meeting in meetings:
        meeting._state.fields_cache["body"] = municipality_bodies[meeting.body_id]
    return meetings
