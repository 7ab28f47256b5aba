"""aztui notification channel: signed webhooks (Standard Webhooks, standardwebhooks.com)."""
