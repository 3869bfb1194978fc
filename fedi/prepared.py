"""Queries of a fixed shape, compiled to SQL once per database connection.

Django compiles a queryset to SQL every time it runs: for a select_related of a few models
(a token with its user, account and role; a page of statuses) the compiling costs more
than PostgreSQL takes to answer, and it is the same SQL every time but for its parameters.
A Prepared query builds its queryset once with marker values, compiles it, remembers where
the markers landed among the parameters, and from then on only swaps the values in:

    token_by_checksum = Prepared(lambda checksum: AccessToken.objects.select_related("user")
                                 .filter(token_checksum=checksum).order_by("pk")[:1], str)
    token_by_checksum("ab12...")     # a list of AccessToken, as list(queryset) gives

Argument kinds: int, str, datetime (aware), and `ids` (a list of ids, through the `__any` lookup of
fedi.lookups: one array parameter whatever the length). The queryset's shape must not
depend on the values (no `if` on them in `build`). Model querysets give model instances
(with their select_related objects and annotations); `.values_list()` ones give tuples.
When the markers cannot be found exactly once each in place (or on SQLite, where `__any`
writes one parameter per id), the queryset is simply built and run each time.
"""
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

ids = list  # the argument kind of a list of ids
_MARKER_BASE = -7_391_408_000_000_000


def _marker(kind: type, index: int) -> tuple[Any, Any]:
    """(the value given to build, the parameter it becomes in the compiled SQL)."""
    number = _MARKER_BASE - index
    if kind is int:
        return number, number
    if kind is str:
        text = f"\x1fprepared-{index}\x1f"
        return text, text
    if kind is ids:
        return [number], "{%d}" % number
    if kind is datetime:
        moment = datetime(1901, 2, 3, 4, 5, 6, tzinfo=timezone.utc) + timedelta(microseconds=index + 1)
        return moment, moment
    raise TypeError(f"unsupported argument kind {kind!r}")


def _param(kind: type, value: Any) -> Any:
    if kind is ids:
        return "{" + ",".join(str(int(item)) for item in value) + "}"
    if kind is datetime:
        return value
    return kind(value)


class _Compiled:
    def __init__(self, queryset: QuerySet, markers: Sequence[Any]):
        self.compiler = queryset.query.get_compiler(using=queryset.db)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.positions = []
        for marker in markers:
            # isinstance: Django hands big integers to psycopg wrapped (Int8), kept on substitution.
            found = [index for index, param in enumerate(self.params)
                     if isinstance(param, type(marker)) and not isinstance(param, bool) and param == marker]
            if not found:
                raise LookupError("marker not found")
            self.positions.append(found)
        if any(isinstance(param, str) and "prepared-" in param and param not in markers for param in self.params):
            raise LookupError("a marker was transformed")
        self.values_list = queryset._iterable_class is ValuesListIterable
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable) or queryset.__dict__.get("_prefetch_related_lookups", ()):
            raise LookupError("only plain model or values_list querysets")
        self.db = queryset.db
        # As results_iter computes them on every call (a hundred columns' worth of lookups
        # for a select_related): once.
        self.converters = self.compiler.get_converters([column[0] for column in
                                                        self.compiler.select[0:self.compiler.col_count]])
        if self.compiler.has_composite_fields([column[0] for column in self.compiler.select[0:self.compiler.col_count]]):
            raise LookupError("composite fields")

    def run(self, values: Sequence[Any]) -> list:
        params = list(self.params)
        for positions, value in zip(self.positions, values):
            for index in positions:
                params[index] = value if isinstance(value, datetime) else type(self.params[index])(value)
        compiler = self.compiler
        with compiler.connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        if compiler.has_extra_select:
            fetched = [row[:compiler.col_count] for row in fetched]
        rows = compiler.apply_converters(fetched, self.converters) if self.converters else fetched
        if self.values_list:
            return [tuple(row) for row in rows]
        return self._models(rows)

    def _models(self, rows) -> list:
        compiler = self.compiler
        select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
        model_cls = klass_info["model"]
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, self.db)  # type: ignore[call-arg]  # stubs: a newer Django
        objects = []
        for row in rows:
            obj = model_cls.from_db(self.db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in annotation_col_map.items():
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


class Prepared:
    def __init__(self, build: Callable[..., QuerySet], *kinds: type, using: str = "default"):
        self.build, self.kinds, self.using = build, kinds, using

    def __call__(self, *values: Any) -> list:
        connection = connections[self.using]
        if connection.vendor != "postgresql":
            return list(self.build(*values))
        cache = connection.__dict__.setdefault("_fedi_prepared", {})
        compiled = cache.get(id(self))
        if compiled is None:
            given, markers = zip(*(_marker(kind, index) for index, kind in enumerate(self.kinds))) if self.kinds \
                else ((), ())
            try:
                compiled = _Compiled(self.build(*given), markers)
            except LookupError:
                compiled = False
            cache[id(self)] = compiled
        if compiled is False:
            return list(self.build(*values))
        return compiled.run([_param(kind, value) for kind, value in zip(self.kinds, values)])
