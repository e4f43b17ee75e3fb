"""Text tools shared by reading, summarizing and answering.

    language   language names, offline detection, words and index terms
    stemming   stop words and stemmers per language
    sentences  sentence splitting
    rarity     how rare a word is in the language at large
    furniture  page furniture: labels, credits, bylines, prompts (for cleaning and summaries)
"""
