"""The command line: ``summarybot`` (entry point bot.cli.main:main).

    main       the edge: parse, dispatch, turn typed errors into one line
    parser     every command, its options and their help
    documents  summarize, ask, extract and chat on one SOURCE
    batch      --jsonl: one JSON line out per line in
    services   eval, and the Slack bot (serve, socket)
    render     text and JSON output
"""
