"""Rules: deployments (being written)."""
