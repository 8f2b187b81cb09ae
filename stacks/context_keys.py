"""Context keys the app never reads: a typo such as ``-c instance_Arn=...`` would otherwise be
ignored without a word, and the deployment would quietly use the default instead.

The known keys are the ones :meth:`stacks.config.AppConfig.from_context` actually asked for
(recorded by :class:`RecordingContext`), so a key added to the configuration is known here
without a second list to keep in step. Only keys shaped like the app's own are judged: they
start with a lowercase letter and hold only letters, digits and '_'. CDK's feature flags
(``@aws-cdk/...``), its own settings (``aws:cdk:...``) and cached lookups (``key:account=...``)
never look like that.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

APP_KEY_SHAPE = re.compile(r"^[a-z][A-Za-z0-9_]*$")


class RecordingContext:
    """``try_get_context`` that remembers every key it was asked for."""

    def __init__(self, get: Callable[[str], Any]) -> None:
        self._get = get
        self.keys_read: set[str] = set()

    def get(self, key: str) -> Any:
        self.keys_read.add(key)
        return self._get(key)


def unknown_key_warnings(context: Mapping[str, Any], known: Iterable[str]) -> list[str]:
    """One line per app-shaped key that is not known, naming the closest known key."""
    known_keys = sorted(set(known))
    warnings = []
    for key in sorted(context):
        if not APP_KEY_SHAPE.match(key) or key in known_keys:
            continue
        closest = _closest(key, known_keys)
        hint = f"; did you mean {closest!r}?" if closest else ""
        warnings.append(f"context key {key!r} is not one this app reads, so it is ignored{hint}")
    return warnings


def _closest(key: str, known_keys: list[str]) -> str | None:
    """The known key most like ``key``, compared without case (``instance_Arn``)."""
    by_folded = {known.lower(): known for known in known_keys}
    matches = difflib.get_close_matches(key.lower(), list(by_folded), n=1, cutoff=0.0)
    return by_folded[matches[0]] if matches else None
