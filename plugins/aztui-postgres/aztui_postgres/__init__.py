"""aztui's PostgreSQL store: a team shares one database (``--db postgresql://…``)."""
