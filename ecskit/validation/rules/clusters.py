"""Rules: clusters (being written)."""
