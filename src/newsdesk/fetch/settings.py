"""How the fetcher behaves: timeouts, limits, politeness and the private-address switch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FetchSettings:
    """Everything a :class:`~newsdesk.fetch.Fetcher` needs to know; all times in seconds.

    The defaults suit a news desk that follows many outlets: polite to each host
    (``per_host_concurrency`` and ``per_host_delay``), bounded everywhere else (timeouts,
    ``max_bytes``, ``max_redirects``) and closed to private networks unless
    ``allow_private`` is set.
    """

    user_agent: str = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)"
    connect_timeout: float = 10.0  # DNS lookup, TCP connect and TLS handshake
    read_timeout: float = 20.0  # between bytes: a trickling server must not hang us
    total_timeout: float = 60.0  # the whole fetch, redirects and body included
    max_bytes: int = 10 * 1024 * 1024  # decoded body size; larger responses are refused
    max_redirects: int = 5
    per_host_concurrency: int = 2
    per_host_delay: float = 0.5  # minimum seconds between request starts to one host
    total_concurrency: int = 100
    allow_private: bool = False  # allow loopback, private, link-local ... addresses
    respect_robots: bool = True
