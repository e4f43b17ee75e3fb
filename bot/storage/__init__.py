"""Durable storage: articles per Slack thread (searchable per channel), job rows, posted
replies and channel settings.

The only package that imports SQLAlchemy. Its modules:

- clock.py     the Clock protocol and SystemClock: where every stored time comes from
- schema.py    the tables, the job statuses, statement and argument conventions
- database.py  engines for SQLite/PostgreSQL, SQLite pragmas, retried transactions, create_tables
- articles.py  the articles table (and each article's stored answer vectors): StoredArticle,
               save/has/article_for_thread/latest_article, save_vectors/vectors_for
- library.py   the channel's reading list: full-text search over every article's paragraphs
               (PostgreSQL tsvector + GIN, SQLite FTS5), article cards, who took part in
               which conversation (reading_list), channel settings
- replies.py   the job_replies table: record_reply / reply_for (post once per job and step)
- jobrows.py   the jobs table: Job, insert/claim/fenced update/counts/purge (policy-free)
- notify.py    LISTEN/NOTIFY on PostgreSQL: enqueues wake every process's workers
- store.py     Store, composing the above into the one class everyone uses
"""
