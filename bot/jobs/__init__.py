"""The job runtime: durable work that survives restarts and runs exactly once in effect.

    payloads  what each kind of job carries (the listeners' contract with the handlers)
    queue     enqueue with dedupe, claim under a lease, retry with backoff
    worker    threads that claim and run jobs, with heartbeats
    process   a supervised child process that runs the worker (``summarybot serve``)
"""
