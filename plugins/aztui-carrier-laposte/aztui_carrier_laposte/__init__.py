"""aztui carrier plugin: laposte."""
