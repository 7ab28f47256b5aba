"""Tracking: asking carrier plugins about the seller's parcels (``aztui track``, the app)."""
