"""The ingestion benchmark: newsdesk against an invented news network on loopback hosts.

Run ``.venv/bin/python bench/ingest/run.py --help``; method and results in docs/ingest.md.
"""
