"""Reading: any input (a file path, standard input, a URL or bytes) to a Document.

    sources   path, "-" or URL -> bytes -> Document (the one entry point)
    formats   what kind of input the bytes are; text decoding
    extract   bytes -> RawArticle, through the reader of that kind
    readers/  one module per format, each the only importer of its parser
    clean     what a person would not call the article (captions, bylines, furniture)
    build     RawArticle -> Document: cleaning, language, sentences
"""
