"""Querysets compiled once (forespørgsler oversat én gang) for the hottest public pages.

An item page (punkt) and a meeting page (møde) run the same handful of queries for every
visitor, differing only in an id; a search page loads its hits by id. Django builds and
compiles each queryset to SQL again on every request (about a quarter of an item page's CPU),
and the database parses and plans the new text again. A ``Compiled`` keeps, per process and database alias, the SQL Django wrote for
the queryset once, and runs it with the new values as a prepared statement
(meetings/prepared.py): on PostgreSQL each statement is planned once per connection.

    ITEM = Compiled(lambda pk: AgendaItem.objects.select_related("meeting").filter(pk=pk))
    items = ITEM(42)  # a list of AgendaItem, as list(queryset) gives

The queryset is written as any other; ``build`` is called once per shape with *markers* in
place of the values (a list value gives a list of markers of its length, so ``pk__in=ids``
works, compiled once per length). The markers are found again among the compiled
parameters and replaced there on each run. Rows become model instances exactly as Django's
own iterator makes them (select_related included), or tuples for ``values_list`` (values
for a flat one). Only for key lookups: a statement whose best plan depends on the value
(full-text search) must not be prepared.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from itertools import count

from django.core.exceptions import EmptyResultSet
from django.db import router
from django.db.models import Model, QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

from .prepared import prepared_cursor

# Values no row holds (ids are positive; no slug or value starts with a NUL).
_INT_MARKERS = count(-2_100_000_000, -1)
_STR_MARKERS = (f"\x00referat-marker-{n}" for n in count())
_marker_lock = threading.Lock()


def _marker(value):
    with _marker_lock:
        return next(_STR_MARKERS) if isinstance(value, str) else next(_INT_MARKERS)


class _Statement:
    """One shape's SQL, parameters with the markers' places, and how rows become objects."""

    def __init__(self, queryset: QuerySet, markers: list, alias: str):
        if queryset._iterable_class not in (
            ModelIterable,
            FlatValuesListIterable,
            ValuesListIterable,
        ):
            raise TypeError("Compiled takes querysets of model instances or values_list")
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise TypeError("Compiled takes no prefetch_related and no related manager")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            self.sql, params = compiler.as_sql()
        except EmptyResultSet:  # pk__in=[]: no row, as Django answers
            self.sql, params = None, ()
            markers = []
        self.params = list(params)
        self.places: list[list[int]] = []
        for marker in markers:
            places = [
                i for i, p in enumerate(self.params) if type(p) is type(marker) and p == marker
            ]
            if not places:
                raise ValueError(f"the value {marker!r} is not a parameter of the query")
            self.places.append(places)
        self.flat = queryset._iterable_class is FlatValuesListIterable
        self.tuples = queryset._iterable_class is ValuesListIterable
        self.compiler = compiler
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(fields)
        self.col_count = compiler.col_count if compiler.has_extra_select else None
        if not (self.flat or self.tuples):
            klass_info = compiler.klass_info
            self.model = klass_info["model"]
            start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            self.fields = slice(start, end)
            self.init_list = [f[0].target.attname for f in compiler.select[start:end]]
            self.annotations = list((compiler.annotation_col_map or {}).items())
            self.populators = get_related_populators(klass_info, compiler.select, alias)

    def run(self, alias: str, values: Sequence) -> list:
        if self.sql is None:
            return []
        params = list(self.params)
        for places, value in zip(self.places, values, strict=True):
            for place in places:
                params[place] = value
        with prepared_cursor(alias) as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.col_count is not None:
            rows = [row[: self.col_count] for row in rows]
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        if self.flat:
            return [row[0] for row in rows]
        if self.tuples:
            return [tuple(row) for row in rows]
        objects = []
        for row in rows:
            obj = self.model.from_db(alias, self.init_list, row[self.fields])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, column in self.annotations:
                setattr(obj, name, row[column])
            objects.append(obj)
        return objects


class Compiled:
    """A queryset compiled to SQL once per process, shape and database alias."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.model: type[Model] | None = None
        self._statements: dict[tuple, _Statement] = {}
        self._lock = threading.Lock()

    def __call__(self, *values) -> list[Model]:
        shape = tuple(
            (len(v), bool(v) and isinstance(v[0], str))
            if isinstance(v, list | tuple)
            else isinstance(v, str)
            for v in values
        )
        if self.model is None:
            self.model = self.build(*_markers(values)).model
        alias = router.db_for_read(self.model)
        key = (alias, shape)
        statement = self._statements.get(key)
        if statement is None:
            with self._lock:
                statement = self._statements.get(key)
                if statement is None:
                    markers = _markers(values)
                    statement = _Statement(self.build(*markers), _flat(markers), alias)
                    self._statements[key] = statement
        return statement.run(alias, _flat(values))


def _markers(values: Sequence) -> list:
    """A marker in place of each value, a list of markers in place of a list."""
    return [[_marker(x) for x in v] if isinstance(v, list | tuple) else _marker(v) for v in values]


def _flat(values: Sequence) -> list:
    return [x for v in values for x in (v if isinstance(v, list | tuple) else [v])]
