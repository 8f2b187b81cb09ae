"""`make synth`: ``npx cdk synth --quiet``, then the summary of what it wrote, each note once.

The stacks' notes are info annotations. The CDK CLI prints every annotation on stderr, three or
four lines each (the note, the stack, "Acknowledge with ..."), and, when the app records stack
traces for metadata, the first "user code" frame of the trace above it: under jsii that frame is
the jsii runtime's own bundle in a temporary folder (``/tmp/tmpXXXX/lib/program.js:1:5591``),
which says nothing about the project. :mod:`stacks.synth_summary` then prints the same notes again,
one line each, under the stack they belong to. So every note showed twice, once with a line of a
temporary ``program.js``.

Here the app runs with ``CDK_DISABLE_STACK_TRACE`` set: aws-cdk-lib's ``Annotations`` read it
beside the context key ``aws:cdk:disable-stack-trace`` ("Omits stack traces from construct
metadata entries", cx-api's ``DISABLE_METADATA_STACK_TRACE``), so no trace is recorded (which
also spares the app their cost). The CLI's blocks for info annotations are left out of what is
shown (the summary lists them), and everything else the CLI says (warnings, errors, bundling,
where it wrote) is shown as it is. When synthesis fails, the CLI's whole output is shown.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from scripts.command_line import EXIT_ERROR, EXIT_OK, OneLineParser, run_main

PROG = "cdk_synth"
REPO = Path(__file__).resolve().parents[1]
SYNTH_TIMEOUT_S = 600
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The first line of the CLI's block for an info annotation (its "Construct Annotations" plugin).
_INFO_BLOCK = re.compile(r"^INFO .* \(Construct Annotations\)$")
_JSII_FRAME = re.compile(r"[/\\]program\.js:\d+:\d+$")


def without_info_annotations(text: str) -> str:
    """The CLI's stderr less its blocks for info annotations: the line opening one (and the
    location above it when that is the jsii runtime's bundle), the indented lines under it (the
    stack, "Acknowledge with ..."), and the blank line that ends it."""
    kept: list[str] = []
    in_block = False
    for line in _ANSI.sub("", text).splitlines():
        if _INFO_BLOCK.match(line):
            if kept and _JSII_FRAME.search(kept[-1]):
                kept.pop()  # the annotation's recorded location, inside the jsii runtime
            in_block = True
        elif in_block and (line.startswith((" ", "\t")) or not line.strip()):
            in_block = bool(line.strip())
        else:
            in_block = False
            kept.append(line)
    return "".join(f"{line}\n" for line in kept)


def synth_command() -> list[str]:
    npx = shutil.which("npx")
    if npx is None:
        raise FileNotFoundError("npx is not on PATH: run `make synth`, which installs the CDK CLI")
    return [npx, "cdk", "synth", "--quiet", "--no-notices"]


def build_parser() -> argparse.ArgumentParser:
    return OneLineParser(
        prog="python -m scripts.cdk_synth",
        description="Synthesize the CDK app (npx cdk synth) and summarize cdk.out, each note once.",
    )


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    try:
        command = synth_command()
    except FileNotFoundError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    environment = {**os.environ, "CDK_DISABLE_STACK_TRACE": "1"}
    completed = subprocess.run(
        command,
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=SYNTH_TIMEOUT_S,
        check=False,
    )
    if completed.returncode != 0:
        sys.stdout.write(completed.stdout)
        sys.stderr.write(completed.stderr)
        print(f"{PROG}: npx cdk synth failed (exit {completed.returncode})", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(completed.stdout)
    sys.stderr.write(without_info_annotations(completed.stderr))
    sys.stderr.flush()
    from stacks.synth_summary import main as summarize

    return summarize([str(REPO / "cdk.out")]) or EXIT_OK


if __name__ == "__main__":
    raise SystemExit(run_main(PROG, main))
