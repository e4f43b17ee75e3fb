"""The Slack side of summarybot: the Bolt app, its listeners and message formatting."""
