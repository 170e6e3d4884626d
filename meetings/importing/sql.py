"""The import's raw SQL: statement texts and their parameters.

The write phase sends a table's rows as ONE parameter, a JSON array of rows, which the
database unpacks (jsonb_array_elements on PostgreSQL, json_each on SQLite) into an
INSERT … SELECT or UPDATE … FROM. So a document costs one statement per table whatever its
number of items, builds no model instance per row, and keeps the SQL text short (the driver
caches its parsing). The values pass through the columns' ordinary casts, checks and
constraints: a text too long for its column fails here as it would through the ORM."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Sequence

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import JSONField, TextField
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from ..models import Attachment, CaseNumber, ItemCaseNumber, Section


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _json_default(value):
    if isinstance(value, (dt.date, dt.time)) and not isinstance(value, dt.datetime):
        return value.isoformat()  # the text Django's SQLite backend stores, too
    raise TypeError(f"{type(value).__name__} cannot travel in a JSON row")


def json_param(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def id_param(ids: Iterable[int]):
    """Ids as the one parameter of an ``id_in`` condition."""
    ids = sorted(set(ids))
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


# The statements' text depends only on the model, the columns and the database, so each is
# built once (functools.cache) and the driver's cache of parsed queries applies, too.


@functools.cache
def json_rows(columns: tuple[tuple[str, object], ...], vendor: str) -> str:
    """A SELECT with one row per element of a JSON array parameter (``%s``); each element is a
    list of values, named and typed by ``columns`` ((name, model field), in order)."""
    selected = []
    for index, (name, model_field) in enumerate(columns):
        if vendor != "postgresql":
            value = f"json_extract(r.value, '$[{index}]')"
            if isinstance(model_field, JSONField):
                value = f"json_quote({value})"  # the JSON text, as Django stores it
        elif isinstance(model_field, JSONField):
            value = f"(r.value -> {index})"
        else:
            db_type = model_field.db_type(connection)
            value = f"(r.value ->> {index})"
            # Text stays text: assigning it to a varchar(n) column checks the length, where
            # an explicit cast would cut it silently.
            if not db_type.startswith(("varchar", "text")):
                value = f"CAST({value} AS {db_type})"
        selected.append(f"{value} AS {quote(name)}")
    if vendor == "postgresql":
        return f"SELECT {', '.join(selected)} FROM jsonb_array_elements(%s::jsonb) AS r(value)"
    return f"SELECT {', '.join(selected)} FROM json_each(%s) AS r"


# The type of the extra text values a row may carry for a computed column (see insert_sql).
_TEXT_INPUT = TextField()


def _model_rows(model, columns: Sequence[str], inputs: Sequence[str] = ()) -> str:
    fields = tuple((name, model._meta.get_field(name)) for name in columns)
    return json_rows(fields + tuple((name, _TEXT_INPUT) for name in inputs), connection.vendor)


@functools.cache
def id_in(column: str, vendor: str) -> str:
    """``column IN (the ids in one parameter)``: an array on PostgreSQL, a JSON array on
    SQLite (see id_param), so any number of ids takes one parameter."""
    if vendor == "postgresql":
        return f"{quote(column)} = ANY(%s)"
    return f"{quote(column)} IN (SELECT value FROM json_each(%s))"


@functools.cache
def insert_sql(model, columns, constants, on_conflict, vendor, inputs=(), computed=()) -> str:
    """INSERT … SELECT of JSON rows (``columns`` then ``inputs``, extra texts that are no
    column) with ``constants`` as parameters and ``computed`` columns ((field name, SQL
    expression over the row ``r``), e.g. an item's search vector from its texts)."""
    opts = model._meta
    names = (*columns, *constants, *(name for name, _ in computed))
    targets = [quote(opts.get_field(name).column) for name in names]
    selected = (
        [f"r.{quote(name)}" for name in columns]
        + ["%s"] * len(constants)
        + [expression for _, expression in computed]
    )
    return (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(targets)}) "
        f"SELECT {', '.join(selected)} FROM ({_model_rows(model, columns, inputs)}) AS r "
        # WHERE true: SQLite needs it before ON CONFLICT after a SELECT.
        f"WHERE true {on_conflict}"
    ).rstrip()


@functools.cache
def row_insert_sql(model, names: tuple[str, ...], vendor: str) -> str:
    """INSERT of one row of ``model`` (fields ``names``, one parameter each) returning its
    primary key."""
    opts = model._meta
    columns = ", ".join(quote(opts.get_field(name).column) for name in names)
    marks = ", ".join(["%s"] * len(names))
    return (
        f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES ({marks}) "
        f"RETURNING {quote(opts.pk.column)}"
    )


@functools.cache
def update_sql(model, columns, constants, vendor, inputs=(), computed=()) -> str:
    """UPDATE … FROM JSON rows (the primary key, ``columns[1:]``, then ``inputs``), setting
    ``constants`` and ``computed`` columns as insert_sql does."""
    opts = model._meta
    table = quote(opts.db_table)
    assignments = (
        [f"{quote(opts.get_field(name).column)} = r.{quote(name)}" for name in columns[1:]]
        + [f"{quote(opts.get_field(name).column)} = %s" for name in constants]
        + [f"{quote(opts.get_field(name).column)} = {expression}" for name, expression in computed]
    )
    return (
        f"UPDATE {table} SET {', '.join(assignments)} "
        f"FROM ({_model_rows(model, columns, inputs)}) AS r "
        f"WHERE {table}.{quote(opts.pk.column)} = r.{quote(columns[0])}"
    )


def constant_params(model, constants: dict) -> list:
    return [
        model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in constants.items()
    ]


@functools.cache
def historical_model(model):
    """The simple_history model of ``model`` (None when it keeps no history), looked up once:
    the ``history`` descriptor builds a new manager class on every access."""
    try:
        return get_history_manager_for_model(model).model
    except NotHistoricalModelError:
        return None


@functools.cache
def write_sql(model, sql: str, returning: tuple[str, ...], history: bool, vendor: str) -> str:
    """``sql`` (an INSERT or UPDATE on ``model``'s table) returning the ``returning``
    columns of the rows written; with ``history``, on PostgreSQL it also adds their history
    records (the rows RETURNING into a second INSERT … SELECT of a data-modifying WITH; the
    four stamp parameters follow ``sql``'s), and on SQLite it returns the primary key first
    (bulk.execute_write records them by a second statement)."""
    opts = model._meta
    table = quote(opts.db_table)
    wanted = ", ".join(quote(opts.get_field(name).column) for name in returning)
    if not history:
        return f"{sql} RETURNING {wanted}" if returning else sql
    if vendor == "postgresql":
        return (
            f"WITH written AS ({sql} RETURNING {table}.*), "
            f"recorded AS ({record_sql(model)} FROM written) "
            f"SELECT {wanted or 'count(*)'} FROM written"
        )
    return f"{sql} RETURNING {quote(opts.pk.column)}, {wanted or 1}"


@functools.cache
def record_sql(model) -> str:
    """INSERT INTO the historical table … SELECT the tracked columns and the four stamp
    parameters; the caller adds FROM and WHERE."""
    history = historical_model(model)
    columns = ", ".join(quote(f.column) for f in history.tracked_fields)
    # A search vector is derived from the row's texts, which the record keeps: not copied.
    values = ", ".join(
        "NULL" if isinstance(f, SearchVectorField) else quote(f.column)
        for f in history.tracked_fields
    )
    extra = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    return (
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {extra}) "
        f"SELECT {values}, %s, %s, %s, %s"
    )


@functools.cache
def children_sql(vendor: str) -> str:
    section, attachment, link, case = (
        quote(model._meta.db_table) for model in (Section, Attachment, ItemCaseNumber, CaseNumber)
    )
    in_items = id_in("item_id", vendor)
    return (
        f"SELECT item_id, 'sections', heading, kind, text, position, id FROM {section} "
        f"WHERE {in_items} "
        f"UNION ALL SELECT item_id, 'attachments', title, '', '', position, id FROM {attachment} "
        f"WHERE {in_items} "
        f"UNION ALL SELECT l.item_id, 'case_numbers', c.value, '', '', l.position, l.id "
        f"FROM {link} AS l JOIN {case} AS c ON c.id = l.case_number_id WHERE {in_items} "
        "ORDER BY 1, 6, 7"
    )


@functools.cache
def link_sql(vendor: str) -> str:
    """Insert item-case-number links given as (item id, case number value, position) rows,
    the case numbers looked up by value within the municipality (the one other parameter)."""
    link, case = ItemCaseNumber._meta, CaseNumber._meta
    source = json_rows(
        (
            ("item_id", link.get_field("item_id")),
            ("value", case.get_field("value")),
            ("position", link.get_field("position")),
        ),
        vendor,
    )
    q = quote
    return (
        f"INSERT INTO {q(link.db_table)} ({q('item_id')}, {q('case_number_id')}, {q('position')}) "
        f"SELECT r.{q('item_id')}, c.{q('id')}, r.{q('position')} FROM ({source}) AS r "
        f"JOIN {q(case.db_table)} AS c "
        f"ON c.{q('municipality_id')} = %s AND c.{q('value')} = r.{q('value')}"
    )
