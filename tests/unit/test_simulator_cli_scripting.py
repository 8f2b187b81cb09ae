"""`python -m flows simulate`'s scripting options (--lex, --view, --percent, --result, --metric,
--seed, --queue-full), the default caller number, and assumptions in the transcript, the JSON and
coverage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flows.cli import main
from flows.language.facts import console_name
from tests.cli_contract import one_line
from tests.unit.simulator_flows import action, flow, say

QUEUE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
    "/queue/00000000-0000-4000-8000-0000000000aa"
)
NME = {"NoMatchingError": "error"}


def scripted_flow() -> dict[str, Any]:
    """A flow through every block a scripting option reaches: staffing, a percentage split, a
    bot, a view, Voice ID, then the working queue and a transfer."""
    content = flow(
        action(
            "staffing",
            "CheckMetricData",
            {"MetricType": "NumberOfAgentsOnline", "QueueId": QUEUE_ARN},
            errors={"NoMatchingCondition": "other", **NME},
            conditions=[("NumberGreaterThan", "0", "split")],
        ),
        action(
            "split",
            "DistributeByPercentage",
            errors={"NoMatchingCondition": "bot"},
            conditions=[("NumberLessThan", "50", "bot")],
        ),
        action(
            "bot",
            "ConnectParticipantWithLexBot",
            {"Text": "How can I help?", "LexV2Bot": {"AliasArn": "arn:aws:lex:bot-alias/B/A"}},
            errors={"NoMatchingCondition": "view", **NME},
            conditions=[("Equals", "Billing", "billing")],
        ),
        say("billing", "Billing for $.Lex.Slots.month", "view"),
        action(
            "view",
            "ShowView",
            {"ViewResource": {"Id": "detail"}, "InvocationTimeLimitSeconds": "300"},
            errors={"TimeLimitExceeded": "voiceid", "NoMatchingCondition": "voiceid", **NME},
            conditions=[("Equals", "Back", "voiceid")],
        ),
        action(
            "voiceid",
            "CheckVoiceId",
            {"CheckVoiceIdOption": "voiceAuthentication"},
            errors=NME,
            conditions=[
                ("Equals", "Authenticated", "setqueue"),
                ("Equals", "Inconclusive", "setqueue"),
            ],
        ),
        action("setqueue", "UpdateContactTargetQueue", {"QueueId": QUEUE_ARN}, "transfer", NME),
        action("transfer", "TransferContactToQueue", errors={"QueueAtCapacity": "no", **NME}),
    )
    content["Metadata"] = {"ActionMetadata": {"setqueue": {"queue": {"text": "Sales"}}}}
    return content


@pytest.fixture
def flow_file(tmp_path: Path) -> Path:
    path = tmp_path / "scripted.json"
    path.write_text(json.dumps(scripted_flow()), encoding="utf-8")
    return path


def simulate_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["simulate", *argv, "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def labels(result: dict[str, Any]) -> dict[str, str]:
    return {row["action"]: row["label"] for row in result["transitions"]}


def test_lex_scripts_the_intent_and_slots_of_a_bot(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file), "--lex", "bot=Billing,month=May")
    assert labels(result)["bot"] == "Equals Billing"
    assert result["prompts"][1] == "Billing for May"


def test_view_scripts_the_action_chosen_in_a_view(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file), "--view", "view=Back")
    assert labels(result)["view"] == "Equals Back"


def test_percent_scripts_the_number_a_split_draws(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    low = simulate_json(capsys, str(flow_file), "--percent", "split=49")
    high = simulate_json(capsys, str(flow_file), "--percent", "split=50")
    assert (labels(low)["split"], labels(high)["split"]) == (
        "NumberLessThan 50",
        "NoMatchingCondition",
    )


def test_the_same_seeds_take_the_same_branches(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def split_by_seed() -> list[str]:
        return [
            labels(simulate_json(capsys, str(flow_file), "--seed", str(seed)))["split"]
            for seed in range(8)
        ]

    first, again = split_by_seed(), split_by_seed()
    assert first == again
    assert set(first) == {"NumberLessThan 50", "NoMatchingCondition"}


def test_result_scripts_a_voice_id_status(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file), "--result", "voiceid=Authenticated")
    assert labels(result)["voiceid"] == "Equals Authenticated"


def test_metric_scripts_a_real_time_metric(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file), "--metric", "NumberOfAgentsOnline=0")
    assert result["path"] == ["staffing", "other"]


def test_queue_full_with_a_queue_the_flow_has_takes_queue_at_capacity(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file), "--queue-full", "Sales")
    assert labels(result)["transfer"] == "QueueAtCapacity"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--fail", "voiceld"], "--fail 'voiceld': no block has that Identifier in"),
        (["--percent", "splt=5"], "--percent 'splt': no DistributeByPercentage block has"),
        (["--queue-full", "sales"], "--queue-full 'sales': the flow has no such queue"),
        (["--metric", "NumberOfAgentOnline=1"], "expected NAME=VALUE with NAME one of"),
    ],
    ids=["block", "typed-block", "queue", "metric"],
)
def test_a_mistyped_name_is_refused_with_the_closest_one(
    flow_file: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(flow_file), *argv]) == 2
    line = one_line(capsys.readouterr().err)
    assert message in line
    closest = {"--fail": "voiceid", "--percent": "split", "--queue-full": "Sales"}
    expected = closest.get(argv[0], "NumberOfAgentsOnline")
    assert f"(did you mean {expected!r}?)" in line


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        (
            "transfer=QueueAtCapcity",
            "--fail 'transfer=QueueAtCapcity': block 'transfer' "
            f"({console_name('TransferContactToQueue')}) raises NoMatchingError, QueueAtCapacity, "
            "not 'QueueAtCapcity' (did you mean 'QueueAtCapacity'?)",
        ),
        ("billing=Bogus", "raises NoMatchingError, not 'Bogus'"),
    ],
)
def test_a_failure_the_block_cannot_raise_is_refused(
    flow_file: Path, fail: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(flow_file), "--fail", fail]) == 2
    assert message in one_line(capsys.readouterr().err)


def test_a_failure_the_block_can_raise_is_taken(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(capsys, str(flow_file), "--fail", "transfer=QueueAtCapacity")
    assert labels(result)["transfer"] == "QueueAtCapacity"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--queue-full", "Nowhere"],
            "--queue-full 'Nowhere': the flow has no such queue; its queues are Sales "
            "(by name, ARN or id)",
        ),
        (
            ["--lex", "view=Billing"],
            f"--lex 'view': that block is a {console_name('ShowView')} (ShowView); --lex "
            "scripts ConnectParticipantWithLexBot blocks",
        ),
        (["--view", "nowhere=Back"], "--view 'nowhere': no ShowView block has that Identifier in"),
        (["--lex", "bot"], "--lex 'bot': expected BLOCK=INTENT[,slot=value...]"),
        (
            ["--percent", "split=101"],
            "--percent 'split=101': expected BLOCK=N with N a whole number from 1 to 100",
        ),
        (
            ["--result", "voiceid=Maybe"],
            f"--result 'voiceid=Maybe': a {console_name('CheckVoiceId')} block's result is one of "
            "Authenticated, NotAuthenticated, Inconclusive, NotEnrolled, OptedOut",
        ),
        (["--metric", "NumberOfAgentsOnline=many"], "the value must be a number"),
        (["--metric", "AgentsOnline=1"], "expected NAME=VALUE with NAME one of NumberOfAgents"),
        (["--seed", "x"], "invalid int value"),
    ],
    ids=[
        "unknown-queue",
        "lex-on-a-view",
        "unknown-block",
        "lex-without-intent",
        "percent-out-of-range",
        "unknown-voice-id-status",
        "metric-not-a-number",
        "unknown-metric",
        "seed-not-a-number",
    ],
)
def test_a_bad_scripting_option_gets_one_line_and_status_2(
    flow_file: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["simulate", str(flow_file), *argv])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err
    assert "Traceback" not in err


def test_help_shows_the_default_caller_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "--help"]) == 0
    assert "(default +14155550100;" in " ".join(capsys.readouterr().out.split())


def test_the_transcript_says_when_the_caller_number_is_the_default(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["simulate", str(flow_file)])
    default = capsys.readouterr().out.splitlines()[0]
    main(["simulate", str(flow_file), "--phone", "+14155550100"])
    given = capsys.readouterr().out.splitlines()[0]
    assert default.endswith("from +14155550100 (the default caller number; --phone sets another)")
    assert given.endswith("from +14155550100")


def test_the_transcript_marks_assumed_steps_and_lists_the_assumptions(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["simulate", str(flow_file), "--metric", "NumberOfAgentsOnline=1"])
    out = capsys.readouterr().out
    assert "assumed: the bot understood no intent (FallbackIntent; --lex scripts one)" in out
    assert out.split("Assumed (not real, not scripted):\n")[1].splitlines() == [
        "  - [bot] the bot understood no intent (FallbackIntent; --lex scripts one)",
        "  - [view] nobody acts on view 'detail' within its time limit (300 s)",
        "  - [voiceid] Voice ID has no audio of a simulated call to analyse: Inconclusive",
        "  - [transfer] queue Sales has room for the contact",
    ]


def test_json_marks_each_transition_taken_on_an_assumption(
    flow_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = simulate_json(
        capsys, str(flow_file), "--metric", "NumberOfAgentsOnline=1", "--lex", "bot=Billing"
    )
    assumed = {row["action"]: row["assumed"] for row in result["transitions"]}
    assert assumed == {
        "staffing": False,
        "split": False,
        "bot": False,
        "billing": False,
        "view": True,
        "voiceid": True,
        "setqueue": False,
        "transfer": True,
    }
    assert [a["action"] for a in result["assumptions"]] == ["view", "voiceid", "transfer"]


def test_coverage_counts_transitions_taken_on_assumptions(
    flow_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = []
    for number, extra in enumerate([[], ["--result", "voiceid=Authenticated"]]):
        assert main(["simulate", str(flow_file), "--json", "--seed", "1", *extra]) == 0
        path = tmp_path / f"run{number}.json"
        path.write_text(capsys.readouterr().out, encoding="utf-8")
        runs.append(str(path))
    assert main(["coverage", str(flow_file), *runs, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {(r["action"], r["label"]): (r["count"], r["assumed"]) for r in report["counts"]}
    assert rows[("voiceid", "Equals Inconclusive")] == (1, 1)
    assert rows[("voiceid", "Equals Authenticated")] == (1, 0)
    assert rows[("transfer", "Success")] == (2, 2)


def test_transfer_to_a_phone_number_is_an_ended_value_of_the_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = flow(
        action(
            "dial",
            "TransferParticipantToThirdParty",
            {"ThirdPartyPhoneNumber": "+442079460958", "ContinueFlowExecution": "False"},
            "yes",
            NME,
        )
    )
    path = tmp_path / "dial.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    result = simulate_json(capsys, str(path))
    assert (result["ended"], result["transferred_to"]) == (
        "TRANSFERRED_TO_PHONE_NUMBER",
        "+442079460958",
    )


def test_the_coverage_report_says_which_transitions_were_taken_only_on_assumptions(
    flow_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["simulate", str(flow_file), "--json", "--percent", "split=10"]) == 0
    run = tmp_path / "run.json"
    run.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["coverage", str(flow_file), str(run)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == (
        "  5 of them taken only on steps whose outcome the simulator assumed "
        "(script them to make them real)"
    )
    assert "Transfer to queue [transfer] --Success--> (leaves the flow)  (1 assumed)" in out
