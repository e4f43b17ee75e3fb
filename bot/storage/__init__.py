"""Durable storage: articles per Slack thread, job rows and posted replies."""
