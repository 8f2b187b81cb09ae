"""Which transitions of a flow count for coverage, and how runs are counted against them."""

from __future__ import annotations

from typing import Any

from flows.simulator import ContactSetup, Script, Simulator, Transition, measure_coverage

QUEUE_ARN = "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q"


def flow() -> dict[str, Any]:
    """Check a tier (the console's NextAction repeats the no-match target), then transfer."""
    return {
        "Version": "2019-10-30",
        "StartAction": "check",
        "Actions": [
            {
                "Identifier": "check",
                "Type": "Compare",
                "Parameters": {"ComparisonValue": "$.Attributes.tier"},
                "Transitions": {
                    "NextAction": "queue",
                    "Conditions": [
                        {
                            "NextAction": "bye",
                            "Condition": {"Operator": "Equals", "Operands": ["GOLD"]},
                        }
                    ],
                    "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "queue"}],
                },
            },
            {
                "Identifier": "queue",
                "Type": "UpdateContactTargetQueue",
                "Parameters": {"QueueId": QUEUE_ARN},
                "Transitions": {
                    "NextAction": "transfer",
                    "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bye"}],
                },
            },
            {
                "Identifier": "transfer",
                "Type": "TransferContactToQueue",
                "Parameters": {},
                "Transitions": {
                    "NextAction": "bye",
                    "Errors": [
                        {"ErrorType": "QueueAtCapacity", "NextAction": "bye"},
                        {"ErrorType": "NoMatchingError", "NextAction": "bye"},
                    ],
                },
            },
            {
                "Identifier": "bye",
                "Type": "DisconnectParticipant",
                "Parameters": {},
                "Transitions": {},
            },
        ],
    }


def test_conditions_replace_next_action_and_a_transfer_succeeds_out_of_the_flow() -> None:
    transitions = Simulator(flow()).flow.transitions()

    assert transitions == [
        Transition("check", "Equals GOLD", "bye"),
        Transition("check", "NoMatchingCondition", "queue"),
        Transition("queue", "Success", "transfer"),
        Transition("queue", "NoMatchingError", "bye"),
        Transition("transfer", "Success", None),
        Transition("transfer", "QueueAtCapacity", "bye"),
        Transition("transfer", "NoMatchingError", "bye"),
    ]


def test_runs_count_each_transition_they_took() -> None:
    simulator = Simulator(flow())
    runs = [
        simulator.run(ContactSetup(attributes={"tier": "GOLD"})),
        simulator.run(ContactSetup(attributes={"tier": "SILVER"})),
        simulator.run(script=Script(queues_at_capacity=frozenset({QUEUE_ARN}))),
    ]

    report = measure_coverage(simulator.flow, runs)

    assert report.counts[Transition("queue", "Success", "transfer")] == 2
    assert report.counts[Transition("transfer", "Success", None)] == 1
    assert report.missed == [
        Transition("queue", "NoMatchingError", "bye"),
        Transition("transfer", "NoMatchingError", "bye"),
    ]
    assert round(report.percent) == 71


def test_json_runs_count_like_results() -> None:
    simulator = Simulator(flow())
    result = simulator.run(ContactSetup(attributes={"tier": "GOLD"}))

    from_json = measure_coverage(simulator.flow, [result.to_dict()])
    from_result = measure_coverage(simulator.flow, [result])

    assert from_json.counts == from_result.counts
    assert from_json.taken == [Transition("check", "Equals GOLD", "bye")]
