"""`python -m newsdesk` and the `newsdesk` command (its entry point is `main` here).

The command's parser and everything it can call are imported inside `main`, not at the top:
a stage worker, a process started afresh ("spawn"), runs the parent's launcher script
again before its first call, and the whole command line would cost it ~50 MiB and ~1 s of
imports it never uses.
"""

import sys


def main() -> int:
    from newsdesk.cli import main as run_command

    return run_command()


if __name__ == "__main__":
    sys.exit(main())
