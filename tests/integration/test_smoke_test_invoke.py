"""scripts/smoke_test.py through its real boto3 client, against a local Lambda on 127.0.0.1.

The emulator cannot invoke a function without Docker, so a small HTTP server here speaks the
part of Lambda's Invoke API the smoke test uses (``POST /2015-03-31/functions/NAME/invocations``,
``Qualifier`` in the query, ``X-Amz-Invocation-Type``, ``X-Amz-Function-Error``) and records
every request. An invocation is a caller's lookup: a retried request would run the function
twice, so each failure below must reach the server exactly once.
https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from scripts import smoke_test

pytestmark = pytest.mark.integration

PHONE = "+14155550100"
ANSWER = {
    "lookupStatus": "FOUND",
    "errorCode": "",
    "customerId": "C-1001",
    "firstName": "Olivia",
    "lastName": "Bennett",
    "fullName": "Olivia Bennett",
    "membershipStatus": "GOLD",
    "preferredLanguage": "en-US",
    "hasOpenCase": "false",
    "openCaseId": "",
}


@dataclass(frozen=True)
class Seen:
    path: str
    query: dict[str, list[str]]
    invocation_type: str | None
    body: bytes


class LocalLambda:
    """Answers every Invoke the way ``behaviour`` says, and records each request.

    ``answer``: 200 with the customer-lookup answer; ``drop``: closes the connection without
    answering (botocore would retry that); ``fail``: 500 ServiceException (so would it);
    ``slow``: answers after ``delay_s``.
    """

    def __init__(self, behaviour: str, *, delay_s: float = 0.0) -> None:
        self.seen: list[Seen] = []
        local = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                url = urlsplit(self.path)
                local.seen.append(
                    Seen(url.path, parse_qs(url.query), self.headers["X-Amz-Invocation-Type"], body)
                )
                if behaviour == "drop":
                    self.close_connection = True
                    return
                if behaviour == "fail":
                    self._reply(500, {"Type": "Service", "message": "scripted"}, "ServiceException")
                    return
                if behaviour == "slow":
                    time.sleep(delay_s)
                self._reply(200, ANSWER)

            def _reply(self, status: int, payload: object, error_type: str | None = None) -> None:
                raw = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.send_header("X-Amz-Executed-Version", "7")
                if error_type:
                    self.send_header("x-amzn-ErrorType", error_type)
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LocalLambda:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def local_lambda(
    request: pytest.FixtureRequest, aws_env: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LocalLambda]:
    """A local Lambda behaving as the test asks (indirect parameter); boto3 points at it."""
    behaviour, delay_s = getattr(request, "param", ("answer", 0.0))
    with LocalLambda(behaviour, delay_s=delay_s) as server:
        monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)
        yield server


def smoke(*extra: str) -> int:
    """The command line with the real boto3 client (no ``invoke=`` injected)."""
    return smoke_test.main(
        ["--function", "customer-lookup-dev", "--region", "us-east-1", "--phone", PHONE, *extra]
    )


def test_the_real_client_invokes_the_alias_synchronously_with_a_connect_event(
    local_lambda: LocalLambda, capsys: pytest.CaptureFixture[str]
) -> None:
    # The widest time limit Connect allows, so a busy test machine cannot fail "in time".
    status = smoke("--qualifier", "live", "--expect-status", "FOUND", "--time-limit", "8")

    out = capsys.readouterr().out
    assert status == 0, out
    assert "function customer-lookup-dev:live" in out
    [request] = local_lambda.seen
    assert request.path == "/2015-03-31/functions/customer-lookup-dev/invocations"
    assert request.query == {"Qualifier": ["live"]}
    assert request.invocation_type == "RequestResponse"
    event = json.loads(request.body)
    assert event["Details"]["Parameters"] == {"phoneNumber": PHONE}
    assert event["Details"]["ContactData"]["CustomerEndpoint"]["Address"] == PHONE


@pytest.mark.parametrize("local_lambda", [("drop", 0.0)], indirect=True)
def test_a_dropped_connection_is_reported_and_not_retried(
    local_lambda: LocalLambda, capsys: pytest.CaptureFixture[str]
) -> None:
    status = smoke()

    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1, err
    assert len(local_lambda.seen) == 1, "the function was invoked again after a dropped connection"


@pytest.mark.parametrize("local_lambda", [("fail", 0.0)], indirect=True)
def test_a_service_error_is_reported_and_not_retried(
    local_lambda: LocalLambda, capsys: pytest.CaptureFixture[str]
) -> None:
    status = smoke()

    err = capsys.readouterr().err
    assert status == 2
    assert "ServiceException" in err
    assert len(local_lambda.seen) == 1, "the function was invoked again after a 500"


@pytest.mark.parametrize("local_lambda", [("slow", 1.5)], indirect=True)
def test_an_answer_past_the_read_timeout_fails_the_check_without_a_second_call(
    local_lambda: LocalLambda, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Read timeout = time limit + grace: 0.2 + 0.3 s here, well before the answer at 1.5 s.
    monkeypatch.setattr(smoke_test, "LATE_ANSWER_GRACE_S", 0.3)

    status = smoke("--time-limit", "0.2")

    out = capsys.readouterr().out
    assert status == 1
    assert "no answer within" in out
    assert len(local_lambda.seen) == 1, "the function was invoked again after a read timeout"


@pytest.mark.parametrize("local_lambda", [("drop", 0.0)], indirect=True)
def test_a_client_allowed_one_retry_would_invoke_twice_here(local_lambda: LocalLambda) -> None:
    # Guards the guards above: against this server, a retry setting other than the smoke
    # test's really does call the function a second time, so those tests would catch it.
    client = boto3.client(
        "lambda",
        region_name="us-east-1",
        config=Config(retries={"mode": "standard", "total_max_attempts": 2}),
    )

    with pytest.raises((BotoCoreError, ClientError)):
        client.invoke(FunctionName="customer-lookup-dev", Payload=b"{}")

    assert len(local_lambda.seen) == 2
