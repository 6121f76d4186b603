"""Rules: run_task (being written)."""
