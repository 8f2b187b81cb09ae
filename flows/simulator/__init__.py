"""Local contact simulator: run a flow as Amazon Connect would, with real Python functions.

    from flows.simulator import ContactSetup, Script, simulate
    result = simulate(content, ContactSetup(phone="+14155550100"), script=Script(inputs=["1"]))
    result.ended, result.prompts, result.queue, result.invocations

``content`` is the plain flow-language object (``load_flow_document(path).content``), so any
export runs, including types the typed model does not know. ``python -m flows simulate`` and
``python -m flows coverage`` are the command-line faces (cli.py, coverage_cli.py).
"""

from flows.simulator.contact import ContactSetup, Script
from flows.simulator.coverage import CoverageReport, measure_coverage
from flows.simulator.engine import SimulationOptions, Simulator, simulate
from flows.simulator.flow_index import FlowShapeError, Transition
from flows.simulator.functions import BindingError, FunctionBindings
from flows.simulator.lambda_context import LambdaContext
from flows.simulator.result import Ended, Invocation, Outcome, SimulationResult, Step
from flows.simulator.transcript import render_transcript

__all__ = [
    "BindingError",
    "ContactSetup",
    "CoverageReport",
    "Ended",
    "FlowShapeError",
    "FunctionBindings",
    "Invocation",
    "LambdaContext",
    "Outcome",
    "Script",
    "SimulationOptions",
    "SimulationResult",
    "Simulator",
    "Step",
    "Transition",
    "measure_coverage",
    "render_transcript",
    "simulate",
]
