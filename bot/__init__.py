"""summarybot: summarize shared articles and answer questions about them."""

__version__ = "0.1.0"
