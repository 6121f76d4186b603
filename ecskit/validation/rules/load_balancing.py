"""Rules: load_balancing (being written)."""
