"""Registers the PostgreSQL store: ``store = "postgres"`` or ``--db postgresql://…``.

psycopg is imported only when such a store is opened (``lazy``)."""

from aztui.hookspecs import hookimpl, lazy


@hookimpl
def aztui_register_stores(register):
    register(
        "postgres", lazy("aztui_postgres.store:PostgresStore"), schemes=("postgresql", "postgres")
    )
