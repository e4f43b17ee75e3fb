"""Fakes of what crosses the process boundary: Slack, and the web the bot fetches from."""
