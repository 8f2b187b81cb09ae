"""Events that happened against the events observations wait for."""

from __future__ import annotations

from flows.testing.matching import (
    ObservedEvent,
    describe_event,
    event_matches,
    resource_of,
    same_resource,
)
from flows.testing.model import (
    FlowActionCompleted,
    FlowActionStarted,
    Media,
    MessageReceived,
    TestCompleted,
    TestInitiated,
)

QUEUE_ID = "11111111-1111-4111-8111-111111111111"
QUEUE_ARN = f"arn:aws:connect:us-east-1:111111111111:instance/i-1/queue/{QUEUE_ID}"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:customer-lookup-dev"


def test_start_and_completion_match_by_type_alone() -> None:
    assert event_matches(TestInitiated(), ObservedEvent.test_initiated())
    assert event_matches(TestCompleted(), ObservedEvent.test_completed())
    assert not event_matches(TestCompleted(), ObservedEvent.test_initiated())


def test_a_message_matches_by_its_criterion_ignoring_case() -> None:
    expected = MessageReceived(text="press 1 for billing", matching="Inclusion")

    assert event_matches(expected, ObservedEvent.message("Welcome. Press one for BILLING."))
    assert not event_matches(expected, ObservedEvent.message("Welcome. Press 2 for billing."))


def test_a_message_by_similarity_needs_near_identical_wording() -> None:
    expected = MessageReceived(text="Thank you for calling Example Corp")

    assert event_matches(expected, ObservedEvent.message("Thanks for calling Example Corp."))
    assert not event_matches(expected, ObservedEvent.message("All agents are busy"))


def test_an_ssml_message_is_matched_by_its_words() -> None:
    expected = MessageReceived(
        ssml="<speak>Press <emphasis>1</emphasis></speak>", matching="Inclusion"
    )

    assert event_matches(expected, ObservedEvent.message("Press one for billing"))


def test_a_prompt_matches_by_id_or_arn() -> None:
    prompt_arn = "arn:aws:connect:us-east-1:111111111111:instance/i-1/prompt/p-42"
    expected = MessageReceived(prompt_id="p-42")

    assert event_matches(expected, ObservedEvent.message("", prompt_id=prompt_arn))
    assert not event_matches(expected, ObservedEvent.message("p-42"))


def test_media_matches_by_its_uri() -> None:
    expected = MessageReceived(media=Media(uri="s3://bucket/hold.wav"))

    assert event_matches(expected, ObservedEvent.message("", media_uri="s3://bucket/hold.wav"))
    assert not event_matches(expected, ObservedEvent.message("", media_uri="s3://bucket/x.wav"))


def test_a_block_start_matches_by_type_and_the_parameters_given() -> None:
    expected = FlowActionStarted(
        action_type="InvokeLambdaFunction", action_parameters={"LambdaFunctionARN": FUNCTION_ARN}
    )
    block = {"LambdaFunctionARN": FUNCTION_ARN, "InvocationTimeLimitSeconds": "4"}

    assert event_matches(expected, ObservedEvent.flow_action_started("InvokeLambdaFunction", block))
    assert not event_matches(
        expected,
        ObservedEvent.flow_action_started("InvokeLambdaFunction", {"LambdaFunctionARN": "x"}),
    )
    assert not event_matches(
        expected, ObservedEvent.flow_action_completed("InvokeLambdaFunction", block)
    )


def test_a_block_start_without_parameters_matches_any_block_of_that_type() -> None:
    expected = FlowActionStarted(action_type="TransferContactToQueue")

    assert event_matches(
        expected,
        ObservedEvent.flow_action_started("TransferContactToQueue", {"QueueId": QUEUE_ARN}),
    )


def test_a_queue_id_matches_the_queues_arn() -> None:
    expected = FlowActionStarted(
        action_type="TransferContactToQueue", action_parameters={"QueueId": QUEUE_ID}
    )

    assert event_matches(
        expected,
        ObservedEvent.flow_action_started("TransferContactToQueue", {"QueueId": QUEUE_ARN}),
    )


def test_nested_parameters_match_entry_by_entry() -> None:
    alias = "arn:aws:lex:us-east-1:111111111111:bot-alias/B1/A1"
    expected = FlowActionCompleted(
        action_type="ConnectParticipantWithLexBot",
        action_parameters={"LexV2Bot": {"AliasArn": alias}},
    )

    assert event_matches(
        expected,
        ObservedEvent.flow_action_completed(
            "ConnectParticipantWithLexBot", {"LexV2Bot": {"AliasArn": alias}, "Text": "Hi"}
        ),
    )


def test_ids_and_arns_name_the_same_resource_only_when_the_last_segment_is_the_id() -> None:
    assert same_resource(QUEUE_ID, QUEUE_ARN)
    assert same_resource(QUEUE_ARN, QUEUE_ID)
    assert not same_resource("4111-8111-111111111111", QUEUE_ARN)
    assert not same_resource(QUEUE_ARN, QUEUE_ARN.replace("queue", "prompt") + "x")


def test_expected_events_are_described_for_verdicts() -> None:
    assert describe_event(MessageReceived(text="Welcome", matching="Inclusion")) == (
        'MessageReceived "Welcome" (Inclusion)'
    )
    assert (
        describe_event(
            FlowActionStarted(
                action_type="TransferContactToQueue", action_parameters={"QueueId": "q"}
            )
        )
        == 'FlowActionStarted TransferContactToQueue {"QueueId": "q"}'
    )
    assert describe_event(TestInitiated()) == "TestInitiated"


def test_the_resource_an_override_names_is_read_from_its_type_s_parameter() -> None:
    alias = "arn:aws:lex:us-east-1:111111111111:bot-alias/B1/A1"

    assert resource_of("InvokeLambdaFunction", {"LambdaFunctionARN": FUNCTION_ARN}) == FUNCTION_ARN
    assert resource_of("DequeueAndTransferToQueue", {"QueueId": QUEUE_ID}) == QUEUE_ID
    assert resource_of("ConnectParticipantWithLexBot", {"LexV2Bot": {"AliasArn": alias}}) == alias
    assert resource_of("CheckHoursOfOperation", {}) is None
