"""Distribute by percentage, Wait, Invoke module and Return, on small hand-written flows."""

from __future__ import annotations

import json
from pathlib import Path

from flows.simulator import (
    BlockOutcome,
    ContactSetup,
    Ended,
    Script,
    SimulationOptions,
    SimulationResult,
    Simulator,
    simulate,
)
from flows.simulator.result import Setting
from tests.unit.simulator_flows import action, flow, module, say

NME = {"NoMatchingError": "error"}


def split(*thresholds: str) -> dict[str, object]:
    """Distribute by percentage: branch i taken below threshold i (yes, then other)."""
    targets = ["yes", "other"]
    return action(
        "split",
        "DistributeByPercentage",
        errors={"NoMatchingCondition": "no"},
        conditions=[("NumberLessThan", t, targets[i]) for i, t in enumerate(thresholds)],
    )


def drawn(result: SimulationResult) -> int:
    """The number the split drew, as its step records it."""
    setting = next(e for e in result.steps[0].events if isinstance(e, Setting))
    return int(setting.value.split()[0])


def test_a_split_written_as_the_console_writes_it_gives_each_branch_its_share() -> None:
    # 20 % A, 40 % B, the rest Default: draws 1-20 take A, 21-60 B, 61-100 the default branch
    # (adminguide/distribute-by-percentage.html).
    simulator = Simulator(flow(split("21", "61")))
    taken: dict[str, int] = {}
    for seed in range(2000):
        branch = simulator.run(options=SimulationOptions(seed=seed)).path[-1]
        taken[branch] = taken.get(branch, 0) + 1
    shares = {branch: round(count / 2000, 1) for branch, count in taken.items()}
    assert shares == {"yes": 0.2, "other": 0.4, "no": 0.4}


def test_draws_range_over_1_to_100() -> None:
    simulator = Simulator(flow(split("100")))
    draws = {drawn(simulator.run(options=SimulationOptions(seed=seed))) for seed in range(2000)}
    assert (min(draws), max(draws), len(draws)) == (1, 100, 100)


def test_a_draw_of_100_takes_the_default_branch_as_no_condition_may_compare_above_100() -> None:
    script = Script(outcomes=[("split", BlockOutcome(result="100"))])
    assert simulate(flow(split("100")), script=script).path == ["split", "no"]


def test_the_same_seed_draws_the_same_branches() -> None:
    simulator = Simulator(flow(split("50", "100")))
    first = [simulator.run(options=SimulationOptions(seed=s)).path for s in range(20)]
    again = [simulator.run(options=SimulationOptions(seed=s)).path for s in range(20)]
    assert first == again
    assert {tuple(p) for p in first} == {("split", "yes"), ("split", "other")}


def test_a_scripted_draw_picks_the_first_threshold_above_it() -> None:
    simulator = Simulator(flow(split("20", "100")))
    below = simulator.run(script=Script(outcomes=[("split", BlockOutcome(result="19"))]))
    at = simulator.run(script=Script(outcomes=[("split", BlockOutcome(result="20"))]))
    assert (below.path, at.path) == (["split", "yes"], ["split", "other"])


def test_a_draw_no_threshold_takes_goes_to_no_matching_condition() -> None:
    script = Script(outcomes=[("split", BlockOutcome(result="70"))])
    assert simulate(flow(split("30", "60")), script=script).path == ["split", "no"]


# --- Wait ---


def wait() -> dict[str, object]:
    return action(
        "wait",
        "Wait",
        {"TimeoutSeconds": "900", "Events": ["CustomerReturned"]},
        errors=NME,
        conditions=[("Equals", "WaitCompleted", "no"), ("Equals", "CustomerReturned", "yes")],
    )


def test_a_chat_wait_completes_unless_scripted_and_says_it_assumed_so() -> None:
    result = simulate(flow(wait()), ContactSetup(channel="CHAT"))
    assert result.path == ["wait", "no"]
    assert result.steps[0].assumptions == [
        "nothing happens before the wait's time limit (WaitCompleted)"
    ]


def test_a_customer_returning_is_scripted_as_the_waits_result() -> None:
    script = Script(outcomes=[("wait", BlockOutcome(result="CustomerReturned"))])
    result = simulate(flow(wait()), ContactSetup(channel="CHAT"), script=script)
    assert result.path == ["wait", "yes"]


def test_a_wait_on_a_voice_contact_takes_the_error_branch() -> None:
    assert simulate(flow(wait())).path == ["wait", "error"]


# --- Invoke module, Return ---

MODULE_ARN = (
    "arn:aws:connect:us-east-1:111111111111:instance/00000000-0000-4000-8000-000000000000"
    "/flow-module/mod-1"
)


def invoke(module_id: str = MODULE_ARN) -> dict[str, object]:
    return action("invoke", "InvokeFlowModule", {"FlowModuleId": module_id}, "after", NME)


def write_module(folder: Path, *actions: dict[str, object]) -> None:
    (folder / "mod-1.json").write_text(json.dumps(module(*actions)), encoding="utf-8")


def test_invoke_module_runs_the_module_and_carries_on_when_it_returns(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        say("inside", "in the module $.Attributes.who", "set"),
        action(
            "set",
            "UpdateContactAttributes",
            {"Attributes": {"fromModule": "yes"}},
            "return",
            NME,
        ),
        action("return", "EndFlowModuleExecution"),
    )
    content = flow(invoke(), say("after", "back $.Attributes.fromModule"))
    result = simulate(
        content,
        ContactSetup(attributes={"who": "Ana"}),
        options=SimulationOptions(flow_dir=tmp_path),
    )
    assert result.prompts == ["in the module Ana", "back yes"]
    assert result.path == ["invoke", "inside", "set", "return", "after", "yes"]
    assert [s.flow for s in result.steps] == [0, 1, 1, 1, 0, 0]
    assert result.transitions()[0][1:] == ("invoke", "Success", "after")


def test_a_module_has_its_own_flow_attributes_and_the_callers_come_back(tmp_path: Path) -> None:
    write_module(
        tmp_path,
        say("inside", "module sees [$.FlowAttributes.x]", "return"),
        action("return", "EndFlowModuleExecution"),
    )
    setter = action(
        "flowattr", "UpdateFlowAttributes", {"FlowAttributes": {"x": {"Value": "1"}}}, "invoke"
    )
    content = flow(setter, invoke(), say("after", "caller sees [$.FlowAttributes.x]"))
    result = simulate(content, options=SimulationOptions(flow_dir=tmp_path))
    assert result.prompts == ["module sees []", "caller sees [1]"]


def test_a_module_that_disconnects_ends_the_contact_there(tmp_path: Path) -> None:
    write_module(
        tmp_path, say("inside", "goodbye", "hangup"), action("hangup", "DisconnectParticipant")
    )
    result = simulate(flow(invoke()), options=SimulationOptions(flow_dir=tmp_path))
    assert (result.ended, result.path) == (Ended.DISCONNECTED, ["invoke", "inside", "hangup"])
    assert result.steps[0].label is None


def test_a_module_found_by_its_name_runs_too(tmp_path: Path) -> None:
    write_module(tmp_path, action("return", "EndFlowModuleExecution"))
    content = flow(invoke("module"), say("after", "back"))
    result = simulate(content, options=SimulationOptions(flow_dir=tmp_path))
    assert result.path == ["invoke", "return", "after", "yes"]


def test_a_module_that_is_not_in_the_flow_folder_takes_the_error_branch(tmp_path: Path) -> None:
    result = simulate(flow(invoke("missing-module")), options=SimulationOptions(flow_dir=tmp_path))
    assert result.path == ["invoke", "error"]
    assert result.steps[0].assumptions == [
        "module 'missing-module' cannot be found (not in the flow folder): Error branch"
    ]


def test_return_in_a_module_simulated_on_its_own_ends_it() -> None:
    result = simulate(module(action("return", "EndFlowModuleExecution")))
    assert result.ended is Ended.ENDED


def test_end_flow_in_a_module_simulated_on_its_own_ends_it_without_disconnecting() -> None:
    result = simulate(module(action("end", "EndFlowExecution")))
    assert result.ended is Ended.ENDED
