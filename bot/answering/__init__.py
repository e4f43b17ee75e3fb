"""Answering questions about one document by retrieving and quoting its paragraphs.

    index     AnswerIndex: rank paragraphs for a question, abstain, quote the best sentence
    corpus    what answering needs of one document, built once
    features  the ranking signals of a question against every paragraph
    weights   the learned weights of those signals (weights.json)
    bm25      BM25 over numpy postings (rank-bm25), and the plain baseline
    chars     character 4-gram cosines
    soft      soft word matches from word vectors
    speakers  who speaks where, and questions about what a person said
"""
