"""Get customer input with Amazon Lex, and Show view, on small hand-written flows."""

from __future__ import annotations

from flows.simulator import (
    BlockOutcome,
    CustomerInput,
    Ended,
    InputKind,
    InputRequest,
    LexOutcome,
    Script,
    simulate,
)
from tests.unit.simulator_flows import action, flow, say

BOT = "arn:aws:lex:us-east-1:111111111111:bot-alias/BOT1/ALIAS1"


def lex(no_match: str = "no") -> dict[str, object]:
    return action(
        "bot",
        "ConnectParticipantWithLexBot",
        {
            "Text": "How can I help?",
            "LexV2Bot": {"AliasArn": BOT},
            "LexSessionAttributes": {"caller": "$.CustomerEndpoint.Address"},
        },
        errors={
            "NoMatchingCondition": no_match,
            "InputTimeLimitExceeded": "other",
            "NoMatchingError": "error",
        },
        conditions=[("Equals", "Billing", "say")],
    )


def test_a_scripted_intent_takes_its_condition_and_is_readable_with_its_slots() -> None:
    script = Script(outcomes=[("bot", LexOutcome(intent="Billing", slots={"month": "May"}))])
    content = flow(lex(), say("say", "$.Lex.IntentName for $.Lex.Slots.month"))
    result = simulate(content, script=script)
    assert result.path == ["bot", "say", "yes"]
    assert result.prompts == ["How can I help?", "Billing for May"]


def test_session_attributes_are_the_blocks_own_plus_the_scripted_ones() -> None:
    outcome = LexOutcome(intent="Billing", session_attributes={"tier": "gold"})
    content = flow(lex(), say("say", "$.Lex.SessionAttributes.caller $.Lex.SessionAttributes.tier"))
    result = simulate(content, script=Script(outcomes=[(BOT, outcome)]))
    assert result.prompts[-1] == "+14155550100 gold"


def test_without_a_scripted_intent_the_bot_understands_nothing_as_assumed() -> None:
    result = simulate(flow(lex()))
    assert result.path == ["bot", "no"]
    assert result.steps[0].assumptions == [
        "the bot understood no intent (FallbackIntent; --lex scripts one)"
    ]


def test_intents_scripted_for_one_block_are_used_on_its_successive_visits() -> None:
    script = Script(
        outcomes=[("bot", LexOutcome(intent="Other")), ("bot", LexOutcome(intent="Billing"))]
    )
    asks_again = lex(no_match="bot")
    result = simulate(flow(asks_again, say("say", "$.Lex.IntentName")), script=script)
    assert result.path == ["bot", "bot", "say", "yes"]


def test_a_scripted_bot_error_takes_that_branch() -> None:
    script = Script(outcomes=[("bot", LexOutcome(error="NoMatchingError"))])
    assert simulate(flow(lex()), script=script).path == ["bot", "error"]


class Silent:
    """A customer who says nothing before the bot's time limit."""

    def next_input(self, request: InputRequest) -> CustomerInput:
        return CustomerInput(InputKind.TIMEOUT)


class HangsUp:
    def next_input(self, request: InputRequest) -> CustomerInput:
        return CustomerInput(InputKind.HANG_UP)


def test_a_customer_who_says_nothing_takes_input_time_limit_exceeded() -> None:
    assert simulate(flow(lex()), inputs=Silent()).path == ["bot", "other"]


def test_a_customer_who_hangs_up_at_the_bot_disconnects_the_contact() -> None:
    result = simulate(flow(lex()), inputs=HangsUp())
    assert (result.ended, result.path) == (Ended.DISCONNECTED, ["bot"])


# --- Show view ---


def view() -> dict[str, object]:
    return action(
        "view",
        "ShowView",
        {
            "ViewResource": {"Id": "detail", "Version": "Latest"},
            "InvocationTimeLimitSeconds": "300",
        },
        errors={
            "NoMatchingCondition": "no",
            "TimeLimitExceeded": "other",
            "NoMatchingError": "error",
        },
        conditions=[("Equals", "ActionSelected", "say"), ("Equals", "Back", "yes")],
    )


def test_a_scripted_view_action_takes_its_condition_with_the_views_result_data() -> None:
    outcome = BlockOutcome(result="ActionSelected", data={"actionName": "Refresh"})
    content = flow(view(), say("say", "$.Views.Action: $.Views.ViewResultData.actionName"))
    result = simulate(content, script=Script(outcomes=[("view", outcome)]))
    assert result.path == ["view", "say", "yes"]
    assert result.prompts == ["ActionSelected: Refresh"]


def test_without_a_scripted_action_nobody_acts_within_the_time_limit_as_assumed() -> None:
    result = simulate(flow(view()))
    assert result.path == ["view", "other"]
    assert result.steps[0].assumptions == [
        "nobody acts on view 'detail' within its time limit (300 s)"
    ]


def test_a_view_action_with_no_condition_takes_no_matching_condition() -> None:
    script = Script(outcomes=[("view", BlockOutcome(result="Next"))])
    assert simulate(flow(view()), script=script).path == ["view", "no"]
