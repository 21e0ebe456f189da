"""Frontdoor's performance benchmarks: the issue's three targets, measured the way the hub runs.

`python -m benchmarks [ingest|api|person-page|all] [--backend sqlite|postgres|both]
[--scale small|full]`. The parent process (`__main__`) never imports Django: for each backend it
makes a fresh database, runs each step in its own worker process (`worker`) with `DATABASE_URL`
pointing at it, prints the results, and drops the database. Django reads its settings once per
process, so a process per step is the one clean way to run the same code against two databases.
See docs/benchmarks.md for the method and the figures.
"""
