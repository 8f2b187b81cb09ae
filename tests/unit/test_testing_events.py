"""The events a test case observes are formed as the live service forms them: consecutive
prompts up to the next input are one message, blocks that play nothing emit none, a Get
customer input that loops back to itself is not heard again, the Lex block's own prompt is not
observed, and matching ignores case."""

from __future__ import annotations

from typing import Any

from flows.simulator import FunctionBindings, Simulator
from flows.testing import parse_test_case
from flows.testing.runner import CaseRun, run_test_case
from tests.unit.simulator_flows import action, flow, say
from tests.unit.testing_language_json import (
    completed,
    content,
    end_test,
    flow_action,
    message,
    observation,
    press,
    started,
)

FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup"
QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
    "/queue/11111111-2222-4333-8444-555555555555"
)
BOT = "arn:aws:lex:us-east-1:111111111111:bot-alias/BOT1/ALIAS1"


def menu(again: str = "menu") -> dict[str, Any]:
    """Get customer input: 1 goes to sales, 9 to ``again``; silence or anything else: other."""
    return action(
        "menu",
        "GetParticipantInput",
        {"Text": "Press 1 for sales or 9 to hear this again.", "InputTimeLimitSeconds": "5"},
        errors={
            "InputTimeLimitExceeded": "other",
            "NoMatchingCondition": "other",
            "NoMatchingError": "error",
        },
        conditions=[("Equals", "1", "sales"), ("Equals", "9", again)],
    )


def sales() -> dict[str, Any]:
    return say("sales", "Connecting you to sales.")


def run(flow_content: dict[str, Any], case_content: dict[str, Any]) -> CaseRun:
    case = parse_test_case(case_content).case
    return run_test_case(Simulator(flow_content), case, functions=FunctionBindings())


def messages(case_run: CaseRun) -> list[str]:
    return [event for event in case_run.events if event.startswith("MessageReceived")]


ONLY_THE_END = content(observation("done", completed()))


def test_a_prompt_and_the_menu_after_it_are_one_message() -> None:
    flow_content = flow(say("welcome", "Welcome to Example Corp.", "menu"), menu(), sales())
    case = content(
        observation("start", started(), then=("menu",)),
        observation(
            "menu",
            message("Welcome to Example Corp. Press 1 for sales"),
            press("press-1", 1),
            then=("sales",),
        ),
        observation("sales", message("Connecting you to sales."), end_test()),
    )
    case_run = run(flow_content, case)
    assert case_run.verdict.status == "PASSED", case_run.verdict.reason
    assert messages(case_run) == [
        'MessageReceived "Welcome to Example Corp. Press 1 for sales or 9 to hear this again."',
        'MessageReceived "Connecting you to sales."',
    ]


def test_messages_split_at_the_customers_input() -> None:
    flow_content = flow(menu(), say("sales", "Connecting you.", "bye"), say("bye", "Goodbye."))
    case = content(
        observation("menu", message("Press 1 for sales"), press("press-1", 1), then=("done",)),
        observation("done", completed()),
    )
    assert messages(run(flow_content, case)) == [
        'MessageReceived "Press 1 for sales or 9 to hear this again."',
        'MessageReceived "Connecting you. Goodbye."',
    ]


def test_a_block_that_plays_nothing_between_two_prompts_splits_them() -> None:
    flow_content = flow(
        say("first", "First.", "set"),
        action("set", "UpdateContactAttributes", {"Attributes": {"x": "1"}}, "second"),
        say("second", "Second."),
    )
    assert messages(run(flow_content, ONLY_THE_END)) == [
        'MessageReceived "First."',
        'MessageReceived "Second."',
    ]


def test_blocks_that_play_nothing_emit_no_message_but_start_as_flow_actions() -> None:
    flow_content = flow(
        action("set", "UpdateContactAttributes", {"Attributes": {"x": "1"}}, "queue"),
        action("queue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, "yes"),
    )
    case_run = run(flow_content, ONLY_THE_END)
    assert case_run.events == (
        "TestInitiated",
        "FlowActionStarted UpdateContactAttributes",
        "FlowActionStarted UpdateContactTargetQueue",
        "FlowActionStarted DisconnectParticipant",
        "TestCompleted",
    )


def test_a_menu_that_loops_back_to_itself_is_not_heard_again_and_the_case_fails() -> None:
    flow_content = flow(menu(), sales())
    case = content(
        observation("menu", message("Press 1 for sales"), press("press-9", 9), then=("again",)),
        observation("again", message("Press 1 for sales"), press("press-1", 1)),
    )
    case_run = run(flow_content, case)
    assert messages(case_run) == ['MessageReceived "Press 1 for sales or 9 to hear this again."']
    assert case_run.verdict.status == "FAILED"
    assert case_run.verdict.failures[0].observation == "again"
    assert "5-minute limit" in case_run.verdict.reason


def test_a_menu_entered_again_through_a_prompt_is_a_new_message() -> None:
    flow_content = flow(menu(again="repeat"), say("repeat", "Here it is again.", "menu"), sales())
    case = content(
        observation("menu", message("Press 1 for sales"), press("press-9", 9), then=("again",)),
        observation("again", message("Here it is again."), press("press-1", 1), then=("sales",)),
        observation("sales", message("Connecting you to sales."), end_test()),
    )
    case_run = run(flow_content, case)
    assert case_run.verdict.status == "PASSED", case_run.verdict.reason
    assert messages(case_run)[1] == (
        'MessageReceived "Here it is again. Press 1 for sales or 9 to hear this again."'
    )


def test_text_is_matched_without_regard_to_case() -> None:
    flow_content = flow(say("welcome", "Welcome to Example Corp."))
    case = content(observation("welcome", message("WELCOME TO EXAMPLE CORP"), end_test()))
    assert run(flow_content, case).verdict.status == "PASSED"


def test_the_lex_blocks_own_prompt_is_not_observed() -> None:
    bot = action(
        "bot",
        "ConnectParticipantWithLexBot",
        {"Text": "How can I help?", "LexV2Bot": {"AliasArn": BOT}},
        errors={"NoMatchingCondition": "other", "NoMatchingError": "error"},
        conditions=[("Equals", "Sales", "sales")],
    )
    assert messages(run(flow(bot, sales()), ONLY_THE_END)) == []


def test_a_function_that_succeeds_completes_as_an_event() -> None:
    flow_content = flow(
        action(
            "lookup",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": FUNCTION_ARN},
            "yes",
            {"NoMatchingError": "error"},
        )
    )
    mocked = run_test_case(
        Simulator(flow_content),
        parse_test_case(ONLY_THE_END).case,
        functions=FunctionBindings({"lookup": lambda event, context: {"name": "Ana"}}),
    )
    failed = run(flow_content, ONLY_THE_END)  # nothing is bound: the Error branch
    assert "FlowActionCompleted InvokeLambdaFunction" in mocked.events
    assert "FlowActionCompleted InvokeLambdaFunction" not in failed.events


def test_a_transfer_to_queue_starts_with_its_working_queue_as_queue_id() -> None:
    flow_content = flow(
        action("queue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, "transfer"),
        action("transfer", "TransferContactToQueue", errors={"NoMatchingError": "error"}),
    )
    queue_id = QUEUE_ARN.rsplit("/", 1)[-1]
    ours = content(observation("queued", flow_action("TransferContactToQueue", QueueId=queue_id)))
    other = content(observation("queued", flow_action("TransferContactToQueue", QueueId="other")))
    assert run(flow_content, ours).verdict.status == "PASSED"
    assert run(flow_content, other).verdict.status == "FAILED"


def test_a_function_block_is_observed_by_the_function_it_names() -> None:
    flow_content = flow(
        action(
            "lookup",
            "InvokeLambdaFunction",
            {"LambdaFunctionARN": FUNCTION_ARN},
            "yes",
            {"NoMatchingError": "error"},
        )
    )
    other = FUNCTION_ARN.replace(":lookup", ":billing")
    ours = content(
        observation("called", flow_action("InvokeLambdaFunction", LambdaFunctionARN=FUNCTION_ARN))
    )
    not_ours = content(
        observation("called", flow_action("InvokeLambdaFunction", LambdaFunctionARN=other))
    )
    assert run(flow_content, ours).verdict.status == "PASSED"
    assert run(flow_content, not_ours).verdict.status == "FAILED"
