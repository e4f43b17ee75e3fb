"""Scoring summaries and answers on public evaluation sets."""
