"""Does an event that happened match the event an observation expects?

The runner turns what the simulated contact does into :class:`ObservedEvent` values (the test
started, a message was played, a block started or finished, the test completed) and asks
:func:`event_matches` of each active observation.

- ``MessageReceived``: ``Text`` and ``SSML`` by the observation's criterion (Inclusion or
  Similarity, :mod:`flows.testing.text_match`; SSML compared by its words); ``PromptId`` by the
  prompt's id or ARN; ``Media`` by its URI.
- ``FlowActionStarted`` / ``FlowActionCompleted``: the same flow action type, and every
  ``ActionParameters`` entry the observation gives equal to the block's (more parameters on the
  block are fine). Resource ids and ARNs are interchangeable, as in the flow language ("id or
  ARN"): ``abc`` matches ``arn:aws:connect:...:instance/i/queue/abc``.
- ``TestInitiated`` and ``TestCompleted`` by type alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.testing.model import (
    INCLUSION,
    OVERRIDABLE_ACTIONS,
    Event,
    FlowActionCompleted,
    FlowActionStarted,
    MessageReceived,
    TestCompleted,
    TestInitiated,
)
from flows.testing.text_match import includes, similar


@dataclass(frozen=True)
class ObservedEvent:
    """Something that happened during a run, named by the Testing language's event type.

    Use the constructors: :meth:`test_initiated`, :meth:`message`, :meth:`flow_action_started`,
    :meth:`flow_action_completed`, :meth:`test_completed`.
    """

    type: str
    text: str | None = None
    prompt_id: str | None = None
    media_uri: str | None = None
    action_type: str | None = None
    action_parameters: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def test_initiated(cls) -> ObservedEvent:
        return cls(TestInitiated.TYPE)

    @classmethod
    def test_completed(cls) -> ObservedEvent:
        return cls(TestCompleted.TYPE)

    @classmethod
    def message(
        cls, text: str, *, prompt_id: str | None = None, media_uri: str | None = None
    ) -> ObservedEvent:
        """``text``: the words played (prompts up to the next input joined by the runner)."""
        return cls(MessageReceived.TYPE, text=text, prompt_id=prompt_id, media_uri=media_uri)

    @classmethod
    def flow_action_started(
        cls, action_type: str, parameters: Mapping[str, Any] | None = None
    ) -> ObservedEvent:
        return cls(
            FlowActionStarted.TYPE, action_type=action_type, action_parameters=parameters or {}
        )

    @classmethod
    def flow_action_completed(
        cls, action_type: str, parameters: Mapping[str, Any] | None = None
    ) -> ObservedEvent:
        return cls(
            FlowActionCompleted.TYPE, action_type=action_type, action_parameters=parameters or {}
        )


def event_matches(expected: Event, observed: ObservedEvent) -> bool:
    """Whether ``observed`` is the event ``expected`` waits for (see the module's docstring)."""
    if observed.type != expected.TYPE:
        return False
    if isinstance(expected, MessageReceived):
        return _message_matches(expected, observed)
    if isinstance(expected, FlowActionStarted | FlowActionCompleted):
        return observed.action_type == expected.action_type and parameters_match(
            expected.action_parameters, observed.action_parameters
        )
    return True


def _message_matches(expected: MessageReceived, observed: ObservedEvent) -> bool:
    if expected.prompt_id is not None:
        return observed.prompt_id is not None and same_resource(
            expected.prompt_id, observed.prompt_id
        )
    if expected.media is not None:
        return observed.media_uri == expected.media.uri
    wanted, ssml = (expected.ssml, True) if expected.ssml is not None else (expected.text, False)
    if wanted is None or observed.text is None:
        return False
    if expected.matching == INCLUSION:
        return includes(observed.text, wanted, ssml=ssml)
    return similar(observed.text, wanted, ssml=ssml)


def parameters_match(expected: Mapping[str, Any], observed: Mapping[str, Any]) -> bool:
    """Every expected parameter is on the block with the same value (ids and ARNs alike)."""
    for key, want in expected.items():
        if key not in observed:
            return False
        have = observed[key]
        if isinstance(want, Mapping):
            if not isinstance(have, Mapping) or not parameters_match(want, have):
                return False
        elif not same_resource(str(want), str(have)):
            return False
    return True


def same_resource(first: str, second: str) -> bool:
    """Equal, or one is an ARN whose last ``/`` or ``:`` segment is the other (an id)."""
    if first == second:
        return True
    for arn, other in ((first, second), (second, first)):
        if arn.startswith("arn:") and not other.startswith("arn:"):
            last = arn.replace(":", "/").rsplit("/", 1)[-1]
            if other and last == other:
                return True
    return False


def resource_of(action_type: str, parameters: Mapping[str, Any]) -> str | None:
    """The resource an override or a block names: the function ARN, hours, queue, or the Lex
    bot's alias ARN (``LexV2Bot.AliasArn``); None when the parameters do not name one."""
    key = OVERRIDABLE_ACTIONS.get(action_type)
    value = parameters.get(key) if key else None
    if isinstance(value, Mapping):
        value = value.get("AliasArn")
    return value if isinstance(value, str) and value else None


def describe_event(event: Event) -> str:
    """The expected event in words, for verdicts: ``MessageReceived "Press 1" (Inclusion)``."""
    if isinstance(event, MessageReceived):
        if event.prompt_id is not None:
            return f"MessageReceived of prompt {event.prompt_id}"
        if event.media is not None:
            return f"MessageReceived of media {event.media.uri}"
        shown = event.ssml if event.ssml is not None else event.text
        return f"MessageReceived {json.dumps(shown, ensure_ascii=False)} ({event.matching})"
    if isinstance(event, FlowActionStarted | FlowActionCompleted):
        parameters = json.dumps(dict(event.action_parameters), sort_keys=True)
        return f"{event.TYPE} {event.action_type}" + (
            f" {parameters}" if event.action_parameters else ""
        )
    return event.TYPE


def describe_observed(observed: ObservedEvent) -> str:
    """What happened, in words: ``MessageReceived "Welcome..."``."""
    if observed.type == MessageReceived.TYPE:
        return f"MessageReceived {json.dumps(observed.text, ensure_ascii=False)}"
    if observed.action_type is not None:
        return f"{observed.type} {observed.action_type}"
    return observed.type
