"""The one scripting model: outcomes queued once or standing, by block, resource or ANY; inputs."""

from __future__ import annotations

from flows.simulator import (
    ANY,
    CustomerInput,
    InputKind,
    InputRequest,
    LambdaOutcome,
    QueueOutcome,
    Script,
    ScriptedInputs,
    ScriptedOutcomes,
    simulate,
)
from tests.unit.simulator_flows import action, flow

FULL = QueueOutcome(error="QueueAtCapacity")
CLOSED = QueueOutcome(error="NoMatchingError")


def test_queued_outcomes_of_one_key_are_used_once_each_oldest_first() -> None:
    outcomes = ScriptedOutcomes([("q", FULL), ("q", CLOSED)])
    taken = [outcomes.take(QueueOutcome, ["q"]) for _ in range(3)]
    assert taken == [FULL, CLOSED, None]


def test_a_standing_outcome_holds_for_every_use() -> None:
    outcomes = ScriptedOutcomes(standing=[("q", FULL)])
    assert [outcomes.take(QueueOutcome, ["q"]) for _ in range(3)] == [FULL, FULL, FULL]


def test_a_queued_outcome_wins_over_a_standing_one() -> None:
    outcomes = ScriptedOutcomes(queued=[("q", CLOSED)], standing=[("q", FULL)])
    assert [outcomes.take(QueueOutcome, ["q"]) for _ in range(2)] == [CLOSED, FULL]


def test_the_first_key_with_an_outcome_is_used() -> None:
    outcomes = ScriptedOutcomes([("arn", FULL), ("block", CLOSED)])
    assert outcomes.take(QueueOutcome, ["block", "arn"]) == CLOSED


def test_any_matches_every_key_of_its_kind_only() -> None:
    outcomes = ScriptedOutcomes(standing=[(ANY, FULL)])
    assert outcomes.take(QueueOutcome, ["whatever"]) == FULL
    assert outcomes.take(LambdaOutcome, ["whatever"]) is None


def test_an_outcome_added_later_is_used_by_the_next_take() -> None:
    outcomes = ScriptedOutcomes()
    assert outcomes.take(QueueOutcome, ["q"]) is None
    outcomes.add("q", FULL)
    assert outcomes.take(QueueOutcome, ["q"]) == FULL


def test_a_script_is_not_consumed_by_the_runs_that_use_it() -> None:
    transfer = action(
        "transfer",
        "TransferContactToQueue",
        errors={"QueueAtCapacity": "no", "NoMatchingError": "error"},
    )
    setqueue = action("setqueue", "UpdateContactTargetQueue", {"QueueId": "q-1"}, "transfer")
    script = Script(outcomes=[("transfer", FULL)])
    first = simulate(flow(setqueue, transfer), script=script)
    second = simulate(flow(setqueue, transfer), script=script)
    assert (first.path[-1], second.path[-1]) == ("no", "no")


def request(for_lex: bool = False) -> InputRequest:
    return InputRequest("<flow>", "menu", "GetParticipantInput", "VOICE", for_lex)


def test_scripted_inputs_give_digits_then_timeouts_marked_as_assumed() -> None:
    inputs = ScriptedInputs(["12", "timeout"])
    assert [inputs.next_input(request()) for _ in range(3)] == [
        CustomerInput(InputKind.DTMF, "12"),
        CustomerInput(InputKind.TIMEOUT),
        CustomerInput(InputKind.TIMEOUT, assumed=True),
    ]


def test_scripted_inputs_are_not_used_up_by_a_lex_block() -> None:
    inputs = ScriptedInputs(["1"])
    assert inputs.next_input(request(for_lex=True)) == CustomerInput(
        InputKind.UTTERANCE, None, assumed=True
    )
    assert inputs.next_input(request()) == CustomerInput(InputKind.DTMF, "1")
