"""A local AWS emulator on 127.0.0.1 for the demo, the tests and the benchmarks.

moto's ThreadedMotoServer speaks the real HTTP protocols (DynamoDB, Lambda permissions, ...), so
the function and the tools talk to it through botocore exactly as they would to AWS. It binds to
an ephemeral port on loopback only; start-up is awaited with a bounded loop.
"""

from __future__ import annotations

import logging
import socket
import time
from typing import Any

# The emulator accepts any credentials; these make sure nothing real is ever used by accident.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


class LocalAwsServer:
    """``with LocalAwsServer() as server: server.endpoint_url`` -> ``http://127.0.0.1:PORT``."""

    def __init__(self, *, start_timeout_s: float = 10.0) -> None:
        self._start_timeout_s = start_timeout_s
        self._server: Any = None
        self.port = 0

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LocalAwsServer:
        from moto.server import ThreadedMotoServer  # imported here: heavy, and only for local use

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per request

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        self.port = int(self._server.get_host_and_port()[1])
        deadline = time.monotonic() + self._start_timeout_s
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the local AWS emulator did not start on port {self.port}")

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> LocalAwsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
