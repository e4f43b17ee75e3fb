"""Answering questions about one document by retrieving and quoting its paragraphs.

Two stages: lexical signals rank every paragraph, then the sentence model and a learned
reranker look again at the first stage's candidates. A reply is an answer, or why there is
none ("not in the article", "X isn't quoted", "that is said of Y, not X").

    index             AnswerIndex: the two-stage ranking, abstention, the reply and its quote
    library           answering across many documents from their search hits
    corpus            what is built once per document (terms, postings, sentence kinds)
    sentence_vectors  the sentence model's vectors of a document: built once, stored, loaded
    features          the ranking signals of each paragraph for one question
    qtypes            what kind of answer a question wants, and which sentences hold one
    speakers          who is quoted where ("what did X say?", "X isn't quoted")
    attribution       who speaks in each paragraph: speech verbs, quotes, pronouns
    acronyms          a name's acronym in the same document ("BPD" speaks for its department)
    sections          the paragraphs under each heading, and the section a question names
    subjects          whom a sentence is about ("it emitted ..." is Amazon's figure, not Microsoft's)
    scoring           the fitted weights (weights.json), the ranking mix, the abstention model
    wording           the line shown above a reply that is not a plain answer
    bm25              BM25 over numpy postings (rank-bm25), and the plain baseline
    chars             character 4-gram cosines
    soft              soft word matches from word vectors
    arrays            per-paragraph reductions over sentence rows
"""
