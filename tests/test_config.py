"""Settings: flags over environment over the file over defaults; clear errors; secrets kept
out of reprs (logs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import newsdesk
from newsdesk.cli import main
from newsdesk.config import CONFIG_ENV, ENV_PREFIX, SETTINGS, ConfigError, load_config
from newsdesk.config_schema import example_file


def test_flags_win_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("NEWSDESK_ALLOW_PRIVATE", "yes")
    monkeypatch.setenv("NEWSDESK_TELEGRAM_SOURCES", "3, 5")
    monkeypatch.setenv("NEWSDESK_TELEGRAM_FOLDERS", "News/Agencies")
    assert load_config().db == str(tmp_path / "env.db")
    assert load_config(db="flag.db").db == "flag.db"
    config = load_config()
    assert config.allow_private
    assert config.telegram.sources == frozenset({3, 5})
    assert config.telegram.folders == frozenset({"News/Agencies"})


def test_default_database_lives_in_the_data_dir(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    assert load_config(data_dir=str(tmp_path)).db == str(tmp_path / "newsdesk.db")


def test_secrets_never_show_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_API_TOKEN", "api-secret-1")
    monkeypatch.setenv("NEWSDESK_READ_TOKEN", "read-secret-2")
    monkeypatch.setenv("NEWSDESK_TELEGRAM_TOKEN", "123:bot-secret-3")
    monkeypatch.setenv("NEWSDESK_TELEGRAM_CHANNEL", "@quay")
    config = load_config()
    assert config.telegram.enabled
    shown = repr(config)
    for secret in ("api-secret-1", "read-secret-2", "bot-secret-3"):
        assert secret not in shown


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_sits_between_environment_and_defaults(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSDESK_MAX_INTERVAL", "1800")
    monkeypatch.delenv("NEWSDESK_DB", raising=False)
    path = _write(tmp_path / "desk.toml", 'db = "file.db"\n[poll]\nmin_interval = 30\n'
                  "max_interval = 900\n[telegram]\nlanguages = [\"FA\", \"ar\"]\n")
    config = load_config(config_file=str(path))
    assert config.poll.min_interval_s == 30.0  # the file beats the default
    assert config.poll.max_interval_s == 1800.0  # the environment beats the file
    assert config.db == str(tmp_path / "file.db")  # relative to the file
    assert config.telegram.languages == frozenset({"fa", "ar"})
    assert load_config(db="flag.db", config_file=str(path)).db == "flag.db"
    origins = {key: found.origin for key, found in config.settings.items()}
    assert origins["poll.min_interval"] == "file"
    assert origins["poll.max_interval"] == "env"
    assert origins["poll.default_interval"] == "default"


def test_the_file_is_found_by_environment_or_in_the_data_dir(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _write(tmp_path / "newsdesk.toml", "[poll]\nmax_failures = 3\n")
    monkeypatch.delenv("NEWSDESK_CONFIG", raising=False)
    assert load_config(data_dir=str(tmp_path)).poll.max_failures == 3
    other = _write(tmp_path / "other.toml", "[poll]\nmax_failures = 4\n")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(other))
    assert load_config(data_dir=str(tmp_path)).poll.max_failures == 4
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match=r"missing.toml \(NEWSDESK_CONFIG\) does not exist"):
        load_config()


@pytest.mark.parametrize(("text", "message"), [
    ("[poll]\nmin_intervall = 30\n", "unknown setting 'poll.min_intervall' (did you mean"
     " 'poll.min_interval'?)"),
    ("max_failures = 3\n", "unknown setting 'max_failures' (did you mean"
     " 'poll.max_failures'?)"),
    ("[poll]\nmin_interval = 'fast'\n", "poll.min_interval must be a number, not 'fast'"),
    ("[api]\ntoken = 12345\n", "api.token must be text, not ***"),
    ("[log]\nformat = 'xml'\n", "log.format must be 'text' or 'json', not 'xml'"),
    ("[poll\n", "is not valid TOML"),
])
def test_a_bad_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "desk.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(config_file=str(path))
    assert message in str(caught.value)


def test_a_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_PER_HOST_DELAY", "soon")
    with pytest.raises(ConfigError, match="NEWSDESK_PER_HOST_DELAY must be a number, not"
                                          " 'soon'"):
        load_config()


def test_the_example_file_loads_back_to_the_defaults(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in SETTINGS:
        monkeypatch.delenv(ENV_PREFIX + setting.env_name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    defaults = load_config()
    example = example_file(SETTINGS, env_prefix=ENV_PREFIX)
    uncommented = "\n".join(line[2:] if line.startswith("# ") and " = " in line else line
                            for line in example.splitlines())
    path = _write(tmp_path / "example.toml", uncommented)
    loaded = load_config(config_file=str(path))
    assert {k: e.value for k, e in loaded.settings.items()} == {
        k: e.value for k, e in defaults.settings.items()}
    assert {e.origin for e in loaded.settings.values()} <= {"file", "default"}


def test_every_environment_variable_the_code_reads_is_a_setting() -> None:
    """A variable read anywhere but through `SETTINGS` escapes the file and `config show`."""
    names = {ENV_PREFIX + s.env_name for s in SETTINGS} | {CONFIG_ENV}
    source = Path(newsdesk.__file__).parent
    read = set()
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        constants = set(re.findall(r"^(NEWSDESK_\w+) =", text, re.MULTILINE))
        read |= set(re.findall(r"['\" $](NEWSDESK_[A-Z_]+[A-Z])\b", text)) - constants
        read |= {ENV_PREFIX + n for n in re.findall(r"_env\w*\(\"([A-Z_]+)\"", text)}
    assert read - names == set()


def test_every_setting_is_documented() -> None:
    guide = (Path(newsdesk.__file__).parents[2] / "docs" / "deploy.md").read_text()
    missing = [s.key for s in SETTINGS
               if f"| `{s.key}` | `{ENV_PREFIX}{s.env_name}` |" not in guide]
    assert missing == [], "add these to the table in docs/deploy.md"


def test_config_show_says_where_each_value_came_from_and_masks_secrets(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "desk.toml", '[poll]\nmin_interval = 45\n[telegram]\ntoken = '
                  '"777:file-bot-secret"\n')
    path.chmod(0o600)
    monkeypatch.setenv("NEWSDESK_API_TOKEN", "env-api-secret")
    db = "postgresql://desk:db-secret@db1/news"
    assert main(["--config", str(path), "--db", db, "config", "show", "--json"]) == 0
    out, err = capsys.readouterr()
    shown = json.loads(out)
    assert shown["file"] == str(path)
    rows = {row["key"]: (row["value"], row["source"]) for row in shown["settings"]}
    assert rows["db"] == ("postgresql://desk:***@db1/news", "flag")
    assert rows["api.token"] == ("***", "env")
    assert rows["telegram.token"] == ("***", "file")
    assert rows["poll.min_interval"] == ("45.0", "file")
    assert rows["poll.max_interval"] == ("3600.0", "default")
    for secret in ("file-bot-secret", "env-api-secret", "db-secret"):
        assert secret not in out + err


def test_a_bad_config_file_stops_the_command_with_one_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "desk.toml", "[poll]\nmin_intervall = 30\n")
    assert main(["--config", str(path), "sources", "list"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"newsdesk: {path}: unknown setting 'poll.min_intervall' (did you"
                           " mean 'poll.min_interval'?); `newsdesk config show` lists every"
                           " setting")


def test_a_readable_file_with_secrets_is_warned_about(tmp_path: Path) -> None:
    path = _write(tmp_path / "desk.toml", '[api]\ntoken = "shared-secret"\n')
    path.chmod(0o644)
    [warning] = load_config(config_file=str(path)).warnings
    assert "other users may read it" in warning and "chmod 600" in warning
