"""Where `make bench` writes its figures: one Markdown file per benchmark in ``bench/figures/``.

The documentation's Benchmarks page includes those files, so the figures a reader sees are the
ones the last run printed, never typed by hand. Each file says when the run was, on what machine
(CPU model, cores, memory, Python) and under what load (the load average at its start and end):
wall-clock figures taken on a machine shared with other work mean little without them. A
benchmark that fails writes nothing, so its last good figures stay.
"""

from __future__ import annotations

import io
import os
import platform
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

FIGURES_DIR = Path(__file__).resolve().parent / "figures"


class _Tee(io.TextIOBase):
    """Writes through to the terminal and keeps a copy."""

    def __init__(self, through: TextIO) -> None:
        self._through = through
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self._through.write(text)

    def flush(self) -> None:
        self._through.flush()


@contextmanager
def recorded(name: str, figures_dir: Path = FIGURES_DIR) -> Iterator[None]:
    """Print as usual while the benchmark runs; then write its figures file."""
    tee = _Tee(sys.stdout)
    started_at = datetime.now(UTC)
    load_before = os.getloadavg()
    started = time.perf_counter()
    with redirect_stdout(tee):
        yield
    elapsed = time.perf_counter() - started
    figures_dir.mkdir(parents=True, exist_ok=True)
    text = figures_markdown(
        name,
        tee.copy.getvalue(),
        started_at=started_at,
        elapsed=elapsed,
        load_before=load_before,
        load_after=os.getloadavg(),
    )
    (figures_dir / f"{name}.md").write_text(text, encoding="utf-8")


def figures_markdown(
    name: str,
    output: str,
    *,
    started_at: datetime,
    elapsed: float,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> str:
    loads = ", ".join(f"{value:.2f}" for value in load_before)
    loads_after = ", ".join(f"{value:.2f}" for value in load_after)
    fence = "````" if "```" in output else "```"
    return (
        f"<!-- Written by `python -m bench {name}` (make bench); do not edit by hand. -->\n"
        f"Run {started_at:%Y-%m-%d %H:%M} UTC, {elapsed:.0f} s, on {machine()}.\n"
        f"Load average (1, 5, 15 min): {loads} at the start; {loads_after} at the end.\n\n"
        f"{fence}text\n{output.strip(chr(10))}\n{fence}\n"
    )


def machine() -> str:
    """CPU model, cores (and how many this process may use), memory, system and Python."""
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    memory = _meminfo_gib()
    parts = [
        _cpu_model(),
        f"{cores} cores" + (f" ({usable} usable)" if usable != cores else ""),
        *([f"{memory:.1f} GiB memory"] if memory else []),
        f"{platform.system()} {platform.machine()}",
        f"Python {platform.python_version()}",
    ]
    return ", ".join(parts)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _meminfo_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0
