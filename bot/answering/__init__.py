"""Answering questions about one document by retrieving and quoting its paragraphs.

    index     the answer index: BM25 and the other ranking signals, abstention
    speakers  who speaks where, and questions about what a person said
"""
