"""One scripting model for everything a flow cannot decide: what the outside world answers.

A block whose outcome depends on something outside the flow (a function's answer, a queue's
capacity, the hours, a bot's intent, an agent's click in a view, a percentage draw, a customer
profile) first looks for a *scripted outcome*. The command line (``--queue-full``, ``--closed``,
``--lex``, ``--view``, ``--percent``, ``--result``) and a Connect test case's
``OverrideSystemBehavior`` mocks fill the same structure, so a Lex mock in a test case and ``--lex``
on the command line behave the same.

- An outcome is keyed by the block's Identifier or by the resource it names (a function's ARN or
  name, a queue's ARN, id or name, an hours of operation id or ARN, a bot alias ARN); ``ANY``
  matches every block of its kind.
- :meth:`ScriptedOutcomes.add` queues an outcome that is used once: several for one key are used
  oldest first (a test case's mocks). :meth:`ScriptedOutcomes.always` sets one that holds for
  every use (``--queue-full``, ``--closed``). Queued outcomes win over standing ones.
- Outcomes may be added while a run is in progress (an observer's callback adds one; the next
  block that asks consumes it).

The caller's own input (digits, an utterance, silence, hanging up) is asked for at the moment a
block needs it, from an :class:`InputProvider`; :class:`ScriptedInputs` is the provider behind
``--input``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TypeVar

ANY = "*"


@dataclass(frozen=True, slots=True)
class LambdaOutcome:
    """A function's answer without calling it (a test case's MockResponse or SubstituteResource).

    ``loaded_data``: the answer as JSON text, judged exactly as the block's ResponseType judges
    any answer; ``delay_seconds`` counts against the block's InvocationTimeLimitSeconds (past it,
    the Error branch); ``error``: ``TimeLimitExceeded`` or ``NoMatchingError``; ``substitute``:
    another function (ARN or name) to call instead, bound as any other.
    """

    loaded_data: str | None = None
    delay_seconds: float = 0.0
    error: str | None = None
    substitute: str | None = None


@dataclass(frozen=True, slots=True)
class HoursOutcome:
    """Check hours of operation: in hours (True) or not (False), an error, or other hours."""

    in_hours: bool | None = None
    error: str | None = None
    substitute: str | None = None


@dataclass(frozen=True, slots=True)
class QueueOutcome:
    """Transfer to queue: ``QueueAtCapacity`` / ``NoMatchingError``, or another queue instead."""

    error: str | None = None
    substitute: str | None = None


@dataclass(frozen=True, slots=True)
class LexOutcome:
    """What an Amazon Lex bot answers: the intent, its slots and session attributes."""

    intent: str | None = None
    slots: Mapping[str, str] = field(default_factory=dict)
    session_attributes: Mapping[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0
    error: str | None = None
    substitute: str | None = None


@dataclass(frozen=True, slots=True)
class BlockOutcome:
    """The result of any other block the outside world decides, by the block's Identifier.

    ``result``: the value its conditions compare (a view's action, the number a percentage
    split draws, a Voice ID status, ``WaitCompleted``...); ``data``: what comes with it (a view's
    result data, a profile's or a case's fields); ``error``: an error branch to take instead.
    """

    result: str | None = None
    data: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None


Scripted = LambdaOutcome | HoursOutcome | QueueOutcome | LexOutcome | BlockOutcome
_S = TypeVar("_S", LambdaOutcome, HoursOutcome, QueueOutcome, LexOutcome, BlockOutcome)


class ScriptedOutcomes:
    """Scripted outcomes of one run, by kind (the outcome's class) and key.

    Built from a :class:`~flows.simulator.contact.Script` at the start of a run (the script itself
    is never consumed, so it can be reused for many runs); added to while the run goes on.
    """

    __slots__ = ("_queued", "_standing")

    def __init__(
        self,
        queued: Iterable[tuple[str, Scripted]] = (),
        standing: Iterable[tuple[str, Scripted]] = (),
    ) -> None:
        self._queued: dict[tuple[type, str], deque[Scripted]] = {}
        self._standing: dict[tuple[type, str], Scripted] = {}
        for key, outcome in queued:
            self.add(key, outcome)
        for key, outcome in standing:
            self.always(key, outcome)

    def add(self, key: str, outcome: Scripted) -> None:
        """Queue ``outcome`` for the next use of ``key`` (after those queued before it)."""
        self._queued.setdefault((type(outcome), key), deque()).append(outcome)

    def always(self, key: str, outcome: Scripted) -> None:
        """Make ``outcome`` hold for every use of ``key`` that finds nothing queued."""
        self._standing[(type(outcome), key)] = outcome

    def take(self, kind: type[_S], keys: Sequence[str]) -> _S | None:
        """The outcome for the first of ``keys`` (then ``ANY``) that has one: queued ones are
        consumed, oldest first, before any standing one is used."""
        if not self._queued and not self._standing:
            return None
        for key in (*keys, ANY):
            queue = self._queued.get((kind, key))
            if queue:
                outcome = queue.popleft()
                assert isinstance(outcome, kind)
                return outcome
        for key in (*keys, ANY):
            standing = self._standing.get((kind, key))
            if standing is not None:
                assert isinstance(standing, kind)
                return standing
        return None

    def __bool__(self) -> bool:
        return bool(self._standing) or any(self._queued.values())


# --- The caller's input, asked for when a block needs it ---


class InputKind(StrEnum):
    DTMF = "DTMF"  # digits pressed (Get customer input)
    UTTERANCE = "UTTERANCE"  # something said or typed (a Lex bot)
    TIMEOUT = "TIMEOUT"  # nothing before the block's time limit
    HANG_UP = "HANG_UP"  # the customer hung up


@dataclass(frozen=True, slots=True)
class CustomerInput:
    """What the customer does when a block waits for them. ``assumed``: nothing scripted it."""

    kind: InputKind
    value: str | None = None
    assumed: bool = False


@dataclass(frozen=True, slots=True)
class InputRequest:
    """A block waiting for the customer: which flow and block, and whether a bot listens."""

    flow: str
    identifier: str
    type: str
    channel: str
    for_lex: bool = False


class InputProvider(Protocol):
    """Answers each :class:`InputRequest` at the moment the block needs the customer's input."""

    def next_input(self, request: InputRequest) -> CustomerInput: ...


# A scripted entry that stands for "the caller pressed nothing".
TIMEOUT_INPUT = "timeout"


class ScriptedInputs:
    """``--input``: one entry per Get customer input block reached, in order.

    An entry is digits or ``timeout``; once the entries run out, every further block gets no
    input (a timeout the script did not ask for, so it is marked as assumed). Lex blocks take no
    entry: what a bot understands is scripted with ``--lex``.
    """

    __slots__ = ("_entries",)

    def __init__(self, entries: Sequence[str]) -> None:
        self._entries = list(reversed(entries))  # popped from the end

    def next_input(self, request: InputRequest) -> CustomerInput:
        if request.for_lex:
            return CustomerInput(InputKind.UTTERANCE, None, assumed=True)
        if not self._entries:
            return CustomerInput(InputKind.TIMEOUT, assumed=True)
        value = self._entries.pop().strip()
        if not value or value.lower() == TIMEOUT_INPUT:
            return CustomerInput(InputKind.TIMEOUT)
        return CustomerInput(InputKind.DTMF, value)
