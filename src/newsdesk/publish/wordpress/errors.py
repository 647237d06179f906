"""WordPress's refusals as sentences that say what to fix."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from newsdesk.publish.publisher import PublishError

_TAGS = re.compile(r"<[^>]+>")


class WordPressError(PublishError):
    """WordPress refused or failed a request. ``transient``: it may work if tried again
    (5xx, a timeout); ``delivered_unknown``: it may have been carried out although no answer
    said so; ``code`` and ``data``: WordPress's own error code (``rest_cannot_create``...)
    and details."""

    def __init__(self, message: str, *, status: int = 0, code: str = "",
                 data: dict[str, Any] | None = None, transient: bool = False,
                 retry_after: float | None = None, delivered_unknown: bool = False) -> None:
        super().__init__(message, status=status, retry_after=retry_after,
                         delivered_unknown=delivered_unknown)
        self.code = code
        self.data = data or {}
        self.transient = transient


def _hint(status: int, code: str, user: str) -> str:
    if status == 401 or code in {"incorrect_password", "invalid_username"}:
        return ("check NEWSDESK_WORDPRESS_USER and NEWSDESK_WORDPRESS_APP_PASSWORD (an"
                " application password from the user's profile page, not the login password);"
                " WordPress takes application passwords only over HTTPS, unless the site's"
                " WP_ENVIRONMENT_TYPE is local")
    if status == 403:
        return (f"the WordPress user {user!r} may not do this: give them the Editor role (an"
                " Author may post, but not make categories)")
    if code == "rest_no_route":
        return ("this WordPress has no such REST route: is NEWSDESK_WORDPRESS_URL the site's"
                " address, and is its REST API switched on?")
    if code in {"rest_post_invalid_id", "rest_invalid_post"}:
        return "the post was deleted in WordPress; newsdesk does not make it again"
    if status == 413 or code == "rest_upload_file_too_big":
        return "the picture is larger than the site accepts (its upload_max_filesize)"
    return ""


def _forbidden(details: dict[str, Any]) -> int | None:
    """401 or 403 when a parameter was refused as forbidden to this visitor: asked for drafts
    with wrong credentials or too few rights, WordPress says "invalid parameter: status"."""
    nested = details.get("details")
    for detail in nested.values() if isinstance(nested, dict) else ():
        said = detail.get("data") if isinstance(detail, dict) else None
        if isinstance(said, dict) and said.get("status") in {401, 403}:
            return int(said["status"])
    return None


def refusal(what: str, status: int, text: str, user: str) -> WordPressError:
    """The error for a 4xx answer (``text``: its body, WordPress's JSON error if it is one)."""
    code, message, details = "", "", {}
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        code = str(data.get("code") or "")
        message = html.unescape(_TAGS.sub("", str(data.get("message") or ""))).strip()
        details = data.get("data") if isinstance(data.get("data"), dict) else {}
        status = _forbidden(details) or status
    hint = _hint(status, code, user)
    said = f": {message}" if message else ""
    return WordPressError(f"{what}: WordPress refused ({status}{' ' + code if code else ''})"
                          f"{said}{'; ' + hint if hint else ''}", status=status, code=code,
                          data=details)
