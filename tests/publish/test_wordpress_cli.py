"""`newsdesk wordpress check` and `newsdesk wordpress plugin` from the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk import cli
from tests.publish.wordpress_site import PLUGIN, WordPressSite


def configure(monkeypatch: pytest.MonkeyPatch, site: WordPressSite, tmp_path: Path,
              password: str | None = None) -> None:
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSDESK_WORDPRESS_URL", site.url)
    monkeypatch.setenv("NEWSDESK_WORDPRESS_USER", site.user)
    monkeypatch.setenv("NEWSDESK_WORDPRESS_APP_PASSWORD", password or site.app_password)


def test_the_check_says_where_posts_go_and_as_whom(
        wordpress: WordPressSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    configure(monkeypatch, wordpress, tmp_path)
    monkeypatch.setenv("NEWSDESK_WORDPRESS_STATUS", "draft")
    assert cli.main(["wordpress", "check"]) == 0
    said = capsys.readouterr().out
    assert said == (f"{wordpress.url}: 'Tern Valley Courier', posting as {wordpress.user}"
                    " (administrator); newsdesk's plugin installed; new posts: draft; hidden"
                    " stories: draft\n")
    assert cli.main(["wordpress", "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["problems"] == []


def test_the_check_names_a_wrong_password_and_never_prints_it(
        wordpress: WordPressSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    configure(monkeypatch, wordpress, tmp_path, password="wxyz wxyz wxyz wxyz wxyz wxyz")
    assert cli.main(["wordpress", "check"]) == 1
    said = capsys.readouterr()
    assert "WordPress refused (401 rest_not_logged_in)" in said.err
    assert "NEWSDESK_WORDPRESS_APP_PASSWORD" in said.err
    assert "wxyz" not in said.out + said.err


def test_posting_off_says_which_settings_to_set(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path))
    for name in ("URL", "USER", "APP_PASSWORD"):
        monkeypatch.delenv(f"NEWSDESK_WORDPRESS_{name}", raising=False)
    assert cli.main(["wordpress", "check"]) == 2
    assert "set NEWSDESK_WORDPRESS_URL" in capsys.readouterr().err


def test_the_plugin_is_printed_whole(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["wordpress", "plugin"]) == 0
    assert capsys.readouterr().out == PLUGIN.read_text()


def test_the_settings_are_checked_and_the_password_is_a_secret(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from newsdesk.config import load_config

    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSDESK_WORDPRESS_APP_PASSWORD", "tern valley gull wire 42")
    monkeypatch.setenv("NEWSDESK_WORDPRESS_HIDDEN", "trash")
    config = load_config()
    assert "tern valley" not in repr(config)
    assert config.wordpress.hidden == "trash"
    assert "tern valley gull wire 42" in config.secrets()  # so logs mask it
    assert cli.main(["config", "show"]) == 0
    shown = capsys.readouterr().out
    assert "tern valley" not in shown
    assert "wordpress.app_password" in shown
    monkeypatch.setenv("NEWSDESK_WORDPRESS_STATUS", "pending")
    assert cli.main(["config", "show"]) == 2
    assert "NEWSDESK_WORDPRESS_STATUS" in capsys.readouterr().err
    monkeypatch.delenv("NEWSDESK_WORDPRESS_STATUS")
    monkeypatch.setenv("NEWSDESK_WORDPRESS_URL", "news.example")
    assert cli.main(["wordpress", "check"]) == 2
    assert "NEWSDESK_WORDPRESS_URL must be an http(s) address" in capsys.readouterr().err
