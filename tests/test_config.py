"""Settings: flags over environment over defaults, and secrets kept out of reprs (logs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import load_config


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
