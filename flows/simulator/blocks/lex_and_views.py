"""Blocks where a bot or a person decides: Get customer input with Amazon Lex, and Show view.

Sources:
- ConnectParticipantWithLexBot:
  https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-connectparticipantwithlexbot.html
  (a prompt, LexV2Bot.AliasArn or LexBot, LexSessionAttributes; "If the Amazon Lex interaction
  succeeds, the result is the Intent of the bot"; Equals conditions only; NoMatchingCondition,
  NoMatchingError; the action syntax also shows InputTimeLimitExceeded). What the bot leaves for
  later blocks: $.Lex.IntentName, $.Lex.Slots.<slot>, $.Lex.SessionAttributes.<key> and
  $.Lex.DialogState ("Fulfilled" if an intent was returned to the flow),
  https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html.
  With no intent scripted (``--lex``, a test case's Lex mock) the simulator assumes the bot
  understood nothing: FallbackIntent, the intent Amazon Lex V2 returns when no other matches.
- ShowView: https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-showview.html
  (ViewResource, InvocationTimeLimitSeconds, ViewData; the result is the action chosen in the
  view, $.Views.Action, with its data in $.Views.ViewResultData; NoMatchingCondition,
  NoMatchingError, TimeLimitExceeded). With no choice scripted (``--view``) the simulator assumes
  nobody acts on the view before its time limit: TimeLimitExceeded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flows.simulator.blocks.speech import play
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.observe import PromptKind
from flows.simulator.result import Ended, Setting
from flows.simulator.scripting import BlockOutcome, InputKind, LexOutcome

FALLBACK_INTENT = "FallbackIntent"


def connect_participant_with_lex_bot(action: IndexedAction, run: Run) -> Decision:
    """Get customer input (Lex): plays the prompt, hears the customer, takes the bot's intent."""
    parameters = action.parameters
    play(run, action, parameters, PromptKind.LEX)
    bot = _bot(parameters, run)
    scripted = run.outcomes.take(
        LexOutcome, (action.identifier, bot) if bot else (action.identifier,)
    )
    given = run.ask_input(action, for_lex=True)
    if given.kind is InputKind.HANG_UP:
        return run.end(Ended.DISCONNECTED, f"the customer hung up at {action.identifier!r}")
    if given.value is not None:
        run.record(Setting("customer says", given.value))
    if scripted is not None and scripted.substitute is not None:
        run.note(f"scripted: bot {scripted.substitute} answers instead of {bot}")
    if scripted is not None and scripted.error is not None:
        run.state.lex = {}
        return run.error(action, scripted.error)
    session = _session_attributes(parameters.get("LexSessionAttributes"), run)
    if scripted is not None and scripted.intent is not None:
        intent = scripted.intent
        slots = dict(scripted.slots)
        session.update(scripted.session_attributes)
    elif given.kind is InputKind.TIMEOUT and not given.assumed:
        run.state.lex = {}
        return run.error(action, "InputTimeLimitExceeded")
    else:
        intent, slots = FALLBACK_INTENT, {}
        run.assume(f"the bot understood no intent ({FALLBACK_INTENT}; --lex scripts one)")
    run.state.lex = {
        "IntentName": intent,
        "Slots": slots,
        "SessionAttributes": session,
        "DialogState": "Fulfilled",
    }
    run.block_result = run.state.lex
    shown = ", ".join(f"{k}={v}" for k, v in slots.items())
    run.record(Setting("bot understood", f"{intent} ({shown})" if shown else intent))
    return run.equals(action, intent, "NoMatchingCondition")


def _bot(parameters: Mapping[str, Any], run: Run) -> str:
    v2 = parameters.get("LexV2Bot")
    if isinstance(v2, Mapping):
        return run.text(v2.get("AliasArn", ""))
    classic = parameters.get("LexBot")
    if isinstance(classic, Mapping):
        return run.text(classic.get("Name", ""))
    return ""


def _session_attributes(raw: Any, run: Run) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {run.text(key): run.text(value) for key, value in raw.items()}


def show_view(action: IndexedAction, run: Run) -> Decision:
    """Show view: the action chosen in the view (``--view BLOCK=ACTION[,key=value]``) picks the
    condition; its data is ``$.Views.ViewResultData``."""
    resource = action.parameters.get("ViewResource")
    view = run.text(resource.get("Id", "")) if isinstance(resource, Mapping) else ""
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.error is not None:
        return run.error(action, scripted.error)
    if scripted is None or scripted.result is None:
        limit = run.text(action.parameters.get("InvocationTimeLimitSeconds", "")) or "?"
        run.assume(f"nobody acts on view {view!r} within its time limit ({limit} s)")
        run.state.views = {}
        return run.error(action, "TimeLimitExceeded")
    chosen = scripted.result
    run.state.views = {"Action": chosen, "ViewResultData": dict(scripted.data)}
    run.record(Setting("view", f"{view}: {chosen}"))
    return run.equals(action, chosen, "NoMatchingCondition")


HANDLERS: dict[str, ActionHandler] = {
    "ConnectParticipantWithLexBot": connect_participant_with_lex_bot,
    "ShowView": show_view,
}
