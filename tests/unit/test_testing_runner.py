"""Running a test case on the simulator: the customer's instructions, Asserts, mocks and
substitutes of functions, hours, queues and bots, the contact's starting data, EndTest and
LogData, and the verdicts, including the ones where the live run would time out."""

from __future__ import annotations

import json
from typing import Any

from flows.simulator import (
    Ended,
    FunctionBindings,
    LexOutcome,
    Script,
    SimulationOptions,
    Simulator,
    simulate,
)
from flows.testing import parse_test_case
from flows.testing.runner import CaseRun, run_test_case
from tests.unit.simulator_flows import action, flow, say
from tests.unit.testing_language_json import (
    check,
    completed,
    content,
    end_test,
    message,
    observation,
    press,
    started,
)

FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup"
OTHER_FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:other"
INSTANCE = "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
QUEUE_ARN = f"{INSTANCE}/queue/11111111-2222-4333-8444-555555555555"
TEST_QUEUE_ARN = f"{INSTANCE}/queue/99999999-2222-4333-8444-555555555555"
HOURS_ARN = f"{INSTANCE}/operating-hours/22222222-2222-4333-8444-555555555555"
BOT = "arn:aws:lex:us-east-1:111111111111:bot-alias/BOT1/ALIAS1"
NME = {"NoMatchingError": "error"}


# --- flows ---


def lookup(identifier: str = "lookup", arn: str = FUNCTION_ARN, then: str = "greet") -> Any:
    return action(
        identifier,
        "InvokeLambdaFunction",
        {
            "LambdaFunctionARN": arn,
            "InvocationTimeLimitSeconds": "3",
            "ResponseValidation": {"ResponseType": "STRING_MAP"},
        },
        then,
        NME,
    )


def greeting_flow() -> dict[str, Any]:
    return flow(lookup(), say("greet", "Hello $.External.name."))


def menu(timeout_to: str = "other", limit: str = "5") -> dict[str, Any]:
    return action(
        "menu",
        "GetParticipantInput",
        {"Text": "Press 1 for sales.", "InputTimeLimitSeconds": limit},
        errors={
            "InputTimeLimitExceeded": timeout_to,
            "NoMatchingCondition": "other",
            "NoMatchingError": "error",
        },
        conditions=[("Equals", "1", "sales")],
    )


def hours_flow() -> dict[str, Any]:
    return flow(
        action(
            "hours",
            "CheckHoursOfOperation",
            {"HoursOfOperationId": HOURS_ARN},
            errors=NME,
            conditions=[("Equals", "True", "yes"), ("Equals", "False", "no")],
        )
    )


def queue_flow() -> dict[str, Any]:
    return flow(
        action("queue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, "transfer", NME),
        action(
            "transfer",
            "TransferContactToQueue",
            errors={"QueueAtCapacity": "busy", "NoMatchingError": "error"},
        ),
        say("busy", "All agents are busy."),
    )


# --- test case JSON ---


def override(action_type: str, parameters: dict[str, Any], strategy: dict[str, Any]) -> Any:
    """One OverrideSystemBehavior action (named after the type; give another name with
    ``{**override(...), "Identifier": ...}`` when a case has two of one type)."""
    return {
        "Identifier": f"mock-{action_type}",
        "Type": "OverrideSystemBehavior",
        "Parameters": {
            "ActionType": "OverrideSystemBehavior",
            "Behavior": {
                "Type": "FlowAction",
                "Properties": {
                    "ActionType": action_type,
                    "ActionParameters": parameters,
                    "Strategy": strategy,
                },
            },
        },
    }


def answer(identifier: str, data: dict[str, Any], arn: str = FUNCTION_ARN, delay: int = 0) -> Any:
    result = {"LoadedData": json.dumps(data), "DelaySeconds": delay}
    strategy = {
        "Type": "MockResponse",
        "Response": {"Type": "ExecutionResult", "ExecutionResult": result},
    }
    mock = override("InvokeLambdaFunction", {"LambdaFunctionARN": arn}, strategy)
    return {**mock, "Identifier": identifier}


def error(action_type: str, parameters: dict[str, Any], value: str) -> Any:
    strategy = {"Type": "MockResponse", "Response": {"Type": "Error", "Error": {"Value": value}}}
    return override(action_type, parameters, strategy)


def substitute(action_type: str, parameters: dict[str, Any], arn: str) -> Any:
    return override(action_type, parameters, {"Type": "SubstituteResource", "SubstituteArn": arn})


def hours(value: str) -> Any:
    strategy = {
        "Type": "MockResponse",
        "Response": {"Type": "ExecutionResult", "ExecutionResult": {"Value": value}},
    }
    return override("CheckHoursOfOperation", {"HoursOfOperationId": HOURS_ARN}, strategy)


def at_start(*actions: dict[str, Any]) -> dict[str, Any]:
    """A case that acts at TestInitiated, then waits for the contact to leave the flow."""
    return content(
        observation("start", started(), *actions, then=("done",)),
        observation("done", completed()),
    )


def log(expressions: dict[str, str]) -> dict[str, Any]:
    return {
        "Identifier": "log",
        "Type": "TestControl",
        "Parameters": {
            "ActionType": "TestControl",
            "Command": {"Type": "LogData", "Properties": {"Expressions": expressions}},
        },
    }


def hang_up() -> dict[str, Any]:
    return {
        "Identifier": "hang-up",
        "Type": "SendInstruction",
        "Parameters": {
            "ActionType": "SendInstruction",
            "Actor": "Customer",
            "Instruction": {"Type": "Disconnect"},
        },
    }


def run(
    flow_content: dict[str, Any],
    case_content: dict[str, Any],
    functions: FunctionBindings | None = None,
    **options: Any,
) -> CaseRun:
    case = parse_test_case(case_content).case
    return run_test_case(
        Simulator(flow_content),
        case,
        functions=functions or FunctionBindings(),
        options=SimulationOptions(**options),
    )


# --- the customer ---


def test_a_dtmf_entry_answers_the_next_get_customer_input() -> None:
    case = content(
        observation("menu", message("Press 1"), press("press", 1), then=("done",)),
        observation("done", completed()),
    )
    case_run = run(flow(menu(), say("sales", "Sales.")), case)
    assert case_run.result.path == ["menu", "sales", "yes"]
    assert case_run.verdict.status == "PASSED"


def test_a_dtmf_value_written_as_a_string_is_entered_the_same() -> None:
    case = content(
        observation("menu", message("Press 1"), press("press", "1"), then=("done",)),
        observation("done", completed()),
    )
    assert run(flow(menu(), say("sales", "Sales.")), case).result.path == ["menu", "sales", "yes"]


def test_without_an_entry_the_customer_is_silent_and_the_menu_times_out() -> None:
    case_run = run(flow(menu(), say("sales", "Sales.")), content(observation("done", completed())))
    assert case_run.result.path == ["menu", "other"]


def test_a_disconnect_instruction_hangs_up_and_completes_the_test() -> None:
    case = content(
        observation("menu", message("Press 1"), hang_up(), then=("done",)),
        observation("done", completed()),
    )
    case_run = run(flow(menu(), say("sales", "Sales.")), case)
    assert case_run.result.ended is Ended.DISCONNECTED
    assert case_run.verdict.status == "PASSED"


# --- Assert ---


def test_a_failed_assert_fails_the_case_at_once_and_the_flow_goes_no_further() -> None:
    flow_content = flow(say("hello", "Hello.", "lookup"), lookup(then="yes"))
    case = content(
        observation("hello", message("Hello"), check("tier", "$.Attributes.tier", "Equals", "GOLD"))
    )
    case_run = run(flow_content, case)
    assert case_run.verdict.status == "FAILED"
    assert case_run.verdict.reason == (
        "observation 'hello', action 'tier': expected $.Attributes.tier Equals \"GOLD\"; "
        "$.Attributes.tier is not set"
    )
    assert case_run.result.invocations == []


def test_an_assert_reads_a_functions_answer_as_lambda_invocation_result_data() -> None:
    case = content(
        observation("start", started(), answer("mock", {"name": "Ana"}), then=("hello",)),
        observation(
            "hello",
            message("Hello Ana"),
            check("name", "$.LambdaInvocation.ResultData.name", "Equals", "Ana"),
            end_test(),
        ),
    )
    assert run(greeting_flow(), case).verdict.status == "PASSED"


def test_the_callers_number_is_the_entry_points_source_phone_number() -> None:
    case = {
        "TestCase": {
            "Name": "number",
            "EntryPoint": {
                "Type": "VOICE_CALL",
                "VoiceCallEntryPointParameters": {"SourcePhoneNumber": "+14155550123"},
            },
            "Content": content(
                observation(
                    "hello",
                    message("Hello"),
                    check("n", "$.CustomerEndpoint.Address", "Equals", "+14155550123"),
                    end_test(),
                )
            ),
        }
    }
    assert run(flow(say("hello", "Hello.")), case).verdict.status == "PASSED"


def test_a_phone_given_to_the_runner_replaces_the_source_phone_number() -> None:
    case = content(
        observation(
            "hello",
            message("Hello"),
            check("n", "$.CustomerEndpoint.Address", "Equals", "+442079460958"),
            end_test(),
        )
    )
    case_run = run_test_case(
        Simulator(flow(say("hello", "Hello."))),
        parse_test_case(case).case,
        phone="+442079460958",
        functions=FunctionBindings(),
    )
    assert case_run.verdict.status == "PASSED"


def test_initialization_data_attributes_are_the_contacts_attributes() -> None:
    case = {
        "TestCase": {
            "Name": "attributes",
            "InitializationData": json.dumps({"Attributes": {"tier": "GOLD"}}),
            "Content": content(
                observation(
                    "hello",
                    message("Hello"),
                    check("tier", "$.Attributes.tier", "Equals", "GOLD"),
                    end_test(),
                )
            ),
        }
    }
    assert run(flow(say("hello", "Hello.")), case).verdict.status == "PASSED"


# --- functions: mocks, substitutes, real ---


def test_a_mocked_answer_is_the_functions_answer_and_the_function_is_not_called() -> None:
    case = content(
        observation("start", started(), answer("mock", {"name": "Ana"}), then=("hello",)),
        observation("hello", message("Hello Ana."), end_test()),
    )
    case_run = run(greeting_flow(), case)
    assert case_run.verdict.status == "PASSED", case_run.verdict.reason
    assert [invocation.mocked for invocation in case_run.result.invocations] == [True]


def test_a_mocked_answer_string_map_refuses_takes_the_error_branch() -> None:
    case_run = run(greeting_flow(), at_start(answer("mock", {"customer": {"name": "Ana"}})))
    assert case_run.result.path == ["lookup", "error"]


def test_a_mocked_delay_past_the_blocks_time_limit_takes_the_error_branch() -> None:
    slow = run(greeting_flow(), at_start(answer("mock", {"name": "Ana"}, delay=3)))
    quick = run(greeting_flow(), at_start(answer("mock", {"name": "Ana"}, delay=2)))
    assert slow.result.path == ["lookup", "error"]
    assert quick.result.path == ["lookup", "greet", "yes"]


def test_a_mocked_time_limit_error_takes_the_error_branch() -> None:
    mock = error("InvokeLambdaFunction", {"LambdaFunctionARN": FUNCTION_ARN}, "TimeLimitExceeded")
    assert run(greeting_flow(), at_start(mock)).result.path == ["lookup", "error"]


def test_mocks_of_one_function_are_used_once_each_oldest_first() -> None:
    flow_content = flow(
        lookup("first", then="one"),
        say("one", "First $.External.name.", "second"),
        lookup("second", then="two"),
        say("two", "Second $.External.name."),
    )
    case = at_start(answer("ana", {"name": "Ana"}), answer("ben", {"name": "Ben"}))
    assert run(flow_content, case).result.prompts == ["First Ana.", "Second Ben."]


def test_mocks_are_kept_per_function() -> None:
    flow_content = flow(
        lookup("first", then="one"),
        say("one", "First $.External.name.", "second"),
        lookup("second", arn=OTHER_FUNCTION_ARN, then="two"),
        say("two", "Second $.External.name."),
    )
    case = at_start(
        answer("for-other", {"name": "Ben"}, arn=OTHER_FUNCTION_ARN),
        answer("for-lookup", {"name": "Ana"}),
    )
    assert run(flow_content, case).result.prompts == ["First Ana.", "Second Ben."]


def test_a_substitute_function_is_called_as_simulate_binds_it() -> None:
    case = at_start(
        substitute("InvokeLambdaFunction", {"LambdaFunctionARN": FUNCTION_ARN}, OTHER_FUNCTION_ARN)
    )
    functions = FunctionBindings(
        {
            "lookup": lambda event, context: {"name": "Real"},
            "other": lambda event, context: {"name": "Substitute"},
        }
    )
    assert run(greeting_flow(), case, functions).result.prompts == ["Hello Substitute."]


def test_a_function_no_override_mocks_is_called() -> None:
    functions = FunctionBindings({"lookup": lambda event, context: {"name": "Real"}})
    case_run = run(greeting_flow(), content(observation("done", completed())), functions)
    assert case_run.result.prompts == ["Hello Real."]


# --- hours, queues, bots ---


def test_hours_mocked_out_of_hours_take_the_false_branch() -> None:
    assert run(hours_flow(), at_start(hours("OutOfHours"))).result.path == ["hours", "no"]


def test_hours_mocked_in_hours_take_the_true_branch() -> None:
    assert run(hours_flow(), at_start(hours("InHours"))).result.path == ["hours", "yes"]


def test_hours_mocked_to_fail_take_the_error_branch() -> None:
    mock = error("CheckHoursOfOperation", {"HoursOfOperationId": HOURS_ARN}, "NoMatchingError")
    assert run(hours_flow(), at_start(mock)).result.path == ["hours", "error"]


def test_a_queue_mocked_at_capacity_takes_the_queue_at_capacity_branch() -> None:
    mock = error("TransferContactToQueue", {"QueueId": QUEUE_ARN}, "QueueAtCapacity")
    assert run(queue_flow(), at_start(mock)).result.path == ["queue", "transfer", "busy", "yes"]


def test_a_queue_named_by_its_id_is_mocked_too() -> None:
    queue_id = QUEUE_ARN.rsplit("/", 1)[-1]
    mock = error("TransferContactToQueue", {"QueueId": queue_id}, "QueueAtCapacity")
    assert run(queue_flow(), at_start(mock)).result.path == ["queue", "transfer", "busy", "yes"]


def test_a_substitute_queue_takes_the_contact_instead() -> None:
    mock = substitute("TransferContactToQueue", {"QueueId": QUEUE_ARN}, TEST_QUEUE_ARN)
    case_run = run(queue_flow(), at_start(mock))
    assert (case_run.result.ended, case_run.result.queue_arn) == (
        Ended.TRANSFERRED_TO_QUEUE,
        TEST_QUEUE_ARN,
    )


def bot_flow() -> dict[str, Any]:
    return flow(
        action(
            "bot",
            "ConnectParticipantWithLexBot",
            {"Text": "How can I help?", "LexV2Bot": {"AliasArn": BOT}},
            errors={"NoMatchingCondition": "no", "NoMatchingError": "error"},
            conditions=[("Equals", "Sales", "sales")],
        ),
        say("sales", "Sales, $.Lex.Slots.product."),
    )


def test_a_lex_mock_in_a_case_and_a_scripted_intent_take_the_same_path() -> None:
    loaded = json.dumps({"IntentName": "Sales", "Slots": {"product": "phones"}})
    strategy = {
        "Type": "MockResponse",
        "Response": {"Type": "ExecutionResult", "ExecutionResult": {"LoadedData": loaded}},
    }
    mock = override("ConnectParticipantWithLexBot", {"LexV2Bot": {"AliasArn": BOT}}, strategy)
    case_run = run(bot_flow(), at_start(mock))
    scripted = simulate(
        bot_flow(),
        script=Script(outcomes=[("bot", LexOutcome(intent="Sales", slots={"product": "phones"}))]),
    )
    assert case_run.result.path == scripted.path == ["bot", "sales", "yes"]
    assert case_run.result.prompts == scripted.prompts


# --- test control and verdicts ---


def test_end_test_ends_the_run_before_the_queue_transfer() -> None:
    flow_content = flow(
        say("hello", "Hello.", "queue"),
        action("queue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, "transfer", NME),
        action("transfer", "TransferContactToQueue", errors=NME),
    )
    case_run = run(flow_content, content(observation("hello", message("Hello"), end_test())))
    assert case_run.verdict.status == "PASSED"
    assert case_run.result.ended is Ended.HALTED
    assert "transfer" not in case_run.result.path
    assert case_run.ended == "EndTest ran in observation 'hello'"


def test_log_data_is_rendered_when_it_runs_and_kept_with_the_verdict() -> None:
    case = content(
        observation(
            "hello",
            message("Hello"),
            log({"caller": "from $.CustomerEndpoint.Address"}),
            end_test(),
        )
    )
    case_run = run_test_case(
        Simulator(flow(say("hello", "Hello."))),
        parse_test_case(case).case,
        phone="+14155550123",
        functions=FunctionBindings(),
    )
    assert case_run.verdict.logs == ("caller: from +14155550123",)


def test_a_message_that_never_comes_fails_saying_the_live_run_would_wait() -> None:
    case = content(observation("bye", message("Goodbye"), end_test()))
    case_run = run(flow(say("hello", "Hello.")), case)
    assert case_run.verdict.status == "FAILED"
    assert case_run.verdict.reason == (
        "observation 'bye': expected MessageReceived \"Goodbye\" (Inclusion); it never happened: "
        "the contact left the flow (DISCONNECTED: disconnected at 'yes'); "
        "the live run would wait for it until its 5-minute limit and end FAILED; played and "
        'matched by no observation: MessageReceived "Hello."'
    )


def test_a_contact_that_never_leaves_the_flow_fails_at_the_step_limit_as_a_live_time_out() -> None:
    flow_content = flow(
        action("count", "UpdateContactAttributes", {"Attributes": {"x": "1"}}, "again"),
        action("again", "UpdateContactAttributes", {"Attributes": {"x": "2"}}, "count"),
    )
    case_run = run(flow_content, content(observation("done", completed())), max_steps=40)
    assert case_run.verdict.status == "FAILED"
    assert case_run.verdict.reason == (
        "the case: expected EndTest, or the contact leaving the flow, within Connect's 5-minute "
        "limit; the contact was still in the flow after 40 blocks; the live run would time out "
        "and end FAILED"
    )
    assert len(case_run.result.steps) == 41  # the 41st block is halted before it runs


def test_waiting_for_input_that_never_comes_adds_up_to_the_live_time_limit() -> None:
    flow_content = flow(menu(timeout_to="sorry", limit="8"), say("sorry", "Sorry.", "menu"))
    case_run = run(flow_content, content(observation("done", completed())))
    assert case_run.verdict.status == "FAILED"
    assert "waited 304 s for input that never came" in case_run.verdict.reason
    assert "the live run would time out" in case_run.verdict.reason


def test_a_run_the_simulator_must_stop_fails() -> None:
    case_run = run(flow(action("odd", "NoSuchBlockType", {}, "yes")), at_start())
    assert case_run.verdict.status == "FAILED"
    assert case_run.verdict.reason.startswith(
        "the case: expected the simulated contact to run until the test ends; the simulator "
        "stopped: "
    )
