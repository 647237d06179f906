"""The operator's desk: a web admin at /desk, beside the public site, on the same server.

Server-rendered pages that work without JavaScript: sources, curation (hide, take down,
correct, split, merge), health, users and the audit log, behind accounts with roles. It
shares the site's stylesheet and macros and reads and writes through the store, never
through the site's routes. `add_desk` puts it on a web app made by `create_web_app`.
"""

from newsdesk.desk.wiring import add_desk

__all__ = ["add_desk"]
