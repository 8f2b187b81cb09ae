"""SnapStart runtime hooks: nothing from the snapshot's init phase may outlive a restore.

With SnapStart (the app's ``-c snap_start=true``), Lambda initialises the function once, when a
version is published, snapshots that execution environment and resumes every new environment of
that version from the snapshot. Two things built during init would then be shared or stale:

- the ``random`` module's state, seeded once at import: every environment restored from the
  snapshot would draw the same retry back-off jitter, so throttled callers would retry in step;
- the DynamoDB client's pooled connections: a socket opened before the snapshot is not open after
  a restore, minutes or days later, in another microVM.

So after a restore ``random`` is reseeded from ``os.urandom`` and the client's pooled connections
are closed (before the snapshot too, so it holds none). The client itself is kept: its service
model is already loaded (building a new client costs about 50 ms, closing its pool microseconds)
and its credentials refresh themselves (with SnapStart, Lambda serves them from a credentials
endpoint rather than fixed environment variables). The first call after a restore opens one
fresh connection, as after any cold start.
https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-python.html
https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials

``snapshot_restore_py`` is part of Lambda's Python managed runtimes, so it is not packaged with
the function (like boto3); requirements-dev.txt pins it for local runs and tests. Without
SnapStart the hooks are registered and never called.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from snapshot_restore_py import register_after_restore, register_before_snapshot


def install(*, close_connections: Callable[[], None]) -> None:
    """Register the hooks; ``close_connections`` drops the table client's pooled connections."""
    register_before_snapshot(close_connections)
    register_after_restore(reseed_random)
    register_after_restore(close_connections)


def reseed_random() -> None:
    """A fresh seed from the operating system, unique to this restored environment."""
    random.seed()
