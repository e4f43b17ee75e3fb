"""The job runtime: a durable queue with leases, and the worker threads that run it."""
