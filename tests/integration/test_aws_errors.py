"""AWS failures as the operations tools report them, from real HTTP answers of a local server.

The server on 127.0.0.1 plays what sits between a tool and AWS when things go wrong: a proxy or
firewall answering with its own HTML page, or a wrong endpoint URL. botocore parses each answer
as it would parse AWS's, so these tests see exactly what the tools see.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from scripts.aws_errors import describe
from scripts.grant_connect_access import main

pytestmark = pytest.mark.integration

# Its title reads "Access denied \N{EN DASH} corporate proxy" once the entity is decoded.
PROXY_PAGE = (
    "<!DOCTYPE html>\n<html>\n<head><title>Access denied &ndash; corporate proxy</title></head>\n"
    "<body><h1>Access denied</h1><p>Request blocked by policy 42.</p></body>\n</html>\n"
)
INSTANCE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/8d5c3f1e-2b4a-4c6d-9e8f-0a1b2c3d4e5f"
)
FUNCTION_ARN = "arn:aws:lambda:us-east-1:222222222222:function:billing-lookup"


@dataclass
class Answer:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


class AnsweringServer:
    """Answers every request with the same status, headers and body; counts the requests."""

    def __init__(self, answer: Answer) -> None:
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                server.requests += 1
                body = answer.body.encode()
                self.send_response(answer.status)
                for name, value in {"Content-Type": "text/html", **answer.headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}"

    def __enter__(self) -> AnsweringServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def answering(aws_env: None) -> Iterator[Callable[[Answer], AnsweringServer]]:
    servers: list[AnsweringServer] = []

    def start(answer: Answer) -> AnsweringServer:
        server = AnsweringServer(answer).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__()


def client(service: str, server: AnsweringServer) -> Any:
    return boto3.client(
        service,
        endpoint_url=server.endpoint_url,
        region_name="us-east-1",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def failure_of(call: Callable[[], object]) -> ClientError:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value


def test_an_html_page_from_a_proxy_is_reported_by_status_and_title_not_by_its_body(
    answering: Callable[[Answer], AnsweringServer],
) -> None:
    lambda_client = client("lambda", answering(Answer(403, PROXY_PAGE)))
    failure = failure_of(lambda: lambda_client.get_function(FunctionName="billing-lookup"))

    message = describe("lambda GetFunction on 'billing-lookup'", failure).message

    assert message == (
        "lambda GetFunction on 'billing-lookup' failed: HTTP 403 Forbidden: an HTML page titled "
        "'Access denied \N{EN DASH} corporate proxy', not an AWS error; a proxy, a firewall or "
        "a wrong endpoint URL may be in the way"
    )


def test_a_gateway_error_page_is_reported_by_status_even_without_a_title(
    answering: Callable[[Answer], AnsweringServer],
) -> None:
    # botocore recognises only pages that start with <html> as generic 5xx answers; this one
    # starts with a doctype, so it reaches the JSON error parser as the error's message.
    page = "<!doctype html><html><body><center>502 Bad Gateway</center></body></html>"
    lambda_client = client("lambda", answering(Answer(502, page)))
    failure = failure_of(lambda: lambda_client.get_policy(FunctionName="billing-lookup"))

    message = describe("lambda GetPolicy on 'billing-lookup'", failure).message

    assert message == (
        "lambda GetPolicy on 'billing-lookup' failed: HTTP 502 Bad Gateway: an HTML page, not an "
        "AWS error; a proxy, a firewall or a wrong endpoint URL may be in the way"
    )


def test_an_html_page_to_an_xml_service_says_the_answer_held_no_aws_error_code(
    answering: Callable[[Answer], AnsweringServer],
) -> None:
    # A page that happens to be well-formed XML (no HTML entity), as many short ones are.
    page = "<html><head><title>Forbidden</title></head><body>Blocked</body></html>"
    sts = client("sts", answering(Answer(403, page)))
    failure = failure_of(sts.get_caller_identity)

    message = describe("sts GetCallerIdentity", failure).message

    assert message == (
        "sts GetCallerIdentity failed: HTTP 403 Forbidden: no AWS error code, not an AWS error; "
        "a proxy, a firewall or a wrong endpoint URL may be in the way"
    )


def test_a_plain_text_answer_is_quoted_short_on_one_line(
    answering: Callable[[Answer], AnsweringServer],
) -> None:
    text = "upstream connect error\nor disconnect/reset before headers " + "x" * 300
    lambda_client = client("lambda", answering(Answer(404, text, {"Content-Type": "text/plain"})))
    failure = failure_of(lambda: lambda_client.get_function(FunctionName="billing-lookup"))

    message = describe("lambda GetFunction", failure).message

    assert "\n" not in message
    assert message.startswith(
        "lambda GetFunction failed: HTTP 404 Not Found: 'upstream connect error or disconnect/"
    )
    assert message.endswith(
        "', not an AWS error; a proxy, a firewall or a wrong endpoint URL may be in the way"
    )
    assert len(message) < 350, len(message)


def test_an_aws_error_is_still_reported_by_its_code_and_message(
    answering: Callable[[Answer], AnsweringServer],
) -> None:
    body = '{"Message": "User: arn:aws:iam::111111111111:user/ops is not authorized"}'
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": "AccessDeniedException"}
    lambda_client = client("lambda", answering(Answer(403, body, headers)))
    failure = failure_of(lambda: lambda_client.get_function(FunctionName="billing-lookup"))

    problem = describe("lambda GetFunction on 'billing-lookup'", failure)

    assert problem.code == "AccessDeniedException"
    assert problem.message == (
        "lambda GetFunction on 'billing-lookup' failed: AccessDeniedException: User: "
        "arn:aws:iam::111111111111:user/ops is not authorized (the credentials in use may not do "
        "this; check the profile)"
    )


def test_an_aws_error_code_with_an_html_message_keeps_the_code_and_drops_the_page(
    answering: Callable[[Answer], AnsweringServer],
) -> None:
    headers = {"x-amzn-ErrorType": "ServiceUnavailableException"}
    lambda_client = client("lambda", answering(Answer(503, PROXY_PAGE, headers)))
    failure = failure_of(lambda: lambda_client.get_function(FunctionName="billing-lookup"))

    problem = describe("lambda GetFunction", failure)

    assert problem.message == (
        "lambda GetFunction failed: ServiceUnavailableException: (an HTML page instead of a "
        "message titled 'Access denied \N{EN DASH} corporate proxy'; a proxy, a firewall or "
        "a wrong endpoint URL may be in the way)"
    )


def test_the_grant_tool_reports_a_proxy_page_in_one_line_and_exits_2(
    answering: Callable[[Answer], AnsweringServer],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = answering(Answer(403, PROXY_PAGE))
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.endpoint_url)

    status = main(["--check", "--function", FUNCTION_ARN, "--instance-arn", INSTANCE_ARN])

    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        "grant_connect_access.py: error: lambda GetFunction on "
        f"'{FUNCTION_ARN}' failed: HTTP 403 Forbidden: an HTML page titled "
        "'Access denied \N{EN DASH} corporate proxy', not an AWS error; a proxy, a firewall or "
        "a wrong endpoint URL may be in the way"
    ]
    assert server.requests == 1
