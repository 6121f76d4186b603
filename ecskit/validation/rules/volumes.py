"""Rules: volumes (being written)."""
