"""The Slack bot: Bolt listeners that enqueue, handlers that work, Block Kit replies.

    app          the Bolt app and everything a serving process runs (the one slack_bolt importer)
    deps         what the listeners need
    listeners/   one module per kind of request, each with register(app, deps)
    service      the job worker's handler: a typed payload to the handler of its kind
    handlers/    the work behind each kind of job
    blocks       Block Kit messages within Slack's limits
    parse        message text: links, mentions, questions, /summary arguments
    web          the Web API client with retries (slack_sdk)
    oauth        multi-workspace installs
    logs         logging that never shows a secret
    http         the WSGI application: events, OAuth, health
    serve        ``summarybot serve``: gunicorn and the job process
    socket_mode  ``summarybot socket``
"""
