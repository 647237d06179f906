"""Install paths: every import is a declared dependency; a built wheel installs in a fresh
venv (with the pip that came with Python) and runs."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
import venv
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

import newsdesk

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(newsdesk.__file__).parent
FIXTURE_PAGE = ROOT / "tests" / "extract" / "testdata" / "agency_original_dateline_desk.html"


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_normal(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0])
            for spec in project["dependencies"]}


def _imported_modules() -> dict[str, str]:
    """Top-level modules imported anywhere in the package, and one file importing each."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(SOURCE)))
    return found


def test_every_import_is_a_declared_dependency() -> None:
    """`pip install newsdesk` installs only what pyproject declares: an import of anything
    else (even one that a dependency happens to bring along) can break a user's install."""
    owners = packages_distributions()
    declared = _declared()
    missing = {}
    for module, where in _imported_modules().items():
        if module in sys.stdlib_module_names or module == "newsdesk":
            continue
        distributions = {_normal(d) for d in owners.get(module, [module])}
        if not distributions & declared:
            missing[module] = where
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "newsdesk", "--version"], capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip() == f"newsdesk {newsdesk.__version__}"


def _run(command: list[str], **kwargs: object) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900,
                          **kwargs)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return str(done.stdout)


@pytest.mark.slow
def test_a_built_wheel_installs_in_a_fresh_venv_and_runs(tmp_path: Path) -> None:
    """The release path: `python -m build` makes an sdist and a wheel from it; the wheel goes
    into a new venv (its own pip, as Python ships it) with the locked dependency versions."""
    dist = tmp_path / "dist"
    # No --sdist/--wheel: the wheel is built from the sdist, which proves the sdist whole
    # (and leaves no build/ directory in the source tree).
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)])
    [wheel] = dist.glob("newsdesk-*.whl")
    assert len(list(dist.glob("newsdesk-*.tar.gz"))) == 1
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(fresh)
    bin_dir = fresh / "bin"
    pip = _run([str(bin_dir / "python"), "-m", "pip", "--version"])
    _run(["sh", str(ROOT / "deploy" / "install-wheel.sh"), str(fresh), str(wheel),
          str(ROOT / "requirements.lock")])
    command = str(bin_dir / "newsdesk")
    assert _run([command, "--version"]).strip() == f"newsdesk {newsdesk.__version__}", pip
    extract = ["--data-dir", str(tmp_path / "data"), "extract", str(FIXTURE_PAGE), "--json"]
    page = json.loads(_run([command, *extract]))
    assert page["title"] == "Tram fares frozen for two more years"
    assert page == json.loads(_run([sys.executable, "-m", "newsdesk", *extract]))  # as in-tree
    repaired = _run([command, "--data-dir", str(tmp_path / "data"), "repair"],
                    input="thecabinetapprovedthenewbudget\n")
    assert repaired == "the cabinet approved the new budget\n"
    assert "schema version" in _run([command, "--data-dir", str(tmp_path / "data"), "migrate"])
