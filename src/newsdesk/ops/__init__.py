"""Running newsdesk in production: logs, health, metrics, retention, backups, completion.

The command line and the web server both call these modules; import each by name
(``from newsdesk.ops import metrics``). `metrics` imports nothing of newsdesk, so every stage
may report to it.
"""
