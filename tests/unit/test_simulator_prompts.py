"""Loop prompts, and which missing inputs are marked as assumed, on small hand-written flows."""

from __future__ import annotations

from flows.simulator import ContactSetup, Ended, Script, simulate
from tests.unit.simulator_flows import action, flow

NME = {"NoMatchingError": "error"}


def loop_prompts(interval: str | None = "30") -> dict[str, object]:
    parameters: dict[str, object] = {
        "Messages": [{"Text": "Your call matters"}, {"PromptId": "prompt-hold-music"}]
    }
    if interval is not None:
        parameters["InterruptFrequencySeconds"] = interval
    return action(
        "loop",
        "MessageParticipantIteratively",
        parameters,
        errors=NME,
        conditions=[("Equals", "MessagesInterrupted", "yes")],
    )


def test_loop_prompts_plays_its_messages_in_order_then_is_interrupted() -> None:
    result = simulate(flow(loop_prompts()))
    assert result.prompts == ["Your call matters", "[recorded prompt prompt-hold-music]"]
    assert result.steps[0].label == "Equals MessagesInterrupted"
    assert result.steps[0].assumptions == []


def test_loop_prompts_without_an_interruption_ends_when_an_agent_answers_as_assumed() -> None:
    result = simulate(flow(loop_prompts(interval=None)))
    assert result.ended is Ended.ENDED
    assert result.steps[0].assumptions == [
        "an agent answers while the prompts loop (Loop prompts has no interruption)"
    ]


def test_loop_prompts_on_a_chat_takes_the_error_branch_at_once() -> None:
    result = simulate(flow(loop_prompts()), ContactSetup(channel="CHAT"))
    assert (result.path, result.prompts) == (["loop", "error"], [])


# --- Get customer input: what counts as assumed ---


def menu() -> dict[str, object]:
    return action(
        "menu",
        "GetParticipantInput",
        {"Text": "Press 1", "StoreInput": "False"},
        errors={"InputTimeLimitExceeded": "no", "NoMatchingCondition": "error"},
        conditions=[("Equals", "1", "yes")],
    )


def test_a_menu_with_no_input_scripted_times_out_as_an_assumption() -> None:
    result = simulate(flow(menu()))
    assert result.path == ["menu", "no"]
    assert result.steps[0].assumptions == [
        "no input scripted for this block: the caller enters nothing (a timeout)"
    ]


def test_a_scripted_timeout_is_not_an_assumption() -> None:
    result = simulate(flow(menu()), script=Script(inputs=["timeout"]))
    assert result.path == ["menu", "no"]
    assert result.steps[0].assumptions == []
