"""The simulator on real console exports (../shared/flows-corpus, when present).

Every export runs from its StartAction to the end written down below (each read from the flow
itself); no block of any export is one the simulator cannot simulate; only the hand-written
NEGATIVE file (which uses pre-2019 block names as types) stops, naming the type to use instead,
and a guide flow whose view loops back to itself until someone acts stops at the step limit.
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
    # Its voice is a deploy-time placeholder, no Polly voice: Error goes on to recording, as
    # the success branch would have; the working queue is a placeholder too: Transfer to queue
    # has no queue and errs to the Disconnect.
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
    # The 14 flows added in 2026-12, each followed by hand from its StartAction with the
    # simulator's defaults (functions not bound fail, nobody presses a key or acts on a view, a
    # bot understands nothing, queues have room, placeholders name no resource).
    #
    # Logging, recording, voice Joanna, two event hooks; the Lambda (a Terraform placeholder
    # ARN) fails: its error sets AssignedFlow and a static working queue; Compare reads
    # $.External.AssignedFlow, empty after a failed call: no match, "Error code: 242", then the
    # Disconnect cf1fd721.
    "GoodMeasuresLLC__connect__environments__production__contact_flows___00_routing_flow.json": (
        Ended.DISCONNECTED,
        "disconnected at 'cf1fd721-6ac3-48a7-999c-84cc34065453'",
    ),
    # Logging, attribute Name; greetCaller is not bound: its error plays "error 2", then the
    # Disconnect 56e5d742.
    "Mbuado__amazon-connect-cicd__connect-flows__GreetCallerFlow.json": (
        Ended.DISCONNECTED,
        "disconnected at '56e5d742-a0d5-443e-baec-4bd000042f13'",
    ),
    # Logging; the Lex bot understands nothing (FallbackIntent, no condition): NoMatchingCondition
    # to Compare on $.Lex.Slots.action, which has no slot: no match, Set working queue (the
    # console names the queue BasicQueue), Transfer to queue.
    "amazon-connect__amazon-connect-chat-ui-examples__samTemplates__"
    "amazon-connect-interactive-messages-example-lex-v2__InteractiveMsg_ContactFlowLexV2_Export"
    ".json": (
        Ended.TRANSFERRED_TO_QUEUE,
        "in queue BasicQueue",
    ),
    # Logging, recording, a greeting, Set working queue (BasicQueue), Transfer to queue.
    "aws-samples__amazon-connect-cases-workshop__contactflow__CASES-CONTACT-FLOW": (
        Ended.TRANSFERRED_TO_QUEUE,
        "in queue BasicQueue",
    ),
    # A guide flow: logging, then the view "Display message content". Nobody acts on it: its
    # TimeLimitExceeded branch goes back to the logging block, which shows the view again. It
    # never ends until someone acts on the view (as in Connect, until the agent does): the
    # simulator stops at its step limit.
    "aws-samples__amazon-connect-chat-based-attachments-email-integration__Sample-Flows__"
    "View-Mail": (
        Ended.STOPPED,
        "step limit of 500 reached (an endless loop?)",
    ),
    # Logging, recording, a greeting; the menu gets no key: InputTimeLimitExceeded sets
    # CallReason NoSelection, Set working queue (BasicQueue), Transfer to queue.
    "aws-samples__amazon-connect-data-analytics-sample__contact-flows__SimpleInboundFlow": (
        Ended.TRANSFERRED_TO_QUEUE,
        "in queue BasicQueue",
    ),
    # A module simulated on its own: flow attributes, one contact attribute, the customer queue
    # hook, then its Return block 8c8ccbfe.
    "aws-samples__amazon-connect-gitlab-cicd-terraform__imports__resources__flows__"
    "acme_contact_flow_module_AUTO.json": (
        Ended.ENDED,
        "Return (end module) at '8c8ccbfe-c7a8-4a9a-9a38-b41fc120a5c9'",
    ),
    # Logging; the working queue comes from $.Attributes.voicemail-destination, which the
    # contact does not have: Error to Transfer to queue, which has no working queue: Error to
    # the Disconnect db9f0e99.
    "aws-samples__sample-amazon-connect-ivr-recording-voicemail__"
    "voicemail-notifications-routing.json": (
        Ended.DISCONNECTED,
        "disconnected at 'db9f0e99-0ecb-41da-9e33-0927df1dbe32'",
    ),
    # Attributes, the apology, IVR recording, the beep; the caller leaves no key press:
    # InputTimeLimitExceeded to the Disconnect 73432ebc.
    "aws-samples__sample-amazon-connect-ivr-recording-voicemail__voicemail.json": (
        Ended.DISCONNECTED,
        "disconnected at '73432ebc-a3db-4d0b-b9f7-80c572a70230'",
    ),
    # Logging, the welcome, attributes; the bot understands nothing: NoMatchingCondition sets
    # empId and isAuthenticated false, "Please wait"; employeeAuthentication is not bound: its
    # error plays "couldn't authenticate", then the Disconnect fe828984.
    "aws-samples__sample-awsaiops-helpdesk-bedrock-connect-lex__scripts__"
    "connect-flow-template.json": (
        Ended.DISCONNECTED,
        "disconnected at 'fe828984-edc7-4352-aa3b-abf12056211f'",
    ),
    # Logging; the customer-data function (a placeholder ARN) fails: Error to the form view;
    # nobody acts on it within 180 s: TimeLimitExceeded plays the fallback, then the
    # Disconnect a0c3aef3.
    "aws-samples__sample-whatsapp-end-user-messaging-connect-chat__agent-initiated-whatsapp__"
    "SendWhatsAppGuideFlowContent.json": (
        Ended.DISCONNECTED,
        "disconnected at 'a0c3aef3-d4c7-4de1-8aa3-73a378389f22'",
    ),
    # Logging, the intro, media streaming, attributes; the trigger function (an empty ARN)
    # fails: "Lambda function failed", then Loop 100 times through one minute of silence; done
    # looping: the Disconnect 99458f47.
    "deepgram__amazon-connect-integration__sample_contact_flow.json": (
        Ended.DISCONNECTED,
        "disconnected at '99458f47-6941-48ce-9b90-fdf184759b22'",
    ),
    # Logging, voice Matthew; the vanity function is not bound: "Sorry, something went wrong",
    # then the Disconnect c1a1dd30.
    "evwalt__amazon-connect-contact-center__infrastructure__contact-flow.json": (
        Ended.DISCONNECTED,
        "disconnected at 'c1a1dd30-cec8-4858-99f2-89f57c7f3607'",
    ),
    # Logging, recording, voice Zhiyu (neural: Polly's table gives it one); no Language
    # attribute: no match, voice Danielle; a pause, Loop twice through the (empty) warning and a
    # pause; the repeat menu gets no key: InputTimeLimitExceeded to the Disconnect 4304c9b9.
    "photosphere__amazon-connect-voice-otp__StartOutboundVoiceContact Flow.json": (
        Ended.DISCONNECTED,
        "disconnected at '4304c9b9-2515-4bcc-9ee9-f507691fcd07'",
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


def _keeps_waiting_for_someone(result: SimulationResult) -> bool:
    """A step-limit stop in a loop that waits for a person who, by default, never acts: a caller
    asked for input, an agent shown a view."""
    return result.message.startswith("step limit") and any(
        step.type in ("GetParticipantInput", "ShowView") and step.assumptions
        for step in result.steps[-50:]
    )


def _counts_an_attribute_set_before_it(result: SimulationResult) -> bool:
    """A Loop entered mid-flow whose LoopCount reads an attribute an earlier block sets: the
    contact has none, and a Loop has no Error branch (a documented stop, not a gap)."""
    return "LoopCount '' is not a whole number" in result.message and any(
        "does not exist; read as empty" in note for note in result.notes
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
            options=SimulationOptions(time_scale=0.01, max_steps=500)
        )
        if (
            result.ended is Ended.STOPPED
            and not _keeps_waiting_for_someone(result)
            and not _counts_an_attribute_set_before_it(result)
        ):
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
