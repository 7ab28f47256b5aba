"""aztui carrier plugin: ups."""
