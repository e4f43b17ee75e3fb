"""Fetching links and Slack files without letting a URL reach inside the network.

    addresses  which IP addresses may be contacted; URL parsing
    client     the redirect loop, capped streaming, the pinned transport
"""
