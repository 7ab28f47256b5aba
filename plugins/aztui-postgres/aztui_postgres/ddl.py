"""aztui's migrations, expressed for PostgreSQL: the SQLite store's own list
(``aztui.store.schema.MIGRATIONS``) translated statement by statement, so that both backends
always have the same tables, columns and indexes."""

from __future__ import annotations

import re

from aztui.store.schema import MIGRATIONS

_TYPES = [(re.compile(r"\bINTEGER\b"), "BIGINT"),  # epoch seconds run past 2038 (and 9999)
          (re.compile(r"\bREAL\b"), "DOUBLE PRECISION")]
_ROWID = re.compile(r"\)\s*WITHOUT ROWID\s*$", re.S)


def to_postgres(statement: str) -> str:
    """One SQLite DDL statement as PostgreSQL runs it."""
    for pattern, replacement in _TYPES:
        statement = pattern.sub(replacement, statement)
    return _ROWID.sub(")", statement)


POSTGRES_MIGRATIONS: list[list[str]] = [[to_postgres(s) for s in m] for m in MIGRATIONS]
