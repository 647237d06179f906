"""Settings from flags, environment and defaults, resolved once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "NEWSDESK_"


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)


def _env_flag(name: str) -> bool:
    return (_env(name) or "").strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    return [part.strip() for part in (_env(name) or "").split(",") if part.strip()]


def _env_positive(name: str, default: int) -> int:
    """A whole number above 0 from ``NEWSDESK_<name>``; a bad value is refused by name."""
    text = (_env(name) or "").strip().replace("_", "")
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{ENV_PREFIX}{name}={text!r} is not a whole number above 0")
    return int(text)


def _spare_cores() -> int:
    """Every core but the one the event loop runs on, up to four."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsdesk"


@dataclass(frozen=True)
class PollPolicy:
    """How often sources are polled: bounds, backoff and when to give up on a source."""

    default_interval_s: float = 600.0
    min_interval_s: float = 60.0
    max_interval_s: float = 3600.0
    max_backoff_s: float = 6 * 3600.0
    max_failures: int = 10  # consecutive failures before a source is disabled
    concurrent_sources: int = 50


@dataclass(frozen=True)
class Limits:
    """Caps on input newsdesk does not control, each ``NEWSDESK_<NAME>`` (docs/security.md)."""

    max_items_per_poll: int = 500  # newest new items taken per poll; the rest next poll
    max_feed_bytes: int = 5 * 1024 * 1024  # a feed, sitemap, section or channel page
    max_page_bytes: int = 10 * 1024 * 1024  # an article page
    max_repair_line_chars: int = 1_000_000  # `newsdesk repair`: longer lines pass unrepaired
    max_opml_outlines: int = 100_000  # subscriptions in one OPML file


@dataclass(frozen=True)
class TelegramSettings:
    """Posting new stories to a channel; the filters choose which (empty: all)."""

    bot_token: str | None = None
    channel: str | None = None
    api_base: str = "https://api.telegram.org"
    sources: frozenset[int] = frozenset()
    folders: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token and self.channel)

    def __repr__(self) -> str:  # never print the token
        return f"TelegramSettings(channel={self.channel!r}, api_base={self.api_base!r})"


@dataclass(frozen=True)
class Config:
    """Everything the app needs; secrets are kept out of ``repr`` so they never reach logs."""

    data_dir: Path
    db: str
    allow_private: bool = False
    user_agent: str = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)"
    per_host_concurrency: int = 2  # politeness towards each host
    per_host_delay_s: float = 0.5
    extract_workers: int = 0  # processes that extract pages beside the main one
    poll: PollPolicy = field(default_factory=PollPolicy)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    limits: Limits = field(default_factory=Limits)
    api_token: str | None = field(default=None, repr=False)
    read_token: str | None = field(default=None, repr=False)  # set: reading needs it too
    site_url: str | None = None  # the public address of the site, for links in posts
    verbosity: int = 0


def load_config(
    *, db: str | None = None, data_dir: str | None = None, allow_private: bool = False,
    verbosity: int = 0,
) -> Config:
    """Flags win over ``NEWSDESK_*`` environment variables, which win over defaults."""
    directory = Path(data_dir or _env("DATA_DIR") or default_data_dir()).expanduser()
    database = db or _env("DB") or str(directory / "newsdesk.db")
    poll = PollPolicy(
        min_interval_s=float(_env("MIN_INTERVAL", "60") or 60),
        max_interval_s=float(_env("MAX_INTERVAL", "3600") or 3600),
        default_interval_s=float(_env("DEFAULT_INTERVAL", "600") or 600),
        max_failures=int(_env("MAX_FAILURES", "10") or 10),
    )
    telegram = TelegramSettings(
        bot_token=_env("TELEGRAM_TOKEN"),
        channel=_env("TELEGRAM_CHANNEL"),
        api_base=_env("TELEGRAM_API", "https://api.telegram.org") or "https://api.telegram.org",
        sources=frozenset(int(x) for x in _env_list("TELEGRAM_SOURCES")),
        folders=frozenset(_env_list("TELEGRAM_FOLDERS")),
        languages=frozenset(x.lower() for x in _env_list("TELEGRAM_LANGUAGES")),
        keywords=tuple(_env_list("TELEGRAM_KEYWORDS")),
    )
    limits = Limits(**{
        name: _env_positive(name.upper(), default)
        for name, default in vars(Limits()).items()
    })
    return Config(
        data_dir=directory,
        db=database,
        allow_private=allow_private or _env_flag("ALLOW_PRIVATE"),
        user_agent=_env("USER_AGENT") or Config.user_agent,
        per_host_concurrency=int(_env("PER_HOST_CONCURRENCY", "2") or 2),
        per_host_delay_s=float(_env("PER_HOST_DELAY", "0.5") or 0.5),
        extract_workers=int(_env("EXTRACT_WORKERS") or _spare_cores()),
        poll=poll,
        telegram=telegram,
        limits=limits,
        api_token=_env("API_TOKEN"),
        read_token=_env("READ_TOKEN"),
        site_url=_env("SITE_URL"),
        verbosity=verbosity,
    )
