"""Fetching links and Slack files without letting a URL reach inside the network.

    client     fetch(): the redirect loop, pinned connections, the capped body
    policy     FetchPolicy; which addresses a URL may be fetched from (DNS under a deadline)
    addresses  IP classification (public or not) and http(s) URL parsing; no I/O
    headers    the one Content-Type parser; Content-Disposition file names
    decoding   gzip/deflate decoding that never inflates past the byte cap
    transport  the httpcore transport under one total deadline (its only importer)
"""
