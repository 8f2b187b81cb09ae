"""The simulator on real console exports (../shared/flows-corpus, when present).

Every export runs from its StartAction to the end written down below; no block of any export is
one the simulator cannot simulate; only the hand-written NEGATIVE file (which uses pre-2019 block
names as types) stops, naming the type to use instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flows.model.document import load_flow_document
from flows.simulator import (
    ContactSetup,
    Ended,
    LambdaOutcome,
    Script,
    SimulationOptions,
    SimulationResult,
    Simulator,
)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "flows-corpus"
NEGATIVE = (
    "636137__multi-tenancy-amazon-connect__censussurvey-ai-agent__contact-flows__"
    "census_ai_main.json"
)
OUTBOUND = (
    "aws-samples__sample-amazon-connect-outbound-call__amazon-connect-flows__OutboundCallFlow.json"
)
INIT_MODULE = "aws-samples__sample-amazon-connect-outbound-call__amazon-connect-flows__InitModule"
RULES_ERROR = "transferred to flow {{contactFlows.RulesEngineError.arn}} (no flow folder given)"

# How each real export ends when nothing is scripted (every outside answer its default).
ENDS: dict[str, tuple[Ended, str]] = {
    "aws-samples__amazon-connect-callback-contact-management__info__contactflow__Sample "
    "interruptible queue flow with callback-2": (
        Ended.ENDED,
        "End flow / Resume at 'f6ea029e-aaee-418f-b65d-faf2a5594000'",
    ),
    "aws-samples__amazon-connect-callbackmgmt__flows__cfSetCallBackflow": (
        Ended.TRANSFERRED_TO_QUEUE,
        "in queue BasicQueue",
    ),
    "aws-samples__amazon-connect-cicd-workshop__amzconnect-contact-flows__lib__callflows__"
    "ACME_Main.json": (
        Ended.DISCONNECTED,
        "disconnected at '4eced497-6e19-4457-a80f-04d2a90fa065'",
    ),
    "aws-samples__amazon-connect-rules-engine__connect__contactflows__RulesEngineDTMFMenu.json": (
        Ended.TRANSFERRED_TO_FLOW,
        RULES_ERROR,
    ),
    "aws-samples__amazon-connect-rules-engine__connect__contactflows__"
    "RulesEngineIntegration.json": (
        Ended.TRANSFERRED_TO_FLOW,
        RULES_ERROR,
    ),
    "aws-samples__amazon-connect-rules-engine__connect__contactflows__RulesEngineMain.json": (
        Ended.TRANSFERRED_TO_FLOW,
        RULES_ERROR,
    ),
    "aws-samples__amazon-connect-rules-engine__connect__contactflows__RulesEngineNLUMenu.json": (
        Ended.TRANSFERRED_TO_FLOW,
        RULES_ERROR,
    ),
    "aws-samples__amazon-connect-rules-engine__connect__contactflows__RulesEngineQueue.json": (
        Ended.TRANSFERRED_TO_FLOW,
        RULES_ERROR,
    ),
    "aws-samples__amazon-connect-step-by-step-guides-module-library__examples__AgentWorkspace__"
    "SBSGuides_Example_AgentWorkspace_Guide.json": (
        Ended.DISCONNECTED,
        "disconnected at '3330b4ab-4523-4659-b857-3d0f14fd16c2'",
    ),
    "aws-samples__amazon-connect-step-by-step-guides-module-library__modules__LambdaIntegration__"
    "viewContactFlow.json": (
        Ended.DISCONNECTED,
        "disconnected at '93a41068-a0aa-4cb2-9497-f46fbb83e382'",
    ),
    "aws-samples__amazon-connect-with-bankid-integration__code__deploy-contact-flow__"
    "contact-flow.json": (
        Ended.DISCONNECTED,
        "disconnected at '5c69b8bf-4682-4652-8574-4eec6107a865'",
    ),
    "aws-samples__aws-cdk-examples__typescript__connect-cdk__callFlows__MainFlow.json": (
        Ended.DISCONNECTED,
        "disconnected at '6a6556e1-b596-4f5b-b0c1-c5ac5ab965a3'",
    ),
    f"{INIT_MODULE}.json": (
        Ended.DISCONNECTED,
        "disconnected at '1fba9465-7ce3-42a5-8b0d-a08c72373e97'",
    ),
    OUTBOUND: (Ended.DISCONNECTED, "disconnected at 'a0f370f7-9f0b-4507-afdd-8a09630f3924'"),
    "aws-samples__sample-cdk-constructs-for-amazon-connect__test__contact-flows__"
    "inbound-contact-flow.json": (
        Ended.DISCONNECTED,
        "disconnected at '46df9ee3-6733-412a-ac46-314480fcce1c'",
    ),
    "customer-dynamics__c3-amazon-connect__lib__connect__flows__c3-receipt-flow.json": (
        Ended.DISCONNECTED,
        "disconnected at '13e17aab-f89b-4dc8-8040-4b8e2e4555df'",
    ),
    "customer-dynamics__c3-amazon-connect__lib__connect__flows__modules__"
    "c3-payment-ivr-flow-module.json": (
        Ended.ENDED,
        "Return (end module) at 'b2786200-e897-45bd-b888-0f53246f72ed'",
    ),
}

FILES = (
    sorted(
        p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in ("INDEX.tsv", "README.md")
    )
    if CORPUS.is_dir()
    else []
)
needs_corpus = pytest.mark.skipif(not FILES, reason=f"the flow corpus is absent ({CORPUS})")
FAST = SimulationOptions(time_scale=0.01)


def content(name: str) -> Any:
    return load_flow_document(CORPUS / name).content


@needs_corpus
def test_the_expected_ends_name_every_real_export_of_the_corpus() -> None:
    assert sorted(ENDS) == sorted(name for name in FILES if name != NEGATIVE)


@needs_corpus
@pytest.mark.parametrize("name", sorted(ENDS), ids=lambda n: n[:60])
def test_every_real_export_runs_to_its_expected_end(name: str) -> None:
    result = Simulator(content(name), name).run(options=FAST)

    assert (result.ended, result.message) == ENDS[name]


@needs_corpus
def test_the_negative_file_stops_at_its_legacy_block_naming_what_to_use() -> None:
    result = Simulator(content(NEGATIVE), NEGATIVE).run(options=FAST)

    assert (result.ended, result.message) == (
        Ended.STOPPED,
        "'start': 'Start' is not a type of the flow language (use the top-level StartAction "
        "(the entry point is not an action)); cannot simulate it",
    )


def _keeps_asking_a_silent_caller(result: SimulationResult) -> bool:
    """A step-limit stop in a loop that asks the caller for input they never give."""
    return result.message.startswith("step limit") and any(
        step.type == "GetParticipantInput" and step.assumptions for step in result.steps[-50:]
    )


@needs_corpus
@pytest.mark.parametrize("name", sorted(ENDS), ids=lambda n: n[:60])
def test_every_block_of_a_real_export_is_simulated_from_wherever_a_contact_starts(
    name: str,
) -> None:
    flow = content(name)
    stopped = []
    for action in flow["Actions"]:
        start = action["Identifier"]
        result = Simulator({**flow, "StartAction": start}, name).run(
            options=SimulationOptions(time_scale=0.01, max_steps=200)
        )
        if result.ended is Ended.STOPPED and not _keeps_asking_a_silent_caller(result):
            stopped.append(f"from {start}: {result.message}")
    assert stopped == []


@needs_corpus
def test_the_outbound_flow_runs_its_init_module_from_the_corpus_folder_and_returns() -> None:
    result = Simulator(content(OUTBOUND), OUTBOUND).run(
        ContactSetup(attributes={"INIT_MODULE_ID": INIT_MODULE}),
        script=Script(outcomes=[("Trigger Recording Lambda", LambdaOutcome(loaded_data="{}"))]),
        options=SimulationOptions(flow_dir=CORPUS, time_scale=0.01),
    )

    module_steps = [step.identifier for step in result.steps if step.flow == 1]
    assert module_steps == [
        "118ecc80-8ce7-417e-bd14-31f766d03f22",
        "Trigger Recording Lambda",
        "dbbd3fed-8c0b-4c88-856c-a9d429422b16",
        "7249bd98-2668-4475-958d-7b1708d5748e",
    ]
    assert result.transitions()[1][1:] == (
        "Initialize Call",
        "Success",
        "Update Call Status to Connected",
    )
