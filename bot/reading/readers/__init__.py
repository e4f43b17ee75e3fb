"""One reader per input format, each the only importer of its third-party parser."""
