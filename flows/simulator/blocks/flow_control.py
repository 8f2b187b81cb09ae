"""Flow control: conditions, loops, percentage splits, waits, other flows and modules, endings.

Sources (Amazon Connect flow language, https://docs.aws.amazon.com/connect/latest/APIReference/):
- Compare: flow-control-actions-compare.html (conditions; NoMatchingCondition).
- Loop: flow-control-actions-loop.html (LoopCount 0..100; ContinueLooping / DoneLooping;
  "Errors: None.").
- DistributeByPercentage: flow-control-actions-distributebypercentage.html ("a random number
  between 1 and 100 (inclusive)", the action table's MIN_PERCENT_DRAW to MAX_PERCENT_DRAW,
  compared with "a chain of NumericLessThan comparisons" at the cumulative percentages, "each
  subsequent comparison checking the previous value, plus the percentage", none above 100;
  NoMatchingCondition, "the default option in the flow editor", takes the draws no condition
  holds for). The simulator draws as the page says and compares as the conditions are written.
- Wait: flow-control-actions-wait.html (result WaitCompleted when the time elapses, else the
  event that interrupted, e.g. CustomerReturned: the action table's WAIT_RESULTS; Equals
  conditions; NoMatchingError) and the block page
  https://docs.aws.amazon.com/connect/latest/adminguide/wait.html (chat and email wait; a task
  "always branches to Time Expired or Error"; voice only in inbound flows with options a flow
  cannot show, so the simulator takes Error).
- EndFlowExecution in an inbound flow ends the contact as Disconnect does
  (https://docs.aws.amazon.com/connect/latest/adminguide/end-flow-resume.html); in other flows
  (customer queue, whisper, hold) it ends the flow and the contact carries on where it was.
- TransferToFlow: flow-control-actions-transfertoflow.html (NoMatchingError).
- InvokeFlowModule: flow-language-actions-invoke-flow-module.html (FlowModuleId, "ID or flow
  module ARN", static or dynamic; NoMatchingError); the Return block "exit[s] the flow module
  after it has run successfully. Then continue[s] running the flow in which the module is
  referenced" (https://docs.aws.amazon.com/connect/latest/adminguide/return-module.html).
- EndFlowExecution, EndFlowModuleExecution, DisconnectParticipant: terminal, no errors.
"""

from __future__ import annotations

from flows.language import facts as language
from flows.language.facts import (
    CONTINUE_LOOPING,
    DONE_LOOPING,
    MAX_LOOP_COUNT,
    MAX_PERCENT_DRAW,
    MIN_LOOP_COUNT,
    MIN_PERCENT_DRAW,
)
from flows.language.flow_types import INBOUND
from flows.simulator.conditions import OPERATOR_TESTS
from flows.simulator.engine import ActionHandler, Decision, Run, name
from flows.simulator.flow_index import IndexedAction
from flows.simulator.references import MISSING, as_text
from flows.simulator.result import Compared, Ended, Setting
from flows.simulator.scripting import BlockOutcome

# The numbers Distribute by percentage draws from (what --percent may script): 1 to 100.
PERCENT_DRAWS = range(MIN_PERCENT_DRAW, MAX_PERCENT_DRAW + 1)
# The results a Wait block may take (what --result may script for it).
WAIT_RESULTS = language.WAIT_RESULTS


def compare(action: IndexedAction, run: Run) -> Decision:
    """Check contact attributes: the first condition that holds wins; nothing matches a value
    that does not exist."""
    reference = action.parameters.get("ComparisonValue", "")
    found = run.value(reference)
    value = None if found is MISSING else as_text(found)
    run.record(Compared(str(reference), value))
    if value is not None:
        for index, condition in enumerate(action.conditions):
            test = OPERATOR_TESTS.get(condition.operator)
            if test is None or len(condition.operands) != 1:
                return run.stop(
                    f"{action.identifier!r}: condition {condition.label!r} is not one of the "
                    "eight operators with one operand"
                )
            if test(value, run.text(condition.operands[0])):
                return run.condition(action, index)
    return run.error(action, "NoMatchingCondition")


def loop(action: IndexedAction, run: Run) -> Decision:
    """Loop: ContinueLooping LoopCount times, then DoneLooping once (and the count starts over).

    Loop has no error branch ("Errors: None."), so a LoopCount that is not a whole number from
    0 to 100 at run time (a reference to something else), or no condition for the answer, leaves
    the contact nowhere to go: the simulator stops there and says why.
    """
    raw = run.text(action.parameters.get("LoopCount", "0"))
    if not raw.strip().isdigit() or int(raw) > MAX_LOOP_COUNT:
        return run.stop(
            f"{name(action)}: LoopCount {raw!r} is not a whole number from {MIN_LOOP_COUNT} to "
            f"{MAX_LOOP_COUNT}, and a Loop has no Error branch to take"
        )
    key = f"{run.flow_index}:{action.identifier}"
    done = run.state.loop_counts.get(key, 0)
    if done < int(raw):
        run.state.loop_counts[key] = done + 1
        answer = CONTINUE_LOOPING
        run.record(Setting("loop", f"{done + 1} of {int(raw)}"))
    else:
        run.state.loop_counts.pop(key, None)
        answer = DONE_LOOPING
        run.record(Setting("loop", "done"))
    for index, condition in enumerate(action.conditions):
        if answer in (str(o) for o in condition.operands):
            return run.condition(action, index)
    return run.stop(
        f"{name(action)} has no condition for {answer} (a Loop needs one for {CONTINUE_LOOPING} "
        f"and one for {DONE_LOOPING}, and has no Error branch)"
    )


def distribute_by_percentage(action: IndexedAction, run: Run) -> Decision:
    """Distribute by percentage: a number drawn from 1 to 100 (``--seed`` repeats the draws,
    ``--percent BLOCK=N`` scripts one) picks the first condition it satisfies; none: the
    default branch (NoMatchingCondition)."""
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.result is not None:
        draw = scripted.result
        run.record(Setting("drawn (scripted)", draw))
    else:
        draw = str(run.random.randint(MIN_PERCENT_DRAW, MAX_PERCENT_DRAW))
        run.record(Setting("drawn", f"{draw} of {MIN_PERCENT_DRAW}-{MAX_PERCENT_DRAW}"))
    for index, condition in enumerate(action.conditions):
        test = OPERATOR_TESTS.get(condition.operator)
        if test is not None and condition.operands and test(draw, str(condition.operands[0])):
            return run.condition(action, index)
    return run.error(action, "NoMatchingCondition")


def wait(action: IndexedAction, run: Run) -> Decision:
    """Wait: on a chat or email contact, WaitCompleted (nothing happened in time) unless
    scripted (``--result BLOCK=CustomerReturned``); a task waits and always takes the time
    expired branch; a voice contact takes the Error branch."""
    channel = run.state.channel
    if channel == "TASK":
        run.record(Setting("wait", "WaitCompleted (a task waits out the time limit)"))
        return run.equals(action, "WaitCompleted", "NoMatchingError")
    if channel not in ("CHAT", "EMAIL"):
        run.note(f"Wait does not wait on a {channel} contact here: Error branch")
        return run.error(action, "NoMatchingError")
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.error is not None:
        return run.error(action, scripted.error)
    if scripted is not None and scripted.result is not None:
        result = scripted.result
    else:
        result = "WaitCompleted"
        run.assume("nothing happens before the wait's time limit (WaitCompleted)")
    run.record(Setting("wait", result))
    return run.equals(action, result, "NoMatchingError")


def transfer_to_flow(action: IndexedAction, run: Run) -> Decision:
    """Transfer to flow: continues in that flow when it is in the flow folder, else ends here.

    Flow attributes are not carried over to the next flow.
    """
    flow_id = run.text(action.parameters.get("ContactFlowId", ""))
    library = run.library
    target = library.find(flow_id) if library is not None else None
    if target is None:
        where = "not in the flow folder" if library is not None else "no flow folder given"
        return run.end(
            Ended.TRANSFERRED_TO_FLOW, f"transferred to flow {flow_id} ({where})", label="Success"
        )
    run.state.flow_attributes.clear()
    run.record(Setting("now in flow", target.source))
    return Decision("Success", None, next_flow=target)


def invoke_flow_module(action: IndexedAction, run: Run) -> Decision:
    """Invoke module: runs the module from the flow folder (by ARN, id or name, as Transfer to
    flow finds flows) with the contact's data, and carries on at Success when it returns.

    The module has flow attributes of its own; the caller's are back when it returns. A module
    that is not in the flow folder is taken as one Connect cannot find: the Error branch, marked
    as an assumption (give ``--flow-dir`` to run it).
    """
    module_id = run.text(action.parameters.get("FlowModuleId", ""))
    library = run.library
    module = library.find(module_id) if library is not None and module_id else None
    if module is None:
        where = "not in the flow folder" if library is not None else "no flow folder given"
        run.assume(f"module {module_id!r} cannot be found ({where}): Error branch")
        return run.error(action, "NoMatchingError")
    run.record(Setting("runs module", module.source))
    return Decision(None, action.next_action, module=module)


def end_flow_module_execution(action: IndexedAction, run: Run) -> Decision:
    """Return (end module): back to the flow that invoked the module, or the end of a module
    simulated on its own."""
    if run.in_module:
        return Decision(None, None, returns=True)
    return run.end(Ended.ENDED, f"{action.console_name} at {action.identifier!r}")


def disconnect_participant(action: IndexedAction, run: Run) -> Decision:
    return run.end(Ended.DISCONNECTED, f"disconnected at {action.identifier!r}")


def end_flow_execution(action: IndexedAction, run: Run) -> Decision:
    """End flow / Resume: in an inbound flow the contact is disconnected, as Disconnect would
    ("if you place the End flow / Resume block in an inbound flow or disconnect flow, it functions
    identically to the Disconnect block",
    https://docs.aws.amazon.com/connect/latest/adminguide/end-flow-resume.html); elsewhere the
    flow ends and the contact carries on where it was (ENDED)."""
    flow_type = run.flow.flow_type
    if flow_type in INBOUND and not run.in_module:
        return run.end(
            Ended.DISCONNECTED,
            f"{action.console_name} at {action.identifier!r} in an inbound flow ({flow_type}): "
            "the contact is disconnected, as Disconnect does",
        )
    return run.end(Ended.ENDED, f"{action.console_name} at {action.identifier!r}")


HANDLERS: dict[str, ActionHandler] = {
    "Compare": compare,
    "Loop": loop,
    "DistributeByPercentage": distribute_by_percentage,
    "Wait": wait,
    "TransferToFlow": transfer_to_flow,
    "InvokeFlowModule": invoke_flow_module,
    "EndFlowExecution": end_flow_execution,
    "EndFlowModuleExecution": end_flow_module_execution,
    "DisconnectParticipant": disconnect_participant,
}
