"""`newsdesk completion bash|zsh|fish`: each script, loaded in its real shell, completes
commands, subcommands, options and option values from the parser's tree."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from newsdesk.cli import build_parser
from newsdesk.ops.completion import levels, script

CASES = [
    (["newsdesk", "sou"], {"sources"}),
    (["newsdesk", "sources", "a"], {"add"}),
    (["newsdesk", "--db", "desk.db", "sources", "li"], {"list"}),
    (["newsdesk", "--log-format", ""], {"text", "json"}),
    (["newsdesk", "sources", "add", "--kind", "t"], {"telegram"}),
    (["newsdesk", "completion", ""], {"bash", "zsh", "fish"}),
    (["newsdesk", "config", ""], {"show", "example"}),
    (["newsdesk", "prune", "--d"], {"--dry-run"}),
    (["newsdesk", "worker", "--metrics-port", "9100", "--c"], {"--concurrency"}),
]


def _bash(path: Path, words: list[str]) -> set[str]:
    program = (f"source {path}; COMP_WORDS=({' '.join(map(shlex.quote, words))});"
               f" COMP_CWORD={len(words) - 1}; _newsdesk; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    return _lines(["bash", "-c", program])


def _zsh(path: Path, words: list[str]) -> set[str]:
    program = ("compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -l -- $@; };"
               " _files() { print -- FILES; };"
               f" source {path}; words=({' '.join(map(shlex.quote, words))});"
               f" CURRENT={len(words)}; _newsdesk")
    cur = words[-1]
    return {w for w in _lines(["zsh", "-f", "-c", program]) if w.startswith(cur)}


def _fish(path: Path, words: list[str]) -> set[str]:
    line = " ".join(shlex.quote(w) for w in words[:-1]) + " " + words[-1]
    found = _lines(["fish", "--no-config", "-c",
                    f"source {path}; complete -C {shlex.quote(line)}"])
    return {w.split("\t")[0] for w in found}


def _lines(command: list[str]) -> set[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=True)
    return {line for line in done.stdout.splitlines() if line}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_completes_from_the_tree(shell: str, tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here")
    path = tmp_path / f"newsdesk.{shell}"
    path.write_text(script(shell, build_parser()))
    complete = {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell]
    for words, expected in CASES:
        assert complete(path, words) == expected, words


def test_the_tree_holds_every_command_and_option() -> None:
    tree = {level.path: level for level in levels(build_parser())}
    assert {"sources add", "stories split", "config show", "index rebuild"} <= set(tree)
    assert tree["sources add"].choices["--kind"] == ["auto", "feed", "sitemap", "page",
                                                     "telegram"]
    assert "--config" in tree[""].valued and "--json" not in tree["search"].valued
