"""Which observations are waiting, and in which order an observation's actions run.

The Administrator Guide (https://docs.aws.amazon.com/connect/latest/adminguide/
testing-simulation-observe-block.html) describes the bookkeeping:

- observations that no *other* observation names in ``NextObservations`` are active from the
  start (several may be active at once; an unlinked one fires whenever its event happens);
- when an active observation's event happens it becomes inactive, its actions run, then the
  observations it names become active;
- events that match no active observation are ignored (the live service absorbs them; a third
  party saw such a message make the run wait for its time limit).

Choices where the docs are silent:

- one event fires every active observation it matches, in the order of the file, each with the
  set of active observations as it was when the event happened (successors activated by the
  first do not see the same event);
- ``Usage`` (refused live, but read): ``Exactly n`` stays active until it has matched n times
  and must reach n; ``AtMost n`` stays active until n and need not match; ``AtLeast n`` stays
  active and must reach n; ``Always`` / ``ANY`` stays active and need not match. With no Usage
  an observation must match once (the console's "exactly once"). ``Exactly 0`` / ``AtMost 0``
  mean "must not happen": a match is recorded as a violation;
- an observation activated again (a loop of NextObservations) counts its matches afresh for
  when it becomes inactive, and in total for whether it matched often enough;
- actions run in array order, or along ``Transitions.NextAction`` where given: each action that
  no other names starts a chain, taken in array order, followed link by link.
"""

from __future__ import annotations

from flows.testing.matching import ObservedEvent, describe_observed, event_matches
from flows.testing.model import Action, MessageReceived, Observation, TestCaseContent, Usage


class ActionOrderError(ValueError):
    """Actions whose ``NextAction`` links cannot be followed; the message names them."""


def action_order(observation: Observation) -> tuple[Action, ...]:
    """The observation's actions in the order they run; raises :class:`ActionOrderError`."""
    actions = observation.actions
    by_id = {action.identifier: action for action in actions}
    targeted: set[str] = set()
    for action in actions:
        target = action.next_action
        if not target:
            continue
        if target not in by_id:
            raise ActionOrderError(
                f"action {action.identifier!r}: NextAction names {target!r}, which is not an "
                "action of this observation"
            )
        if target in targeted:
            raise ActionOrderError(f"two actions name {target!r} as their NextAction")
        targeted.add(target)
    order: list[Action] = []
    done: set[str] = set()
    for action in actions:
        if action.identifier in targeted:
            continue
        current: Action | None = action
        while current is not None and current.identifier not in done:
            order.append(current)
            done.add(current.identifier)
            current = by_id.get(current.next_action) if current.next_action else None
    if len(order) < len(actions):
        looped = [action.identifier for action in actions if action.identifier not in done]
        raise ActionOrderError(f"the NextAction links of actions {looped} form a loop")
    return tuple(order)


def start_observations(content: TestCaseContent) -> tuple[str, ...]:
    """Identifiers of the observations active at the start, in file order."""
    named_by_another = {
        target
        for observation in content.observations
        for target in observation.next_observations
        if target != observation.identifier
    }
    return tuple(
        observation.identifier
        for observation in content.observations
        if observation.identifier not in named_by_another
    )


def _limit(usage: Usage | None) -> int | None:
    """Matches after which an observation becomes inactive (None: it stays active)."""
    if usage is None:
        return 1
    if usage.kind in ("exactly", "at_most"):
        return usage.count
    return None


def _required(usage: Usage | None) -> int:
    if usage is None:
        return 1
    return usage.count if usage.kind in ("exactly", "at_least") else 0


class ObservationTracker:
    """The active set and the match counts of one run of ``content``.

    ``fire(event)`` returns the observations the event matched (now counted and, where their
    usage says so, inactive); the runner runs their actions, then calls ``complete(observation)``
    for each whose actions all succeeded, which activates its successors.
    """

    def __init__(self, content: TestCaseContent) -> None:
        self.content = content
        self._by_id = {observation.identifier: observation for observation in content.observations}
        self._active: set[str] = set(start_observations(content))
        self._ever_active: set[str] = set(self._active)
        self._matches = dict.fromkeys(self._by_id, 0)
        self._since_activation = dict.fromkeys(self._by_id, 0)
        self.violations: list[str] = []  # observations that matched though they must not
        self.ignored_messages: list[str] = []  # MessageReceived events no observation matched

    @property
    def active(self) -> tuple[str, ...]:
        """Identifiers of the active observations, in file order."""
        return tuple(
            o.identifier for o in self.content.observations if o.identifier in self._active
        )

    def matches(self, identifier: str) -> int:
        return self._matches[identifier]

    def was_active(self, identifier: str) -> bool:
        return identifier in self._ever_active

    def fire(self, event: ObservedEvent) -> tuple[Observation, ...]:
        """Count ``event`` against every active observation it matches; returns those."""
        hits = tuple(
            observation
            for observation in self.content.observations
            if observation.identifier in self._active and event_matches(observation.event, event)
        )
        for observation in hits:
            identifier = observation.identifier
            self._matches[identifier] += 1
            self._since_activation[identifier] += 1
            limit = _limit(observation.usage)
            if limit == 0:
                self.violations.append(identifier)
            if limit is not None and self._since_activation[identifier] >= limit:
                self._active.discard(identifier)
        if not hits and event.type == MessageReceived.TYPE:
            self.ignored_messages.append(describe_observed(event))
        return hits

    def complete(self, observation: Observation) -> None:
        """``observation``'s actions all ran: its successors become active."""
        for target in observation.next_observations:
            if target not in self._active:
                self._since_activation[target] = 0
            self._active.add(target)
            self._ever_active.add(target)

    def unmet(self) -> tuple[Observation, ...]:
        """Observations that have not matched as often as they must, in file order."""
        return tuple(
            observation
            for observation in self.content.observations
            if self._matches[observation.identifier] < _required(observation.usage)
        )

    def required(self, observation: Observation) -> int:
        """How many times ``observation`` must match."""
        return _required(observation.usage)
