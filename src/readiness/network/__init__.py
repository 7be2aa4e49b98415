"""Comparing practices: side by side, as a network, and against the surveys."""
