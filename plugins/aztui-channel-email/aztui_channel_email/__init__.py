"""aztui notification channel: email."""
