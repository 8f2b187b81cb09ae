"""Local contact simulator: run a flow as Amazon Connect would, with real Python functions.

    from flows.simulator import ContactSetup, Script, simulate
    result = simulate(content, ContactSetup(phone="+14155550100"), script=Script(inputs=["1"]))
    result.ended, result.prompts, result.queue, result.invocations

``content`` is the plain flow-language object (``load_flow_document(path).content``), so any
export runs, including types the typed model does not know. ``python -m flows simulate`` and
``python -m flows coverage`` are the command-line faces (cli.py, coverage_cli.py).

Floors, each importing only from the ones below it: records and facts (contact, scripting,
observe, result, references, flow_index, functions, ...); the engine (engine.py: the run loop,
given a registry of handlers); the block handlers (blocks/); this facade and simulator.py, which
give the engine the handlers; the command lines. A contract of pyproject.toml keeps them
(`lint-imports`).
"""

from flows.simulator.contact import DEFAULT_PHONE, ContactSetup, Script
from flows.simulator.coverage import CoverageReport, measure_coverage
from flows.simulator.engine import DEFAULT_MAX_STEPS, SimulationOptions
from flows.simulator.flow_index import FlowShapeError, Transition
from flows.simulator.functions import BindingError, FunctionBindings
from flows.simulator.lambda_context import LambdaContext
from flows.simulator.observe import (
    BlockFinished,
    BlockStarted,
    ContactEnded,
    Observer,
    PromptKind,
    PromptPlayed,
    RunControl,
    RunEvent,
)
from flows.simulator.references import MISSING
from flows.simulator.result import Ended, Invocation, Outcome, SimulationResult, Step
from flows.simulator.scripting import (
    ANY,
    BlockOutcome,
    CustomerInput,
    HoursOutcome,
    InputKind,
    InputProvider,
    InputRequest,
    LambdaOutcome,
    LexOutcome,
    QueueOutcome,
    ScriptedInputs,
    ScriptedOutcomes,
)
from flows.simulator.simulator import Simulator, simulate
from flows.simulator.transcript import render_transcript

__all__ = [
    "ANY",
    "DEFAULT_MAX_STEPS",
    "DEFAULT_PHONE",
    "MISSING",
    "BindingError",
    "BlockFinished",
    "BlockOutcome",
    "BlockStarted",
    "ContactEnded",
    "ContactSetup",
    "CoverageReport",
    "CustomerInput",
    "Ended",
    "FlowShapeError",
    "FunctionBindings",
    "HoursOutcome",
    "InputKind",
    "InputProvider",
    "InputRequest",
    "Invocation",
    "LambdaContext",
    "LambdaOutcome",
    "LexOutcome",
    "Observer",
    "Outcome",
    "PromptKind",
    "PromptPlayed",
    "QueueOutcome",
    "RunControl",
    "RunEvent",
    "Script",
    "ScriptedInputs",
    "ScriptedOutcomes",
    "SimulationOptions",
    "SimulationResult",
    "Simulator",
    "Step",
    "Transition",
    "measure_coverage",
    "render_transcript",
    "simulate",
]
