"""The CDK stacks of the app, assembled in app.py from one configuration (stacks/config.py).

Importing this package puts the project's pinned Node.js (``node_modules/.bin``, which
``make install`` fills from package.json) first on PATH when it is there, as ``npx cdk`` and
the Makefile do: aws-cdk-lib's jsii runtime starts ``node`` from PATH, and a machine's own Node
may be one the CDK no longer supports, which then prints a block of warnings on stderr from
every tool that reads the configuration (scripts/preflight.py, the docs build, the tests).
"""

import os
from pathlib import Path

_PINNED_NODE = Path(__file__).resolve().parents[1] / "node_modules" / ".bin"
if (_PINNED_NODE / "node").exists():
    _path = os.environ.get("PATH", "")
    if _path.split(os.pathsep)[0] != str(_PINNED_NODE):
        os.environ["PATH"] = os.pathsep.join([str(_PINNED_NODE), _path])
