"""The simulator as callers use it: a flow indexed once, run with the simulator's own blocks.

This module sits on top: it gives the engine (:mod:`flows.simulator.engine`) the registry of
block handlers (:mod:`flows.simulator.blocks`), so that neither imports the other's floor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flows.simulator.blocks import HANDLERS
from flows.simulator.contact import ContactSetup, Script
from flows.simulator.engine import Engine, HandlerRegistry, SimulationOptions
from flows.simulator.flow_index import IndexedFlow
from flows.simulator.functions import FunctionBindings, LambdaHandler
from flows.simulator.observe import Observer
from flows.simulator.result import SimulationResult
from flows.simulator.scripting import InputProvider


@dataclass
class Simulator:
    """A flow indexed once, ready to run many contacts (see :func:`simulate`).

    ``handlers`` replaces the block registry (default: every block type the simulator knows).
    ``wrapper_type``: the type a DescribeContactFlow wrapper around the content declares
    (:attr:`flows.model.document.FlowDocument.flow_type`); the flow runs as the type it
    declares, else as ``flow_type`` (``--flow-type``), else as the type its blocks allow
    (:attr:`IndexedFlow.flow_type`).
    """

    content: Mapping[str, Any]
    source: str = "<flow>"
    handlers: HandlerRegistry = field(default_factory=lambda: HANDLERS)
    wrapper_type: Any = None
    flow_type: str | None = None
    flow: IndexedFlow = field(init=False)

    def __post_init__(self) -> None:
        self.flow = IndexedFlow(self.content, self.source, self.wrapper_type, self.flow_type)
        self._engine = Engine(self.flow, self.handlers)

    def run(
        self,
        contact: ContactSetup | None = None,
        functions: FunctionBindings | Mapping[str, LambdaHandler | str] | None = None,
        script: Script | None = None,
        options: SimulationOptions | None = None,
        *,
        observer: Observer | None = None,
        inputs: InputProvider | None = None,
    ) -> SimulationResult:
        """One contact: see :mod:`flows.simulator.engine` for ``observer`` and ``inputs``."""
        return self._engine.run(
            contact or ContactSetup(),
            _bindings(functions),
            script or Script(),
            options or SimulationOptions(),
            observer=observer,
            inputs=inputs,
        )


def simulate(
    content: Mapping[str, Any],
    contact: ContactSetup | None = None,
    functions: FunctionBindings | Mapping[str, LambdaHandler | str] | None = None,
    script: Script | None = None,
    options: SimulationOptions | None = None,
    *,
    source: str = "<flow>",
    observer: Observer | None = None,
    inputs: InputProvider | None = None,
) -> SimulationResult:
    """Run one simulated contact through the flow ``content`` (a flow-language object).

    ``functions``: bindings of function names to callables; ``None`` means the default (what the
    project's ``[tool.flows.functions]`` binds, see :mod:`flows.config`). A plain mapping binds
    exactly those names (plus the default). Raises
    :class:`~flows.simulator.flow_index.FlowShapeError` when ``content`` is not a flow at all;
    everything else ends in the result.
    """
    return Simulator(content, source).run(
        contact, functions, script, options, observer=observer, inputs=inputs
    )


def _bindings(
    functions: FunctionBindings | Mapping[str, LambdaHandler | str] | None,
) -> FunctionBindings:
    if isinstance(functions, FunctionBindings):
        return functions
    return FunctionBindings.default(functions)
