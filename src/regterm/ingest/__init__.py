"""Turning news articles into structured records (pure functions, no database)."""
