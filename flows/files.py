"""Writing a file so that a reader never sees half of it, and a failure keeps the old one.

The tools that write what a user keeps (an imported flow module, a pulled flow) write a temporary
file beside the target and rename it over the target: on one file system the rename is atomic,
so the file is either the old one or the whole new one, never a truncated mix.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once; on OSError ``path`` is as it was."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
