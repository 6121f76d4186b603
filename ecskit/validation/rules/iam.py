"""Rules: iam (being written)."""
