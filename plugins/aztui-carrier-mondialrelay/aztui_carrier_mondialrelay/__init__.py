"""aztui carrier plugin: mondialrelay."""
