"""The PostgreSQL store plugin. Its store is not registered yet: until it keeps the whole
``Store`` contract (tests/store, run against both backends), ``store = "postgres"`` must not
select a store that would fail halfway through a seller's work."""
