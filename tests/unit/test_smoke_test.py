"""scripts/smoke_test.py: the verdict on one invocation, as Amazon Connect would give it.

A local function stands in for boto3's ``lambda.invoke`` (same keyword arguments, same response
shape), and a fake clock makes "answered in time" exact; no AWS and no server are involved. The
real boto3 client (no retries, the Invoke request itself) runs against a local Lambda in
tests/integration/test_smoke_test_invoke.py.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from flows.language.facts import MAX_LAMBDA_RESPONSE_BYTES
from scripts.smoke_test import main
from tests.cli_contract import usage_error

REPO_ROOT = Path(__file__).resolve().parents[2]
FUNCTION = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev"
PHONE = "+14155550100"


def answer(**overrides: Any) -> dict[str, str]:
    """A well-formed customer-lookup answer (the fixed keys of the function's contract)."""
    base = {
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
    return {**base, **overrides}


class FakeClock:
    """Time moves only when the stand-in function says it has worked for a while."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def stand_in(
    payload: object,
    *,
    clock: FakeClock | None = None,
    takes_s: float = 0.2,
    function_error: str | None = None,
    seen: list[Mapping[str, Any]] | None = None,
) -> Callable[..., Mapping[str, Any]]:
    """A local function shaped like lambda.invoke that answers ``payload``."""

    def invoke(**kwargs: Any) -> Mapping[str, Any]:
        if seen is not None:
            seen.append(kwargs)
        if clock is not None:
            clock.now += takes_s
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
        response: dict[str, Any] = {"StatusCode": 200, "Payload": io.BytesIO(raw)}
        if function_error:
            response["FunctionError"] = function_error
        return response

    return invoke


def smoke(
    invoke: Callable[..., Mapping[str, Any]],
    *extra: str,
    clock: FakeClock | None = None,
) -> int:
    return main(
        ["--function", FUNCTION, "--phone", PHONE, *extra],
        invoke=invoke,
        clock=clock or FakeClock(),
    )


def row(out: str, check: str) -> str:
    """The table row of one check."""
    [line] = [line for line in out.splitlines() if line.startswith(check + "  ")]
    return line


# --- what is sent -------------------------------------------------------------------------


def test_function_is_invoked_synchronously_with_a_connect_voice_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: list[Mapping[str, Any]] = []

    smoke(stand_in(answer(), seen=seen))

    [call] = seen
    event = json.loads(call["Payload"])
    assert call["FunctionName"] == FUNCTION
    assert call["InvocationType"] == "RequestResponse"
    assert event["Name"] == "ContactFlowEvent"
    assert event["Details"]["ContactData"]["Channel"] == "VOICE"
    assert event["Details"]["ContactData"]["CustomerEndpoint"]["Address"] == PHONE
    assert event["Details"]["Parameters"]["phoneNumber"] == PHONE


def test_qualifier_option_invokes_the_alias(capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[Mapping[str, Any]] = []

    status = smoke(stand_in(answer(), seen=seen), "--qualifier", "live")

    [call] = seen
    assert status == 0
    assert (call["FunctionName"], call["Qualifier"]) == (FUNCTION, "live")
    assert f"function {FUNCTION}:live," in capsys.readouterr().out


def test_qualified_arn_invokes_the_alias_it_names(capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[Mapping[str, Any]] = []

    main(
        ["--function", f"{FUNCTION}:live", "--phone", PHONE],
        invoke=stand_in(answer(), seen=seen),
        clock=FakeClock(),
    )

    [call] = seen
    assert (call["FunctionName"], call["Qualifier"]) == (FUNCTION, "live")


def test_unqualified_function_is_invoked_without_a_qualifier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen: list[Mapping[str, Any]] = []

    smoke(stand_in(answer(), seen=seen))

    [call] = seen
    assert "Qualifier" not in call


# --- the verdict ----------------------------------------------------------------------------


def test_well_formed_quick_answer_passes_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    status = smoke(stand_in(answer()), "--expect-status", "FOUND")

    out = capsys.readouterr().out
    assert status == 0
    assert " FAIL " not in out
    for check in ("invocation", "answered in time", "under 32 KB", "STRING_MAP", "lookupStatus"):
        assert "PASS" in row(out, check)


def test_answer_slower_than_the_time_limit_fails(capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock()

    status = smoke(stand_in(answer(), clock=clock, takes_s=3.5), clock=clock)

    assert status == 1
    assert "FAIL" in row(capsys.readouterr().out, "answered in time")


def test_time_limit_option_moves_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock()

    status = smoke(stand_in(answer(), clock=clock, takes_s=3.5), "--time-limit", "4", clock=clock)

    assert status == 0
    assert "PASS" in row(capsys.readouterr().out, "answered in time")


def test_no_answer_before_the_read_timeout_fails(capsys: pytest.CaptureFixture[str]) -> None:
    def never_answers(**_: Any) -> Mapping[str, Any]:
        raise ReadTimeoutError(endpoint_url="https://lambda.us-east-1.amazonaws.com")

    status = smoke(never_answers)

    out = capsys.readouterr().out
    assert status == 1
    assert "FAIL" in row(out, "invocation")
    assert "SKIP" in row(out, "STRING_MAP")


def test_nested_value_fails_string_map_validation(capsys: pytest.CaptureFixture[str]) -> None:
    nested = {**answer(), "customer": {"firstName": "Olivia"}}

    status = smoke(stand_in(nested))

    out = capsys.readouterr().out
    assert status == 1
    assert "FAIL" in row(out, "STRING_MAP")
    assert "'customer'" in row(out, "STRING_MAP")


def test_number_value_fails_string_map_validation(capsys: pytest.CaptureFixture[str]) -> None:
    status = smoke(stand_in({**answer(), "openCases": 2}))

    assert status == 1
    assert "FAIL" in row(capsys.readouterr().out, "STRING_MAP")


def test_answer_of_32_kb_fails_the_size_check(capsys: pytest.CaptureFixture[str]) -> None:
    padding = "x" * MAX_LAMBDA_RESPONSE_BYTES

    status = smoke(stand_in(answer(fullName=padding)))

    out = capsys.readouterr().out
    assert status == 1
    assert "FAIL" in row(out, "under 32 KB")


def test_size_counts_utf8_bytes_not_characters(capsys: pytest.CaptureFixture[str]) -> None:
    # 'é' is two bytes: about 20,000 characters are over 32 KB of UTF-8.
    payload = json.dumps(answer(fullName="é" * 20_000), ensure_ascii=False).encode("utf-8")
    assert len(payload.decode("utf-8")) < MAX_LAMBDA_RESPONSE_BYTES < len(payload)

    status = smoke(stand_in(payload))

    assert status == 1
    assert "FAIL" in row(capsys.readouterr().out, "under 32 KB")


def test_answer_that_is_not_json_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status = smoke(stand_in(b"OK"))

    assert status == 1
    assert "not JSON" in row(capsys.readouterr().out, "STRING_MAP")


def test_function_error_fails_and_names_the_error(capsys: pytest.CaptureFixture[str]) -> None:
    crash = {"errorType": "KeyError", "errorMessage": "'CUSTOMER_TABLE_NAME'"}

    status = smoke(stand_in(crash, function_error="Unhandled"))

    out = capsys.readouterr().out
    assert status == 1
    assert "KeyError" in row(out, "invocation")
    assert "SKIP" in row(out, "STRING_MAP")


def test_unexpected_lookup_status_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status = smoke(stand_in(answer(lookupStatus="NOT_FOUND")), "--expect-status", "FOUND")

    out = capsys.readouterr().out
    assert status == 1
    assert "NOT_FOUND, expected FOUND" in row(out, "lookupStatus")


def test_missing_lookup_status_fails(capsys: pytest.CaptureFixture[str]) -> None:
    without = answer()
    del without["lookupStatus"]

    status = smoke(stand_in(without))

    assert status == 1
    assert "missing" in row(capsys.readouterr().out, "lookupStatus")


def test_any_known_lookup_status_passes_without_expect_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = smoke(stand_in(answer(lookupStatus="NOT_FOUND")))

    assert status == 0
    assert "PASS" in row(capsys.readouterr().out, "lookupStatus")


# --- bad input and AWS errors: one line, exit 2 ---------------------------------------------


def invoke_must_not_run(**_: Any) -> Mapping[str, Any]:
    raise AssertionError("bad input must be refused before invoking")


def test_a_choice_not_offered_is_the_usage_and_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--function", FUNCTION, "--phone", PHONE, "--expect-status", "found"]
    with pytest.raises(SystemExit) as exit_info:
        main(argv, invoke=invoke_must_not_run)
    assert exit_info.value.code == 2
    assert "'found'" in usage_error(capsys.readouterr().err, "smoke_test.py")


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--function", "arn:aws:lambda:nowhere", "--phone", PHONE], "arn:aws:lambda:nowhere"),
        (["--function", FUNCTION, "--phone", PHONE, "--time-limit", "0"], "--time-limit"),
        (["--function", FUNCTION, "--phone", PHONE, "--time-limit", "9"], "--time-limit"),
        (["--function", FUNCTION, "--phone", "  "], "--phone"),
        (["--function", f"{FUNCTION}:live", "--phone", PHONE, "--qualifier", "v2"], "contradicts"),
        (["--function", FUNCTION, "--phone", PHONE, "--qualifier", "$LATEST"], "--qualifier"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(argv, invoke=invoke_must_not_run)
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert named in err


def test_function_not_found_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    def not_found(**_: Any) -> Mapping[str, Any]:
        error = {"Error": {"Code": "ResourceNotFoundException", "Message": "Function not found"}}
        raise ClientError(error, "Invoke")

    status = smoke(not_found)

    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert "not found" in err


def test_access_denied_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    def denied(**_: Any) -> Mapping[str, Any]:
        error = {"Error": {"Code": "AccessDeniedException", "Message": "not authorized"}}
        raise ClientError(error, "Invoke")

    status = smoke(denied)

    err = capsys.readouterr().err
    assert status == 2
    assert "AccessDeniedException" in err
    assert err.count("\n") == 1


def test_command_line_refuses_bad_input_as_a_script() -> None:
    completed = subprocess.run(
        [sys.executable, "scripts/smoke_test.py", "--function", "not a name", "--phone", PHONE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 2
    assert completed.stderr.count("\n") == 1
    assert "'not a name'" in completed.stderr
