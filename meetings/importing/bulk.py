"""Bulk writes (insert_rows, update_rows, delete_rows): a table's rows in one statement,
each written row's simple_history record added by the database (HistoryStamp), see sql.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .cursor import import_cursor
from .sql import (
    constant_params,
    historical_model,
    id_in,
    id_param,
    insert_sql,
    json_param,
    quote,
    record_sql,
    row_insert_sql,
    update_sql,
    write_sql,
)


@dataclass(frozen=True)
class HistoryStamp:
    """The simple_history record a bulk write adds for each row: its type ("+" created,
    "~" changed, "-" deleted), user, change reason and date."""

    history_type: str
    user: object
    reason: str
    date: dt.datetime

    def params(self) -> list:
        return [
            connection.ops.adapt_datetimefield_value(self.date),
            self.reason,
            self.history_type,
            getattr(self.user, "pk", None),
        ]


def keeps_history(model, stamp: HistoryStamp | None) -> bool:
    return (
        stamp is not None
        and historical_model(model) is not None
        and getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    )


def copy_to_history(model, ids: Iterable[int], stamp: HistoryStamp, *, by: str = "id") -> None:
    """Add simple_history records for ``model``'s rows whose ``by`` column is one of ``ids``,
    as the rows are now, copied by the database (one INSERT … SELECT over the tracked
    columns): the records ``bulk_history_create`` would write, without the round trip."""
    ids = list(ids)
    if not ids or not keeps_history(model, stamp):
        return
    opts = model._meta
    condition = id_in(opts.get_field(by).column, connection.vendor)
    with import_cursor() as cursor:
        cursor.execute(
            f"{record_sql(model)} FROM {quote(opts.db_table)} WHERE {condition}",
            [*stamp.params(), id_param(ids)],
        )


def execute_write(model, sql: str, params: list, stamp: HistoryStamp | None, returning=()) -> list:
    """Run a write statement on ``model``'s table (an INSERT or UPDATE without RETURNING) and
    return the ``returning`` columns of the rows it wrote. With a ``stamp``, every written row
    also gets its history record: on PostgreSQL in the same statement (the write's rows,
    RETURNING into a second INSERT … SELECT of a data-modifying WITH), on SQLite by a second
    statement over the written ids."""
    history = keeps_history(model, stamp)
    vendor = connection.vendor
    statement = write_sql(model, sql, tuple(returning), history, vendor)
    with import_cursor() as cursor:
        if not history:
            cursor.execute(statement, params)
            return cursor.fetchall() if returning else []
        if vendor == "postgresql":
            cursor.execute(statement, [*params, *stamp.params()])
            return cursor.fetchall() if returning else []
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    copy_to_history(model, [row[0] for row in rows], stamp)
    return [row[1:] for row in rows] if returning else []


def insert_row(model, values: dict) -> int:
    """INSERT one row of ``model`` (``values`` by field name; the other fields take their
    defaults, ``auto_now_add`` dates the current time) and return its primary key: what
    ``Model.objects.create`` does without building the statement anew (no signals: the
    models the import creates this way have no receivers)."""
    values = {**_defaults(model, tuple(values)), **values}
    params = [
        model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in values.items()
    ]
    with import_cursor() as cursor:
        cursor.execute(row_insert_sql(model, tuple(values), connection.vendor), params)
        return cursor.fetchone()[0]


def _defaults(model, given: tuple[str, ...]) -> dict:
    """The values ``model``'s other concrete fields take on a new row."""
    out = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in given or field.attname in given:
            continue
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            out[field.attname] = timezone.now()
        else:
            out[field.attname] = field.get_default()
    return out


def insert_rows(
    model,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    *,
    constants: dict | None = None,
    returning: tuple[str, ...] = (),
    on_conflict: str = "",
    history: HistoryStamp | None = None,
    inputs: tuple[str, ...] = (),
    computed: tuple[tuple[str, str], ...] = (),
) -> list[tuple]:
    """INSERT ``rows`` (sequences of values in ``columns`` order) into ``model``'s table in
    one statement. ``constants`` (column → value) are the same for every row and travel once;
    ``returning`` names columns to return for each inserted row (in no particular order);
    ``history`` adds a history record for each row. ``inputs`` name extra values at the end of
    each row that no column stores but ``computed`` columns ((name, SQL over the row ``r``))
    read."""
    if not rows:
        return []
    constants = constants or {}
    sql = insert_sql(
        model, columns, tuple(constants), on_conflict, connection.vendor, inputs, computed
    )
    params = [*constant_params(model, constants), json_param(rows)]
    return execute_write(model, sql, params, history, returning)


def update_rows(
    model,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    *,
    constants: dict | None = None,
    history: HistoryStamp | None = None,
    inputs: tuple[str, ...] = (),
    computed: tuple[tuple[str, str], ...] = (),
) -> None:
    """UPDATE ``model``'s rows in one statement: each row's first value is its primary key,
    the others the new values of ``columns[1:]``; ``constants`` are set on every row;
    ``history`` adds a history record for each row (with its new values); ``inputs`` and
    ``computed`` as for insert_rows."""
    if not rows:
        return
    constants = constants or {}
    sql = update_sql(model, columns, tuple(constants), connection.vendor, inputs, computed)
    params = [*constant_params(model, constants), json_param(rows)]
    execute_write(model, sql, params, history)


def delete_rows(
    model, ids: Iterable[int], *, by: str = "id", history: HistoryStamp | None = None
) -> None:
    """DELETE ``model``'s rows whose ``by`` column is one of ``ids``, in one statement, for
    rows nothing else refers to; ``history`` records each row as it was."""
    opts = model._meta
    ids = list(ids)
    condition = id_in(opts.get_field(by).column, connection.vendor)
    sql = f"DELETE FROM {quote(opts.db_table)} WHERE {condition}"
    if connection.vendor != "postgresql" and keeps_history(model, history):
        copy_to_history(model, ids, history, by=by)  # before the rows go
        history = None
    execute_write(model, sql, [id_param(ids)], history)
