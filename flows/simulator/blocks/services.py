"""Blocks that call other Amazon Connect services: Customer Profiles (the lookup; the others are in
:mod:`.profiles`), Cases, contact tags, Voice ID, Tasks and Amazon Q in Connect. The simulator
has none of these services: what they would answer is scripted (``--result BLOCK=...``,
``--fail BLOCK=...``) or taken from the documented default below, which is marked as an
assumption.

Sources:
- GetCustomerProfile:
  https://docs.aws.amazon.com/connect/latest/APIReference/interactions-getcustomerprofile.html
  (a search key in ProfileRequestData; "the response's attributes are available dynamically under
  the $.Customer path based on the attributes included in ProfileResponseData", the profile id
  as $.Customer.ProfileId; MultipleFoundError, NoneFoundError, NoMatchingError). Default:
  NoneFoundError (no profile is found).
- GetCase: https://docs.aws.amazon.com/connect/latest/APIReference/getcase.html (CaseRequestFields,
  CaseResponseFields; NoMatchingError, ContactNotLinked, MultipleFound, NoneFound); the fields
  are read as $.Case.<field> (real console exports). Default: NoneFound.
- CheckVoiceId:
  https://docs.aws.amazon.com/connect/latest/adminguide/flow-control-actions-checkvoiceid.html and
  https://docs.aws.amazon.com/connect/latest/adminguide/check-voice-id.html (CheckVoiceIdOption
  enrollmentStatus, voiceAuthentication or fraudDetection, and the results of each: the action
  table's VOICE_ID_RESULTS; chat, task and email take the Error branch). Default: a simulated
  call has no audio for Voice ID to analyse, so Inconclusive ("Unable to analyze a caller's
  speech"), or NotEnrolled for enrollment status.
- CreateTask: https://docs.aws.amazon.com/connect/latest/APIReference/createtask.html (Name,
  Description, Attributes, References, ContactFlowId, TaskTemplateId, DelaySeconds within the
  action table's MIN_TASK_DELAY_SECONDS and MAX_TASK_DELAY_SECONDS; NoMatchingError); the
  task's contact id is $.Task.ContactId
  (https://docs.aws.amazon.com/connect/latest/adminguide/connect-attrib-list.html). Default: a
  well-formed task is created (a generated contact id), as an assumption: Connect may still
  refuse it (``--fail BLOCK`` scripts that).
- CreateCase, UpdateCase: https://docs.aws.amazon.com/connect/latest/APIReference/createcase.html
  and updatecase.html (CaseTemplateId, CaseRequestFields, LinkContactToCase; CaseId;
  ContactNotLinked, NoMatchingError); a created case's id is read as $.Case.CaseId. Default: the
  case is created (a generated id) or updated.
- TagContact, UnTagContact:
  https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-tagcontact.html (Tags, a
  map) and contact-actions-untagcontact.html (TagKeys); the tags are read as $.Tags.<key>.
  Default: the tags are set.
- ResumeContact: https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontactresumecontact.html
  ("No parameters are expected"; NoMatchingError). Default: the contact resumes.
- CreateWisdomSession:
  https://docs.aws.amazon.com/connect/latest/APIReference/createwisdomsession.html
  (WisdomAssistantArn; NoMatchingError); the session is read as $.Wisdom.SessionArn (real
  console exports). The simulator assumes the assistant exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from flows.language import facts as language
from flows.language.facts import MAX_TASK_DELAY_SECONDS, MIN_TASK_DELAY_SECONDS
from flows.simulator.engine import ActionHandler, Decision, Run
from flows.simulator.flow_index import IndexedAction
from flows.simulator.references import fields_text
from flows.simulator.result import Setting
from flows.simulator.scripting import BlockOutcome

# The results of Check Voice ID by CheckVoiceIdOption (what --result may script for it).
VOICE_ID_RESULTS = language.VOICE_ID_RESULTS
# What Voice ID answers a simulated call for each option: it has no audio to analyse.
VOICE_ID_DEFAULTS = {
    "enrollmentStatus": "NotEnrolled",
    "voiceAuthentication": "Inconclusive",
    "fraudDetection": "Inconclusive",
}
FOUND = "Found"  # the result that scripts a profile or a case as found


def get_customer_profile(action: IndexedAction, run: Run) -> Decision:
    """Customer profiles (get): the profile scripted with ``--result BLOCK=Found,Field=value``
    fills ``$.Customer`` with the fields ProfileResponseData asks for; unscripted, no profile is
    found (NoneFoundError)."""
    request = action.parameters.get("ProfileRequestData")
    keys = {k: run.text(v) for k, v in request.items()} if isinstance(request, Mapping) else {}
    if not any(keys.values()):
        run.note("ProfileRequestData has no search key with a value")
        return run.error(action, "NoMatchingError")
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.error is not None:
        return run.error(action, scripted.error)
    if scripted is None:
        shown = ", ".join(f"{k}={v}" for k, v in keys.items())
        run.assume(f"no customer profile matches {shown}")
        return run.error(action, "NoneFoundError")
    wanted = action.parameters.get("ProfileResponseData")
    profile = _fields(scripted.data, wanted)
    profile.setdefault("ProfileId", scripted.data.get("ProfileId") or uuid.uuid4().hex)
    run.state.customer = profile
    run.block_result = profile
    run.record(Setting("customer profile", fields_text(profile)))
    return run.success(action)


def get_case(action: IndexedAction, run: Run) -> Decision:
    """Cases (get): the case scripted with ``--result BLOCK=Found,field=value`` fills
    ``$.Case`` with the CaseResponseFields; unscripted, no case is found (NoneFound)."""
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.error is not None:
        return run.error(action, scripted.error)
    if scripted is None:
        run.assume("no case matches the request")
        return run.error(action, "NoneFound")
    case = _fields(scripted.data, action.parameters.get("CaseResponseFields"))
    run.state.case = case
    run.block_result = case
    run.record(Setting("case", fields_text(case)))
    return run.success(action)


def _fields(data: Mapping[str, str], wanted: Any) -> dict[str, Any]:
    """The scripted fields a block asks for (all of them when it names none)."""
    if isinstance(wanted, Mapping):
        wanted = list(wanted)
    if not isinstance(wanted, list) or not wanted:
        return dict(data)
    return {key: value for key, value in data.items() if key in wanted}


def check_voice_id(action: IndexedAction, run: Run) -> Decision:
    """Check Voice ID: branches on the status Voice ID returns for the option checked."""
    if run.state.channel != "VOICE":
        run.note(f"Check Voice ID on a {run.state.channel} contact takes the Error branch")
        return run.error(action, "NoMatchingError")
    option = run.text(action.parameters.get("CheckVoiceIdOption", ""))
    if option not in VOICE_ID_RESULTS:
        run.note(f"CheckVoiceIdOption {option!r} is not one of {', '.join(VOICE_ID_RESULTS)}")
        return run.error(action, "NoMatchingError")
    scripted = run.outcomes.take(BlockOutcome, (action.identifier,))
    if scripted is not None and scripted.error is not None:
        return run.error(action, scripted.error)
    if scripted is not None and scripted.result is not None:
        status = scripted.result
    else:
        status = VOICE_ID_DEFAULTS[option]
        run.assume(f"Voice ID has no audio of a simulated call to analyse: {status}")
    run.record(Setting(f"Voice ID {option}", status))
    return run.equals(action, status, "NoMatchingError")


def create_task(action: IndexedAction, run: Run) -> Decision:
    """Create task: the task (its name, description, attributes, flow) is recorded in the result
    and its contact id is ``$.Task.ContactId``. A task with neither a name nor a template, or a
    delay outside the one the action table allows (1 to 518,400 seconds), takes
    NoMatchingError."""
    parameters = action.parameters
    task: dict[str, Any] = {"ContactId": str(uuid.uuid4())}
    for key in ("Name", "Description", "ContactFlowId", "TaskTemplateId", "ScheduledTime"):
        if key in parameters:
            task[key] = run.text(parameters[key])
    for key in ("Attributes", "References"):
        value = parameters.get(key)
        if isinstance(value, Mapping):
            task[key] = {run.text(k): run.texts(v) for k, v in value.items()}
    if not task.get("Name") and not task.get("TaskTemplateId"):
        run.note("the task has neither a Name nor a TaskTemplateId")
        return run.error(action, "NoMatchingError")
    if "DelaySeconds" in parameters:
        delay = run.text(parameters["DelaySeconds"]).strip()
        if not delay.isdigit() or not (
            MIN_TASK_DELAY_SECONDS <= int(delay) <= MAX_TASK_DELAY_SECONDS
        ):
            run.note(
                f"DelaySeconds {delay!r} is not a whole number from {MIN_TASK_DELAY_SECONDS} to "
                f"{MAX_TASK_DELAY_SECONDS}"
            )
            return run.error(action, "NoMatchingError")
        task["DelaySeconds"] = int(delay)
    run.assume(f"Connect creates the task (contact {task['ContactId']})")
    run.tasks.append(task)
    run.state.task = {"ContactId": task["ContactId"]}
    run.record(Setting("task created", str(task.get("Name") or task.get("TaskTemplateId"))))
    return run.success(action)


def create_wisdom_session(action: IndexedAction, run: Run) -> Decision:
    """Amazon Q in Connect: a session of the assistant, readable as ``$.Wisdom.SessionArn``."""
    assistant = run.text(action.parameters.get("WisdomAssistantArn", ""))
    if not assistant:
        run.note("no WisdomAssistantArn")
        return run.error(action, "NoMatchingError")
    run.assume(f"the Amazon Q in Connect assistant {assistant} exists")
    session = f"{assistant}/session/{uuid.uuid4()}"
    run.state.wisdom = {"SessionArn": session}
    run.record(Setting("Amazon Q in Connect session", session))
    return run.success(action)


def create_case(action: IndexedAction, run: Run) -> Decision:
    """Cases (create): a case of the template with the request's fields and a generated id,
    ``$.Case.CaseId``, recorded in the result's ``cases``."""
    fields = action.parameters.get("CaseRequestFields")
    case: dict[str, Any] = run.texts(fields) if isinstance(fields, Mapping) else {}
    case["CaseId"] = str(uuid.uuid4())
    template = run.text(action.parameters.get("CaseTemplateId", ""))
    if template:
        case["CaseTemplateId"] = template
    run.assume(f"Cases creates the case (id {case['CaseId']})")
    run.cases.append(case)
    run.state.case = {**run.state.case, **case}
    run.block_result = case
    run.record(Setting("case created", case["CaseId"]))
    return run.success(action)


def update_case(action: IndexedAction, run: Run) -> Decision:
    """Cases (update): the case named by CaseId (else the one found or created before) takes
    the request's fields; with no case to update, NoMatchingError."""
    case_id = run.text(action.parameters.get("CaseId", "")) or str(run.state.case.get("CaseId", ""))
    if not case_id:
        run.note("no CaseId and no case found or created before")
        return run.error(action, "NoMatchingError")
    fields = action.parameters.get("CaseRequestFields")
    values: dict[str, Any] = run.texts(fields) if isinstance(fields, Mapping) else {}
    run.assume(f"case {case_id} exists and is updated")
    run.state.case = {**run.state.case, **values, "CaseId": case_id}
    run.record(Setting("case updated", fields_text(values)))
    return run.success(action)


def tag_contact(action: IndexedAction, run: Run) -> Decision:
    """Contact tags: the tags are set on the contact (``$.Tags``, the result's contact data)."""
    tags = action.parameters.get("Tags")
    values = (
        {run.text(k): run.text(v) for k, v in tags.items()} if isinstance(tags, Mapping) else {}
    )
    run.assume("Connect accepts the tags")
    run.state.tags.update(values)
    run.record(Setting("tags", fields_text(values)))
    return run.success(action)


def untag_contact(action: IndexedAction, run: Run) -> Decision:
    """Contact tags (remove): the keys named in TagKeys are removed from the contact."""
    keys = action.parameters.get("TagKeys")
    removed = [run.text(key) for key in keys] if isinstance(keys, list) else []
    for key in removed:
        run.state.tags.pop(key, None)
    run.record(Setting("tags removed", ", ".join(removed) or "(none)"))
    return run.success(action)


def resume_contact(action: IndexedAction, run: Run) -> Decision:
    """Resume contact: a paused contact resumes (the simulated contact is not paused)."""
    run.assume("the contact resumes")
    run.record(Setting("contact", "resumed"))
    return run.success(action)


HANDLERS: dict[str, ActionHandler] = {
    "GetCustomerProfile": get_customer_profile,
    "GetCase": get_case,
    "CreateCase": create_case,
    "UpdateCase": update_case,
    "TagContact": tag_contact,
    "UnTagContact": untag_contact,
    "ResumeContact": resume_contact,
    "CheckVoiceId": check_voice_id,
    "CreateTask": create_task,
    "CreateWisdomSession": create_wisdom_session,
}
