"""The work behind each kind of job, run by the job worker (never inside a request).

    turn       one run of one job: exactly-once posting, reactions, responses
    reading    links and Slack files to Documents
    indexes    answer indexes kept per process
    summarize  links and files posted in a channel
    ask        questions in a thread, mentions and DMs
    command    /summary: summarize, search, settings
    actions    a summary's buttons: shorter, longer, who said what
    home       the App Home tab: the user's reading list
    shortcut   the "Summarize" message shortcut
"""
