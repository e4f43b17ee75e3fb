"""One reader per input format, each the only importer of its third-party parser.

    text  plain text and Markdown
    html  web pages (trafilatura, lxml)
    pdf   PDFs with a text layer (pypdf)
    docx  Word documents (python-docx)
"""
