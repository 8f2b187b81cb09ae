"""What a test case that will be deployed must not use: the forms the live service refused.

A third party created test cases (Status PUBLISHED) against a live instance and wrote down what
CreateTestCase refused (repository Richard1007/claude-connect-skills, commit d2bb6d3,
``output/stuck-issues.md`` "Known Validation Rules"; commit 604d9ba,
``skills/ivr-test-execution/native-test-api.md`` "Critical Validation Rules"): a Version other than
2019-10-30, ``Usage``, ``Transitions`` inside actions, a DTMF value given as a string, actions on
a FlowActionStarted observation, an empty ``Text``, the Exists operator, an empty
``ActionParameters`` in an override, ``Text``/``SSML`` in an utterance (``Value`` ran), a
``FlowId`` together with a ``DestinationPhoneNumber``, DTMF under a CHAT entry point. Its advice,
kept here as a rule: the last observation ends the test with EndTest, or the run may hang.
Also listed: forms no Testing-language page documents (the flow-action-completed event's JSON
name, FlowActionStarted for block types the page does not list), attributes given as a flat map
(accepted live but read back empty), and CloudFormation's limits on AWS::Connect::TestCase
(https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-connect-testcase.html:
Name 1-127 non-blank characters, Description at most 500, Content at most 256,000).

The docs and that report disagree on the Version and on ``Usage`` (both documented); the report
decides, as it is the only evidence of what the service accepts.
"""

from __future__ import annotations

import json

from flows.testing.model import (
    EXISTS,
    FLOW_ACTION_EVENT_TYPES,
    VERSION_ACCEPTED_LIVE,
    Action,
    Assert,
    DtmfInput,
    EndTest,
    FlowActionCompleted,
    FlowActionStarted,
    MessageReceived,
    Observation,
    OverrideSystemBehavior,
    SendInstruction,
    TestCase,
    TestCaseContent,
    TestControl,
    Utterance,
)
from flows.testing.serialize import content_to_dict

MAX_NAME_CHARS = 127
MAX_DESCRIPTION_CHARS = 500
MAX_CONTENT_CHARS = 256_000


def deployable_problems(case: TestCase | TestCaseContent) -> list[str]:
    """Every construct ``case`` uses that a deployed case must not, one text each, naming where
    it is ("observation 'menu', action 'press': ...") and what to write instead. Empty when the
    case is deployable."""
    content = case.content if isinstance(case, TestCase) else case
    problems: list[str] = []
    if content.version != VERSION_ACCEPTED_LIVE:
        problems.append(
            f"Version {content.version!r}: the live service accepted only {VERSION_ACCEPTED_LIVE}"
        )
    chat = (
        isinstance(case, TestCase)
        and case.entry_point is not None
        and (case.entry_point.type == "CHAT")
    )
    for observation in content.observations:
        problems += _observation_problems(observation, chat=chat)
    last = content.observations[-1]
    if not any(isinstance(a, TestControl) and isinstance(a.command, EndTest) for a in last.actions):
        problems.append(
            f"observation {last.identifier!r}: the last observation has no EndTest; without one "
            "the live run may hang until its 5-minute limit"
        )
    if isinstance(case, TestCase):
        problems += _case_problems(case)
    size = len(json.dumps(content_to_dict(content), ensure_ascii=False))
    if size > MAX_CONTENT_CHARS:
        problems.append(f"Content is {size} characters; CloudFormation takes at most 256,000")
    return problems


def _observation_problems(observation: Observation, *, chat: bool) -> list[str]:
    at = f"observation {observation.identifier!r}"
    event = observation.event
    problems: list[str] = []
    if observation.usage is not None:
        problems.append(f"{at}: Usage was refused by the live service; leave it out")
    if isinstance(event, FlowActionStarted):
        if observation.actions:
            problems.append(
                f"{at}: actions on a FlowActionStarted observation were refused by the live "
                "service; act on a MessageReceived or TestInitiated observation instead"
            )
        if event.action_type not in FLOW_ACTION_EVENT_TYPES:
            problems.append(
                f"{at}: FlowActionStarted is documented only for "
                f"{', '.join(FLOW_ACTION_EVENT_TYPES)}, not {event.action_type}"
            )
    if isinstance(event, FlowActionCompleted):
        problems.append(
            f"{at}: no Testing-language page names the flow-action-completed event's JSON type "
            f"({FlowActionCompleted.TYPE} is a guess); the service may refuse it"
        )
    if isinstance(event, MessageReceived) and event.text == "":
        problems.append(
            f"{at}: an empty Text was refused by the live service; give the words to expect"
        )
    for action in observation.actions:
        problems += [f"{at}, action {action.identifier!r}: {p}" for p in _action_problems(action)]
        if (
            chat
            and isinstance(action, SendInstruction)
            and isinstance(action.instruction, DtmfInput)
        ):
            problems.append(
                f"{at}, action {action.identifier!r}: DTMF input was refused under a CHAT entry "
                "point"
            )
    return problems


def _action_problems(action: Action) -> list[str]:
    problems: list[str] = []
    next_action = action.next_action
    if next_action == "":
        problems.append(
            'Transitions {"NextAction": ""} was refused by the live service ("Invalid next '
            'action identifier"); leave Transitions out'
        )
    elif next_action is not None:
        problems.append(
            "Transitions inside actions were refused by the live service; list the actions in "
            "the order they run"
        )
    if isinstance(action, SendInstruction):
        instruction = action.instruction
        if isinstance(instruction, DtmfInput) and isinstance(instruction.value, str):
            digits = instruction.value
            if digits.isdigit() and (digits == "0" or not digits.startswith("0")):
                problems.append(
                    f"DTMF Value {digits!r} is a string; the live service accepted only a number "
                    f"({int(digits)})"
                )
            else:
                problems.append(
                    f"DTMF Value {digits!r} cannot be written as a number, and the live service "
                    "accepted only numbers"
                )
        if isinstance(instruction, Utterance):
            if instruction.type_name != "Utterance":
                problems.append(
                    f"{instruction.type_name}: the form that ran live is Type Utterance"
                )
            if instruction.text_key != "Value":
                problems.append(
                    f"utterance {instruction.text_key} was refused by the live service; give "
                    "the words as Value"
                )
    if isinstance(action, OverrideSystemBehavior) and not action.action_parameters:
        problems.append(
            "an override with empty ActionParameters was refused by the live service; name the "
            "resource"
        )
    if isinstance(action, Assert) and action.operator == EXISTS:
        problems.append(
            "the Exists operator was refused by the live service; compare with an operand instead"
        )
    return problems


def _case_problems(case: TestCase) -> list[str]:
    problems: list[str] = []
    if not case.name.strip() or len(case.name) > MAX_NAME_CHARS:
        problems.append(
            f"Name {case.name!r}: expected 1-{MAX_NAME_CHARS} characters, not all blank"
        )
    if case.description is not None and len(case.description) > MAX_DESCRIPTION_CHARS:
        problems.append(f"Description is over {MAX_DESCRIPTION_CHARS} characters")
    entry = case.entry_point
    if entry is not None and entry.flow_id and entry.destination_phone_number:
        problems.append(
            "EntryPoint: FlowId with DestinationPhoneNumber was refused by the live service "
            '("Must specify either FlowId or phone numbers"); give one of them'
        )
    if case.initialization_data is not None and case.initialization_data.flat:
        problems.append(
            "InitializationData: a flat map of attributes was accepted live but read back empty; "
            'put them under "Attributes"'
        )
    return problems
