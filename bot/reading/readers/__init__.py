"""One reader per input format, each the only importer of its third-party parser.

    text         plain text and Markdown
    html         web pages: trafilatura finds the body, lxml the fallback
    html_rescue  checks trafilatura's text against the page, and rebuilds what it missed
    html_meta    dates and authors only as the page states them
    pdf          PDFs with a text layer (pypdf)
    docx         Word documents (python-docx)
"""
