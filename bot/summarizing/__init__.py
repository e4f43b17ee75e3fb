"""Extractive summaries: one module per algorithm, registered by name.

    summarize   the entry point: candidates, length, the algorithm by name
    registry    the algorithms by name, each imported on first use
    candidates  which sentences may appear in a summary at all
    centroid    the default algorithm
    lead        the opening sentences
    sumy        sumy's classic algorithms
"""
