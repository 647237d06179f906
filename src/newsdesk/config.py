"""Settings from flags, environment, a TOML file and defaults, resolved once at start-up.

Every setting is one row of `SETTINGS`: its key in the file, its type, its default, a line of
help, and (when they differ from what the key implies) its ``NEWSDESK_*`` variable and the
`Config` field it fills. Precedence: flags > environment > file > defaults. The file is
``--config``, else ``$NEWSDESK_CONFIG``, else ``DATA_DIR/newsdesk.toml`` when it exists.
Adding a setting is one row here and one field on `Config` (or the nested policy it names).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsdesk.config_schema import (
    BOOL,
    DATABASE,
    FLOAT,
    HIDDEN_POST,
    IDS,
    INT,
    LANGUAGES,
    LOG_FORMAT,
    LOG_LEVEL,
    NAMES,
    PATH,
    POSITIVE,
    POST_STATUS,
    SITE_LANGUAGE,
    STR,
    TIMEZONE,
    WEB_ADDRESS,
    WORDS,
    ConfigError,
    Effective,
    Setting,
    read_config_file,
    resolve,
)

ENV_PREFIX = "NEWSDESK_"
CONFIG_ENV = ENV_PREFIX + "CONFIG"
CONFIG_FILE_NAME = "newsdesk.toml"


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
    exclude: tuple[str, ...] = ()  # stories mentioning any of these are never posted
    hold_s: float = 300.0  # wait after a story appears, so its origin is known when posted
    template: str | None = None  # see publish/telegram_text.py; None: the default

    @property
    def enabled(self) -> bool:
        return bool(self.bot_token and self.channel)

    def __repr__(self) -> str:  # never print the token
        return f"TelegramSettings(channel={self.channel!r}, api_base={self.api_base!r})"


@dataclass(frozen=True)
class WordPressSettings:
    """Posting new stories to a WordPress site (docs/wordpress.md); the filters choose which
    (empty: all)."""

    url: str | None = None
    user: str | None = None
    app_password: str | None = field(default=None, repr=False)
    status: str = "publish"  # what a new post becomes: publish, or draft for review
    hidden: str = "draft"  # what becomes of the post of a story hidden in the desk
    hold_s: float = 300.0  # wait after a story appears, so its origin is known when posted
    sources: frozenset[int] = frozenset()
    folders: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # stories mentioning any of these are never posted

    @property
    def enabled(self) -> bool:
        return bool(self.url and self.user and self.app_password)


@dataclass(frozen=True)
class Retention:
    """How long what grows is kept (0: forever), and how often `run` and workers prune."""

    fetch_days: float = 30.0  # raw fetched bodies; an article's latest page is always kept
    revisions: int = 10  # earlier revisions kept per article
    job_days: float = 1.0  # finished job rows of the worker queue (PostgreSQL)
    search_change_days: float = 7.0  # applied search outbox rows, on PostgreSQL
    every_hours: float = 1.0  # 0: never on its own (run `newsdesk prune` from a timer)


@dataclass(frozen=True)
class SiteSettings:
    """How the public site presents itself (NEWSDESK_SITE_NAME, _LANGUAGE, _TIMEZONE, ...)."""

    name: str = "newsdesk"
    language: str = "en"  # the interface's language: en, fa or ar
    timezone: str = "UTC"  # an IANA zone name: times are shown there, days filtered there
    logo: Path | None = None  # a PNG, JPEG, WebP or SVG file shown in the header
    about: Path | None = None  # an HTML or text file: the /about page
    templates: Path | None = None  # templates here replace the built-in ones of the same name
    description: str | None = None  # the home page's description for search engines
    hijri: bool = False  # Arabic pages also give the Hijri date



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
    wordpress: WordPressSettings = field(default_factory=WordPressSettings)
    limits: Limits = field(default_factory=Limits)
    api_token: str | None = field(default=None, repr=False)
    read_token: str | None = field(default=None, repr=False)  # set: reading needs it too
    site_url: str | None = None  # the public address of the site, for links in posts
    site: SiteSettings = field(default_factory=SiteSettings)
    verbosity: int = 0
    search_dir: Path | None = None  # search indexes, one folder per database
    image_dir: Path | None = None  # lead pictures
    log_format: str = "text"
    log_level: str = ""  # empty: info for long-running commands, warning for the others
    metrics_port: int = 0  # `worker`: serve /metrics and /healthz on this port (0: off)
    metrics_host: str = "127.0.0.1"
    metrics_token: str | None = field(default=None, repr=False)
    retention: Retention = field(default_factory=Retention)
    config_file: Path | None = None  # the TOML file read, if any
    settings: Mapping[str, Effective] = field(default_factory=dict, repr=False, compare=False)
    warnings: tuple[str, ...] = ()  # for the log, once logging is set up

    def secrets(self) -> list[str]:
        """Every secret value set (and the database's password), so logs can mask them."""
        found = [e.value for e in self.settings.values() if e.setting.secret and e.value]
        try:
            password = urlsplit(self.db).password if "://" in self.db else None
        except ValueError:  # a malformed URL: the store says so when it opens
            password = None
        return [*found, password] if password else found


# One row per setting. `env` defaults to the key upper-cased with dots as underscores;
# `field` to the key itself: a plain `Config` field, or "<policy>.<name>" for a nested policy.
SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", PATH, lambda _: default_data_dir(), "where the embedded store, its"
            " search index and the default config file live"),
    Setting("db", DATABASE, lambda s: str(Path(s["data_dir"]) / "newsdesk.db"),
            "database: a SQLite file path or a postgresql:// URL"),
    Setting("allow_private", BOOL, False, "allow fetching from loopback, private, link-local"
            " and reserved addresses (refused by default, against SSRF)"),
    Setting("user_agent", STR, Config.user_agent, "the User-Agent sent"),
    Setting("extract_workers", INT, lambda _: _spare_cores(), "processes that extract pages"
            " beside the main one (0: inline)"),
    Setting("search_dir", PATH, None, "where search indexes live, one folder per database"
            " (default: beside a SQLite file, or DATA_DIR/search)"),
    Setting("site_url", STR, None, "the site's public address, for links in posts, canonical"
            " links and sitemaps (default: each request's own)"),
    Setting("image_dir", PATH, None, "where lead pictures (re-encoded copies) are kept"
            " (default: beside a SQLite file, or DATA_DIR/images)"),
    Setting("site.name", STR, SiteSettings.name, "the site's name: header, titles, feeds,"
            " JSON-LD publisher", env="SITE_NAME"),
    Setting("site.language", SITE_LANGUAGE, SiteSettings.language, "the interface's language:"
            " en, fa or ar (a Persian or Arabic page follows its content)", env="LANGUAGE"),
    Setting("site.timezone", TIMEZONE, SiteSettings.timezone, "the IANA time zone times are"
            " shown in and days filtered by", env="TIMEZONE"),
    Setting("site.logo", PATH, None, "a PNG, JPEG, WebP or SVG file shown in the header",
            env="SITE_LOGO"),
    Setting("site.about", PATH, None, "an HTML (sanitised) or text file: the /about page",
            env="SITE_ABOUT"),
    Setting("site.templates", PATH, None, "a folder of templates that replace the built-in"
            " ones of the same name", env="TEMPLATES"),
    Setting("site.description", STR, None, "the home page's description for search engines",
            env="SITE_DESCRIPTION"),
    Setting("site.hijri", BOOL, False, "Arabic pages also give the Hijri date", env="HIJRI"),
    Setting("fetch.per_host_concurrency", INT, 2, "requests at once to one host",
            env="PER_HOST_CONCURRENCY", field="per_host_concurrency"),
    Setting("fetch.per_host_delay", FLOAT, 0.5, "seconds between the starts of requests to"
            " one host", env="PER_HOST_DELAY", field="per_host_delay_s"),
    Setting("poll.min_interval", FLOAT, 60.0, "shortest polling interval, seconds",
            env="MIN_INTERVAL", field="poll.min_interval_s"),
    Setting("poll.max_interval", FLOAT, 3600.0, "longest polling interval, seconds",
            env="MAX_INTERVAL", field="poll.max_interval_s"),
    Setting("poll.default_interval", FLOAT, 600.0, "a new source's polling interval, seconds",
            env="DEFAULT_INTERVAL", field="poll.default_interval_s"),
    Setting("poll.max_failures", INT, 10, "failures in a row before a source is disabled",
            env="MAX_FAILURES"),
    Setting("api.token", STR, None, "token for API calls that change sources", env="API_TOKEN",
            field="api_token", secret=True),
    Setting("api.read_token", STR, None, "when set, reading the JSON API needs it",
            env="READ_TOKEN", field="read_token", secret=True),
    Setting("telegram.token", STR, None, "the Telegram bot's token", field="telegram.bot_token",
            secret=True),
    Setting("telegram.channel", STR, None, "the channel new stories are posted to"),
    Setting("telegram.api", STR, "https://api.telegram.org", "the Bot API base URL",
            field="telegram.api_base"),
    Setting("telegram.sources", IDS, frozenset(), "post only stories from these source ids"),
    Setting("telegram.folders", NAMES, frozenset(), "post only stories from these folders"),
    Setting("telegram.languages", LANGUAGES, frozenset(), "post only stories in these"
            " languages"),
    Setting("telegram.keywords", WORDS, (), "post only stories with one of these words"),
    Setting("telegram.exclude", WORDS, (), "never post stories mentioning one of these words"),
    Setting("telegram.hold", FLOAT, 300.0, "seconds to wait after a story appears before"
            " posting it, so its origin is known", field="telegram.hold_s"),
    Setting("telegram.template", STR, None, "the post template (title, summary, credit, link,"
            " hashtags; see docs/publishing.md); unset: the default"),
    Setting("wordpress.url", WEB_ADDRESS, None, "the WordPress site new stories are posted to (its"
            " address)"),
    Setting("wordpress.user", STR, None, "the WordPress user posts are made as (an Editor or"
            " Author)"),
    Setting("wordpress.app_password", STR, None, "an application password of that user (from"
            " their profile page in WordPress)", secret=True),
    Setting("wordpress.status", POST_STATUS, "publish", "what a new post becomes: publish, or"
            " draft for an editor to review"),
    Setting("wordpress.hidden", HIDDEN_POST, "draft", "what becomes of the post of a story"
            " hidden in the desk: draft or trash (shown again, it is published again)"),
    Setting("wordpress.hold", FLOAT, 300.0, "seconds a new story waits before it is posted,"
            " so its origin is known by then", field="wordpress.hold_s"),
    Setting("wordpress.sources", IDS, frozenset(), "post only stories from these source ids"),
    Setting("wordpress.folders", NAMES, frozenset(), "post only stories from these folders"),
    Setting("wordpress.languages", LANGUAGES, frozenset(), "post only stories in these"
            " languages"),
    Setting("wordpress.keywords", WORDS, (), "post only stories with one of these words"),
    Setting("wordpress.exclude", WORDS, (), "never post stories with one of these words"),
    Setting("log.format", LOG_FORMAT, "text", "text (one line per event) or json",
            field="log_format"),
    Setting("log.level", LOG_LEVEL, "", "debug, info, warning or error (default: info for"
            " serve, run, poll and worker, warning otherwise)", field="log_level"),
    Setting("metrics.port", INT, 0, "`worker`: serve /metrics and /healthz on this port",
            field="metrics_port"),
    Setting("metrics.host", STR, "127.0.0.1", "`worker`: the address that port listens on"
            " (0.0.0.0: every interface, as in a container)", field="metrics_host"),
    Setting("metrics.token", STR, None, "when set, /metrics needs it as a bearer token",
            field="metrics_token", secret=True),
    Setting("limits.max_items_per_poll", POSITIVE, Limits.max_items_per_poll, "new items one"
            " poll of one source takes (the newest; the rest come with the next polls)",
            env="MAX_ITEMS_PER_POLL"),
    Setting("limits.max_feed_bytes", POSITIVE, Limits.max_feed_bytes, "bytes of a feed,"
            " sitemap, section or channel page", env="MAX_FEED_BYTES"),
    Setting("limits.max_page_bytes", POSITIVE, Limits.max_page_bytes, "bytes of an article"
            " page", env="MAX_PAGE_BYTES"),
    Setting("limits.max_repair_line", POSITIVE, Limits.max_repair_line_chars, "characters of"
            " a line `repair` mends (longer ones pass through unrepaired)",
            env="MAX_REPAIR_LINE", field="limits.max_repair_line_chars"),
    Setting("limits.max_opml_outlines", POSITIVE, Limits.max_opml_outlines, "outlines in one"
            " OPML file (a longer file is refused whole)", env="MAX_OPML_OUTLINES"),
    Setting("retention.fetch_days", FLOAT, 30.0, "days raw fetched bodies are kept (an"
            " article's latest page is always kept; 0: forever)"),
    Setting("retention.revisions", INT, 10, "earlier revisions kept per article (0: all)"),
    Setting("retention.job_days", FLOAT, 1.0, "days finished worker jobs are kept"
            " (PostgreSQL; 0: forever)"),
    Setting("retention.search_change_days", FLOAT, 7.0, "days applied search outbox rows are"
            " kept for other machines' indexes (PostgreSQL; 0: forever)"),
    Setting("retention.every_hours", FLOAT, 1.0, "hours between prunes in `run` (workers"
            " prune hourly); 0: neither prunes on its own, use `newsdesk prune` from a timer"),
)

_NESTED: dict[str, type] = {"poll": PollPolicy, "telegram": TelegramSettings,
                            "retention": Retention, "site": SiteSettings, "limits": Limits,
                            "wordpress": WordPressSettings}


def load_config(
    *, db: str | None = None, data_dir: str | None = None, allow_private: bool = False,
    verbosity: int = 0, config_file: str | None = None, flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Flags win over ``NEWSDESK_*`` environment variables, which win over the config file,
    which wins over defaults. ``flags`` holds further flag values by setting key (None:
    not given). Raises `ConfigError` for an unreadable file, an unknown key or a bad value."""
    env = os.environ if environ is None else environ
    given = {"db": db, "data_dir": data_dir, "allow_private": allow_private or None,
             **(flags or {})}
    given = {key: value for key, value in given.items() if value is not None}
    path = _config_path(config_file, given, env)
    from_file = read_config_file(path, SETTINGS) if path else {}
    effective = resolve(SETTINGS, given, env, from_file, env_prefix=ENV_PREFIX)
    return _build(effective, path, verbosity)


def _config_path(flag: str | None, given: Mapping[str, Any],
                 env: Mapping[str, str]) -> Path | None:
    """The file to read: named (it must exist), or the data directory's when it exists."""
    named = flag or env.get(CONFIG_ENV) or None
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            where = "--config" if flag else CONFIG_ENV
            raise ConfigError(f"the config file {path} ({where}) does not exist; create it"
                              " (`newsdesk config example` prints one) or fix the path")
        return path
    directory = given.get("data_dir") or env.get(ENV_PREFIX + "DATA_DIR") or default_data_dir()
    default = Path(directory).expanduser() / CONFIG_FILE_NAME
    return default if default.is_file() else None


def _build(effective: Mapping[str, Effective], path: Path | None, verbosity: int) -> Config:
    top: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {name: {} for name in _NESTED}
    for found in effective.values():
        target = found.setting.target
        head, _, tail = target.partition(".")
        if tail:
            nested[head][tail] = found.value
        else:
            top[target] = found.value
    for name, kind in _NESTED.items():
        top[name] = kind(**nested[name])
    return Config(**top, verbosity=verbosity, config_file=path, settings=dict(effective),
                  warnings=tuple(_file_warnings(path, effective)))


def _file_warnings(path: Path | None, effective: Mapping[str, Effective]) -> list[str]:
    if path is None:
        return []
    db = effective["db"]
    holds_secret = any(e.origin == "file" and e.setting.secret and e.value
                       for e in effective.values()) or (
        db.origin == "file" and "://" in db.value and bool(urlsplit(db.value).password))
    if holds_secret and path.stat().st_mode & 0o077:
        return [f"{path} holds secrets but other users may read it; run: chmod 600 {path}"]
    return []


__all__ = [
    "CONFIG_ENV",
    "ENV_PREFIX",
    "SETTINGS",
    "Config",
    "ConfigError",
    "Effective",
    "Limits",
    "PollPolicy",
    "Retention",
    "Setting",
    "SiteSettings",
    "TelegramSettings",
    "WordPressSettings",
    "default_data_dir",
    "load_config",
]
