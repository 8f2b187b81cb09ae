"""Writing a file so that a reader never sees half of it, and a failure keeps the old one.

The tools that write what a user keeps (an imported flow module, a pulled flow) write a temporary
file beside the target and rename it over the target: on one file system the rename is atomic,
so the file is either the old one or the whole new one, never a truncated mix. The new file
keeps the old one's permissions, or gets those a new file would (the temporary file is made
readable by its owner only).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, text: str | bytes) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` all at once; on OSError ``path`` is
    as it was."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions of the file at ``path``, or those the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# Characters a file name cannot hold on some system (Windows' list; "/" everywhere).
_UNSAFE = frozenset('<>:"/\\|?*')
MAX_STEM_CHARS = 120


def file_stem(name: str) -> str:
    """A file name (without extension) for something named ``name`` (a flow): the name itself,
    with characters no file system takes, control characters and leading dots replaced by '_'."""
    stem = "".join("_" if c in _UNSAFE or not c.isprintable() else c for c in name).strip()
    stem = stem.lstrip(".")[:MAX_STEM_CHARS].strip()
    return stem or "flow"


def unique_stems(names: list[str]) -> list[str]:
    """:func:`file_stem` of each name, numbered where two would be the same file (case folded,
    as on case-insensitive file systems)."""
    taken: set[str] = set()
    stems = []
    for name in names:
        base = file_stem(name)
        stem, number = base, 1
        while stem.casefold() in taken:
            number += 1
            stem = f"{base} ({number})"
        taken.add(stem.casefold())
        stems.append(stem)
    return stems
