"""Rules: external (being written)."""
