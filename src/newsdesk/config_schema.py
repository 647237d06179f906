"""What a setting is and how its values are read: from flags, the environment's text, a TOML
file; and how it is shown (`newsdesk config show`), secrets masked. The table of settings
itself is `newsdesk.config.SETTINGS`."""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ORIGINS = ("flag", "env", "file", "default")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigError(Exception):
    """A setting could not be read; the message names it and says what to do."""


@dataclass(frozen=True)
class Kind:
    """A type of setting: what it is called in errors, how text (environment) and TOML
    values become the value `Config` holds, and how that value is shown."""

    name: str
    from_text: Callable[[str], Any]
    from_toml: Callable[[Any], Any]
    show: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    is_path: bool = False  # relative paths in a config file are relative to the file


def _toml_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _toml_number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    return float(value)


def _toml_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _toml_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return _words(value)
    if not isinstance(value, list):
        raise TypeError
    return [str(item).strip() for item in value if str(item).strip()]


def _list_kind(name: str, make: Callable[[list[str]], Any]) -> Kind:
    return Kind(name, lambda text: make(_words(text)), lambda value: make(_toml_list(value)),
                show=lambda value: ", ".join(str(v) for v in sorted(value, key=str)))


def _choice(*allowed: str) -> Kind:
    def check(value: Any) -> str:
        text = str(value).strip().lower()
        if text not in allowed:
            raise ValueError
        return text
    return Kind(" or ".join(repr(a) for a in allowed if a) or "a word", check, check)


def redact_url(url: str) -> str:
    """A database URL fit to show: its password, if any, replaced by ``***``."""
    parts = urlsplit(url)
    if "://" not in url or not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


STR = Kind("text", str, _toml_str)
INT = Kind("a whole number", int, _toml_int)


def _positive(value: Any) -> int:
    number = int(value.replace("_", "")) if isinstance(value, str) else _toml_int(value)
    if number < 1:
        raise ValueError
    return number


POSITIVE = Kind("a whole number above 0", _positive, _positive)
FLOAT = Kind("a number", float, _toml_number)
BOOL = Kind("yes or no (true/false, 1/0, on/off)", _bool, _bool,
            show=lambda value: "yes" if value else "no")
PATH = Kind("a path", lambda text: Path(text).expanduser(),
            lambda value: Path(_toml_str(value)).expanduser(), is_path=True)
DATABASE = Kind("a file path or a postgresql:// URL", str, _toml_str, show=redact_url,
                is_path=True)
IDS = _list_kind("a list of source ids", lambda items: frozenset(int(i) for i in items))
NAMES = _list_kind("a list of names", frozenset)
LANGUAGES = _list_kind("a list of language codes",
                       lambda items: frozenset(i.lower() for i in items))
WORDS = _list_kind("a list of words", tuple)
LOG_FORMAT = _choice("text", "json")
LOG_LEVEL = _choice("", "debug", "info", "warning", "error")
SITE_LANGUAGE = _choice("en", "fa", "ar")
def _web_address(value: Any) -> str:
    text = _toml_str(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError
    return text


WEB_ADDRESS = Kind("an http(s) address (https://news.example)", _web_address, _web_address)
POST_STATUS = _choice("publish", "draft")
HIDDEN_POST = _choice("draft", "trash")


def _zone(value: Any) -> str:
    name = _toml_str(value).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError from exc
    return name


TIMEZONE = Kind("an IANA time zone name (e.g. Asia/Tehran)", _zone, _zone)


@dataclass(frozen=True)
class Setting:
    """One row of the settings table (see `newsdesk.config.SETTINGS`).

    ``default`` is a value, or a function of the settings resolved before this one.
    ``env`` (without the ``NEWSDESK_`` prefix) defaults to the key upper-cased with dots as
    underscores; ``field`` (where the value goes on `Config`) defaults to the key.
    """

    key: str
    kind: Kind
    default: Any
    help: str
    env: str = ""
    field: str = ""
    secret: bool = False

    @property
    def env_name(self) -> str:
        return self.env or self.key.upper().replace(".", "_")

    @property
    def target(self) -> str:
        return self.field or self.key


@dataclass(frozen=True)
class Effective:
    """A setting's value in effect and where it came from: flag, env, file or default."""

    setting: Setting
    value: Any
    origin: str

    @property
    def shown(self) -> str:
        """The value as `config show` prints it: a secret is ``***`` when set."""
        if self.setting.secret:
            return "***" if self.value else ""
        return self.setting.kind.show(self.value)


def resolve(
    settings: Sequence[Setting], flags: Mapping[str, Any], environ: Mapping[str, str],
    from_file: Mapping[str, Any], *, env_prefix: str,
) -> dict[str, Effective]:
    """Each setting's value from the first place that has it: flags, environment (an empty
    variable counts as unset), the file, the default."""
    found: dict[str, Effective] = {}
    values: dict[str, Any] = {}
    for setting in settings:
        variable = env_prefix + setting.env_name
        if setting.key in flags:
            value, origin = flags[setting.key], "flag"
            if isinstance(value, str):
                value = _parse(setting, value, _flag_name(setting), from_text=True)
        elif environ.get(variable, "").strip():
            value = _parse(setting, environ[variable].strip(), variable, from_text=True)
            origin = "env"
        elif setting.key in from_file:
            value, origin = from_file[setting.key], "file"
        else:
            default = setting.default
            value, origin = (default(values) if callable(default) else default), "default"
        found[setting.key] = Effective(setting, value, origin)
        values[setting.key] = value
    return found


def read_config_file(path: Path, settings: Sequence[Setting]) -> dict[str, Any]:
    """The settings a TOML file holds, by key, parsed. Sections nest keys: ``[poll]`` then
    ``min_interval = 30`` is ``poll.min_interval``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    by_key = {s.key: s for s in settings}
    parsed: dict[str, Any] = {}
    for key, value in _flatten(data, by_key):
        setting = by_key.get(key)
        if value == "" and setting is not None:  # as in the environment: empty is unset
            continue
        if setting is None:
            raise ConfigError(f"{path}: unknown setting {key!r}{_did_you_mean(key, by_key)};"
                              " `newsdesk config show` lists every setting")
        value = _parse(setting, value, f"{path}: {key}", from_text=False)
        if setting.kind.is_path and not _is_url(value) and not Path(value).is_absolute():
            value = type(value)(path.parent / value)
        parsed[key] = value
    return parsed


def _flatten(data: Mapping[str, Any], by_key: Mapping[str, Setting],
             prefix: str = "") -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for name, value in data.items():
        key = prefix + name
        if isinstance(value, dict) and key not in by_key:
            pairs.extend(_flatten(value, by_key, key + "."))
        else:
            pairs.append((key, value))
    return pairs


def _did_you_mean(key: str, by_key: Mapping[str, Setting]) -> str:
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
    if not close:  # a right name in the wrong section, e.g. `min_interval` for `poll.*`
        tail = key.rpartition(".")[2]
        close = [k for k in by_key if k.rpartition(".")[2] == tail][:1]
    return f" (did you mean {close[0]!r}?)" if close else ""


def _parse(setting: Setting, raw: Any, where: str, *, from_text: bool) -> Any:
    kind = setting.kind
    try:
        return kind.from_text(raw) if from_text else kind.from_toml(raw)
    except (TypeError, ValueError):
        shown = "***" if setting.secret else repr(raw)
        raise ConfigError(f"{where} must be {kind.name}, not {shown}") from None


def _flag_name(setting: Setting) -> str:
    return "--" + setting.key.replace(".", "-").replace("_", "-")


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and "://" in value


def example_file(settings: Sequence[Setting], *, env_prefix: str) -> str:
    """A config file listing every setting at its default, commented out, with its help."""
    values = resolve(settings, {}, {}, {}, env_prefix=env_prefix)
    sections: dict[str, list[Setting]] = {}
    for setting in sorted(settings, key=lambda s: "." in s.key):  # top-level keys first
        sections.setdefault(setting.key.rpartition(".")[0], []).append(setting)
    lines = ["# newsdesk settings: uncomment and change what you need.",
             "# Flags win over NEWSDESK_* environment variables, which win over this file."]
    for section, rows in sections.items():
        lines += ["", f"[{section}]"] if section else [""]
        for setting in rows:
            name = setting.key.rpartition(".")[2]
            lines.append(f"# {setting.help} (${env_prefix}{setting.env_name})")
            lines.append(f"# {name} = {_toml_value(values[setting.key].value)}")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, frozenset | tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in sorted(value, key=str)) + "]"
    return json.dumps("" if value is None else str(value), ensure_ascii=False)
