"""Alerts that reach the seller: deciding, routing, sending (no Textual here)."""
