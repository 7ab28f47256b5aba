"""Registers the PostgreSQL store: ``store = "postgres"`` or ``--db postgresql://…``."""

from aztui.hookspecs import hookimpl


@hookimpl
def aztui_register_stores(register):
    from aztui_postgres.store import PostgresStore

    register("postgres", PostgresStore, schemes=("postgresql", "postgres"))
