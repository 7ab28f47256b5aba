"""aztui notification channel: apprise."""
