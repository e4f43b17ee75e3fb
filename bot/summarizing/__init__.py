"""Extractive summaries: one module per algorithm, chosen by name.

    summarize   the entry point: candidates, length, the algorithm by name
    candidates  which sentences may appear in a summary at all
    centroid    the default algorithm
    sumy        sumy's classic algorithms
"""
