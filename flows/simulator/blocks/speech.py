"""What the customer hears from a prompt: the parameter object shared by Play prompt, Get customer
input, Loop prompts' messages and the Lex block (``PromptId``, ``Text``, ``SSML`` or ``Media``).

Source: the parameter objects of MessageParticipant
(https://docs.aws.amazon.com/connect/latest/adminguide/participant-actions-messageparticipant.html)
and ConnectParticipantWithLexBot
(https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-connectparticipantwithlexbot.html).
Text and SSML may hold references; SSML is heard without its tags; a recorded prompt or a media
file is heard as its id or location in brackets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from flows.simulator.engine import Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.observe import PromptKind

_SSML_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def play(run: Run, action: IndexedAction, prompt: Mapping[str, Any], kind: PromptKind) -> bool:
    """Play the prompt ``prompt`` describes; ``False`` when it names nothing to play."""
    if "Text" in prompt:
        text = run.text(prompt["Text"])
        run.hear(action, text, kind, text=text)
        return True
    if "SSML" in prompt:
        ssml = run.text(prompt["SSML"])
        run.hear(action, spoken(ssml), kind, ssml=ssml)
        return True
    if "PromptId" in prompt:
        prompt_id = run.text(prompt["PromptId"])
        run.hear(action, f"[recorded prompt {prompt_id}]", kind, prompt_id=prompt_id)
        return True
    media = prompt.get("Media")
    if isinstance(media, Mapping):
        uri = run.text(media.get("Uri", ""))
        run.hear(action, f"[media {uri}]", kind, media=uri)
        return True
    return False


def spoken(ssml: str) -> str:
    """SSML as it is heard: without tags, entities decoded, spaces collapsed."""
    return _SPACES.sub(" ", html.unescape(_SSML_TAG.sub(" ", ssml))).strip()
