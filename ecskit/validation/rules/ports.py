"""Rules: ports (being written)."""
