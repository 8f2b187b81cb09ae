"""Context keys the app never reads stop it: a typo such as ``-c Stage=prod`` or
``-c instance_Arn=...`` would otherwise be ignored without a word, and the deployment would
quietly use the default (stage dev, the sandbox instance, the table in the wrong region).

The known keys are the ones :meth:`stacks.config.AppConfig.from_context` asks for, recorded by
:class:`RecordingContext` while it reads a minimal valid configuration
(:func:`known_context_keys`), so a key added to the configuration is known here without a second
list to keep in step. Every other key is judged, whatever its case or punctuation, except those
CDK itself writes or reads (:func:`is_cdk_key`): feature flags (``@aws-cdk/...``), its own
settings (``aws:cdk:...``), cached lookups (``availability-zones:account=...:region=...``),
``acknowledged-issue-numbers`` and ``cli-telemetry``.

The closest known key is found by the key's letters and digits alone, so ``alarmEmail``,
``lookup-region`` and ``instance_Arn`` each name the key they were meant to be.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

# Keys of the CDK Toolkit and the construct library, never the app's: the settings the CLI
# passes (aws:cdk:enable-path-metadata, aws:cdk:version-reporting, ...), feature flags, cached
# context lookups ("<provider>:account=...:region=..." and the like, written to cdk.context.json).
# https://docs.aws.amazon.com/cdk/v2/guide/context.html
# https://docs.aws.amazon.com/cdk/v2/guide/featureflags.html
CDK_KEYS = frozenset({"acknowledged-issue-numbers", "cli-telemetry"})
_CACHED_LOOKUP = re.compile(r"^[A-Za-z0-9-]+:.*=")


class UnknownContextKey(ValueError):
    """A context key the app does not read; the message is one line naming the closest key."""

    def __init__(self, key: str, closest: str | None) -> None:
        hint = f"; did you mean {closest!r}?" if closest else ""
        super().__init__(
            f"context key {key!r} is not one this app reads{hint} (nothing is synthesized with "
            "a key that would be ignored: correct or remove it)"
        )
        self.key = key
        self.closest = closest


class RecordingContext:
    """``try_get_context`` that remembers every key it was asked for."""

    def __init__(self, get: Callable[[str], Any]) -> None:
        self._get = get
        self.keys_read: set[str] = set()

    def get(self, key: str) -> Any:
        self.keys_read.add(key)
        return self._get(key)


def is_cdk_key(key: str) -> bool:
    """A key CDK itself writes or reads (see the module docstring)."""
    return (
        key.startswith(("@", "aws:cdk:", "aws-cdk:"))
        or key in CDK_KEYS
        or _CACHED_LOOKUP.match(key) is not None
    )


def unknown_keys(context: Mapping[str, Any], known: Iterable[str]) -> list[UnknownContextKey]:
    """One error per key of ``context`` that is neither known nor CDK's, in key order."""
    known_keys = sorted(set(known))
    return [
        UnknownContextKey(key, closest_key(key, known_keys))
        for key in sorted(context)
        if key not in known_keys and not is_cdk_key(key)
    ]


def check_context_keys(context: Mapping[str, Any], known: Iterable[str]) -> None:
    """Raise the first :class:`UnknownContextKey` of ``context``; return if there is none."""
    errors = unknown_keys(context, known)
    if errors:
        raise errors[0]


def closest_key(key: str, known_keys: Iterable[str]) -> str | None:
    """The known key most like ``key``, compared by letters and digits alone, without case."""
    by_folded: dict[str, str] = {}
    for known in sorted(known_keys):
        by_folded.setdefault(_folded(known), known)
    folded = _folded(key)
    if folded in by_folded:
        return by_folded[folded]
    matches = difflib.get_close_matches(folded, list(by_folded), n=1, cutoff=0.6)
    return by_folded[matches[0]] if matches else None


def _folded(key: str) -> str:
    return "".join(character for character in key.casefold() if character.isalnum())


def known_context_keys(
    read: Callable[[Callable[[str], Any]], object], minimal: Mapping[str, Any]
) -> set[str]:
    """The keys ``read`` (a configuration reader such as ``AppConfig.from_context``) asks for
    while reading ``minimal``, a configuration it accepts."""
    recording = RecordingContext(minimal.get)
    read(recording.get)
    return recording.keys_read
