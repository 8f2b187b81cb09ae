"""The function's SnapStart hooks and the DynamoDB client's pooled connections.

A local DynamoDB stand-in on 127.0.0.1 counts the TCP connections it accepts and answers every
GetItem with no item (NOT_FOUND). A warm function reuses one connection; after the hooks Lambda
runs around a snapshot, the next call must open a new connection (a socket from before the
snapshot is not open in the restored microVM) and still answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from snapshot_restore_py import get_after_restore, get_before_snapshot

import handler as lookup_handler
from flows.language.connect_lambda import contact_event

pytestmark = pytest.mark.integration

CALLER = "+14155550100"


class CountingDynamoDB:
    """Answers GetItem with an empty item over keep-alive HTTP/1.1; counts connections."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0
        counter = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep the connection open between requests

            def setup(self) -> None:
                counter.connections += 1
                super().setup()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                counter.requests += 1
                body = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> CountingDynamoDB:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def table_server(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingDynamoDB]:
    with CountingDynamoDB() as server:
        monkeypatch.setenv("CUSTOMER_TABLE_NAME", "customers")
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)
        # One attempt with generous timeouts: a retry on a busy machine would open a
        # connection of its own and blur the count.
        monkeypatch.setenv("DYNAMODB_MAX_ATTEMPTS", "1")
        monkeypatch.setenv("DYNAMODB_CONNECT_TIMEOUT_MS", "10000")
        monkeypatch.setenv("DYNAMODB_READ_TIMEOUT_MS", "10000")
        yield server


class RoomyContext:
    """A Lambda context with time to spare: these tests count connections, not deadlines, and
    a busy test machine must not turn a lookup into DEADLINE_EXCEEDED."""

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def look_up() -> str:
    response = lookup_handler.handler(contact_event(phone=CALLER), RoomyContext())
    return str(response["lookupStatus"])


def run_hooks(registry: list[Any]) -> None:
    for function, args, kwargs in registry:
        function(*args, **kwargs)


def test_a_warm_function_reuses_its_connection(table_server: CountingDynamoDB) -> None:
    # The baseline the two tests below depart from: without a snapshot, one connection.
    statuses = [look_up(), look_up(), look_up()]

    assert statuses == ["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]
    assert (table_server.requests, table_server.connections) == (3, 1)


def test_after_a_restore_the_next_call_opens_a_fresh_connection_and_answers(
    table_server: CountingDynamoDB,
) -> None:
    look_up()

    run_hooks(get_after_restore())
    status = look_up()

    assert status == "NOT_FOUND"
    assert (table_server.requests, table_server.connections) == (2, 2), (
        "the call after the restore reused a connection opened before the snapshot"
    )


def test_the_snapshot_is_taken_with_no_connection_open(table_server: CountingDynamoDB) -> None:
    look_up()

    run_hooks(get_before_snapshot())
    status = look_up()

    assert status == "NOT_FOUND"
    assert table_server.connections == 2
