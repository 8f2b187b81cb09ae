"""What each action type does to a simulated contact: one module per family of blocks, one
registry (:data:`HANDLERS`) that the simulator gives the engine.

Families: prompts and the caller's input (:mod:`.prompts`), the contact's data
(:mod:`.contact_data`), queues and transfers (:mod:`.queues`), Lambda (:mod:`.invoke_lambda`),
flow control (:mod:`.flow_control`), Lex and views (:mod:`.lex_and_views`), other Connect
services (:mod:`.services`), customer profiles (:mod:`.profiles`) and what reaches out of the
contact: messages, new contacts, campaign calls (:mod:`.outbound`). Each module cites the
reference pages its facts come from; where the documents leave a choice open, the handler's
docstring says what the simulator does.
"""

from __future__ import annotations

from flows.simulator.blocks import (
    contact_data,
    flow_control,
    invoke_lambda,
    lex_and_views,
    outbound,
    profiles,
    prompts,
    queues,
    services,
)
from flows.simulator.engine import ActionHandler

HANDLERS: dict[str, ActionHandler] = {
    **prompts.HANDLERS,
    **contact_data.HANDLERS,
    **queues.HANDLERS,
    **invoke_lambda.HANDLERS,
    **flow_control.HANDLERS,
    **lex_and_views.HANDLERS,
    **services.HANDLERS,
    **profiles.HANDLERS,
    **outbound.HANDLERS,
}
