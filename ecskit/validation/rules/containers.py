"""Rules: containers (being written)."""
