"""Rules: secrets (being written)."""
