"""Rules: dependencies (being written)."""
