"""`field__any=[...]`: membership in a long list of ids, passed as one array parameter.

`field__in=ids` writes one placeholder per id: with the fan-out's thousand receivers per
batch, psycopg spends more time splitting and binding the query than PostgreSQL spends
running it (and PostgreSQL parses a thousand parameters). `= ANY(%s)` binds the list once.
SQLite has no arrays: there it is a plain IN. Registered on integer fields and foreign
keys when the fedi app loads (FediConfig.ready)."""
from django.db.models import ForeignKey, IntegerField, Lookup


class Any(Lookup):
    lookup_name = "any"
    prepare_rhs = False  # a list, not one value of the field

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(item) for item in self.rhs]
        if connection.vendor == "postgresql":
            # As an array literal: psycopg quotes a string in C, and a list item by item in Python.
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, "{" + ",".join(map(str, values)) + "}"]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def register() -> None:
    for field in (IntegerField, ForeignKey):
        field.register_lookup(Any)
