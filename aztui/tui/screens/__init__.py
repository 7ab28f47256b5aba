"""Screens shown over the panes (the order detail, and the action forms to come)."""
