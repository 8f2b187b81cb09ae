"""Queues and transfers: working queue, transfer to queue, hours, queue metrics, callbacks, and
transfer to a phone number.

Sources (Amazon Connect flow language, https://docs.aws.amazon.com/connect/latest/APIReference/):
- UpdateContactTargetQueue: contact-actions-updatecontacttargetqueue.html (QueueId or AgentId;
  NoMatchingError).
- TransferContactToQueue: contact-actions-transfercontacttoqueue.html (QueueAtCapacity,
  NoMatchingError).
- CheckHoursOfOperation: flow-control-actions-checkhoursofoperation.html (conditions Equals True
  and False; NoMatchingError; without HoursOfOperationId, the working queue's hours).
- CheckMetricData: flow-control-actions-checkmetricdata.html ("loads the specified metric data for
  the specified queue, and allows comparisons to the loaded value"; MetricType one of the five of
  the action table's METRIC_TYPE_PATHS, each the value of one queue metric; without QueueId or
  AgentId "the contact TargetQueue is used"; NoMatchingCondition, NoMatchingError).
- GetMetricData: flow-control-actions-getmetricdata.html (loads real-time metrics of the queue
  "and makes them available on the flow run data"; NoMatchingError); the paths it loads are the
  action table's QUEUE_METRIC_PATHS, from
  https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html; the values the
  simulator assumes for them are :data:`METRIC_PATHS`.
- CreateCallbackContact: interactions-createcallbackcontact.html (the queue given, else "the
  contact's current TargetQueue"; the customer number is the contact's callback number;
  NoMatchingError).
- DequeueContactAndTransferToQueue: contact-actions-dequeuecontactandtransfertoqueue.html
  (QueueId or AgentId; QueueAtCapacity, NoMatchingError; customer queue flows only).
- TransferContactToAgent: contact-actions-transfercontacttoagent.html ("No parameters are
  expected", "Errors: None."; transfer-to-agent and transfer-to-queue flows): the contact leaves
  the flow for the agent (TRANSFERRED_TO_AGENT).
- TransferParticipantToThirdParty:
  https://docs.aws.amazon.com/connect/latest/adminguide/participant-actions-transferparticipanttothirdparty.html
  (ThirdPartyPhoneNumber in E.164; ContinueFlowExecution "If not defined or True, the flow
  continues running after the third party call finishes, if False the flow does not continue";
  errors ConnectionTimeLimitExceeded and CallFailed "only supported when ContinueFlowExecution is
  True", which the handler reads from the action table, NoMatchingError) and the block page
  https://docs.aws.amazon.com/connect/latest/adminguide/transfer-to-phone-number.html (chat, task
  and email take the Error branch; the flow resumes "only if the external party disconnects").
"""

from __future__ import annotations

import re

from flows.language.action_spec import holds_all
from flows.language.facts import (
    CDK_TOKEN,
    IN_HOURS,
    METRIC_TYPE_PATHS,
    NO_MATCHING_ERROR,
    OUT_OF_HOURS,
    PLACEHOLDER,
    QUEUE_METRIC_PATHS,
    action_spec,
)
from flows.simulator.conditions import OPERATOR_TESTS
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.result import Ended, QueueSet, Setting
from flows.simulator.scripting import HoursOutcome, QueueOutcome

# CheckMetricData's MetricType -> the GetMetricData path ($.Metrics.<path>) holding that value.
METRIC_TYPES: dict[str, str] = METRIC_TYPE_PATHS
# The agents a staffed, idle queue has: one online, available and staffed.
_ONE_AGENT = frozenset(
    METRIC_TYPE_PATHS[metric]
    for metric in ("NumberOfAgentsOnline", "NumberOfAgentsAvailable", "NumberOfAgentsStaffed")
)
# Every number GetMetricData loads, with the value the simulator assumes when none is scripted:
# a staffed, idle queue (one agent online, available and staffed; nobody waiting; every other
# count 0).
METRIC_PATHS: dict[str, str] = {
    path: "1" if path in _ONE_AGENT else "0" for path in QUEUE_METRIC_PATHS
}
_E164 = re.compile(r"^\+[1-9]\d{1,14}$")


def update_contact_target_queue(action: IndexedAction, run: Run) -> Decision:
    """Set working queue: the queue (or agent) a later Transfer to queue uses."""
    parameters = action.parameters
    key = "QueueId" if "QueueId" in parameters else "AgentId"
    target = run.text(parameters.get(key, ""))
    if not _usable(target):
        run.note(f"{key} {target!r} is not a queue Connect can find")
        return run.error(action, "NoMatchingError")
    state = run.state
    state.queue_arn = target
    state.queue_name = queue_name(run, target) if key == "QueueId" else f"agent {target}"
    run.record(QueueSet(state.queue_name, target))
    return run.success(action)


def _usable(resource: str) -> bool:
    return bool(resource) and not PLACEHOLDER.search(resource) and not CDK_TOKEN.search(resource)


def queue_name(run: Run, queue: str) -> str:
    """A queue's name: as the contact setup or the console metadata names it, else its id."""
    return (
        run.contact.queue_names.get(queue)
        or run.flow.queue_names.get(queue)
        or queue.rsplit("/", 1)[-1]
    )


def transfer_contact_to_queue(action: IndexedAction, run: Run) -> Decision:
    """Transfer to queue: places the contact in the working queue and ends this flow.

    No working queue takes the error branch. A scripted outcome (``--queue-full``, a test case's
    mock) for the block or the queue (name, ARN or id) can make it QueueAtCapacity, another
    error, or send the contact to a substitute queue; without one, the simulator assumes the
    queue has room.
    """
    state = run.state
    if state.queue_arn is None:
        run.note("no working queue is set")
        return run.error(action, "NoMatchingError")
    keys = (action.identifier, state.queue_arn, state.queue_name or "", _tail(state.queue_arn))
    scripted = run.outcomes.take(QueueOutcome, keys)
    if scripted is None:
        run.assume(f"queue {state.queue_name} has room for the contact")
    elif scripted.error is not None:
        run.note(
            f"queue {state.queue_name} is at capacity"
            if scripted.error == "QueueAtCapacity"
            else f"scripted: {scripted.error}"
        )
        return run.error(action, scripted.error)
    elif scripted.substitute is not None:
        state.queue_arn = scripted.substitute
        state.queue_name = queue_name(run, scripted.substitute)
        run.note(f"scripted: transferred to the substitute queue {state.queue_name}")
    return run.end(Ended.TRANSFERRED_TO_QUEUE, f"in queue {state.queue_name}", label="Success")


def dequeue_contact_and_transfer_to_queue(action: IndexedAction, run: Run) -> Decision:
    """Transfer to queue (customer queue flow): the contact leaves the queue it waits in for
    the queue (or agent) named, as Transfer to queue places it. A scripted outcome (``--fail``,
    a test case's DequeueAndTransferToQueue mock, keyed by the queue) can make it
    QueueAtCapacity or send it to a substitute queue; without one, the queue has room."""
    queue = _block_queue(action, run)
    if queue is None:
        return run.error(action, "NoMatchingError")
    name = queue_name(run, queue)
    scripted = run.outcomes.take(QueueOutcome, (action.identifier, queue, name, _tail(queue)))
    if scripted is None:
        run.assume(f"queue {name} has room for the contact")
    elif scripted.error is not None:
        run.note(f"scripted: {scripted.error}")
        return run.error(action, scripted.error)
    elif scripted.substitute is not None:
        queue, name = scripted.substitute, queue_name(run, scripted.substitute)
        run.note(f"scripted: transferred to the substitute queue {name}")
    run.state.queue_arn, run.state.queue_name = queue, name
    run.record(QueueSet(name, queue))
    return run.end(Ended.TRANSFERRED_TO_QUEUE, f"in queue {name}", label="Success")


def transfer_contact_to_agent(action: IndexedAction, run: Run) -> Decision:
    """Transfer to agent (transfer flows): the contact goes to the agent the transfer names."""
    return run.end(Ended.TRANSFERRED_TO_AGENT, f"transferred to the agent at {action.identifier!r}")


def _tail(resource: str) -> str:
    return resource.rsplit("/", 1)[-1]


def check_hours_of_operation(action: IndexedAction, run: Run) -> Decision:
    """Check hours of operation: True (in hours) or False, as scripted for the block or the hours
    (``--closed``, a test case's InHours / OutOfHours mock); unscripted, the simulator does not
    read hours of operation and assumes the contact center is open."""
    hours = run.text(action.parameters.get("HoursOfOperationId", ""))
    keys = (action.identifier, hours, _tail(hours)) if hours else (action.identifier,)
    scripted = run.outcomes.take(HoursOutcome, keys)
    if scripted is not None and scripted.error is not None:
        run.note(f"scripted: {scripted.error}")
        return run.error(action, scripted.error)
    if scripted is not None and scripted.substitute is not None:
        run.note(f"scripted: the hours {scripted.substitute} are checked instead")
    if scripted is None or scripted.in_hours is None:
        run.assume("the contact center is open (in hours)")
        open_now = True
    else:
        open_now = scripted.in_hours
    run.record(Setting("hours of operation", "open" if open_now else "closed"))
    return run.equals(action, IN_HOURS if open_now else OUT_OF_HOURS, "NoMatchingError")


def _block_queue(action: IndexedAction, run: Run) -> str | None:
    """The queue a block names (QueueId or AgentId), else the working queue; ``None`` (noted)
    when there is none Connect could find."""
    queue = run.state.queue_arn
    for key in ("QueueId", "AgentId"):
        if key in action.parameters:
            queue = run.text(action.parameters[key])
            break
    if queue is None or not _usable(queue):
        run.note(f"no queue Connect can find ({queue!r}; no QueueId, AgentId or working queue)")
        return None
    return queue


def _metric(run: Run, path: str) -> tuple[str, bool]:
    """A metric's value (by its ``$.Metrics`` path) and whether it was scripted."""
    value = run.script.metrics.get(path)
    return (value, True) if value is not None else (METRIC_PATHS[path], False)


def check_metric_data(action: IndexedAction, run: Run) -> Decision:
    """Check queue status / Check staffing: compares one metric of the queue with the
    conditions (any of the eight operators); no queue to read takes NoMatchingError."""
    metric = run.text(action.parameters.get("MetricType", ""))
    path = METRIC_TYPES.get(metric)
    if path is None:
        run.note(f"MetricType {metric!r} is not one of {', '.join(METRIC_TYPES)}")
        return run.error(action, "NoMatchingError")
    queue = _block_queue(action, run)
    if queue is None:
        return run.error(action, "NoMatchingError")
    value, scripted = _metric(run, path)
    if not scripted:
        run.assume(f"{metric} is {value} (not scripted; --metric {metric}=N sets it)")
    run.record(Setting(metric, value))
    for index, condition in enumerate(action.conditions):
        test = OPERATOR_TESTS.get(condition.operator)
        if test is not None and condition.operands and test(value, str(condition.operands[0])):
            return run.condition(action, index)
    return run.error(action, "NoMatchingCondition")


def get_metric_data(action: IndexedAction, run: Run) -> Decision:
    """Get queue metrics: loads the queue's real-time metrics into ``$.Metrics``."""
    queue = _block_queue(action, run)
    if queue is None:
        return run.error(action, "NoMatchingError")
    metrics: dict[str, object] = {"Queue": {"Name": queue_name(run, queue), "ARN": queue}}
    assumed: list[str] = []
    for path in METRIC_PATHS:
        value, scripted = _metric(run, path)
        if not scripted:
            assumed.append(f"{path}={value}")
        node = metrics
        *parents, leaf = path.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            assert isinstance(child, dict)
            node = child
        node[leaf] = value
    if assumed:
        run.assume(f"queue metrics not scripted: {', '.join(assumed)}")
    run.state.metrics = metrics
    run.record(Setting("queue metrics", f"of {queue_name(run, queue)}"))
    return run.success(action)


def create_callback_contact(action: IndexedAction, run: Run) -> Decision:
    """Transfer to queue (callback): creates a callback contact, recorded in the result."""
    parameters = action.parameters
    queue = _block_queue(action, run)
    number = run.state.callback_number
    if queue is None:
        return run.error(action, "NoMatchingError")
    if not number:
        run.note("no callback number (the contact has no customer number)")
        return run.error(action, "NoMatchingError")
    callback: dict[str, object] = {
        "number": number,
        "queue": queue_name(run, queue),
        "queue_arn": queue,
    }
    for key in ("InitialCallDelaySeconds", "MaximumConnectionAttempts", "RetryDelaySeconds"):
        if key in parameters:
            value = run.text(parameters[key]).strip()
            if not value.isdigit():
                run.note(f"{key} {value!r} is not a whole number")
                return run.error(action, "NoMatchingError")
            callback[key] = int(value)
    run.callbacks.append(callback)
    run.record(Setting("callback", f"{number} through queue {callback['queue']}"))
    return run.success(action)


def transfer_participant_to_third_party(action: IndexedAction, run: Run) -> Decision:
    """Transfer to phone number.

    With ContinueFlowExecution False the contact leaves the flow to the number
    (TRANSFERRED_TO_PHONE_NUMBER). Otherwise (the default) the flow resumes when the third party
    hangs up first; the simulator assumes the call connects and does so. ``--fail
    BLOCK=CallFailed`` or ``ConnectionTimeLimitExceeded`` scripts the failures.
    """
    if run.state.channel != "VOICE":
        run.note(f"Transfer to phone number on a {run.state.channel} contact: Error branch")
        return run.error(action, "NoMatchingError")
    number = run.text(action.parameters.get("ThirdPartyPhoneNumber", "")).strip()
    if not _E164.match(number):
        run.note(f"ThirdPartyPhoneNumber {number!r} is not an E.164 phone number")
        return run.error(action, _call_failed(action))
    resumes = str(action.parameters.get("ContinueFlowExecution", "True")).lower() != "false"
    run.transferred_to = number
    if not resumes:
        return run.end(
            Ended.TRANSFERRED_TO_PHONE_NUMBER, f"transferred to {number}", label="Success"
        )
    run.assume(f"{number} answers and hangs up first; the flow resumes")
    run.record(Setting("transferred to", f"{number}, then back"))
    return run.success(action)


def _call_failed(action: IndexedAction) -> str:
    """CallFailed where the block may declare it (the flow resumes after the call), else
    NoMatchingError: a block that does not resume has no CallFailed branch."""
    spec = action_spec(action.type)
    failed = spec.error_spec("CallFailed") if spec is not None else None
    if failed is not None and holds_all(failed.when, action.parameters) is not False:
        return failed.type
    return NO_MATCHING_ERROR


HANDLERS: dict[str, ActionHandler] = {
    "UpdateContactTargetQueue": update_contact_target_queue,
    "TransferContactToQueue": transfer_contact_to_queue,
    "CheckHoursOfOperation": check_hours_of_operation,
    "CheckMetricData": check_metric_data,
    "GetMetricData": get_metric_data,
    "CreateCallbackContact": create_callback_contact,
    "TransferParticipantToThirdParty": transfer_participant_to_third_party,
    "DequeueContactAndTransferToQueue": dequeue_contact_and_transfer_to_queue,
    "TransferContactToAgent": transfer_contact_to_agent,
}
