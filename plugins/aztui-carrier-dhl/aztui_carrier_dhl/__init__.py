"""aztui carrier plugin: dhl."""
