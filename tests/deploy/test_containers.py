"""The Dockerfile and compose.yaml: their structure, and the commands they run.

Where a container engine answers, the image is built and the compose stack started. This
machine has the docker command but no engine, so the same commands the compose file runs
(migrate, serve, worker) are started as processes against the test PostgreSQL instead.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsdesk.cli import build_parser
from newsdesk.config import ENV_PREFIX, SETTINGS
from newsdesk.store import open_store
from tests.ops.velmora import free_port, publish
from tests.sites import StaticSite

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    found = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            word, _, rest = line.strip().partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def _exec_form(arguments: str) -> list[str]:
    return list(json.loads(arguments))


def test_the_image_is_multi_stage_slim_non_root_and_checks_its_health() -> None:
    steps = _instructions()
    stages = [args for word, args in steps if word == "FROM"]
    assert len(stages) == 2 and all("-slim" in stage for stage in stages)
    final = steps[max(i for i, (word, _) in enumerate(steps) if word == "FROM"):]
    users = [args for word, args in final if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    [health] = [args for word, args in final if word == "HEALTHCHECK"]
    assert "/healthz" in health
    assert _exec_form(dict(final)["ENTRYPOINT"]) == ["newsdesk"]
    build_parser().parse_args(_exec_form(dict(final)["CMD"]))
    for word, args in steps:  # what it copies from the repository exists
        if word == "COPY" and not args.startswith("--from"):
            for source in args.split()[:-1]:
                assert (ROOT / source).exists(), source


def test_the_compose_file_runs_a_database_a_web_server_and_scalable_workers() -> None:
    assert {"db", "migrate", "web", "worker"} <= set(SERVICES)
    assert "healthcheck" in SERVICES["db"]
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        service = SERVICES[name]
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        build_parser().parse_args(service["command"])
    assert SERVICES["web"]["ports"] == ["8080:8080"]
    worker = SERVICES["worker"]
    assert "ports" not in worker and "container_name" not in worker  # --scale worker=N works
    assert "/healthz" in " ".join(worker["healthcheck"]["test"])
    settings = {ENV_PREFIX + s.env_name for s in SETTINGS}
    for name, service in SERVICES.items():
        for variable in service.get("environment", {}):
            assert name == "db" or variable in settings, f"{name}: {variable}"


def _engine_problem() -> str | None:
    try:
        done = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=20,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"docker cannot be run: {exc}"
    if done.returncode != 0:
        return "no container engine answers: " + " ".join(done.stderr.split())[:200]
    if subprocess.run(["docker", "compose", "version"], capture_output=True,
                      check=False).returncode != 0:
        return "the docker compose plugin is not installed"
    return None


def test_the_stack_in_containers() -> None:
    problem = _engine_problem()
    if problem:
        pytest.skip(f"{problem}; test_compose_commands_as_processes runs the same commands"
                    " without containers")
    project = f"newsdesk-test-{os.getpid()}"
    compose = ["docker", "compose", "-f", str(ROOT / "compose.yaml"), "-p", project]
    try:
        subprocess.run([*compose, "up", "-d", "--build", "--scale", "worker=2"], check=True,
                       timeout=1200)
        deadline = time.monotonic() + 180
        while True:
            try:
                assert json.loads(_get("http://127.0.0.1:8080/readyz"))["status"] == "ok"
                break
            except OSError:
                assert time.monotonic() < deadline, "the web container never became ready"
                time.sleep(2)
        running = subprocess.run([*compose, "ps", "--status", "running", "-q", "worker"],
                                 capture_output=True, text=True, check=True).stdout.split()
        assert len(running) == 2
    finally:
        subprocess.run([*compose, "down", "-v"], check=False, timeout=300)


class Stack:
    """The compose services' commands as processes on this machine."""

    def __init__(self, url: str) -> None:
        self.env = {**os.environ, "NEWSDESK_DB": url, "NEWSDESK_ALLOW_PRIVATE": "1",
                    "NEWSDESK_EXTRACT_WORKERS": "0"}
        self.processes: list[subprocess.Popen[str]] = []

    def command(self, service: str, **replace: str) -> list[str]:
        """The service's command, its host and ports swapped for free local ones."""
        command = list(SERVICES[service]["command"])
        for option, value in replace.items():
            command[command.index(option) + 1] = value
        return [sys.executable, "-m", "newsdesk", *command]

    def environment(self, service: str) -> dict[str, str]:
        found = {k: str(v) for k, v in SERVICES[service].get("environment", {}).items()
                 if "${" not in str(v)}  # no compose interpolation here
        found.pop("NEWSDESK_METRICS_HOST", None)  # stay on 127.0.0.1
        return {**self.env, **found}

    def start(self, service: str, command: list[str]) -> subprocess.Popen[str]:
        process = subprocess.Popen(command, env=self.environment(service), text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def stop(self) -> list[tuple[int | None, str]]:
        """SIGTERM each process; (exit code, output) of each."""
        stopped = []
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            output = process.communicate(timeout=60)[0] if process.stdout else ""
            stopped.append((process.returncode, output))
        self.processes = []
        return stopped


def _wait_for(check: Any, what: str, stack: Stack, seconds: float = 90) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        if any(p.poll() is not None for p in stack.processes):
            break
        time.sleep(0.3)
    outputs = "\n".join(out for _, out in stack.stop())
    pytest.fail(f"{what} did not happen:\n{outputs[-4000:]}")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as page:
        return bytes(page.read())


@pytest.fixture
def stack(pg_schema_url: str) -> Iterator[Stack]:
    running = Stack(pg_schema_url)
    yield running
    running.stop()


def test_compose_commands_as_processes(stack: Stack, pg_schema_url: str,
                                       static_site: StaticSite) -> None:
    migrate = subprocess.run([sys.executable, "-m", "newsdesk", *SERVICES["migrate"]["command"]],
                             env=stack.environment("migrate"), capture_output=True, text=True,
                             timeout=120, check=False)
    assert migrate.returncode == 0 and "schema version" in migrate.stdout, migrate.stderr
    web_port, metrics_port = free_port(), free_port()
    stack.start("web", stack.command("web", **{"--host": "127.0.0.1",
                                               "--port": str(web_port)}))
    stack.start("worker", stack.command("worker", **{"--metrics-port": str(metrics_port)}))
    web = f"http://127.0.0.1:{web_port}"
    ready = _wait_for(lambda: json.loads(_get(web + "/readyz")), "web ready", stack)
    assert ready == {"status": "ok", "checks": {"database": "ok", "search": "ok"}}
    [health] = [args for word, args in _instructions() if word == "HEALTHCHECK"]
    probe = _exec_form(health.partition(" CMD ")[2])  # the image's own check, run here
    probe = [sys.executable, *(a.replace(":8080/", f":{web_port}/") for a in probe[1:])]
    assert subprocess.run(probe, timeout=30, check=False).returncode == 0

    store = open_store(pg_schema_url)
    try:
        store.add_source(publish(static_site), name="Velmora Courier", kind="feed",
                         interval_s=600)
        _wait_for(lambda: store.article_count() == 2, "the worker storing the articles", stack)
    finally:
        store.close()
    # the poll is counted when it ends, a moment after its articles are stored
    _wait_for(lambda: re.search(r'newsdesk_polls_total\{outcome="ok"\} [1-9]',
                                _get(f"http://127.0.0.1:{metrics_port}/metrics").decode()),
              "the worker counting its poll", stack)
    assert json.loads(_get(f"http://127.0.0.1:{metrics_port}/healthz")) == {"status": "ok"}
    assert "newsdesk_articles 2.0" in _get(web + "/metrics").decode()
    for code, output in stack.stop():
        assert code == 0, output
        lines = [line for line in output.splitlines() if line.startswith("{")]
        assert lines and all(json.loads(line)["time"] for line in lines)  # LOG_FORMAT=json
