"""Summarizing algorithms, one module each; bot.summarize picks between them."""
