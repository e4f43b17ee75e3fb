"""Text tools shared by reading, summarizing and answering.

    language   language names, offline detection, words and index terms
    sentences  sentence splitting
    rarity     how rare a word is in the language at large
"""
