"""The events a test case observes, formed from what the simulator reports, as the live service
forms them.

The simulator reports every block that starts, every prompt played, every block that finishes
and the end of the contact (:mod:`flows.simulator.observe`). A live test run reports less, and
differently: what a third party saw when it ran test cases against a live instance
(../shared/reference/connect-testing.md, "Live behaviour reported by a third party":
repository Richard1007/claude-connect-skills, commit d2bb6d3, ``output/stuck-issues.md``) and
the Administrator Guide
(https://docs.aws.amazon.com/connect/latest/adminguide/testing-simulation-observe-block.html)
decide the rules below.

- **Prompts become messages.** Prompts played by directly consecutive blocks make one
  ``MessageReceived`` ("A. B": a Play prompt followed by a Get customer input is one event), and
  a message ends at each customer input (DTMF or utterance), at any block that plays nothing,
  and when the contact leaves the flow. The text of a message is its prompts' words joined by a
  space. Matching it is case-insensitive (:mod:`flows.testing.text_match`).
- **Blocks that play nothing emit no message**: Set contact attributes, Check contact
  attributes, Set working queue, Check hours of operation, Invoke Lambda, Transfer to queue ...
  They emit ``FlowActionStarted`` (every block does; an observation picks the ones it wants).
  For Transfer to queue, whose block names no queue, ``QueueId`` is the working queue.
- **The Lex block's own prompt is never observed** (the report: "The Lex block's own prompt was
  never observed"); the customer's answer to it is.
- **A Get customer input that loops back to itself** (its branch names itself) does not play
  its prompt again as an event: the report saw no new event, and the run hung until its limit.
  Re-entered through any other block, it is a new event.
- ``FlowActionCompleted`` (the name is a guess; the Administrator Guide describes the event, no
  Testing-language page names it) follows a function or a bot that finished on a non-error
  branch, with the block's parameters.

Choices where the report contradicts itself:

- *Which blocks end a message.* The report's narrative says Set and Check contact attributes
  between two prompts split them (IVR 2) while a recording block and Distribute by percentage
  did not (IVR 5), and that one message absorbed the text after a Distribute by percentage; yet
  a case that observed the two prompts around a recording block and a Distribute by percentage
  separately PASSED live (IVR 5 S4, ``registry.json``). Verdicts are the stronger evidence, so
  only directly consecutive prompts merge: any block that plays nothing ends the message.
- *An invalid digit.* The report also saw a menu's prompt arrive together with the error
  message that followed an invalid digit, though it states the rule that messages split at
  each input. The rule is followed: the menu's prompt is one event, the error message (with
  whatever is played directly after it) the next. An ``Inclusion`` observation of the error
  message matches either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.simulator import BlockFinished, BlockStarted, PromptKind, PromptPlayed
from flows.testing.matching import ObservedEvent

# Blocks that play prompts: a message stays open across them while they follow one another.
PROMPT_BLOCKS = frozenset(
    {"MessageParticipant", "GetParticipantInput", "MessageParticipantIteratively"}
)
# Blocks whose completion on a non-error branch is an event (a function, a bot).
COMPLETING_BLOCKS = frozenset({"InvokeLambdaFunction", "ConnectParticipantWithLexBot"})
INPUT_BLOCK = "GetParticipantInput"


@dataclass(frozen=True)
class _Prompt:
    text: str | None
    prompt_id: str | None
    media: str | None


class EventFormer:
    """Turns one run's simulator events into the Testing language's events, in order.

    Each method returns the events that happen at that moment (often none); the runner fires
    them at once, so that an observation's actions (a DTMF entry, an Assert, an override) act
    at the moment the live service would let them.
    """

    def __init__(self) -> None:
        self._pending: list[_Prompt] = []
        self._parameters: dict[tuple[str, str], Mapping[str, Any]] = {}
        self._last_finished: tuple[str, str, str | None] | None = None
        self._silent_reentry: tuple[str, str] | None = None

    def block_started(self, event: BlockStarted, working_queue: str | None) -> list[ObservedEvent]:
        """A block starts: a block that plays nothing ends the message before it runs."""
        formed = [] if event.type in PROMPT_BLOCKS else self.close_message()
        parameters = dict(event.resolved)
        if event.type == "TransferContactToQueue" and working_queue:
            parameters.setdefault("QueueId", working_queue)
        self._parameters[(event.flow, event.identifier)] = parameters
        previous = self._last_finished
        self._silent_reentry = (
            (event.flow, event.identifier)
            if event.type == INPUT_BLOCK
            and previous is not None
            and previous == (event.flow, event.identifier, event.identifier)
            else None
        )
        formed.append(ObservedEvent.flow_action_started(event.type, parameters))
        return formed

    def prompt_played(self, event: PromptPlayed) -> list[ObservedEvent]:
        """A prompt joins the open message (the Lex block's own prompt, and the prompt of a Get
        customer input entered from itself, are not observed)."""
        if event.kind is PromptKind.LEX:
            return []
        if self._silent_reentry == (event.flow, event.identifier):
            return []
        if event.text is not None or event.ssml is not None:
            self._pending.append(_Prompt(event.heard, None, None))
        else:
            self._pending.append(_Prompt(None, event.prompt_id, event.media))
        return []

    def input_requested(self) -> list[ObservedEvent]:
        """The customer is asked for input: everything played before it is one message."""
        return self.close_message()

    def block_finished(self, event: BlockFinished) -> list[ObservedEvent]:
        """A block took a branch; a function or a bot that succeeded completes as an event."""
        self._last_finished = (event.flow, event.identifier, event.target)
        if event.type in COMPLETING_BLOCKS and event.result is not None:
            parameters = self._parameters.get((event.flow, event.identifier), {})
            return [ObservedEvent.flow_action_completed(event.type, parameters)]
        return []

    def contact_ended(self) -> list[ObservedEvent]:
        """The contact left the flow: the open message is complete."""
        return self.close_message()

    def close_message(self) -> list[ObservedEvent]:
        """The open message as one event (none when nothing was played since the last one).

        Its text joins the spoken prompts; a recorded prompt or a media file gives the event its
        PromptId or media URI (the first of the message, when several were played).
        """
        if not self._pending:
            return []
        prompts, self._pending = self._pending, []
        text = " ".join(p.text.strip() for p in prompts if p.text is not None and p.text.strip())
        prompt_id = next((p.prompt_id for p in prompts if p.prompt_id), None)
        media = next((p.media for p in prompts if p.media), None)
        return [ObservedEvent.message(text, prompt_id=prompt_id, media_uri=media)]
