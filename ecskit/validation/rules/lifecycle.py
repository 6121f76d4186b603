"""Rules: lifecycle (being written)."""
