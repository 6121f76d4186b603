"""Rules: services (being written)."""
