"""What a caller that drives a run can observe, and how it steers the run from an observation.

An *observer* is a callable ``observer(event, control)`` passed to the run. It is called
synchronously, in order, with one of the four events below; ``control`` (a
:class:`RunControl`) lets it read the contact's data, script what comes next, make the customer
hang up or stop the run. Events are plain records; nothing is built for them when no observer is
given, so a plain run pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from flows.simulator.result import Ended
from flows.simulator.scripting import ScriptedOutcomes


class PromptKind(StrEnum):
    """Which kind of block played a prompt."""

    MESSAGE = "MESSAGE"  # Play prompt
    INPUT = "INPUT"  # Get customer input (DTMF)
    LOOP = "LOOP"  # Loop prompts
    LEX = "LEX"  # Get customer input with an Amazon Lex bot


@dataclass(frozen=True, slots=True)
class BlockStarted:
    """A block is about to run: its parameters as written and with references resolved."""

    flow: str
    identifier: str
    type: str
    parameters: Mapping[str, Any]
    resolved: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class PromptPlayed:
    """The customer hears (or reads) a prompt: what was written (``text``, ``ssml``,
    ``prompt_id``, ``media``, references resolved) and what is heard."""

    flow: str
    identifier: str
    type: str
    kind: PromptKind
    heard: str
    text: str | None = None
    ssml: str | None = None
    prompt_id: str | None = None
    media: str | None = None


@dataclass(frozen=True, slots=True)
class BlockFinished:
    """A block took a branch (``label`` -> ``target``; ``target`` None: it left the flow).

    ``result``: for a function that succeeded, its answer (``$.External``); for a Lex bot, the
    intent, slots and session attributes; otherwise ``None``. ``assumed``: what the simulator
    assumed in this block.
    """

    flow: str
    identifier: str
    type: str
    label: str | None
    target: str | None
    result: Mapping[str, Any] | None
    assumed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContactEnded:
    """The contact left the flow (or the run was stopped): how, and why."""

    ended: Ended
    message: str


RunEvent = BlockStarted | PromptPlayed | BlockFinished | ContactEnded


class RunControl(Protocol):
    """What an observer may do while the run is in progress."""

    @property
    def outcomes(self) -> ScriptedOutcomes:
        """The run's scripted outcomes: add one and the next block that asks consumes it."""
        ...

    def read(self, path: str) -> Any:
        """The value of a ``$.`` reference now (``MISSING`` when it leads nowhere), read with the
        resolver the blocks use; raises ``ValueError`` for text that is not one reference."""
        ...

    def hang_up(self) -> None:
        """The customer hangs up now: the contact ends DISCONNECTED."""
        ...

    def halt(self, reason: str) -> None:
        """Stop the run now (a test case ended): the result is HALTED with ``reason``."""
        ...


Observer = Callable[[RunEvent, RunControl], None]
