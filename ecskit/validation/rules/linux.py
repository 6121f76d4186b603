"""Rules: linux (being written)."""
