"""Scoring the bot on public evaluation sets (``summarybot eval``).

    summaries  ROUGE of summaries against reference summaries, beside Lead-N
    answers    top-1 / top-3 paragraph retrieval and abstention, beside rank-bm25
"""
