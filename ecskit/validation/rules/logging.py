"""Rules: logging (being written)."""
