"""The systemd units name real commands, options and settings."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.cli import build_parser
from newsdesk.config import CONFIG_ENV, ENV_PREFIX, SETTINGS

UNITS = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
SPECIFIERS = {"%i": "9101", "%H": "desk1"}  # an instance name, a host name


def _entries(path: Path) -> list[tuple[str, str, str]]:
    """(section, key, value) of each setting line (keys may repeat, as in systemd)."""
    found, section = [], ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            found.append((section, key, value))
    return found


def _commands(path: Path) -> list[list[str]]:
    commands = []
    for _, key, value in _entries(path):
        if key in ("ExecStart", "ExecStartPre"):
            for specifier, example in SPECIFIERS.items():
                value = value.replace(specifier, example)
            commands.append(shlex.split(value.lstrip("-@+!")))
    return commands


def test_there_are_units_for_serve_worker_run_and_a_retention_timer() -> None:
    names = {p.name for p in UNITS.iterdir()}
    assert {"newsdesk-web.service", "newsdesk-worker@.service", "newsdesk-run.service",
            "newsdesk-prune.service", "newsdesk-prune.timer"} <= names
    timer = dict((k, v) for _, k, v in _entries(UNITS / "newsdesk-prune.timer"))
    assert timer["OnCalendar"] == "hourly" and timer["Persistent"] == "true"


@pytest.mark.parametrize("unit", sorted(p.name for p in UNITS.glob("*.service")))
def test_every_command_of_a_unit_parses_and_has_help(unit: str) -> None:
    commands = _commands(UNITS / unit)
    assert commands, f"{unit} starts nothing"
    for command in commands:
        assert command[0] == "/opt/newsdesk/bin/newsdesk"
        build_parser().parse_args(command[1:])  # exits (fails the test) on a wrong option
        done = subprocess.run([sys.executable, "-m", "newsdesk", *command[1:], "--help"],
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0 and done.stdout.startswith("usage: newsdesk"), done.stderr


@pytest.mark.parametrize("unit", sorted(p.name for p in UNITS.glob("*.service")))
def test_units_set_only_real_settings_and_drop_privileges(unit: str) -> None:
    settings = {ENV_PREFIX + s.env_name for s in SETTINGS} | {CONFIG_ENV}
    entries = _entries(UNITS / unit)
    for _, key, value in entries:
        if key == "Environment":
            assert value.partition("=")[0] in settings
    service = {k: v for section, k, v in entries if section == "Service"}
    assert service["User"] == "newsdesk" and service["NoNewPrivileges"] == "yes"
    assert service["ReadWritePaths"] == "/var/lib/newsdesk"


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here; the units were checked by parsing")
    done = subprocess.run(["systemd-analyze", "verify", "--man=no",
                           *map(str, UNITS.glob("newsdesk-*.*"))],
                          capture_output=True, text=True, timeout=60, check=False)
    problems = [line for line in done.stderr.splitlines()
                if "newsdesk" in line and "/opt/newsdesk/bin/newsdesk" not in line]
    assert problems == []
