"""Driving a run from outside, as a Connect test-case runner does: observing events, giving input
on demand, adding scripted outcomes mid-run, reading contact data, hanging up and halting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.simulator import (
    MISSING,
    BlockFinished,
    BlockStarted,
    ContactEnded,
    CustomerInput,
    Ended,
    FunctionBindings,
    InputKind,
    InputRequest,
    LambdaOutcome,
    Outcome,
    PromptKind,
    PromptPlayed,
    RunControl,
    RunEvent,
    Script,
    SimulationOptions,
    simulate,
)
from tests.unit.simulator_flows import action, flow, module, say

NME = {"NoMatchingError": "error"}
FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
    "/queue/11111111-2222-4333-8444-555555555555"
)


def lookup(response_type: str = "STRING_MAP") -> dict[str, Any]:
    return action(
        "lookup",
        "InvokeLambdaFunction",
        {
            "LambdaFunctionARN": FUNCTION_ARN,
            "InvocationTimeLimitSeconds": "3",
            "ResponseValidation": {"ResponseType": response_type},
        },
        "greet",
        NME,
    )


def greet() -> dict[str, Any]:
    return say("greet", "Hello $.External.name")


class Recorder:
    """An observer that records every event as a short line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockStarted):
            self.lines.append(f"start {event.identifier}")
        elif isinstance(event, PromptPlayed):
            self.lines.append(f"prompt {event.kind.value} {event.heard}")
        elif isinstance(event, BlockFinished):
            self.lines.append(f"finish {event.identifier} {event.label}")
        elif isinstance(event, ContactEnded):
            self.lines.append(f"ended {event.ended.value}")


def real_lookup(event: dict[str, Any], context: Any) -> dict[str, str]:
    return {"name": "Real"}


FUNCTIONS = FunctionBindings({"lookup": real_lookup})


def test_an_observer_sees_blocks_prompts_branches_and_the_end_in_order() -> None:
    recorder = Recorder()
    simulate(flow(lookup(), greet()), functions=FUNCTIONS, observer=recorder)
    assert recorder.lines == [
        "start lookup",
        "finish lookup Success",
        "start greet",
        "prompt MESSAGE Hello Real",
        "finish greet Success",
        "start yes",
        "finish yes None",
        "ended DISCONNECTED",
    ]


def test_a_block_started_event_carries_parameters_as_written_and_resolved() -> None:
    started: list[BlockStarted] = []

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockStarted) and event.identifier == "hello":
            started.append(event)

    simulate(flow(say("hello", "Hi $.CustomerEndpoint.Address")), observer=observer)
    [event] = started
    assert event.parameters == {"Text": "Hi $.CustomerEndpoint.Address"}
    assert event.resolved == {"Text": "Hi +14155550100"}


def test_a_function_that_succeeds_finishes_with_its_answer_as_result() -> None:
    results: list[Any] = []

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockFinished) and event.identifier == "lookup":
            results.append(event.result)

    simulate(flow(lookup(), greet()), functions=FUNCTIONS, observer=observer)
    assert results == [{"name": "Real"}]


def test_prompts_say_which_kind_of_block_played_them() -> None:
    kinds: list[PromptKind] = []

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, PromptPlayed):
            kinds.append(event.kind)

    menu = action(
        "menu",
        "GetParticipantInput",
        {"SSML": "<speak>Press 1</speak>"},
        errors={"InputTimeLimitExceeded": "yes"},
        conditions=[("Equals", "1", "yes")],
    )
    simulate(flow(say("hello", "Hi", "menu"), menu), observer=observer)
    assert kinds == [PromptKind.MESSAGE, PromptKind.INPUT]


class Keypad:
    """Gives input only when asked, and remembers what had been heard by then."""

    def __init__(self, heard: list[str]) -> None:
        self.heard = heard
        self.asked: list[tuple[str, list[str]]] = []

    def next_input(self, request: InputRequest) -> CustomerInput:
        self.asked.append((request.identifier, list(self.heard)))
        return CustomerInput(InputKind.DTMF, "2")


def test_input_is_asked_for_when_the_block_needs_it_after_its_prompt() -> None:
    heard: list[str] = []

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, PromptPlayed):
            heard.append(event.heard)

    keypad = Keypad(heard)
    menu = action(
        "menu",
        "GetParticipantInput",
        {"Text": "Press 2"},
        errors={"NoMatchingCondition": "error"},
        conditions=[("Equals", "2", "yes")],
    )
    result = simulate(flow(menu), observer=observer, inputs=keypad)
    assert keypad.asked == [("menu", ["Press 2"])]
    assert result.path == ["menu", "yes"]


def test_an_observer_can_make_the_customer_hang_up_during_a_prompt() -> None:
    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, PromptPlayed):
            control.hang_up()

    result = simulate(flow(say("first", "one", "second"), say("second", "two")), observer=observer)
    assert (result.ended, result.path, result.prompts) == (Ended.DISCONNECTED, ["first"], ["one"])
    assert result.message == "the customer hung up at 'first'"


def test_an_observer_can_halt_the_run_with_a_reason() -> None:
    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockStarted) and event.identifier == "second":
            control.halt("the test ended (EndTest)")

    result = simulate(flow(say("first", "one", "second"), say("second", "two")), observer=observer)
    assert (result.ended, result.message) == (Ended.HALTED, "the test ended (EndTest)")
    assert result.prompts == ["one"]


def test_an_outcome_added_mid_run_answers_the_next_invocation_instead_of_the_function() -> None:
    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockStarted) and event.identifier == "lookup":
            control.outcomes.add(FUNCTION_ARN, LambdaOutcome(loaded_data='{"name": "Mocked"}'))

    result = simulate(flow(lookup(), greet()), functions=FUNCTIONS, observer=observer)
    assert result.prompts == ["Hello Mocked"]
    assert result.invocations[0].mocked is True


def test_mocked_answers_of_one_function_are_used_oldest_first_then_the_function() -> None:
    script = Script(
        outcomes=[
            ("lookup", LambdaOutcome(loaded_data='{"name": "First"}')),
            ("lookup", LambdaOutcome(loaded_data='{"name": "Second"}')),
        ]
    )
    again = say("greet", "Hello $.External.name", "lookup")
    loop_three = [
        action(
            "lookup",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": FUNCTION_ARN},
            "greet",
            NME,
        ),
        again,
    ]
    result = simulate(
        flow(*loop_three),
        functions=FUNCTIONS,
        script=script,
        options=SimulationOptions(max_steps=6),
    )
    assert result.prompts == ["Hello First", "Hello Second", "Hello Real"]


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (LambdaOutcome(error="TimeLimitExceeded"), Outcome.TIMEOUT),
        (LambdaOutcome(error="NoMatchingError"), Outcome.FUNCTION_ERROR),
        (LambdaOutcome(loaded_data='{"name": "Late"}', delay_seconds=3.0), Outcome.TIMEOUT),
        (LambdaOutcome(loaded_data="not json"), Outcome.INVALID_RESPONSE),
        (LambdaOutcome(loaded_data='{"nested": {"a": "b"}}'), Outcome.INVALID_RESPONSE),
    ],
    ids=["time-limit", "error", "delay-past-the-limit", "not-json", "nested-for-string-map"],
)
def test_a_mocked_answer_that_fails_takes_the_error_branch(
    outcome: LambdaOutcome, expected: Outcome
) -> None:
    script = Script(outcomes=[(FUNCTION_ARN, outcome)])
    result = simulate(flow(lookup(), greet()), functions=FUNCTIONS, script=script)
    assert (result.invocations[0].outcome, result.path) == (expected, ["lookup", "error"])


def test_a_mocked_delay_within_the_limit_succeeds() -> None:
    outcome = LambdaOutcome(loaded_data='{"name": "Slow"}', delay_seconds=2.5)
    result = simulate(
        flow(lookup(), greet()), functions=FUNCTIONS, script=Script(outcomes=[("lookup", outcome)])
    )
    assert result.prompts == ["Hello Slow"]
    assert result.invocations[0].duration_ms == 2500.0


def test_a_nested_mocked_answer_is_accepted_in_json_mode() -> None:
    outcome = LambdaOutcome(loaded_data='{"name": {"first": "Ana"}}')
    content = flow(lookup("JSON"), say("greet", "Hello $.External.name.first"))
    result = simulate(content, functions=FUNCTIONS, script=Script(outcomes=[("lookup", outcome)]))
    assert result.prompts == ["Hello Ana"]


def test_a_substitute_function_is_called_instead() -> None:
    def substitute(event: dict[str, Any], context: Any) -> dict[str, str]:
        return {"name": "Substitute"}

    functions = FunctionBindings({"lookup": real_lookup, "stand-in": substitute})
    script = Script(outcomes=[("lookup", LambdaOutcome(substitute="stand-in"))])
    result = simulate(flow(lookup(), greet()), functions=functions, script=script)
    assert result.prompts == ["Hello Substitute"]
    assert result.invocations[0].function == "stand-in"


def test_contact_data_is_readable_by_reference_at_any_moment() -> None:
    seen: dict[str, Any] = {}

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockStarted) and event.identifier == "transfer":
            seen["queue"] = control.read("$.Queue.ARN")
            seen["caller"] = control.read("$.CustomerEndpoint.Address")
            seen["absent"] = control.read("$.Attributes.absent")

    content = flow(
        action("setqueue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, "transfer", NME),
        action("transfer", "TransferContactToQueue", errors=NME),
    )
    simulate(content, observer=observer)
    assert seen == {"queue": QUEUE_ARN, "caller": "+14155550100", "absent": MISSING}


def test_reading_text_that_is_not_one_reference_is_refused() -> None:
    errors: list[str] = []

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, ContactEnded):
            with pytest.raises(ValueError, match="is not one") as raised:
                control.read("Queue.Name")
            errors.append(str(raised.value))

    simulate(flow(say("hello", "hi")), observer=observer)
    assert errors == ["'Queue.Name' is not one $. reference (e.g. $.Attributes.name)"]


def test_blocks_of_an_invoked_module_are_observed_with_the_modules_source(tmp_path: Path) -> None:
    (tmp_path / "greeting.json").write_text(
        json.dumps(
            module(say("inside", "hi", "return"), action("return", "EndFlowModuleExecution"))
        ),
        encoding="utf-8",
    )
    started: list[tuple[str, str]] = []
    finished: list[tuple[str, str | None]] = []

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockStarted):
            started.append((Path(event.flow).name, event.identifier))
        elif isinstance(event, BlockFinished):
            finished.append((event.identifier, event.label))

    invoke = action("invoke", "InvokeFlowModule", {"FlowModuleId": "greeting"}, "yes", NME)
    simulate(flow(invoke), options=SimulationOptions(flow_dir=tmp_path), observer=observer)
    assert started == [
        ("<flow>", "invoke"),
        ("greeting.json", "inside"),
        ("greeting.json", "return"),
        ("<flow>", "yes"),
    ]
    assert finished == [
        ("inside", "Success"),
        ("return", None),
        ("invoke", "Success"),
        ("yes", None),
    ]


def test_a_halt_when_a_module_returns_ends_the_run_before_the_caller_goes_on(
    tmp_path: Path,
) -> None:
    (tmp_path / "greeting.json").write_text(
        json.dumps(module(action("return", "EndFlowModuleExecution"))), encoding="utf-8"
    )

    def observer(event: RunEvent, control: RunControl) -> None:
        if isinstance(event, BlockFinished) and event.identifier == "invoke":
            control.halt("observed the module's return")

    invoke = action("invoke", "InvokeFlowModule", {"FlowModuleId": "greeting"}, "after", NME)
    result = simulate(
        flow(invoke, say("after", "not heard")),
        options=SimulationOptions(flow_dir=tmp_path),
        observer=observer,
    )
    assert (result.ended, result.message) == (Ended.HALTED, "observed the module's return")
    assert result.path == ["invoke", "return"]
