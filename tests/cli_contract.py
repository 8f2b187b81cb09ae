"""What the command-line contract looks like on stderr, for the tests of every entry point.

A wrong command line prints argparse's usage (a ``usage:`` line and its indented continuation
lines) and then exactly one error line; bad input prints exactly one line per problem; nothing
ever prints a traceback.
"""

from __future__ import annotations


def usage_error(err: str, prog: str) -> str:
    """The one error line after the usage, asserting that is all ``err`` holds."""
    assert "Traceback" not in err, err
    lines = err.rstrip("\n").splitlines()
    assert len(lines) >= 2, err
    assert lines[0].startswith("usage: "), err
    assert all(line.startswith(" ") for line in lines[1:-1]), err
    assert lines[-1].startswith(f"{prog}: error: "), err
    return lines[-1]


def one_line(err: str) -> str:
    """The single line ``err`` holds (no usage, no traceback)."""
    assert "Traceback" not in err, err
    lines = err.rstrip("\n").splitlines()
    assert len(lines) == 1, err
    return lines[0]
