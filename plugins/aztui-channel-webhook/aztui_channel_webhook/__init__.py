"""aztui notification channel: webhook."""
