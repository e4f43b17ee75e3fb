"""Extractive summaries: one module per algorithm, registered by name.

    summarize   the entry point: candidates, length, the algorithm by name
    registry    the algorithms by name, each imported on first use
    candidates  which sentences may appear in a summary at all
    gist        the default algorithm: a lexical pass, the sentence model on a shortlist
    coherence   sentences that cannot stand alone, and the sentence they lean on
    centroid    the earlier default, and gist's lexical pass
    lead        the opening sentences
    sumy        sumy's classic algorithms
"""
