"""Rules: placement (being written)."""
