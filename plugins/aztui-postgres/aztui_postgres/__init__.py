"""aztui's PostgreSQL store: a team shares one database (work in progress: see plugin.py)."""
