"""Shell completion scripts for bash, zsh and fish, written from the argparse tree.

Each script carries the tree as data (which words lead to which command, which options each
command takes, which options take a value, and the choices of those that have some), so it
needs no Python at completion time and follows the parser whenever it is regenerated.
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")


@dataclass
class Level:
    """One command (``""`` is the top): its subcommands, options and value choices."""

    path: str
    commands: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    valued: list[str] = field(default_factory=list)  # options that take the next word
    choices: dict[str, list[str]] = field(default_factory=dict)  # option -> its values
    words: list[str] = field(default_factory=list)  # choices of positional arguments


def levels(parser: argparse.ArgumentParser, path: str = "") -> list[Level]:
    """Every command of ``parser``, the top first."""
    level = Level(path)
    found = [level]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                level.commands.append(name)
                found.extend(levels(sub, f"{path} {name}".strip()))
        elif action.option_strings:
            level.options.extend(action.option_strings)
            if action.nargs != 0:
                level.valued.extend(action.option_strings)
                for option in action.option_strings:
                    if action.choices:
                        level.choices[option] = [str(c) for c in action.choices]
        elif action.choices:
            level.words.extend(str(c) for c in action.choices)
    return found


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for ``shell`` (one of `SHELLS`)."""
    tree = levels(parser)
    prog = parser.prog
    write = {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell]
    return write(prog, tree)


def _q(words: list[str]) -> str:
    return shlex.quote(" ".join(words))


def _cases(tree: list[Level], arm: str, setter: str) -> list[str]:
    """The case arms that walk the typed words: a valued option skips its value, a command
    name moves down the tree. ``arm`` formats a pattern and its body; ``setter`` an
    assignment (name, value)."""
    lines = []
    for level in tree:
        for option in level.valued:
            lines.append(arm.format(f"{level.path}|{option}", setter.format("skip", "1")))
        for name in level.commands:
            child = _q([f"{level.path} {name}".strip()])
            lines.append(arm.format(f"{level.path}|{name}", setter.format("cmdpath", child)))
    return lines


def _walk(tree: list[Level], words: str, first: int, cursor: str, arm: str) -> list[str]:
    """bash and zsh: the loop over the words before the cursor that finds the command."""
    return [f"    for ((i = {first}; i < {cursor}; i++)); do",
            f'        word="${{{words}[i]}}"',
            '        if [[ -n $skip ]]; then skip=""; continue; fi',
            '        case "$cmdpath|$word" in',
            *_cases(tree, arm, "{}={}"),
            "        esac",
            "    done"]


def _bash(prog: str, tree: list[Level]) -> str:
    fn = "_" + prog.replace("-", "_")
    lines = [
        f"# {prog} completion for bash: add to ~/.bashrc:  eval \"$({prog} completion bash)\"",
        f"{fn}() {{",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local cmdpath="" skip="" word i candidates=""',
        *_walk(tree, "COMP_WORDS", 1, "COMP_CWORD", '            "{}") {} ;;'),
        '    case "$cmdpath|$prev" in',
    ]
    for level in tree:
        for option in level.valued:
            values = level.choices.get(option)
            answer = (f"COMPREPLY=($(compgen -W {_q(values)} -- \"$cur\"))" if values
                      else "COMPREPLY=()")
            lines.append(f'        "{level.path}|{option}") {answer}; return ;;')
    lines += ["    esac", '    case "$cmdpath" in']
    for level in tree:
        lines.append(f'        "{level.path}") if [[ $cur == -* ]]; then'
                     f" candidates={_q(level.options)}; else"
                     f" candidates={_q(level.commands + level.words)}; fi ;;")
    lines += ["    esac",
              '    COMPREPLY=($(compgen -W "$candidates" -- "$cur"))',
              "}",
              f"complete -o default -F {fn} {prog}"]
    return "\n".join(lines) + "\n"


def _zsh(prog: str, tree: list[Level]) -> str:
    fn = "_" + prog.replace("-", "_")
    lines = [
        f"#compdef {prog}",
        f"# {prog} completion for zsh: add to ~/.zshrc (after compinit):"
        f'  eval "$({prog} completion zsh)"',
        f"{fn}() {{",
        '    local cur="${words[CURRENT]}" prev="${words[CURRENT-1]}"',
        '    local cmdpath="" skip="" word i',
        "    local -a candidates",
        *_walk(tree, "words", 2, "CURRENT", '            ("{}") {} ;;'),
        '    case "$cmdpath|$prev" in',
    ]
    for level in tree:
        for option in level.valued:
            values = level.choices.get(option)
            answer = f"compadd -- {' '.join(map(shlex.quote, values))}" if values else "_files"
            lines.append(f'        ("{level.path}|{option}") {answer}; return ;;')
    lines += ["    esac", '    case "$cmdpath" in']
    for level in tree:
        lines.append(f'        ("{level.path}") if [[ $cur == -* ]]; then'
                     f" candidates=({' '.join(map(shlex.quote, level.options))}); else"
                     f" candidates=({' '.join(map(shlex.quote, level.commands + level.words))});"
                     " fi ;;")
    lines += ["    esac",
              "    if (( ${#candidates} )); then compadd -- $candidates; else _files; fi",
              "}",
              f'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then {fn} "$@";'
              f" else compdef {fn} {prog}; fi"]
    return "\n".join(lines) + "\n"


def _fish(prog: str, tree: list[Level]) -> str:
    fn = "__" + prog.replace("-", "_") + "_complete"
    lines = [
        f"# {prog} completion for fish: {prog} completion fish >"
        f" ~/.config/fish/completions/{prog}.fish",
        f"function {fn}",
        "    set -l tokens (commandline -opc)",
        "    set -l cur (commandline -ct)",
        '    set -l cmdpath ""',
        "    set -l skip 0",
        "    for word in $tokens[2..]",
        "        if test $skip = 1",
        "            set skip 0",
        "            continue",
        "        end",
        '        switch "$cmdpath|$word"',
        *_cases(tree, "            case '{}'\n                {}", "set {} {}"),
        "        end",
        "    end",
        '    switch "$cmdpath|$tokens[-1]"',
    ]
    for level in tree:
        for option in level.valued:
            values = level.choices.get(option)
            answer = (f"printf '%s\\n' {' '.join(map(shlex.quote, values))}" if values
                      else "__fish_complete_path $cur")
            lines += [f"        case '{level.path}|{option}'", f"            {answer}",
                      "            return"]
    lines += ["    end", "    set -l candidates", '    switch "$cmdpath"']
    for level in tree:
        lines += [f"        case '{level.path}'",
                  "            if string match -q -- '-*' $cur",
                  f"                set candidates {' '.join(map(shlex.quote, level.options))}",
                  "            else",
                  "                set candidates"
                  f" {' '.join(map(shlex.quote, level.commands + level.words))}",
                  "            end"]
    lines += ["    end",
              "    if test (count $candidates) -gt 0",
              "        printf '%s\\n' $candidates",
              "    else",
              "        __fish_complete_path $cur",
              "    end",
              "end",
              f"complete -c {prog} -f -a '({fn})'"]
    return "\n".join(lines) + "\n"
